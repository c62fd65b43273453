"""The public agenda: a partial of the event page (`templates/agenda/_public_agenda.html`).

The event page stays the events package's; it includes the partial, which asks for its data
through the `public_agenda(event)` template global registered here, and this package adds what
the partial shows to the page's fingerprint (planner.pagecache). Only published sessions are
shown.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint
from sqlmodel import select

from planner import pagecache
from planner.agenda import queries
from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.db import get_session
from planner.events.models import Event, Room, Venue
from planner.events.queries import EVENT_ID, EVENT_PAGE

bp = Blueprint("agenda", __name__)


@bp.app_template_global("public_agenda")
def public_agenda(event: Event) -> queries.PublicAgenda:
    return queries.public_agenda(get_session(), event)


def _programme_fingerprint() -> list:
    """The published sessions of the event page's event with their rooms, venues and people: every
    edit sets a newer `updated_at`, and adding or removing a row changes a count (a deleted room
    leaves its sessions without one; a deleted venue takes its rooms; a session's people change
    with its own update time, a deleted person takes their roles)."""
    published = (AgendaSession.event_id == EVENT_ID, AgendaSession.published.is_(True))
    places = (
        select(
            *pagecache.count_and_newest(AgendaSession.id, AgendaSession.updated_at),
            *pagecache.count_and_newest(Room.id, Room.updated_at),
            sa.func.max(Venue.updated_at),
        )
        .select_from(AgendaSession)
        .outerjoin(Room, Room.id == AgendaSession.room_id)
        .outerjoin(Venue, Venue.id == Room.venue_id)
        .where(*published)
    )
    people = (
        select(*pagecache.count_and_newest(Person.id, Person.updated_at))
        .select_from(AgendaSession)
        .join(SessionRole, SessionRole.session_id == AgendaSession.id)
        .join(Person, Person.id == SessionRole.person_id)
        .where(*published)
    )
    return [places, people]


bp.record_once(lambda state: pagecache.add_fingerprint(state.app, EVENT_PAGE, _programme_fingerprint))
