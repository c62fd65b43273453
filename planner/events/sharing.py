"""What an event's page tells the sites it is shared on: Open Graph and Twitter card tags.

Chat apps and social sites show a card for a shared link from these tags alone, and fetch the image
themselves, so every URL is absolute and built on PUBLIC_HOST (planner.urls), never on the
request. The image is the event's logo when it has one, the site's emblem otherwise; the text is
the reader's language where the event is translated, like the page.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from planner.events import logos
from planner.events.formatting import event_place, event_when
from planner.events.models import Event
from planner.events.translations import localized
from planner.urls import absolute_url, site_emblem, site_name

DESCRIPTION_MAX = 200  # characters: what share cards show before cutting


def logo_url(event: Event, public: bool = True, external: bool = False) -> str | None:
    """The URL of the event's logo (None without one), versioned so a new logo is a new URL: the
    public one (published events), or the management one (any event, for signed-in readers)."""
    if not event.logo_file:
        return None
    if not public:
        return url_for("events_manage.event_logo", event_id=event.id, v=logos.version(event))
    build = absolute_url if external else url_for
    return build("events.logo", slug=event.slug, v=logos.version(event))


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_MAX:
        return text
    return text[: DESCRIPTION_MAX - 1].rsplit(" ", 1)[0] + "…"


def share_metadata(event: Event) -> dict[str, str]:
    """{property: content} of the page's <meta> tags."""
    description = localized(event, "description") or localized(event, "theme")
    if not description:
        place = event_place(event)
        description = _("%(when)s, %(place)s", when=event_when(event), place=place) if place else event_when(event)
    return {
        "og:type": "website",
        "og:site_name": site_name(),
        "og:title": localized(event, "title"),
        "og:description": _shortened(description),
        "og:url": absolute_url("events.show", slug=event.slug),
        "og:image": logo_url(event, external=True) or site_emblem(external=True),
        "og:image:alt": _("Logo of %(title)s", title=localized(event, "title")) if event.logo_file else site_name(),
        "twitter:card": "summary",
    }
