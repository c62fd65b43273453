"""The management timetable of one day (`/manage/events/<id>/agenda?day=`): the public grid's
layout (planner.agenda.grid.lay_out, rows of five minutes, each session as tall as it lasts),
with every room of the event as a column, free or not, and at least the working hours as rows,
so that a session can be dragged (or moved by keyboard) onto any room and time.

Drafts without a room are not on the grid but in the list of drafts to place beside it, from
every day of the event: a session copied or added without a room is not yet placed, and putting
it in a room is what placing it means. A session that shares its room with another at the same
time is marked as a clash (a cancelled one shares nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, or_, select

from planner.agenda import queries
from planner.agenda.grid import Grid, lay_out
from planner.agenda.models import AgendaSession
from planner.events.models import Event, Room

# Rows shown on every day even where nothing is planned yet, so free hours can be dropped on.
WORKING_HOURS = (time(9), time(18))


@dataclass
class BoardSession:
    """A session as the grid places it (the grid reads `room` as the room's name)."""

    agenda_session: AgendaSession
    clash: bool = False

    @property
    def starts_at(self) -> datetime:
        return self.agenda_session.starts_at

    @property
    def ends_at(self) -> datetime:
        return self.agenda_session.ends_at

    @property
    def kind(self) -> str:
        return self.agenda_session.kind

    @property
    def room_id(self) -> int | None:
        return self.agenda_session.room_id

    @property
    def room(self) -> str | None:
        return self.agenda_session.room.name if self.agenda_session.room else None


@dataclass
class Timetable:
    day: date | None
    days: list[date]
    rooms: list[Room]
    grid: Grid[BoardSession]
    to_place: list[AgendaSession]  # drafts without a room, every day
    drafts: int
    total: int
    cancelled: int = 0

    @property
    def previous_day(self) -> date | None:
        earlier = [d for d in self.days if d < self.day]
        return earlier[-1] if earlier else None

    @property
    def next_day(self) -> date | None:
        later = [d for d in self.days if d > self.day]
        return later[0] if later else None


def is_to_place(agenda_session: AgendaSession) -> bool:
    return not agenda_session.published and agenda_session.room_id is None


def timetable(db_session: Session, event: Event, day: date | None) -> Timetable:
    """One day of the event as the management grid, with the drafts still to place."""
    sessions = queries.event_sessions(db_session, event.id)
    days = queries.event_days(event, sessions)
    if day is None and days:
        day = days[0]
    rooms = _rooms(db_session, event, sessions)
    todays = [
        s for s in sessions if day is not None and not is_to_place(s) and queries.local_day(s.starts_at, event) == day
    ]
    hours = None
    if day is not None:
        hours = tuple(datetime.combine(day, moment, event.zone) for moment in WORKING_HOURS)
    placed = [BoardSession(s, _clashes(s, todays)) for s in todays]
    grid = lay_out(placed, event.zone, [(r.id, r.name) for r in rooms], hours)
    return Timetable(
        day,
        days,
        rooms,
        grid,
        to_place=[s for s in sessions if is_to_place(s) and not s.cancelled],
        drafts=sum(not s.published for s in sessions),
        total=len(sessions),
        cancelled=sum(bool(s.cancelled) for s in sessions),
    )


def _clashes(agenda_session: AgendaSession, others: list[AgendaSession]) -> bool:
    """Another session that takes place shares the room at the same time."""
    if agenda_session.cancelled or agenda_session.room_id is None:
        return False
    return any(
        other is not agenda_session
        and not other.cancelled
        and other.room_id == agenda_session.room_id
        and other.starts_at < agenda_session.ends_at
        and agenda_session.starts_at < other.ends_at
        for other in others
    )


def _rooms(db_session: Session, event: Event, sessions: list[AgendaSession]) -> list[Room]:
    """The rooms of the event's venue and any other room its sessions use, in one query."""
    used = {s.room_id for s in sessions if s.room_id}
    if event.venue_id is None and not used:
        return []
    query = select(Room).where(or_(Room.venue_id == event.venue_id, Room.id.in_(used)))
    return list(db_session.exec(query.order_by(Room.name)))
