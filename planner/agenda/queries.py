"""Reading an agenda: published sessions for pages, feeds and the API, and the days of a programme.

Every reader here loads sessions with their room, venue and people in the same query (joined
loads: selectinload would split past 500 ids into more IN batches), so a page costs the same few
queries for 10 sessions as for 1,000 (the query budget, held by tests/agenda/test_query_budget.py).

The agenda knows nothing of mandates: the public page gets each session's mandate references from
the mandates package (the `session_mandates` template global of planner.mandates.views).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlmodel import Session, select

from planner import formatting
from planner.agenda.models import AgendaSession, Person, RoleKind, SessionKind, SessionRole
from planner.db import get_session
from planner.events.models import Event, Room, Venue


def _with_details(db_session: Session, query) -> list[AgendaSession]:
    """Run `query` with each session's room, venue and people joined in: one query, whatever the count."""
    query = query.options(
        joinedload(AgendaSession.room),
        joinedload(AgendaSession.venue),
        joinedload(AgendaSession.roles).joinedload(SessionRole.person),
    )
    return list(db_session.exec(query).unique())


def published_sessions(db_session: Session, event_ids: list[int]) -> dict[int, list[AgendaSession]]:
    """Published sessions of many events, by event id, ordered by start (feeds, the API, personal agendas)."""
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


def published_session(db_session: Session, event_id: int, session_id: int) -> AgendaSession | None:
    """One published session of the event with its room, venue and people (its public page)."""
    found = _with_details(
        db_session,
        select(AgendaSession).where(
            AgendaSession.id == session_id, AgendaSession.event_id == event_id, AgendaSession.published.is_(True)
        ),
    )
    return found[0] if found else None


def event_sessions(db_session: Session, event_id: int) -> list[AgendaSession]:
    """Every session of one event, drafts included (the management side)."""
    return _with_details(
        db_session,
        select(AgendaSession)
        .where(AgendaSession.event_id == event_id)
        .order_by(AgendaSession.starts_at, AgendaSession.id),
    )


def event_of_session(session_id: int) -> int | None:
    """The event of a management route that names a session (planner.accounts.permissions)."""
    return get_session().exec(select(AgendaSession.event_id).where(AgendaSession.id == session_id)).first()


def local_day(moment: datetime, event: Event) -> date:
    return moment.astimezone(event.zone).date()


# --- the public programme ---------------------------------------------------------------------


@dataclass(slots=True)
class Named:
    """A room or a venue as the programme names it."""

    name: str


@dataclass(slots=True)
class ProgrammePerson:
    id: int  # the person's page is /people/<id>
    display_name: str
    function: str
    organisation: str


@dataclass(slots=True)
class ProgrammeRole:
    role_label: str
    person: ProgrammePerson


@dataclass(slots=True)
class Moment:
    """An instant as the programme prints it: `stamp` in UTC for `<time datetime>` (and the
    script that shows the reader's own zone), `clock` on the event's clock in the reader's language."""

    stamp: str
    clock: str


@dataclass(slots=True)
class ProgrammeSession:
    """One published session as the public page shows it: plain values under AgendaSession's own
    attribute names (the `people` macro and tests read either), labels and times already as the
    reader reads them."""

    id: int
    title: str
    kind: str
    kind_label: str
    starts_at: datetime
    ends_at: datetime
    start: Moment
    end: Moment
    description: str
    is_sample: bool
    room: Named | None
    venue: Named | None
    cancelled: bool = False  # shown struck through, and no longer offered for personal agendas
    roles: tuple[ProgrammeRole, ...] = ()
    published: bool = True  # only published sessions are read


@dataclass
class AgendaDay:
    day: date
    sessions: list[ProgrammeSession]


@dataclass
class PublicAgenda:
    """What the event page shows: published sessions grouped by local day."""

    days: list[AgendaDay]

    @property
    def sessions(self) -> list[ProgrammeSession]:
        """Every session shown, in order."""
        return [s for d in self.days for s in d.sessions]

    @property
    def is_sample(self) -> bool:
        """True when every session is sample data, so the page says so in a banner."""
        sessions = self.sessions
        return bool(sessions) and all(s.is_sample for s in sessions)


def public_agenda(db_session: Session, event: Event) -> PublicAgenda:
    """The published programme of `event`, grouped by local day, in one query.

    Read with a Core select into plain objects rather than as ORM rows: for 1,000 sessions the ORM
    spent more time building and tracking instances (with their rooms, venues and people) than
    the rest of the page took to render. Labels are looked up once per kind and role, times formatted
    once per instant (parallel sessions share theirs), and a room, a venue or a person in many
    sessions is one object.
    """
    kind_labels = {kind.value: str(kind.label) for kind in SessionKind}
    role_labels = {kind.value: str(kind.label) for kind in RoleKind}
    clock = formatting.clock(event.zone)
    moments: dict[datetime, Moment] = {}
    places: dict[int | None, tuple[Named | None, Named | None]] = {None: (None, None)}
    people: dict[int, ProgrammePerson] = {}
    sessions: list[ProgrammeSession] = []
    rows = db_session.connection().execute(_programme_query(event.id)).all()
    for row in rows:
        session_id, title, kind, starts, ends, description, sample, cancelled, room_id, room, venue, *taking_part = row
        if not sessions or sessions[-1].id != session_id:  # rows come session by session
            for instant in (starts, ends):
                if instant not in moments:
                    moments[instant] = Moment(formatting.utc_stamp(instant), clock(instant))
            if room_id not in places:
                places[room_id] = (Named(room), Named(venue))
            sessions.append(
                ProgrammeSession(
                    session_id,
                    title,
                    kind,
                    kind_labels[kind],
                    starts,
                    ends,
                    moments[starts],
                    moments[ends],
                    description,
                    sample,
                    *places[room_id],
                    cancelled,
                )
            )
        role, person_id, honorific, name, function, organisation = taking_part
        if role is not None:
            if person_id not in people:
                people[person_id] = ProgrammePerson(person_id, f"{honorific} {name}".strip(), function, organisation)
            sessions[-1].roles += (ProgrammeRole(role_labels[role], people[person_id]),)
    return PublicAgenda(group_by_day(sessions, event))


