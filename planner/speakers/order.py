"""The order of the list of speakers and its allocation to meetings: plain rules, no database.

The order follows the customary protocol of the General Assembly's general debate (the practice
its secretariat applies to the list of speakers, and UN conferences copy):
1. Member States before observer States, then intergovernmental organisations, United Nations
   system entities and other observers;
2. within each of those, by the level of the speaker: Heads of State, Heads of Government,
   Vice-Presidents and Crown Princes or Princesses, Deputy Prime Ministers, Ministers,
   Vice-Ministers, then other heads of delegation (`RepresentationLevel`, highest first);
3. within a level, the order of inscription.
Then the secretariat's changes are replayed in the order they were made: a swap exchanges two
speakers' places (both delegations having agreed), a move puts an absent speaker at the end of
their meeting's list.

Allocation: the general debate's meetings in time order, each taking as many speakers as its
duration holds at the time limit per statement (a 3-hour meeting at 5 minutes: 36); the overflow
moves to the next meeting, and speakers beyond the last meeting are listed as not yet allocated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planner.delegations.models import RepresentationLevel
from planner.registration.models import Category

CATEGORY_ORDER = {
    Category.MEMBER_STATE: 0,
    Category.OBSERVER_STATE: 1,
    Category.IGO: 2,
    Category.UN_SYSTEM: 3,
}  # every other category (civil society, private sector, academia, media) after them
LEVEL_ORDER = {level: rank for rank, level in enumerate(RepresentationLevel)}


@dataclass(frozen=True)
class Speaker:
    """What the rule needs of an inscription."""

    inscription_id: int
    category: str
    level: str
    number: int  # order of inscription


@dataclass(frozen=True)
class Change:
    kind: str  # "swap" or "to_end"
    first_id: int
    second_id: int | None = None


@dataclass(frozen=True)
class Meeting:
    session_id: int
    starts_at: datetime
    ends_at: datetime

    def seats(self, statement_minutes: int) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60) // statement_minutes


def rule_key(speaker: Speaker) -> tuple[int, int, int]:
    return (
        CATEGORY_ORDER.get(speaker.category, len(CATEGORY_ORDER)),
        LEVEL_ORDER.get(speaker.level, len(LEVEL_ORDER)),
        speaker.number,
    )


def allocate(order: list[int], meetings: list[Meeting], statement_minutes: int) -> list[tuple[int | None, list[int]]]:
    """[(meeting's session id, inscription ids in order)], meetings in time order, then
    (None, the speakers no meeting has room for) when there are any."""
    result, rest = [], list(order)
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        seats = meeting.seats(statement_minutes)
        result.append((meeting.session_id, rest[:seats]))
        rest = rest[seats:]
    if rest:
        result.append((None, rest))
    return result


def ordered(
    speakers: list[Speaker], changes: list[Change], meetings: list[Meeting], statement_minutes: int
) -> list[int]:
    """The inscription ids in speaking order: the rule, then each change in turn. A change naming
    an inscription no longer on the list (withdrawn) is skipped."""
    order = [speaker.inscription_id for speaker in sorted(speakers, key=rule_key)]
    for change in changes:
        if change.first_id not in order:
            continue
        if change.kind == "swap":
            if change.second_id not in order:
                continue
            a, b = order.index(change.first_id), order.index(change.second_id)
            order[a], order[b] = order[b], order[a]
        elif change.kind == "to_end":
            order = _to_end_of_meeting(order, change.first_id, meetings, statement_minutes)
    return order


def _to_end_of_meeting(order: list[int], moved: int, meetings: list[Meeting], statement_minutes: int) -> list[int]:
    for _session_id, speakers in allocate(order, meetings, statement_minutes):
        if moved in speakers:
            last = order.index(speakers[-1])
            order = [inscription for inscription in order if inscription != moved]
            order.insert(last, moved)  # `last` shifted down by one: the place after the old last
            return order
    return order
