"""The event as an .ics attachment, built with the calendar package's own VEVENT builder, so the
mailed file and the feeds agree byte for byte on the event (UID, times, VTIMEZONE).

Every confirmation carries it, and when registration opens hundreds are composed in a minute
for the same event, so the bytes are kept (per process, at most CACHE_BYTES) under a key made of
everything they are built from: the event's, venue's and translation's column values, the
mandate references, the language and the site's address. A change to any of them is a new key;
the bytes for a key never change, so no entry needs invalidating.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, SQLModel

from planner.bytecache import ByteLRU
from planner.calendar.builder import build_calendar, event_vevent
from planner.events.models import Event, Venue
from planner.events.translations import Reader, for_reader, localized
from planner.mandates.links import references_for_events

CACHE_BYTES = 4 * 1024 * 1024
# One per process, not per app: the key holds every input, so two apps (as in the tests) that
# ask for the same key would get the same bytes anyway.
_built = ByteLRU(CACHE_BYTES, entry_overhead=1024)


def _values(row: SQLModel | None) -> tuple | None:
    return None if row is None else tuple(row.model_dump().items())


def event_ics(
    session: Session, event: Event, base_url: str, uid_host: str, code: str, reader: Reader | None = None
) -> bytes | None:
    """The event's calendar in the participant's language `code` (call under that locale), or
    None for an event without dates (nothing to put in a calendar). `reader`: `for_reader` of
    `code`, if the caller has it already."""
    if not event.is_dated:
        return None
    reader, translations = reader or for_reader(session, code, [event.id])
    refs = references_for_events(session, [event.id]).get(event.id, [])
    venue = session.get(Venue, event.venue_id) if event.venue_id else None
    key = (
        code,
        base_url,
        uid_host,
        _values(event),
        _values(venue),
        _values(translations.get(event.id)),
        tuple(refs),
    )

    def build() -> bytes:
        vevent = event_vevent(event, refs, base_url, uid_host, venue, reader, translations)
        title = localized(event, "title", translations)
        return build_calendar(title, _("%(title)s: your registration", title=title), [vevent]).to_ical()

    return _built.remember(key, build, len)