def _programme_query(event_id: int) -> sa.Select:
    """A published session per row, with its room's and venue's names, once per person in it."""
    agenda, room, venue = AgendaSession.__table__.c, Room.__table__.c, Venue.__table__.c
    role, person = SessionRole.__table__.c, Person.__table__.c
    return (
        sa.select(
            agenda.id,
            agenda.title,
            agenda.kind,
            agenda.starts_at,
            agenda.ends_at,
            agenda.description,
            agenda.is_sample,
            agenda.cancelled,
            agenda.room_id,
            room.name,
            venue.name,
            role.role,
            person.id,
            person.honorific,
            person.name,
            person.function,
            person.organisation,
        )
        .select_from(
            AgendaSession.__table__.outerjoin(Room.__table__, room.id == agenda.room_id)
            .outerjoin(Venue.__table__, venue.id == room.venue_id)
            .outerjoin(SessionRole.__table__, role.session_id == agenda.id)
            .outerjoin(Person.__table__, person.id == role.person_id)
        )
        .where(agenda.event_id == event_id, agenda.published.is_(True))
        .order_by(agenda.starts_at, agenda.id, role.id)
    )


def group_by_day(sessions: list[ProgrammeSession], event: Event) -> list[AgendaDay]:
    zone = event.zone
    days: dict[date, list[ProgrammeSession]] = defaultdict(list)
    for agenda_session in sessions:
        days[agenda_session.starts_at.astimezone(zone).date()].append(agenda_session)
    return [AgendaDay(day, items) for day, items in sorted(days.items())]


# --- the public timetable grid ------------------------------------------------------------------


@dataclass(slots=True)
class GridSession:
    """One published session as the public timetable grid shows it (planner.agenda.grid places it)."""

    id: int
    title: str
    kind: str
    kind_label: str
    starts_at: datetime
    ends_at: datetime
    start: Moment
    end: Moment
    cancelled: bool
    is_sample: bool
    room_id: int | None
    room: str | None


@dataclass
class PublicTimetable:
    """The local days of the published programme and the sessions of the one asked for (none when
    it is not among them)."""

    days: list[date]
    day: date | None
    sessions: list[GridSession]

    @property
    def is_sample(self) -> bool:
        return bool(self.sessions) and all(s.is_sample for s in self.sessions)


def public_timetable(db_session: Session, event: Event, day: date | None) -> PublicTimetable:
    """The published sessions of `event` on `day` (its first programme day when None), in one
    query of the few columns the grid shows (no people, no description): the days come from the
    same rows, and only the day's sessions get their labels and times formatted."""
    agenda, room = AgendaSession.__table__.c, Room.__table__.c
    query = (
        sa.select(
            agenda.id,
            agenda.title,
            agenda.kind,
            agenda.starts_at,
            agenda.ends_at,
            agenda.cancelled,
            agenda.is_sample,
            agenda.room_id,
            room.name,
        )
        .select_from(AgendaSession.__table__.outerjoin(Room.__table__, room.id == agenda.room_id))
        .where(agenda.event_id == event.id, agenda.published.is_(True))
        .order_by(agenda.starts_at, agenda.id)
    )
    rows = db_session.connection().execute(query).all()
    zone = event.zone
    local_days = [row.starts_at.astimezone(zone).date() for row in rows]
    days = sorted(set(local_days))
    day = day or (days[0] if days else None)
    kind_labels = {kind.value: str(kind.label) for kind in SessionKind}
    clock = formatting.clock(zone)
    sessions = [
        GridSession(
            id=row.id,
            title=row.title,
            kind=row.kind,
            kind_label=kind_labels[row.kind],
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            start=Moment(formatting.utc_stamp(row.starts_at), clock(row.starts_at)),
            end=Moment(formatting.utc_stamp(row.ends_at), clock(row.ends_at)),
            cancelled=row.cancelled,
            is_sample=row.is_sample,
            room_id=row.room_id,
            room=row.name,
        )
        for row, local_day in zip(rows, local_days, strict=True)
        if local_day == day
    ]
    return PublicTimetable(days, day, sessions)


# --- the management timetable (planner.agenda.board lays the day out) ------------------------


def event_days(event: Event, sessions: list[AgendaSession]) -> list[date]:
    """The event's own days plus any day a session falls on (a session outside them stays visible)."""
    days = {local_day(s.starts_at, event) for s in sessions}
    if event.is_dated:
        day = event.first_day
        while day <= event.last_day:
            days.add(day)
            day += timedelta(days=1)
    return sorted(days)


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
