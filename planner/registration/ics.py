"""The event as an .ics attachment, built with the calendar package's own VEVENT builder, so the
mailed file and the feeds agree byte for byte on the event (UID, times, VTIMEZONE)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session

from planner.calendar.builder import build_calendar, event_vevent
from planner.events.models import Event, Venue
from planner.events.translations import for_reader, localized
from planner.mandates.links import references_for_events


def event_ics(session: Session, event: Event, base_url: str, uid_host: str, code: str) -> bytes | None:
    """The event's calendar in the participant's language `code` (call under that locale), or
    None for an event without dates (nothing to put in a calendar)."""
    if not event.is_dated:
        return None
    reader, translations = for_reader(session, code, [event.id])
    refs = references_for_events(session, [event.id]).get(event.id, [])
    venue = session.get(Venue, event.venue_id) if event.venue_id else None
    vevent = event_vevent(event, refs, base_url, uid_host, venue, reader, translations)
    title = localized(event, "title", translations)
    return build_calendar(title, _("%(title)s: your registration", title=title), [vevent]).to_ical()
