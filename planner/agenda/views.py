"""The public agenda: a partial of the event page (`templates/agenda/_public_agenda.html`), and
the event's timetable grid (`/events/<slug>/timetable`).

The event page stays the events package's; it includes the partial, which asks for its data
through the `public_agenda(event)` template global registered here, and this package adds what
the partial shows to the page's fingerprint (planner.pagecache). The grid shows a part of the
same (published sessions, their rooms, the event), so it is kept by that same fingerprint. Only
published sessions are shown.
"""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from sqlmodel import select

from planner import pagecache
from planner.agenda import grid, queries
from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.db import get_session, utcnow
from planner.events.models import Event, Room, Venue
from planner.events.queries import EVENT_ID, EVENT_PAGE, event_page_statement, published_event_or_404
from planner.formatting import date_long

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


@bp.get("/events/<slug>/timetable")
def timetable(slug: str):
    """One day of the published programme as a grid: rooms across, time down, each session as tall
    as it lasts (planner.agenda.grid). `?day=YYYY-MM-DD`, the first day of the programme without it."""
    day = _day_asked()

    def stamp() -> tuple | None:
        return pagecache.fingerprint(EVENT_PAGE, event_page_statement, {"slug": slug, "now": utcnow()})

    def render() -> str:
        event = published_event_or_404(slug)
        table = queries.public_timetable(get_session(), event, day)
        if not table.days:
            abort(404, description=_("This event has no published programme yet."))
        if table.day not in table.days:
            abort(404, description=_("The published programme has no sessions on %(day)s.", day=date_long(day)))
        layout = grid.lay_out(table.sessions, event.zone)
        return render_template("agenda/timetable.html", event=event, table=table, grid=layout)

    return pagecache.cached_page(stamp, render)


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day_asked() -> date | None:
    """The day in `?day=`, None without one; a 400 saying how to write it when it is not a date."""
    text = request.args.get("day", "")
    if not text:
        return None
    if _ISO_DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:  # 2019-02-30
            pass
    abort(400, description=_("The day must be a date written YYYY-MM-DD, such as 2019-03-20."))
