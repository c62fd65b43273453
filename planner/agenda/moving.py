"""Moving a session on the management timetable: by drag and drop, by keyboard, or undone.

A move changes a session's start, end and room and nothing else, through the service the edit
form uses (planner.agenda.editing.save_session): the same rules, the same conflict checks with
"save anyway" and its reason, the same audit entry, the same notice to the participants of a
published session. `check` runs those conflict checks without saving, so the page can show the
clashes a move would create before the session is dropped.

Two managers may have the same day open. A move carries the version of the session its page
showed (AgendaSession.version); a session changed since is not moved (StaleMove), and the page is
given its current state instead of overwriting someone else's change unseen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.agenda import editing, queries
from planner.agenda.conflicts import Conflict
from planner.agenda.models import AgendaSession
from planner.db import begin_immediate, raise_first, transaction
from planner.events.models import Event
from planner.formatting import date_long, time_range
from planner.validation import ModelValidationError


class StaleMove(Exception):
    """The session changed after the page that asked for the move was shown."""

    def __init__(self, agenda_session: AgendaSession):
        super().__init__(f"session {agenda_session.id} changed since the page was shown")
        self.current = agenda_session


@dataclass(frozen=True)
class Position:
    """Where and when a session takes place: local wall-clock times of its event (naive), a room."""

    local_start: datetime
    local_end: datetime
    room_id: int | None

    @classmethod
    def of(cls, agenda_session: AgendaSession, event: Event) -> Position:
        return cls(
            agenda_session.starts_at.astimezone(event.zone).replace(tzinfo=None),
            agenda_session.ends_at.astimezone(event.zone).replace(tzinfo=None),
            agenda_session.room_id,
        )


def _values(db_session: Session, event: Event, agenda_session: AgendaSession, to: Position) -> editing.SessionValues:
    """The session's own values with the new position, checked as the edit form checks them."""
    if to.room_id is not None and to.room_id not in {room.id for room in queries.event_rooms(db_session, event)}:
        raise ModelValidationError("room_id", _("Choose one of the event's rooms."))
    values = editing.SessionValues(
        title=agenda_session.title,
        kind=agenda_session.kind,
        local_start=to.local_start,
        local_end=to.local_end,
        room_id=to.room_id,
        description=agenda_session.description,
        people=[(role.role, role.person.name) for role in agenda_session.roles],
    )
    raise_first(editing.session_problems(values, event))
    return values


def check(db_session: Session, event: Event, agenda_session: AgendaSession, to: Position) -> list[Conflict]:
    """The conflicts the session would have at `to` (nothing is saved); ModelValidationError when
    the position itself is not possible (an end before the start, a time the clocks skip)."""
    values = _values(db_session, event, agenda_session, to)
    return editing.check_conflicts(db_session, event, values, agenda_session.id, cancelled=agenda_session.cancelled)


def move(
    db_session: Session,
    actor: str,
    event: Event,
    agenda_session: AgendaSession,
    version: str,
    to: Position,
    override_reason: str | None = None,
) -> Position:
    """Move the session to `to` if it is still as the page showed it (`version`); returns where it
    was. Raises StaleMove, editing.ConflictsFound (no reason given) or ModelValidationError."""
    with transaction(db_session, actor):
        current = _locked(db_session, agenda_session)
        if version != current.version:
            raise StaleMove(current)
        was = Position.of(current, event)
        values = _values(db_session, event, current, to)
        editing.save_session(db_session, actor, event, current, values, override_reason)  # joins this transaction
    return was


def _locked(db_session: Session, agenda_session: AgendaSession) -> AgendaSession:
    """The session as stored now, locked until the move commits (SQLite: the database's write
    lock; PostgreSQL: the row's), so that two moves of the same session made in the same instant
    cannot both pass the version check: the second waits, then sees the first one's version."""
    lock = select(AgendaSession).where(AgendaSession.id == agenda_session.id).execution_options(populate_existing=True)
    return db_session.exec(lock if begin_immediate(db_session.connection()) else lock.with_for_update()).one()


def described(agenda_session: AgendaSession, event: Event) -> str:
    """ "“Opening plenary”: Wednesday 20 March 2019, 10:00–11:00, Plenary hall" for the live region."""
    zone = event.zone
    return _(
        "“%(title)s”: %(day)s, %(times)s, %(room)s",
        title=agenda_session.title,
        day=date_long(agenda_session.starts_at.astimezone(zone)),
        times=time_range(agenda_session.starts_at, agenda_session.ends_at, zone),
        room=agenda_session.room.name if agenda_session.room else _("No room"),
    )


def state(agenda_session: AgendaSession, event: Event) -> dict:
    """The session as the timetable's script reads it (a stale move's answer carries it)."""
    where = Position.of(agenda_session, event)
    return {
        "id": agenda_session.id,
        "title": agenda_session.title,
        "version": agenda_session.version,
        "start": where.local_start.isoformat(timespec="minutes"),
        "end": where.local_end.isoformat(timespec="minutes"),
        "room": where.room_id,
        "described": described(agenda_session, event),
    }
