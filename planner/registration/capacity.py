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

import sqlalchemy as sa
from sqlmodel import Session, select

from planner.registration.models import CategoryQuota, Registration, RegistrationSettings, Status


class LockError(RuntimeError):
    """The session already wrote in this transaction, so the lock would come too late."""


def lock_event(session: Session, event_id: int) -> RegistrationSettings | None:
    """Take the event's registration lock; returns its settings (None: no registration)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        if connection.connection.dbapi_connection.in_transaction:
            raise LockError("lock_event must come before any write of the transaction")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return session.exec(
            select(RegistrationSettings)
            .where(RegistrationSettings.event_id == event_id)
            .execution_options(populate_existing=True)
        ).first()
    return session.exec(
        select(RegistrationSettings)
        .where(RegistrationSettings.event_id == event_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def _confirmed(session: Session, event_id: int, category: str | None = None) -> int:
    query = (
        select(sa.func.count())
        .select_from(Registration)
        .where(Registration.event_id == event_id, Registration.status == Status.CONFIRMED)
    )
    if category is not None:
        query = query.where(Registration.category == category)
    return session.exec(query).one()


def _quota(session: Session, event_id: int, category: str) -> int | None:
    return session.exec(
        select(CategoryQuota.seats).where(CategoryQuota.event_id == event_id, CategoryQuota.category == category)
    ).first()


def has_seat(session: Session, settings: RegistrationSettings, category: str) -> bool:
    """A confirmed seat is free in the total and in the category's quota (call under the lock)."""
    if settings.capacity is not None and _confirmed(session, settings.event_id) >= settings.capacity:
        return False
    quota = _quota(session, settings.event_id, category)
    return quota is None or _confirmed(session, settings.event_id, category) < quota


def next_position(session: Session, event_id: int) -> int:
    """The next place in the event's first-come-first-served order (call under the lock)."""
    last = session.exec(select(sa.func.max(Registration.position)).where(Registration.event_id == event_id)).one()
    return (last or 0) + 1


def decide(session: Session, settings: RegistrationSettings, category: str) -> Status:
    """The status a new registration gets (call under the lock)."""
    if settings.requires_approval:
        return Status.PENDING
    return Status.CONFIRMED if has_seat(session, settings, category) else Status.WAITLISTED


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
    if freed_category and _quota(session, settings.event_id, freed_category) is not None:
        waiting.sort(key=lambda r: r.category != freed_category)  # stable: order kept within
    for registration in waiting:
        if settings.capacity is not None and _confirmed(session, settings.event_id) >= settings.capacity:
            break
        if has_seat(session, settings, registration.category):
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
    return max(settings.capacity - _confirmed(session, settings.event_id), 0)
