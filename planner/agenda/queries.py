"""Reading an agenda: published sessions for pages, feeds and the API, and the timetable of a day.

Every reader here loads sessions with their room, venue and people in the same query (joined
loads: selectinload would split past 500 ids into more IN batches), so a page costs the same few
queries for 10 sessions as for 1,000 (the query budget, held by tests/agenda/test_query_budget.py).

The agenda knows nothing of mandates: the public page gets each session's mandate references from
the mandates package (the `session_mandates` template global of planner.mandates.views).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlmodel import Session, or_, select

from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.events.models import Event, Room


def _with_details(db_session: Session, query) -> list[AgendaSession]:
    """Run `query` with each session's room, venue and people joined in: one query, whatever the count."""
    query = query.options(
        joinedload(AgendaSession.room),
        joinedload(AgendaSession.venue),
        joinedload(AgendaSession.roles).joinedload(SessionRole.person),
    )
    return list(db_session.exec(query).unique())


def published_sessions(db_session: Session, event_ids: list[int]) -> dict[int, list[AgendaSession]]:
    """Published sessions of many events, by event id, ordered by start (for pages and feeds)."""
    if not event_ids:
        return {}
    sessions = _with_details(
        db_session,
        select(AgendaSession)
        .where(AgendaSession.event_id.in_(event_ids), AgendaSession.published.is_(True))
        .order_by(AgendaSession.starts_at, AgendaSession.id),
    )
    grouped: dict[int, list[AgendaSession]] = defaultdict(list)
    for agenda_session in sessions:
        grouped[agenda_session.event_id].append(agenda_session)
    return dict(grouped)


def event_sessions(db_session: Session, event_id: int) -> list[AgendaSession]:
    """Every session of one event, drafts included (the management side)."""
    return _with_details(
        db_session,
        select(AgendaSession)
        .where(AgendaSession.event_id == event_id)
        .order_by(AgendaSession.starts_at, AgendaSession.id),
    )


def local_day(moment: datetime, event: Event) -> date:
    return moment.astimezone(event.zone).date()


@dataclass
class AgendaDay:
    day: date
    sessions: list[AgendaSession]


@dataclass
class PublicAgenda:
    """What the event page shows: published sessions grouped by local day."""

    days: list[AgendaDay]

    @property
    def sessions(self) -> list[AgendaSession]:
        """Every session shown, in order."""
        return [s for d in self.days for s in d.sessions]

    @property
    def is_sample(self) -> bool:
        """True when every session is sample data, so the page says so in a banner."""
        sessions = self.sessions
        return bool(sessions) and all(s.is_sample for s in sessions)


def public_agenda(db_session: Session, event: Event) -> PublicAgenda:
    sessions = published_sessions(db_session, [event.id]).get(event.id, [])
    return PublicAgenda(group_by_day(sessions, event))


def group_by_day(sessions: list[AgendaSession], event: Event) -> list[AgendaDay]:
    days: dict[date, list[AgendaSession]] = defaultdict(list)
    for agenda_session in sessions:
        days[local_day(agenda_session.starts_at, event)].append(agenda_session)
    return [AgendaDay(day, items) for day, items in sorted(days.items())]


# --- the management timetable -------------------------------------------------------------


@dataclass
class Cell:
    """One table cell: the sessions in it (several when they overlap) and the rows it spans."""

    sessions: list[AgendaSession] = field(default_factory=list)
    rowspan: int = 1


@dataclass
class Row:
    starts: datetime  # local
    ends: datetime  # local
    cells: list[Cell | None]  # None: covered by a cell of an earlier row


@dataclass
class Timetable:
    day: date
    days: list[date]
    rooms: list[Room | None]  # None: the column of sessions without a room
    rows: list[Row]
    drafts: int
    total: int

    @property
    def previous_day(self) -> date | None:
        earlier = [d for d in self.days if d < self.day]
        return earlier[-1] if earlier else None

    @property
    def next_day(self) -> date | None:
        later = [d for d in self.days if d > self.day]
        return later[0] if later else None


