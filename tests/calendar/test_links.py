"""Subscribe and add-to-calendar links on the home, event and mandate pages."""

from __future__ import annotations

from datetime import date, datetime, timezone
from html import unescape
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from planner.calendar import links


def test_subscription_links_for_a_feed():
    s = links.subscription("https://planner.example.org/events/bapa-40/calendar.ics", "BAPA+40; 2019")
    assert s.webcal == "webcal://planner.example.org/events/bapa-40/calendar.ics"
    assert s.google == (
        "https://calendar.google.com/calendar/r?cid="
        "webcal%3A%2F%2Fplanner.example.org%2Fevents%2Fbapa-40%2Fcalendar.ics"
    )
    outlook = urlsplit(s.outlook)
    assert outlook.netloc + outlook.path == "outlook.live.com/calendar/0/addfromweb"
    assert parse_qs(outlook.query) == {"url": [s.https], "name": ["BAPA+40; 2019"]}


def _event(**fields):
    base = dict(
        title="Briefing",
        all_day=False,
        recurrence=None,
        starts_at=datetime(2019, 7, 15, 13, tzinfo=timezone.utc),
        ends_at=datetime(2019, 7, 15, 14, tzinfo=timezone.utc),
    )
    return SimpleNamespace(**{**base, **fields})


def test_google_add_event_dates_are_utc_or_exclusive_days():
    assert links.google_dates(_event()) == "20190715T130000Z/20190715T140000Z"
    expo = _event(all_day=True, first_day=date(2016, 10, 31), last_day=date(2016, 11, 3))
    assert links.google_dates(expo) == "20161031/20161104"
    query = parse_qs(
        urlsplit(links.google_event_link(_event(recurrence="yearly"), "x" * 5000, "New York, United States")).query
    )
    assert query["action"] == ["TEMPLATE"] and query["text"] == ["Briefing"]
    assert query["location"] == ["New York, United States"] and query["recur"] == ["RRULE:FREQ=YEARLY"]
    assert len(query["details"][0]) == links.DETAILS_LIMIT


def _hrefs(page: str) -> list[str]:
    return [unescape(part.split('"', 1)[0]) for part in page.split('href="')[1:]]


def test_event_page_offers_feed_download_and_google_event(client, feed_data):
    page = client.get("/events/ny-summer-2019").get_data(as_text=True)
    assert 'value="https://localhost/events/ny-summer-2019/calendar.ics" readonly' in page
    assert '<label for="subscribe-url">' in page
    hrefs = _hrefs(page)
    assert "webcal://localhost/events/ny-summer-2019/calendar.ics" in hrefs
    assert "https://localhost/events/ny-summer-2019/event.ics" in hrefs
    google = next(h for h in hrefs if "action=TEMPLATE" in h)
    assert parse_qs(urlsplit(google).query)["dates"] == ["20190715T130000Z/20190715T140000Z"]
    assert any(h.startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F") for h in hrefs)
    assert any(h.startswith("https://outlook.live.com/calendar/0/addfromweb?url=https%3A") for h in hrefs)


def test_undated_event_has_a_feed_but_nothing_to_download(client, feed_data):
    page = client.get("/events/hlc-20").get_data(as_text=True)
    assert "/events/hlc-20/calendar.ics" in page and "event.ics" not in page


def test_home_and_mandate_pages_offer_their_feeds(client, feed_data):
    home = client.get("/").get_data(as_text=True)
    assert "webcal://localhost/calendar.ics" in _hrefs(home)
    mandate = client.get("/mandates/A-RES-71-244").get_data(as_text=True)
    assert "webcal://localhost/mandates/A-RES-71-244/calendar.ics" in _hrefs(mandate)


def test_links_honour_preferred_url_scheme(app, client, feed_data):
    app.config["PREFERRED_URL_SCHEME"] = "http"
    page = client.get("/events/bapa-40").get_data(as_text=True)
    assert 'value="http://localhost/events/bapa-40/calendar.ics"' in page
    assert "URL:http://localhost/events/bapa-40" in client.get("/events/bapa-40/calendar.ics").get_data(as_text=True)
