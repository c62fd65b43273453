"""The events per-event roles are granted on, as the accounts package may know them.

Accounts sit below events (docs/architecture.md) and cannot import the Event model, yet the
administrator's user page offers a list of events and `grant-event-role` finds one by its slug.
The events package hands over a function that lists its events when it is imported
(`use_event_lister`, in planner.events.manage), the way planner.audit receives its labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlmodel import Session


@dataclass(frozen=True)
class KnownEvent:
    id: int
    slug: str
    title: str


_lister: Callable[[Session], list[KnownEvent]] | None = None


def use_event_lister(lister: Callable[[Session], list[KnownEvent]]) -> None:
    """Set the function that lists every event, in the order a person picks from (planner.events)."""
    global _lister
    _lister = lister


def known_events(session: Session) -> list[KnownEvent]:
    """Every event, or none while no events package has registered its lister."""
    return _lister(session) if _lister is not None else []
