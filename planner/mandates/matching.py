"""Which events already in the planner a suggestion names: one event, many resolutions.

A conference is convened by one resolution, its outcome endorsed by the next, and recalled by the
ones after: each of them should link the same event rather than create a new one. A suggested
event **matches** an event in the planner when both hold:

* **the names agree**: after normalising (case, accents and punctuation dropped, "South-South" read
  as two words, ordinals written as numbers: "second" and "2nd" are both "2", articles and
  prepositions left out), at least four fifths of the words of the shorter name are in the other,
  and at least two words are, and the numbers in them (editions, sessions), when both give some,
  are the same; or the event's acronym, the part of its title in brackets ("BAPA+40"), appears in
  the suggestion's words;
* **the dates overlap**: the days the suggestion gives (a range "from 20 to 22 March 2019", or the
  whole month, half-year or year a coarser phrase names) share at least one day with the event's
  local days. A reference to an event held (planner.mandates.recalls: "Endorses the outcome
  document of ...") often gives no dates: it covers the two years before the resolution's adoption.
  Any other suggestion without dates, or an event not yet dated, matches nothing: a name alone is
  too weak (every session of the High-level Committee shares its name).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone

from sqlmodel import Session, select

from planner.events.models import Event
from planner.mandates.proposals import Suggestion

_MIN_SHARED = 0.8
_STOP_WORDS = frozenset("a an the of on for and in to at by with from its".split())
_ORDINALS = {
    word: str(number)
    for number, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        start=1,
    )
}
_ACRONYM = re.compile(r"\(([^()]{2,20})\)\s*$")
_ORDINAL_NUMBER = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def name_words(name: str) -> frozenset[str]:
    """The words two names are compared by: "Second High-level United Nations Conference on
    South-South Cooperation" -> {"2", "high", "level", "united", "nations", "conference", "south",
    "cooperation"}."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = set()
    for word in re.split(r"[^\w]+", folded):
        if not word or word in _STOP_WORDS:
            continue
        ordinal = _ORDINAL_NUMBER.match(word)
        words.add(_ORDINALS.get(word) or (ordinal.group(1) if ordinal else word))
    return frozenset(words)


def acronym(title: str) -> str | None:
    """ "Second High-level ... Cooperation (BAPA+40)" -> "BAPA+40"."""
    match = _ACRONYM.search(title)
    return match.group(1).strip() if match else None


def names_match(suggested: str, title: str) -> bool:
    """True when the suggested name and an event's title name the same event (see the module)."""
    code = acronym(title)
    if code and name_words(code) and name_words(code) <= name_words(suggested):
        return True
    ours, theirs = name_words(suggested), name_words(_ACRONYM.sub("", title))
    our_numbers, their_numbers = {w for w in ours if w.isdigit()}, {w for w in theirs if w.isdigit()}
    if our_numbers and their_numbers and our_numbers != their_numbers:
        return False
    shared = len(ours & theirs)
    smaller = min(len(ours), len(theirs))
    return shared >= 2 and smaller > 0 and shared / smaller >= _MIN_SHARED


def suggested_days(suggestion: Suggestion) -> tuple[date, date] | None:
    """The first and last day a suggestion's dates cover, or None when it gives none."""
    if suggestion.start:
        return suggestion.start, suggestion.end or suggestion.start
    due = suggestion.due
    if due is None:
        return None
    if suggestion.precision == "month":
        return due.replace(day=1), due
    if suggestion.precision == "half-year":
        return due.replace(month=1 if due.month <= 6 else 7, day=1), due
    if suggestion.precision == "year":
        return date(due.year, 1, 1), due
    return None


def matching_events(session: Session, suggestion: Suggestion, held_before: date | None = None) -> list[Event]:
    """Events in the planner the suggested event matches (see the module), earliest first.
    `held_before`: the adoption of the resolution that refers back to an event held (its dates
    when the suggestion gives none)."""
    return matches_of(session, [(suggestion, held_before)])[0]


def matches_of(session: Session, asked: list[tuple[Suggestion, date | None]]) -> list[list[Event]]:
    """`matching_events` of many suggestions (each with its `held_before`), in one query whatever
    their number: the events that start within the days all of them cover (a day's margin each way
    for the zones), whose local days and titles are then compared with each suggestion's."""
    spans = [_days(suggestion, held_before) for suggestion, held_before in asked]
    dated = [span for span in spans if span is not None]
    if not dated:
        return [[] for _span in spans]
    window_start = datetime.combine(min(f for f, _l in dated) - timedelta(days=1), time.min, tzinfo=timezone.utc)
    window_end = datetime.combine(max(last for _f, last in dated) + timedelta(days=2), time.min, tzinfo=timezone.utc)
    candidates = session.exec(
        select(Event)
        .where(Event.starts_at.is_not(None), Event.starts_at < window_end, Event.ends_at >= window_start)
        .order_by(Event.starts_at, Event.id)
    ).all()
    return [
        []
        if span is None
        else [
            event
            for event in candidates
            if event.first_day <= span[1] and event.last_day >= span[0] and names_match(suggestion.title, event.title)
        ]
        for (suggestion, _held), span in zip(asked, spans, strict=True)
    ]


def _days(suggestion: Suggestion, held_before: date | None) -> tuple[date, date] | None:
    if suggestion.target != "event":
        return None
    days = suggested_days(suggestion)
    if days is None and held_before is not None:
        days = held_before - timedelta(days=2 * 365), held_before
    return days
