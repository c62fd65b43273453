"""Conflict checks for one session, in one function that the forms and the tests share.

A conflict does not forbid saving: programmes are drafted with known clashes (a room shared on
purpose, a speaker who leaves early). It is shown, and saving anyway needs a reason that goes
into the audit trail. Two sessions overlap when a.start < b.end and b.start < a.end, so
back-to-back sessions (one ends at 10:00, the next starts at 10:00) do not. A cancelled session
takes place nowhere: it occupies no room and no one's time, so it clashes with nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Iterable

from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.events.models import Event
from planner.formatting import day_range


class ConflictKind(StrEnum):
    ROOM = "room"
    PERSON = "person"
    OUTSIDE_EVENT = "outside_event"
    BREAK = "break"


@dataclass(frozen=True)
class Conflict:
    """One clash: the candidate session, the other session (None when it is the event's days).

    For a session outside the event's days, `event` is that event (None: it has no dates yet).
    """

    kind: ConflictKind
    session_title: str
    other: AgendaSession | None
    person: Person | None = None
    event: Event | None = None

    @property
    def message(self) -> str:
        """The conflict as one sentence in the reader's language (built when read, not stored)."""
        mine = self.session_title
        if self.kind == ConflictKind.OUTSIDE_EVENT:
            if self.event is None:
                return _("“%(session)s” is outside the event's days (the event has no dates yet).", session=mine)
            return _(
                "“%(session)s” is outside the event's days (%(days)s, %(zone)s).",
                session=mine,
                days=day_range(self.event.first_day, self.event.last_day),
                zone=self.event.timezone,
            )
        theirs = self.other.title
        if self.kind == ConflictKind.PERSON:
            return _(
                "%(person)s is in both “%(session)s” and “%(other)s”, which overlap.",
                person=self.person.display_name,
                session=mine,
                other=theirs,
            )
        if self.kind == ConflictKind.BREAK:
            if self.other.is_break:
                return _("“%(session)s” overlaps the break “%(other)s” in the same room.", session=mine, other=theirs)
            return _("The break “%(session)s” overlaps “%(other)s” in the same room.", session=mine, other=theirs)
        return _("The room is booked twice: “%(session)s” and “%(other)s” overlap.", session=mine, other=theirs)


def _overlapping(query, candidate: AgendaSession, exclude_id: int | None):
    """`query` narrowed to stored sessions that take place (not cancelled) and overlap the candidate
    (other than itself)."""
    query = query.where(
        AgendaSession.starts_at < candidate.ends_at,
        candidate.starts_at < AgendaSession.ends_at,
        AgendaSession.cancelled.is_(False),
    )
    if exclude_id is not None:
        query = query.where(AgendaSession.id != exclude_id)
    return query.order_by(AgendaSession.starts_at, AgendaSession.id)


def find_conflicts(
    db_session: Session,
    candidate: AgendaSession,
    exclude_id: int | None = None,
    person_ids: Iterable[int] | None = None,
) -> list[Conflict]:
    """Every conflict of `candidate` (saved or not) with the stored sessions and its event's days.

    `exclude_id` is the stored session being edited; `person_ids` are the people the candidate
    will have (default: those in its stored roles).
    """
    if person_ids is None:
        person_ids = [role.person_id for role in candidate.roles]
    conflicts = _outside_event(db_session, candidate)
    if candidate.cancelled:
        return conflicts
    if candidate.room_id is not None:
        same_room = db_session.exec(
            _overlapping(select(AgendaSession), candidate, exclude_id).where(AgendaSession.room_id == candidate.room_id)
        )
        for other in same_room:
            kind = ConflictKind.BREAK if (other.is_break or candidate.is_break) else ConflictKind.ROOM
            conflicts.append(Conflict(kind, candidate.title, other))
    person_ids = sorted(set(person_ids))
    if person_ids:
        rows = db_session.exec(
            _overlapping(select(AgendaSession, Person), candidate, exclude_id)
            .join(SessionRole, SessionRole.session_id == AgendaSession.id)
            .join(Person, Person.id == SessionRole.person_id)
            .where(SessionRole.person_id.in_(person_ids))
        )
        seen = set()
        for other, person in rows:
            if (other.id, person.id) not in seen:
                seen.add((other.id, person.id))
                conflicts.append(Conflict(ConflictKind.PERSON, candidate.title, other, person))
    return conflicts


def _outside_event(db_session: Session, candidate: AgendaSession) -> list[Conflict]:
    """A session must fall within the event's days, counted in the event's own zone."""
    event = db_session.get(Event, candidate.event_id)
    if event is None:
        return []
    if not event.is_dated:
        return [Conflict(ConflictKind.OUTSIDE_EVENT, candidate.title, None)]
    opens = datetime.combine(event.first_day, time(), event.zone)
    closes = datetime.combine(event.last_day + timedelta(days=1), time(), event.zone)
    if candidate.starts_at < opens or candidate.ends_at > closes:
        return [Conflict(ConflictKind.OUTSIDE_EVENT, candidate.title, None, event=event)]
    return []
