"""Seats: who is confirmed, who waits, decided under a per-event database lock.

Why a lock and not a count in Python: two registrations read "9 of 10 taken" at the same moment
and both take the tenth seat (Indico's bug). Here every decision runs inside a transaction that
first takes a lock that serialises one event's registrations, then counts and writes:
- PostgreSQL: `SELECT ... FROM registration_settings WHERE event_id = :id FOR UPDATE`; in READ
  COMMITTED each later statement sees what the previous holder committed.
- SQLite: `BEGIN IMMEDIATE` takes the database's write lock before the first read (SQLite's
  default BEGIN is deferred, and the pysqlite driver would only begin at the first write).
The caller's session must hold no pending writes when `lock_event` is called; it commits (or
rolls back) the whole transaction, which releases the lock.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from planner.db import begin_immediate
from planner.registration.models import CategoryQuota, Registration, RegistrationSettings, Status


def lock_event(session: Session, event_id: int) -> RegistrationSettings | None:
    """Take the event's registration lock; returns its settings (None: no registration)."""
    statement = select(RegistrationSettings).where(RegistrationSettings.event_id == event_id)
    if begin_immediate(session.connection()):
        return session.exec(statement.execution_options(populate_existing=True)).first()
    return session.exec(statement.with_for_update().execution_options(populate_existing=True)).first()


@dataclass(frozen=True)
class LockedSettings:
    """The settings a new registration is decided by, read under the lock as plain values.

    `lock_for_registration` returns this instead of the ORM object: loading, identifying and
    refreshing an ORM instance, and building its query, were most of the Python work done while
    every other registration of the event waited. Same names as RegistrationSettings, so
    `editing.window`, `decide` and `Seats.free` take either."""

    event_id: int
    opens_at: datetime | None
    closes_at: datetime | None
    capacity: int | None
    requires_approval: bool
    categories: str

    offered = RegistrationSettings.offered  # the model's own rule, read from `categories`


def _settings_statements() -> tuple[sa.Select, sa.Select]:
    """Built once (constructing a statement costs more than running it), with the event as a bound
    parameter, so each run reuses the compiled SQL from SQLAlchemy's cache: (plain, FOR UPDATE)."""
    table = RegistrationSettings.__table__
    columns = [table.c[field.name] for field in fields(LockedSettings)]
    plain = sa.select(*columns).where(table.c.event_id == sa.bindparam("event_id"))
    return plain, plain.with_for_update()


_SETTINGS, _SETTINGS_FOR_UPDATE = _settings_statements()


def lock_for_registration(session: Session, event_id: int) -> LockedSettings | None:
    """`lock_event` for a new registration: the same lock, the settings as a plain row.

    For a caller that goes on with Core statements only (editing.register): the session's copy of
    the settings, if it holds one, is not refreshed."""
    connection = session.connection()
    statement = _SETTINGS if begin_immediate(connection) else _SETTINGS_FOR_UPDATE
    row = connection.execute(statement, {"event_id": event_id}).first()
    return None if row is None else LockedSettings(*row)


@dataclass(frozen=True)
class Seats:
    """What the lock holder reads before deciding: one statement (`seats`)."""

    last_position: int
    confirmed: int  # in total
    confirmed_in_category: int
    quota: int | None  # the category's seats (None: no quota)

    def free(self, settings: RegistrationSettings | LockedSettings) -> bool:
        """A confirmed seat is free in the total and in the category's quota."""
        if settings.capacity is not None and self.confirmed >= settings.capacity:
            return False
        return self.quota is None or self.confirmed_in_category < self.quota


def _seats_statement() -> sa.Select:
    """Built once: constructing the expression costs more than running it. Its columns are named
    as Seats' fields, so `decided_status` can read it as a CTE. Each figure is its own subquery,
    so each is answered from an index: the last position from uq_registration_event_position,
    the confirmed counts from ix_registration_event_status_category (the confirmed entries only);
    one pass over the event's rows would read its whole waiting list at every registration."""
    table = Registration.__table__
    of_event = table.c.event_id == sa.bindparam("event_id")
    confirmed = sa.and_(of_event, table.c.status == Status.CONFIRMED.value)

    def count(*where) -> sa.ScalarSelect:
        return sa.select(sa.func.count()).select_from(table).where(*where).scalar_subquery()

    quota = (
        sa.select(CategoryQuota.seats)
        .where(CategoryQuota.event_id == sa.bindparam("event_id"), CategoryQuota.category == sa.bindparam("category"))
        .scalar_subquery()
    )
    return sa.select(
        sa.func.coalesce(sa.select(sa.func.max(table.c.position)).where(of_event).scalar_subquery(), 0).label(
            "last_position"
        ),
        count(confirmed).label("confirmed"),
        count(confirmed, table.c.category == sa.bindparam("category")).label("confirmed_in_category"),
        quota.label("quota"),
    )


_SEATS = _seats_statement()


def _settings_and_seats_statement() -> sa.Select:
    """`_SETTINGS` then `_SEATS`'s columns, in one row (`lock_and_count`)."""
    table, current = RegistrationSettings.__table__, _SEATS.cte("seats")  # the CTE is one row
    return (
        sa.select(*[table.c[field.name] for field in fields(LockedSettings)])
        .add_columns(*[current.c[field.name] for field in fields(Seats)])
        .select_from(table.join(current, sa.true()))
        .where(table.c.event_id == sa.bindparam("event_id"))
    )


