"""VTIMEZONE components that state each zone's rules as RRULEs.

`icalendar`'s own generator lists every transition as an RDATE. ical.js and vobject read only the
first RDATE of a component, so a summer-time event then shifts by an hour in Thunderbird. Here
the transitions a feed spans are read from zoneinfo (the tzdata package) and folded back into the
yearly rules they come from ("second Sunday of March at 02:00" -> FREQ=YEARLY;BYMONTH=3;BYDAY=2SU),
one STANDARD or DAYLIGHT component per rule period. A period that ends inside the span (New York
changed its rules in 2007) is closed with UNTIL; the period still in force at the end of the span
stays open, so a yearly event keeps the right offset after the feed's last year. A zone with no
transition in the span gets a single STANDARD component without RRULE.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Transition:
    """One change of offset: when (UTC), the offsets before and after, and what comes after."""

    at: datetime
    offset_from: timedelta
    offset_to: timedelta
    is_dst: bool
    name: str

    @property
    def local_onset(self) -> datetime:
        """The wall-clock time of the change, read on the clock in force before it (RFC 5545)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def shape(self) -> tuple:
        """What stays the same from year to year while one rule is in force."""
        onset = self.local_onset
        return (self.is_dst, self.offset_from, self.offset_to, self.name, onset.month, onset.weekday(), onset.time())


@dataclass(frozen=True)
class Period:
    """Transitions of one shape in consecutive years, and the BYDAY that produces them all."""

    transitions: tuple[Transition, ...]
    byday: str | None  # "2SU", "-1SU"; None for a one-off transition with no rule
    open_ended: bool


def _state(zone: ZoneInfo, instant: datetime) -> tuple:
    local = instant.astimezone(zone)
    return local.utcoffset(), bool(local.dst()), local.tzname()


def transitions(zone_name: str, first_year: int, last_year: int) -> list[Transition]:
    """Every offset change from 1 January `first_year` to 31 December `last_year` (UTC)."""
    return list(_transitions(zone_name, first_year, last_year))


@lru_cache(maxsize=256)
def _transitions(zone_name: str, first_year: int, last_year: int) -> tuple[Transition, ...]:
    zone = ZoneInfo(zone_name)
    found = []
    day = datetime(first_year, 1, 1, tzinfo=timezone.utc)
    end = datetime(last_year + 1, 1, 1, tzinfo=timezone.utc)
    state = _state(zone, day)
    while day < end:
        following = day + _DAY
        next_state = _state(zone, following)
        if next_state != state:
            at = _bisect(zone, day, following, state)
            found.append(Transition(at, state[0], next_state[0], next_state[1], next_state[2]))
        day, state = following, next_state
    return tuple(found)


def _bisect(zone: ZoneInfo, low: datetime, high: datetime, before: tuple) -> datetime:
    """The first second in (low, high] whose state differs from `before`."""
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if _state(zone, middle) == before:
            low = middle
        else:
            high = middle
    return high


def _byday_candidates(onset: datetime) -> set[str]:
    """The BYDAY values that give this onset: its week number in the month and/or "last"."""
    weekday = WEEKDAYS[onset.weekday()]
    candidates = set()
    if onset.day <= 28:
        candidates.add(f"{(onset.day - 1) // 7 + 1}{weekday}")
    if onset.day > _calendar.monthrange(onset.year, onset.month)[1] - 7:
        candidates.add(f"-1{weekday}")
    return candidates


def periods(found: list[Transition], last_year: int) -> list[Period]:
    """Group transitions into rule periods (same shape, consecutive years, one common BYDAY)."""
    by_shape: dict[tuple, list[Transition]] = {}
    for item in found:
        by_shape.setdefault(item.shape, []).append(item)
    result = []
    for items in by_shape.values():
        run: list[Transition] = []
        common: set[str] = set()
        for item in items:
            candidates = _byday_candidates(item.local_onset)
            if run and item.local_onset.year == run[-1].local_onset.year + 1 and common & candidates:
                run.append(item)
                common &= candidates
                continue
            if run:
                result.append(_period(run, common, last_year))
            run, common = [item], candidates
        result.append(_period(run, common, last_year))
    return sorted(result, key=lambda p: p.transitions[0].at)


def _period(run: list[Transition], common: set[str], last_year: int) -> Period:
    # Prefer "last Sunday" over "4th Sunday" when both fit: it is how such rules are written.
    byday = min(common, key=lambda b: (not b.startswith("-"), b)) if common else None
    open_ended = run[-1].local_onset.year >= last_year and byday is not None
    if len(run) == 1 and not open_ended:
        byday = None
    return Period(tuple(run), byday, open_ended)


def vtimezone(zone_name: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for `zone_name` that is right for every instant from `first_year` to `last_year`.

    The scan runs one year either side of the span: the year before shows the rule already in
    force when the span opens (so it reads as a rule, not a one-off), the year after lets the rule
    in force at its end be recognised as such (and left open) rather than closed inside the span.
    """
    scan_last = last_year + 1
    component = Timezone()
    component.add("tzid", zone_name)
    found = transitions(zone_name, first_year - 1, scan_last)
    if not found:
        component.add_component(_fixed(zone_name, first_year - 1))
        return component
    for period in periods(found, scan_last):
        component.add_component(_observance(period))
    return component


def _fixed(zone_name: str, year: int) -> TimezoneStandard:
    start = datetime(year, 1, 1)
    offset = start.replace(tzinfo=ZoneInfo(zone_name)).utcoffset()
    standard = TimezoneStandard()
    standard.add("dtstart", start)
    standard.add("tzoffsetfrom", offset)
    standard.add("tzoffsetto", offset)
    standard.add("tzname", start.replace(tzinfo=ZoneInfo(zone_name)).tzname())
    return standard


def _observance(period: Period) -> TimezoneStandard | TimezoneDaylight:
    first = period.transitions[0]
    observance = TimezoneDaylight() if first.is_dst else TimezoneStandard()
    observance.add("dtstart", first.local_onset)
    observance.add("tzoffsetfrom", first.offset_from)
    observance.add("tzoffsetto", first.offset_to)
    observance.add("tzname", first.name)
    if period.byday:
        rule = {"FREQ": "YEARLY", "BYMONTH": first.local_onset.month, "BYDAY": period.byday}
        if not period.open_ended:
            rule["UNTIL"] = period.transitions[-1].at
        observance.add("rrule", rule)
    return observance
