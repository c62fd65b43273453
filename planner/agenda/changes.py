"""Changes to published sessions that participants must hear about, announced as blinker signals.

The agenda knows nothing of registrations (they are a layer above it: docs/architecture.md), yet a
session a participant picked for their personal agenda that moves, changes room or is cancelled
must reach them (issue 13: "a change of date that reaches nobody is the worst failure"). So the
agenda describes the change and sends it as a signal, and planner.registration.session_notices
answers it:

- `sessions_changing` is sent INSIDE the transaction of the change, after its rows are flushed,
  with the database session, so whatever a receiver writes (outbox rows, a change notice, an
  audit entry) is committed with the change or rolled back with it;
- `change_audience` asks, before anything is saved, how many participants a change to some
  sessions would reach, so a confirmation page can say so.

One signal carries every session a saved change touched, so a receiver can send one mail per
participant per saved change, never one per session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from blinker import Namespace
from flask_babel import gettext as _
from sqlmodel import Session

from planner.agenda.models import AgendaSession
from planner.events.models import Event, Room
from planner.formatting import date_and_time, date_long, time_range

signals = Namespace()

# sender: the Event; keyword arguments: db_session (the transaction's Session), change (SessionsChange).
sessions_changing = signals.signal("sessions-changing")
# sender: the Event; keyword arguments: db_session, session_ids (list[int]); receivers return a count.
change_audience = signals.signal("session-change-audience")


@dataclass(frozen=True)
class SessionState:
    """What a participant knows a session by: its title, time, room and whether it takes place."""

    title: str
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    room: str | None  # the room's name (None: no room)
    cancelled: bool

    @classmethod
    def of(cls, db_session: Session, agenda_session: AgendaSession) -> "SessionState":
        """The session's state now; the room is read by id, so a room changed in memory counts."""
        room = db_session.get(Room, agenda_session.room_id) if agenda_session.room_id is not None else None
        return cls(
            agenda_session.title,
            agenda_session.starts_at,
            agenda_session.ends_at,
            room.name if room else None,
            bool(agenda_session.cancelled),
        )

    def as_json(self) -> dict:
        """JSON-safe values (instants in ISO 8601 UTC), as a change notice keeps them."""
        return {
            "title": self.title,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "room": self.room,
            "cancelled": self.cancelled,
        }

    @classmethod
    def from_json(cls, values: dict) -> "SessionState":
        return cls(
            values["title"],
            datetime.fromisoformat(values["starts_at"]),
            datetime.fromisoformat(values["ends_at"]),
            values.get("room"),
            bool(values.get("cancelled")),
        )


@dataclass(frozen=True)
class SessionChange:
    """One session of a saved change: its state before and after."""

    session_id: int
    before: SessionState
    after: SessionState

    @property
    def moved(self) -> bool:
        return (self.before.starts_at, self.before.ends_at) != (self.after.starts_at, self.after.ends_at)

    @property
    def changed_room(self) -> bool:
        return self.before.room != self.after.room

    @property
    def noticeable(self) -> bool:
        """Whether participants who picked it must be told: it moved, changed room, or was cancelled
        or reinstated. A new title alone is not worth a mail; a cancelled session that stays
        cancelled has nothing new to tell."""
        if self.before.cancelled != self.after.cancelled:
            return True
        return not self.after.cancelled and (self.moved or self.changed_room)


@dataclass(frozen=True)
class SessionsChange:
    """Every noticeable session change of one saved change, with the manager's words to participants."""

    actor: str
    sessions: tuple[SessionChange, ...]
    message: str = ""
    session_ids: list[int] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "session_ids", [c.session_id for c in self.sessions])


def noticeable(changes: Iterable[SessionChange]) -> tuple[SessionChange, ...]:
    return tuple(c for c in changes if c.noticeable)


def announce(db_session: Session, event: Event, change: SessionsChange) -> None:
    """Send `sessions_changing` for a change with something to tell (call inside its transaction).

    The rows are flushed first, so receivers that read them (a personal calendar attached to the
    mail) see them as they will be committed."""
    if not change.sessions:
        return
    db_session.flush()
    sessions_changing.send(event, db_session=db_session, change=change)


def audience(db_session: Session, event: Event, session_ids: list[int]) -> int:
    """How many participants a change to these sessions would be told (0 when nobody listens)."""
    if not session_ids:
        return 0
    answers = change_audience.send(event, db_session=db_session, session_ids=session_ids)
    return sum(count or 0 for _receiver, count in answers)


# --- the change in words --------------------------------------------------------------------------


def _zone(zone: tzinfo | str) -> tzinfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def _zone_name(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)


def when(starts_at: datetime, ends_at: datetime, zone: tzinfo | str) -> str:
    """ "20 March 2019, 09:00–10:00 (America/Argentina/Buenos_Aires)" in the current locale."""
    zone = _zone(zone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() == end.date():
        return _(
            "%(day)s, %(times)s (%(zone)s)",
            day=date_long(start),
            times=time_range(start, end, zone),
            zone=_zone_name(zone),
        )
    return _(
        "%(start)s – %(end)s (%(zone)s)",
        start=date_and_time(start, zone),
        end=date_and_time(end, zone),
        zone=_zone_name(zone),
    )


def describe(change: SessionChange, zone: tzinfo | str) -> list[str]:
    """The change as sentences in the current locale, times in `zone` (the event's), old and new."""
    before, after = change.before, change.after
    old_when, new_when = when(before.starts_at, before.ends_at, zone), when(after.starts_at, after.ends_at, zone)
    name = before.title
    lines = []
    if before.title != after.title:
        lines.append(_("“%(old)s” is now called “%(new)s”.", old=before.title, new=after.title))
        name = after.title
    if after.cancelled and not before.cancelled:
        lines.append(_("“%(session)s”, planned for %(when)s, is cancelled.", session=name, when=old_when))
        return lines
    if before.cancelled and not after.cancelled:
        lines.append(_("“%(session)s” is no longer cancelled: it takes place %(when)s.", session=name, when=new_when))
    elif change.moved:
        lines.append(
            _("“%(session)s” now takes place %(new)s (before: %(old)s).", session=name, new=new_when, old=old_when)
        )
    if change.changed_room or (before.cancelled and not after.cancelled and after.room):
        if after.room is None:
            lines.append(_("“%(session)s” no longer has a room (before: %(old)s).", session=name, old=before.room))
        elif before.room is None or before.room == after.room:
            lines.append(_("“%(session)s” is in %(room)s.", session=name, room=after.room))
        else:
            lines.append(
                _("“%(session)s” is now in %(new)s (before: %(old)s).", session=name, new=after.room, old=before.room)
            )
    return lines