_SETTINGS_AND_SEATS = _settings_and_seats_statement()
_SETTINGS_WIDTH = len(fields(LockedSettings))


def seats(session: Session, event_id: int, category: str) -> Seats:
    """The event's order and confirmed counts, in total and for `category`, and the category's
    quota, in one statement (call under the lock): the lock is held for as few round trips as
    possible."""
    row = session.connection().execute(_SEATS, {"event_id": event_id, "category": category}).one()
    return Seats(*row)


def lock_and_count(session: Session, event_id: int, category: str) -> tuple[LockedSettings | None, Seats | None]:
    """`lock_for_registration` and, on SQLite, `seats` read by the same statement, right after
    `BEGIN IMMEDIATE`. The lock holder's thread lets go of the GIL at every statement and may
    then wait for it while the process's other threads compose their mails, all with the whole
    database locked; one statement fewer under the lock is one such wait fewer. On PostgreSQL the
    statement that writes the registration reads the counts itself (editing.register): no Seats."""
    connection = session.connection()
    if not begin_immediate(connection):
        row = connection.execute(_SETTINGS_FOR_UPDATE, {"event_id": event_id}).first()
        return (None if row is None else LockedSettings(*row)), None
    row = connection.execute(_SETTINGS_AND_SEATS, {"event_id": event_id, "category": category}).first()
    if row is None:
        return None, None
    return LockedSettings(*row[:_SETTINGS_WIDTH]), Seats(*row[_SETTINGS_WIDTH:])


def seats_cte(name: str = "seats") -> sa.CTE:
    """The statement of `seats` as a CTE, to decide a registration in the statement that writes it."""
    return _SEATS.cte(name)


def decided_status(current: sa.CTE) -> sa.ColumnElement[str]:
    """`decide` in SQL, over `seats_cte()`; the settings read under the lock come as the bound
    parameters `capacity` and `requires_approval`. The same rule as `decide` and `Seats.free`
    (change them together): tests/registration/test_capacity.py runs it on PostgreSQL, where
    editing.register uses it, and the Python one on SQLite."""
    capacity = sa.bindparam("capacity", type_=sa.Integer)
    free = sa.and_(
        sa.or_(capacity.is_(None), current.c.confirmed < capacity),
        sa.or_(current.c.quota.is_(None), current.c.confirmed_in_category < current.c.quota),
    )
    return sa.case(
        (sa.bindparam("requires_approval", type_=sa.Boolean), sa.literal(Status.PENDING.value)),
        (free, sa.literal(Status.CONFIRMED.value)),
        else_=sa.literal(Status.WAITLISTED.value),
    )


def has_seat(session: Session, settings: RegistrationSettings, category: str) -> bool:
    """A confirmed seat is free in the total and in the category's quota (call under the lock)."""
    return seats(session, settings.event_id, category).free(settings)


def decide(settings: RegistrationSettings | LockedSettings, current: Seats) -> Status:
    """The status a new registration gets (from `seats`, read under the lock)."""
    if settings.requires_approval:
        return Status.PENDING
    return Status.CONFIRMED if current.free(settings) else Status.WAITLISTED


def fill_seats(
    session: Session, settings: RegistrationSettings, freed_category: str | None = None
) -> list[Registration]:
    """Promote waiting registrations, earliest first, while their category and the total have room.

    A seat freed in a category with a quota goes first to that quota's earliest waiting person
    (the seat belongs to the quota); then anyone may move up in order of registration. Someone
    whose quota is full keeps waiting while a later person of a category with room is promoted:
    first come, first served within each quota. Call under the lock.
    """
    promoted = []
    waiting = list(
        session.exec(
            select(Registration)
            .where(Registration.event_id == settings.event_id, Registration.status == Status.WAITLISTED)
            .order_by(Registration.position)
        ).all()
    )
    if freed_category and seats(session, settings.event_id, freed_category).quota is not None:
        waiting.sort(key=lambda r: r.category != freed_category)  # stable: order kept within
    for registration in waiting:
        current = seats(session, settings.event_id, registration.category)
        if settings.capacity is not None and current.confirmed >= settings.capacity:
            break
        if current.free(settings):
            registration.status = Status.CONFIRMED
            session.add(registration)
            session.flush()
            promoted.append(registration)
    return promoted


def counts_by_status(session: Session, event_id: int) -> dict[str, int]:
    rows = session.exec(
        select(Registration.status, sa.func.count())
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    ).all()
    return {status: n for status, n in rows}


def seats_left(session: Session, settings: RegistrationSettings) -> int | None:
    """Free confirmed seats in total (None: no limit). For display; decisions use `has_seat`."""
    if settings.capacity is None:
        return None
    confirmed = session.exec(
        select(sa.func.count())
        .select_from(Registration)
        .where(Registration.event_id == settings.event_id, Registration.status == Status.CONFIRMED)
    ).one()
    return max(settings.capacity - confirmed, 0)
