"""A participant's personal agenda (the published sessions they pick) and its calendar feed.

The feed holds the event and the picked sessions, built with planner.calendar.builder so that
UIDs, times and VTIMEZONEs are the same as in the public feeds (a client that subscribed to
both shows one item, not two). Its ETag comes from the rows' stamps, without building the feed.
It is written in the participant's language (the one they registered in), like their e-mails.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import vInt, vText
from sqlmodel import Session, delete, select

from planner.agenda.models import AgendaSession, SessionKind
from planner.agenda.queries import published_sessions
from planner.calendar.builder import build_calendar, event_vevent, session_vevent
from planner.db import transaction, utcnow
from planner.events.models import Event, Venue
from planner.events.translations import for_reader, localized
from planner.mandates.links import references_for_events
from planner.registration.editing import LIVE
from planner.registration.models import AgendaPick, Registration


def offered_sessions(session: Session, event: Event) -> list[AgendaSession]:
    """The sessions a participant may pick for their agenda: the published ones but the breaks,
    which everyone attends and nobody needs in a personal calendar."""
    return [s for s in published_sessions(session, [event.id]).get(event.id, []) if s.kind != SessionKind.BREAK]


def picked_ids(session: Session, registration: Registration) -> set[int]:
    return set(session.exec(select(AgendaPick.session_id).where(AgendaPick.registration_id == registration.id)).all())


def set_picks(session: Session, event: Event, registration: Registration, chosen: set[int]) -> None:
    """Replace the picks with `chosen`, keeping only published sessions of this event.

    A cancelled session cannot be newly picked, and a pick made before it was cancelled stays
    whatever the form sends (a page shows it struck through, with no box to tick): the personal
    feed then keeps telling the participant's calendar that it is cancelled, where dropping it
    from the feed would leave many clients showing their stale copy as if it still took place."""
    offered = offered_sessions(session, event)
    taking_place = {s.id for s in offered if not s.cancelled}
    cancelled = {s.id for s in offered if s.cancelled}
    keep = (chosen & taking_place) | (picked_ids(session, registration) & cancelled)
    with transaction(session):
        session.exec(delete(AgendaPick).where(AgendaPick.registration_id == registration.id))
        for session_id in sorted(keep):
            session.add(AgendaPick(registration_id=registration.id, session_id=session_id))
        registration.updated_at = utcnow()  # the feed's ETag changes with the picks
        session.add(registration)


def feed_stamp(session: Session, event: Event, registration: Registration) -> tuple:
    """What the personal feed's bytes depend on, from rows already at hand and one query."""
    picked = [(s.id, s.updated_at, s.sequence) for s in _picked_sessions(session, event, registration)]
    return (
        event.id,
        event.updated_at,
        event.sequence,
        registration.id,
        registration.status,
        registration.updated_at,
        registration.language,
        picked,
    )


def _picked_sessions(session: Session, event: Event, registration: Registration) -> list[AgendaSession]:
    chosen = picked_ids(session, registration)
    return [s for s in offered_sessions(session, event) if s.id in chosen]


def personal_feed(session: Session, event: Event, registration: Registration, base_url: str, uid_host: str) -> bytes:
    """The event and the picked sessions, in the participant's language (English: as entered)."""
    code = registration.language
    reader, translations = for_reader(session, code, [event.id])
    refs = references_for_events(session, [event.id]).get(event.id, [])
    with force_locale(code):
        components = []
        if event.is_dated:
            venue = session.get(Venue, event.venue_id) if event.venue_id else None
            components.append(event_vevent(event, refs, base_url, uid_host, venue, reader, translations))
            components += [
                session_vevent(s, event, refs, base_url, uid_host, reader, translations)
                for s in _picked_sessions(session, event, registration)
            ]
        if registration.status not in LIVE:
            _withdraw(components)
        name = _("My agenda: %(title)s", title=localized(event, "title", translations))
        return build_calendar(name, _("The sessions you picked; private to you."), components).to_ical()


def _withdraw(components: list) -> None:
    """A registration that was cancelled or not accepted: the participant will not attend, so
    their copy of the event and sessions is cancelled (RFC 5545 STATUS, with SEQUENCE raised so
    clients take it as a change), whatever the public feeds say of the event itself."""
    for component in components:
        component["STATUS"] = vText("CANCELLED")
        component["SEQUENCE"] = vInt(int(component["SEQUENCE"]) + 1)
