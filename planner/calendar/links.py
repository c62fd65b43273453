"""Subscribe and add-to-calendar links for pages: plain functions from URLs to URLs.

Clients subscribe from a `webcal://` address (Apple Calendar, Outlook desktop, Thunderbird), from
Google's and Outlook.com's own "add by URL" pages, or by pasting the https address. A single
event can also be downloaded once or added to Google Calendar with its `action=TEMPLATE` link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, urlencode

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r?cid="
OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb?"
GOOGLE_EVENT = "https://calendar.google.com/calendar/render?"
# Google reads the whole URL; a very long description is cut rather than risk a refused link.
DETAILS_LIMIT = 1000


@dataclass(frozen=True)
class Subscription:
    name: str
    https: str
    webcal: str
    google: str
    outlook: str
    download: str | None = None  # single events: the .ics to import once
    google_event: str | None = None  # single events: Google's add-event link


def webcal_url(https_url: str) -> str:
    """The same address with the webcal scheme, which calendar apps open as a subscription."""
    return "webcal://" + https_url.split("://", 1)[1]


def subscription(
    feed_url: str, name: str, download: str | None = None, google_event: str | None = None
) -> Subscription:
    webcal = webcal_url(feed_url)
    return Subscription(
        name=name,
        https=feed_url,
        webcal=webcal,
        google=GOOGLE_SUBSCRIBE + quote(webcal, safe=""),
        outlook=OUTLOOK_SUBSCRIBE + urlencode({"url": feed_url, "name": name}, quote_via=quote),
        download=download,
        google_event=google_event,
    )


def google_dates(event) -> str:
    """ "20190715T130000Z/20190715T140000Z" for a timed event, "20161031/20161104" all day."""
    if event.all_day:
        return f"{event.first_day:%Y%m%d}/{event.last_day + timedelta(days=1):%Y%m%d}"
    return f"{event.starts_at:%Y%m%dT%H%M%SZ}/{event.ends_at:%Y%m%dT%H%M%SZ}"


def google_event_link(event, details: str, location: str, title: str | None = None) -> str:
    """Google Calendar's add-event page, filled in for one dated event (UTC or all-day dates);
    `title` replaces the event's original title (a translation)."""
    params = {
        "action": "TEMPLATE",
        "text": title or event.title,
        "dates": google_dates(event),
        "details": details[:DETAILS_LIMIT],
        "location": location,
    }
    if event.recurrence == "yearly":
        params["recur"] = "RRULE:FREQ=YEARLY"
    return GOOGLE_EVENT + urlencode(params, quote_via=quote)