def event_days(event: Event, sessions: list[AgendaSession]) -> list[date]:
    """The event's own days plus any day a session falls on (a session outside them stays visible)."""
    days = {local_day(s.starts_at, event) for s in sessions}
    if event.is_dated:
        day = event.first_day
        while day <= event.last_day:
            days.add(day)
            day += timedelta(days=1)
    return sorted(days)


def timetable(db_session: Session, event: Event, day: date | None) -> Timetable:
    """One day of an event: rooms as columns, the day cut at every start and end as rows."""
    sessions = event_sessions(db_session, event.id)
    days = event_days(event, sessions)
    if day is None and days:
        day = days[0]
    rooms = _rooms(db_session, event, sessions)
    todays = [s for s in sessions if day is not None and local_day(s.starts_at, event) == day]
    columns: list[Room | None] = list(rooms)
    if any(s.room_id is None for s in todays) or not columns:
        columns.append(None)
    return Timetable(
        day,
        days,
        columns,
        _rows(todays, columns, event),
        drafts=sum(not s.published for s in sessions),
        total=len(sessions),
    )


def _rooms(db_session: Session, event: Event, sessions: list[AgendaSession]) -> list[Room]:
    """The rooms of the event's venue and any other room its sessions use, in one query."""
    used = {s.room_id for s in sessions if s.room_id}
    if event.venue_id is None and not used:
        return []
    query = select(Room).where(or_(Room.venue_id == event.venue_id, Room.id.in_(used)))
    return list(db_session.exec(query.order_by(Room.name)))


def _rows(sessions: list[AgendaSession], columns: list[Room | None], event: Event) -> list[Row]:
    zone = event.zone
    clusters: list[tuple[int, datetime, datetime, list[AgendaSession]]] = []
    for index, room in enumerate(columns):
        in_room = [s for s in sessions if s.room_id == (room.id if room else None)]
        clusters += [(index, *cluster) for cluster in overlapping_clusters(in_room)]
    cuts = sorted({c[1] for c in clusters} | {c[2] for c in clusters})
    rows = [
        Row(a.astimezone(zone), b.astimezone(zone), [Cell() for _ in columns])
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]
    for index, starts, ends, items in clusters:
        first = cuts.index(starts)
        span = cuts.index(ends) - first
        rows[first].cells[index] = Cell(items, span)
        for row in rows[first + 1 : first + span]:
            row.cells[index] = None
    return rows


def overlapping_clusters(sessions: list[AgendaSession]) -> list[tuple[datetime, datetime, list]]:
    """Sessions of one room merged where they overlap (a double booking shares one cell)."""
    clusters: list[tuple[datetime, datetime, list]] = []
    for agenda_session in sorted(sessions, key=lambda s: (s.starts_at, s.ends_at)):
        if clusters and agenda_session.starts_at < clusters[-1][1]:
            starts, ends, items = clusters[-1]
            clusters[-1] = (starts, max(ends, agenda_session.ends_at), items + [agenda_session])
        else:
            clusters.append((agenda_session.starts_at, agenda_session.ends_at, [agenda_session]))
    return clusters


def event_rooms(db_session: Session, event: Event) -> list[Room]:
    """Rooms a session of this event may use: those of its venue, else every room."""
    query = select(Room).order_by(Room.name)
    if event.venue_id is not None:
        query = query.where(Room.venue_id == event.venue_id)
    return list(db_session.exec(query))


def people_with_counts(db_session: Session) -> list[tuple[Person, int]]:
    """Every person with the number of sessions they take part in, by name, in one query."""
    count = sa.func.count(sa.distinct(SessionRole.session_id))
    return list(
        db_session.exec(
            select(Person, count).outerjoin(SessionRole).group_by(Person.id).order_by(Person.name, Person.id)
        )
    )
