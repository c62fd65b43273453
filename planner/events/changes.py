"""A change to an event that must carry down to its programme and reach its participants.

New dates, a postponement, a cancellation or a new place are decided in this package, but their
consequences belong to the packages above it (docs/architecture.md): the agenda moves the
sessions with the dates, registration moves its window and tells every participant. Those
packages subscribe to two blinker signals (Flask's own signal library):

- `previewing`, sent before anything is saved: each receiver returns a `PreviewPart` (what
  would move, who would be told), which the manager reads before confirming;
- `applying`, sent inside the change's transaction: the moved sessions, the notices queued in
  the outbox and their audit entries commit together with the change, or none of them does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from blinker import Namespace

from planner.events.models import Event, EventStatus

_signals = Namespace()
previewing = _signals.signal("event-change-preview")
applying = _signals.signal("event-change-apply")

# The columns a change of dates, of place and of status is read from.
DATE_FIELDS = ("starts_at", "ends_at", "timezone", "all_day", "recurrence")
PLACE_FIELDS = ("venue_id", "city", "country")
WATCHED = (*DATE_FIELDS, *PLACE_FIELDS, "status", "published")


class ChangeKind(StrEnum):
    """What participants are told about, most serious first (a notice names the first that applies)."""

    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    REDATED = "redated"  # new dates (the programme moved with them when the manager chose so)
    MOVED = "moved"  # another venue, city or country
    SESSIONS = "sessions"  # sessions a participant picked changed time or room, or were cancelled


@dataclass
class EventChange:
    """An event's watched values before and after a change, and what the manager decided.

    `before` and `after` hold column values as the model has them (aware datetimes, ids), so the
    receivers compute with them; the audit trail keeps its own JSON snapshot.
    """

    event: Event
    before: dict
    after: dict
    move_sessions: bool = True
    message: str = ""
    actor: str = ""

    @classmethod
    def of(cls, event: Event, after: dict, **decisions) -> EventChange:
        """The change from `event` as it is now to the column values `after` (missing: unchanged)."""
        before = {name: getattr(event, name) for name in WATCHED}
        return cls(event, before, {**before, **{k: v for k, v in after.items() if k in WATCHED}}, **decisions)

    def digest(self) -> str:
        """Names this change (the values before and after): what a confirmation confirms."""
        text = repr(sorted(self.before.items())) + repr(sorted(self.after.items())) + str(self.event.id)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def changed(self, names) -> bool:
        return any(self.before[name] != self.after[name] for name in names)

    @property
    def redated(self) -> bool:
        """New dates for an event that had dates (a first date is no change anyone was told of)."""
        dated = self.before["starts_at"] is not None and self.after["starts_at"] is not None
        return dated and self.changed(DATE_FIELDS)

    @property
    def kinds(self) -> list[ChangeKind]:
        """What participants must hear of, most serious first; empty when nothing they rely on changed."""
        kinds = []
        if self.after["status"] != self.before["status"]:
            if self.after["status"] == EventStatus.CANCELLED:
                kinds.append(ChangeKind.CANCELLED)
            elif self.after["status"] == EventStatus.POSTPONED:
                kinds.append(ChangeKind.POSTPONED)
        if self.redated or (self.before["starts_at"] is None) != (self.after["starts_at"] is None):
            kinds.append(ChangeKind.REDATED)
        if self.changed(PLACE_FIELDS):
            kinds.append(ChangeKind.MOVED)
        return kinds

    @property
    def notifies(self) -> bool:
        """Participants are told of changes to a published event only (a draft has none to tell)."""
        return bool(self.kinds) and bool(self.before["published"] or self.after["published"])

    def first_day(self, values: dict) -> date | None:
        starts_at = values["starts_at"]
        return starts_at.astimezone(ZoneInfo(values["timezone"])).date() if starts_at else None

    @property
    def day_shift(self) -> int | None:
        """Whole days between the old and the new first local day; None unless the event is re-dated."""
        if not self.redated:
            return None
        return (self.first_day(self.after) - self.first_day(self.before)).days

    @property
    def zones(self) -> tuple[ZoneInfo, ZoneInfo]:
        return ZoneInfo(self.before["timezone"]), ZoneInfo(self.after["timezone"])

    def as_event(self, values: dict) -> Event:
        """A detached Event holding `values` (for formatting old or proposed dates); never saved."""
        return Event(
            slug=self.event.slug,
            title=self.event.title,
            kind=self.event.kind,
            **{name: values[name] for name in (*DATE_FIELDS, *PLACE_FIELDS, "status")},
        )


@dataclass(frozen=True)
class PreviewPart:
    """One consequence of a change, in the reader's language: a sentence and the items it covers."""

    sentence: str
    items: tuple[str, ...] = ()
    count: int = 0


def preview(db_session, change: EventChange) -> list[PreviewPart]:
    """Every subscriber's account of what saving `change` would do (nothing is written)."""
    parts = [part for _receiver, part in previewing.send(change.event, db_session=db_session, change=change)]
    return [part for part in parts if part is not None]


def apply(db_session, change: EventChange, tx) -> None:
    """Let every subscriber carry the change out in the caller's open transaction `tx`."""
    applying.send(change.event, db_session=db_session, change=change, tx=tx)
