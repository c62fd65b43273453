"""Date phrases in resolution text, and the General Assembly's session calendar.

``find_date_phrases`` finds time expressions and normalises each to a DatePhrase whose
``due`` is the last day meant: "from 31 October to 3 November 2016" (a day range),
"by May 2017" (31 May 2017), "before the end of 2017" (31 December 2017), "no later than
the first half of 2019" (30 June 2019), "at its seventy-second session" (a General
Assembly session), "in 2018", "by 2030", "on 12 September 2017", a decade's span "(2014–2024)". Dates that only cite an
earlier resolution ("resolution 64/222 of 21 December 2009") are skipped, and bare years
("the 2030 Agenda", "Sendai Framework ... 2015-2030") are never read as dates because
every pattern needs a preposition ("by", "in", "before", "from", "at its" ...).

Session conventions
-------------------
Rule 1 of the General Assembly's rules of procedure: a regular session opens on the Tuesday
of the third week of September, counting from the first week with at least one working day.
Session N opens in September of 1945 + N (``session_opening``; the 72nd opened on
12 September 2017). "At its Nth session" is due at the opening; "by the end of the Nth
session" is due the day before session N + 1 opens (``session_closing``; the 71st closed on
11 September 2017). Sessions of other bodies ("the High-level Committee ... at its twentieth
session", "the report of the Committee on its nineteenth session") cannot be dated from the
text: they are not date phrases; suggestions built on them carry ``due=None`` with precision
"session" and ``session=None``.

A day with no year ("on 12 September") takes the year printed a few words later ("on 12
September and 13 October 2017") or ``reference_year``; otherwise it is not a date phrase.
A single day has ``start`` set to that day and ``end=None``; ranges set both.

Plain Python (the standard library only): the parser's tests call it without an app.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DatePhrase:
    """A time expression and the dates it means."""

    phrase: str  # the original words, e.g. "no later than the first half of 2019"
    start: date | None  # first day of a day range, or the day itself for a single day
    end: date | None  # inclusive last day of a range; None when not a range
    due: date  # the latest date meant: range end, or the deadline
    precision: str  # "day" | "month" | "half-year" | "year" | "session"
    session: int | None  # General Assembly session number for session phrases


MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
MONTH_PATTERN = "(?:" + "|".join(MONTHS) + ")"

_UNIT_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEEN_ORDINALS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70, "eight": 80, "ninet": 90}


def _build_ordinals() -> dict[str, int]:
    """ "first" .. "ninety-ninth" -> 1 .. 99."""
    words = {word: n for n, word in enumerate(_UNIT_ORDINALS, start=1)}
    words.update({word: n for n, word in enumerate(_TEEN_ORDINALS, start=10)})
    for stem, tens in _TENS.items():
        words[f"{stem}ieth"] = tens
        for n, unit in enumerate(_UNIT_ORDINALS, start=1):
            words[f"{stem}y-{unit}"] = tens + n
    return words


ORDINALS = _build_ordinals()
ORDINAL_PATTERN = (
    "(?:"
    + "|".join(sorted((w.replace("-", r"[-\s]") for w in ORDINALS), key=len, reverse=True))
    + r"|\d{1,3}(?:st|nd|rd|th))"
)


def ordinal_value(text: str) -> int:
    """ "seventy-second" -> 72, "71st" -> 71."""
    text = text.lower().strip()
    digits = re.match(r"\d+", text)
    return int(digits.group(0)) if digits else ORDINALS[re.sub(r"[\s-]+", "-", text)]


SECOND_WEEK_FROM = 78  # the first session that opened in the second week of September


def session_opening(number: int) -> date:
    """Opening day of General Assembly session `number`, by rule 1 of its rules of procedure: a
    Tuesday in September, counting weeks from the first week that holds at least one working day.

    Up to the seventy-seventh session it was the Tuesday of the third week (77th: 13 September
    2022); from the seventy-eighth on, the Tuesday of the second week, as the Assembly's sessions
    opened: 78th on 5 September 2023, 79th on 10 September 2024, 80th on 9 September 2025 (the
    Journal of the United Nations of those days)."""
    first = date(1945 + number, 9, 1)
    weekday = first.weekday()
    week_one = first - timedelta(days=weekday) if weekday <= 4 else first + timedelta(days=7 - weekday)
    return week_one + timedelta(days=8 if number >= SECOND_WEEK_FROM else 15)


def session_closing(number: int) -> date:
    """Last day of session `number`: the day before the next session opens."""
    return session_opening(number + 1) - timedelta(days=1)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(day: str, month: str, year: int | str) -> date | None:
    try:
        return date(int(year), MONTHS[month], int(day))
    except ValueError:
        return None


def _plausible_year(year: int) -> bool:
    return 1945 <= year <= 2200


# Prefixes that make a bare time into a deadline or a window.
_BY = r"(?i:(?:(?:no|not)\s+later\s+than|by|before|prior\s+to|until|till|in|during|on|as\s+of)\s+)"
_END_OF = r"(?i:(?:(?:(?:no|not)\s+later\s+than|by|before|at|until|towards|prior\s+to)\s+)?the\s+end\s+of\s+)"
_FROM = r"(?i:from\s+)"
_TO = r"\s+(?i:to|until|till|through)\s+"

_DAY_RANGE_TWO_MONTHS = re.compile(
    rf"{_FROM}(?P<d1>\d{{1,2}})\s+(?P<m1>{MONTH_PATTERN})(?:,?\s+(?P<y1>\d{{4}}))?{_TO}"
    rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH_PATTERN}),?\s+(?P<y2>\d{{4}})"
)
_DAY_RANGE_ONE_MONTH = re.compile(
    rf"{_FROM}(?P<d1>\d{{1,2}}){_TO}(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH_PATTERN}),?\s+(?P<y2>\d{{4}})"
)
_DAY_RANGE_SHORT = re.compile(
    rf"(?:(?i:(?:from|on)\s+))?(?P<d1>\d{{1,2}})(?:(?:\s+(?P<m1>{MONTH_PATTERN}))?\s*[-–]\s*|\s+and\s+)"
    rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH_PATTERN}),?\s+(?P<y2>\d{{4}})"
)
_SINGLE_DAY = re.compile(rf"(?:{_BY})?(?P<d>\d{{1,2}})\s+(?P<m>{MONTH_PATTERN}),?\s+(?P<y>\d{{4}})\b")
_DAY_NO_YEAR = re.compile(
    rf"(?:(?i:(?:on|by|before|until)\s+))?(?P<d>\d{{1,2}})\s+(?P<m>{MONTH_PATTERN})\b(?!,?\s+\d{{4}})"
)
_MONTH_RANGE = re.compile(
    rf"{_FROM}(?P<m1>{MONTH_PATTERN})(?:\s+(?P<y1>\d{{4}}))?{_TO}(?P<m2>{MONTH_PATTERN})\s+(?P<y2>\d{{4}})"
)
_MONTH_YEAR = re.compile(rf"(?:{_END_OF}|{_BY})?(?<!\d\s)(?P<m>{MONTH_PATTERN}),?\s+(?P<y>\d{{4}})\b")
_HALF_YEAR = re.compile(
    rf"(?:{_END_OF}|{_BY})?(?i:the\s+)?(?P<half>(?i:first|second))\s+(?i:half)\s+(?i:of)\s+(?P<y>\d{{4}})\b"
)
_YEAR_RANGE = re.compile(
    rf"(?:{_FROM}(?P<a1>\d{{4}}){_TO}(?P<a2>\d{{4}})"
    rf"|(?i:(?:for|during|over|in)\s+the\s+period\s+)(?P<b1>\d{{4}})\s*[-–]\s*(?P<b2>\d{{4}}))\b"
)
_YEAR = re.compile(
    rf"(?:{_END_OF}|(?i:(?:(?:no|not)\s+later\s+than|by|before|until|in|during)\s+))"
    rf"(?P<y>\d{{4}})\b(?![-–/]\d)(?!\s+Agenda)"
)
_SESSION_CORE = re.compile(
    rf"(?i:\b(?:its|the)\s+(?:main\s+part\s+of\s+(?:its|the)\s+)?)(?P<ord>(?i:{ORDINAL_PATTERN}))"
    rf"\s+(?i:session)\b(?P<ga>\s+of\s+the\s+General\s+Assembly)?"
)
_SESSION_PREFIX = re.compile(
    r"(?i:(?P<end>(?:(?:(?:no|not)\s+later\s+than|by|before|at|until|towards|prior\s+to)\s+)?"
    r"the\s+end\s+of\s+)|(?P<during>during\s+)|(?P<at>(?:(?:no|not)\s+later\s+than|by|before|at|"
    r"until|in|for|prior\s+to)\s+))$"
)
_CITATION_BEFORE = re.compile(r"(?:\d+/[\w.]+|[A-Z]{1,6}/[\w./-]+)(?:\s+[A-Z])?\s+of\s*$")
NAME_PATTERN = r"[A-Z][\w'’-]*(?:\s+(?:(?:of|on|for|and|the|to|in|de)\s+)*[A-Z][\w'’-]*)*"
ORGAN_WORD = re.compile(
    r"\b(?:Committee|Council|Commission|Conference|Board|Forum|Group|Meeting|"
    r"Parties|Panel|Platform|Authority|Organization|Body|Subcommittee|Summit|"
    r"Assembly|Tribunal|Court|Agency|Programme|Fund|Convention)\b"
)
_GA_NAME = re.compile(r"^(?:the\s+)?(?:General\s+)?Assembly$")


def find_date_phrases(text: str, *, reference_year: int | None = None) -> list[DatePhrase]:
    """Every datable time expression in `text`, in order of appearance, without overlaps.

    `reference_year` dates day-month phrases printed without a year ("on 12 September").
    """
    found: list[tuple[int, int, DatePhrase]] = []
    for finder in _FINDERS:
        found.extend(finder(text, reference_year))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen, last_end = [], -1
    for start, end, phrase in found:
        if start >= last_end:
            chosen.append(phrase)
            last_end = end
    return chosen


_Found = Iterable[tuple[int, int, DatePhrase]]


def _phrase(match: re.Match) -> str:
    return " ".join(match.group(0).split())


def _day_ranges(text: str, _year: int | None) -> _Found:
    for pattern in (_DAY_RANGE_TWO_MONTHS, _DAY_RANGE_ONE_MONTH, _DAY_RANGE_SHORT):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            year2 = int(m.group("y2"))
            month1 = groups.get("m1") or m.group("m2")
            first = _day(m.group("d1"), month1, groups.get("y1") or year2)
            last = _day(m.group("d2"), m.group("m2"), year2)
            if first and last and first <= last and _plausible_year(year2) and not _is_citation(text, m.start()):
                yield m.start(), m.end(), DatePhrase(_phrase(m), first, last, last, "day", None)


def _single_days(text: str, reference_year: int | None) -> _Found:
    for m in _SINGLE_DAY.finditer(text):
        day = _day(m.group("d"), m.group("m"), m.group("y"))
        if day and _plausible_year(day.year) and not _is_citation(text, m.start()):
            yield m.start(), m.end(), DatePhrase(_phrase(m), day, None, day, "day", None)
    for m in _DAY_NO_YEAR.finditer(text):
        year = reference_year or _nearby_year(text, m.end())
        day = _day(m.group("d"), m.group("m"), year) if year else None
        if day:
            yield m.start(), m.end(), DatePhrase(_phrase(m), day, None, day, "day", None)


def _nearby_year(text: str, end: int) -> int | None:
    """ "on 12 September and 13 October 2017": the year printed a few words later."""
    match = re.search(r"\b(?:19|20)\d{2}\b", text[end : end + 40])
    return int(match.group(0)) if match else None


def _months(text: str, _year: int | None) -> _Found:
    for m in _MONTH_RANGE.finditer(text):
        year2 = int(m.group("y2"))
        first = date(int(m.group("y1") or year2), MONTHS[m.group("m1")], 1)
        last = _last_day(year2, MONTHS[m.group("m2")])
        if first <= last and _plausible_year(year2):
            yield m.start(), m.end(), DatePhrase(_phrase(m), first, last, last, "month", None)
    for m in _MONTH_YEAR.finditer(text):
        year = int(m.group("y"))
        if _plausible_year(year):
            due = _last_day(year, MONTHS[m.group("m")])
            yield m.start(), m.end(), DatePhrase(_phrase(m), None, None, due, "month", None)


def _half_years(text: str, _year: int | None) -> _Found:
    for m in _HALF_YEAR.finditer(text):
        year = int(m.group("y"))
        if _plausible_year(year):
            due = date(year, 6, 30) if m.group("half").lower() == "first" else date(year, 12, 31)
            yield m.start(), m.end(), DatePhrase(_phrase(m), None, None, due, "half-year", None)


def _years(text: str, _year: int | None) -> _Found:
    for m in _YEAR_RANGE.finditer(text):
        first, last = (int(y) for y in (m.group("a1", "a2") if m.group("a1") else m.group("b1", "b2")))
        if _plausible_year(first) and first <= last <= 2200:
            yield (
                m.start(),
                m.end(),
                DatePhrase(_phrase(m), date(first, 1, 1), date(last, 12, 31), date(last, 12, 31), "year", None),
            )
    for m in _YEAR.finditer(text):
        year = int(m.group("y"))
        if _plausible_year(year):
            yield m.start(), m.end(), DatePhrase(_phrase(m), None, None, date(year, 12, 31), "year", None)


def _sessions(text: str, _year: int | None) -> _Found:
    """General Assembly sessions: "at its seventy-second session", "by the end of the
    seventy-first session of the General Assembly". Other bodies' sessions are left out."""
    for m in _SESSION_CORE.finditer(text):
        number = ordinal_value(m.group("ord"))
        if not 0 < number < 200 or not _is_assembly_session(text, m):
            continue
        if re.match(r"\s*,?\s+held\b", text[m.end() :]):
            continue  # "at its nineteenth session, held from ...": a meeting
        before = text[max(0, m.start() - 60) : m.start()]
        prefix = _SESSION_PREFIX.search(before)
        start = m.start() - (len(prefix.group(0)) if prefix else 0)
        closing = prefix is not None and (prefix.group("end") or prefix.group("during"))
        due = session_closing(number) if closing else session_opening(number)
        phrase = " ".join(text[start : m.end()].split())
        yield start, m.end(), DatePhrase(phrase, None, None, due, "session", number)


def _is_assembly_session(text: str, match: re.Match) -> bool:
    """Is "its Nth session" the General Assembly's? It is unless another body is named right
    before ("the High-level Committee ... at its twentieth session") or right after ("the
    twentieth session of the High-level Committee")."""
    if match.group("ga"):
        return True
    after = re.match(rf"\s+of\s+(?:the\s+)?(?P<name>{NAME_PATTERN})", text[match.end() :])
    if after and not _GA_NAME.match(after.group("name")):
        return False
    before = text[max(0, match.start() - 150) : match.start()]
    named = re.search(rf"(?P<name>{NAME_PATTERN})\s*,?\s+(?i:at|of|on|during|by|before|for)\s+$", before)
    if named and ORGAN_WORD.search(named.group("name")):
        return bool(re.search(r"(?:^|\bGeneral\s+)Assembly$", named.group("name")))
    return addressed_organ(text[: match.start()]) is None


_ADDRESSEE = re.compile(
    rf"^(?:\w+\s+)*?(?i:requests|invites|calls\s+upon|encourages|urges|reiterates\s+its\s+request\s+to)"
    rf"\s+(?:the\s+)?(?P<name>{NAME_PATTERN})"
)


def addressed_organ(before: str) -> str | None:
    """The body a request is addressed to, when "its" in the rest of the clause is that body's:
    "Requests the Committee of Experts to consider the plan at its twelfth session". None when
    the addressee is no body, or is the Assembly's own officer, or when the Assembly is named
    between the addressee and the session ("... to report to the General Assembly at its ...")."""
    match = _ADDRESSEE.match(before)
    if not match or not ORGAN_WORD.search(match.group("name")) or "Assembly" in match.group("name"):
        return None
    if re.search(r"\bAssembly\b", before[match.end() :]):
        return None
    return match.group("name")


# "the United Nations Decade of Sustainable Energy for All (2014–2024)": the span of a
# proclaimed decade or period of years, printed in brackets after its name.
_BRACKETED_YEARS = re.compile(r"\((?P<y1>\d{4})\s*[-–—]\s*(?P<y2>\d{4})\)")
_PERIOD_NAME = re.compile(r"\b(?:Decade|Years|Year|Period|Plan|Programme|Strategy|Framework|Agenda)\b")


def _bracketed_periods(text: str, _year: int | None) -> _Found:
    for m in _BRACKETED_YEARS.finditer(text):
        first, last = int(m.group("y1")), int(m.group("y2"))
        named = _PERIOD_NAME.search(text[max(0, m.start() - 120) : m.start()])
        if named and _plausible_year(first) and first < last <= 2200:
            yield (
                m.start(),
                m.end(),
                DatePhrase(_phrase(m), date(first, 1, 1), date(last, 12, 31), date(last, 12, 31), "year", None),
            )


def _is_citation(text: str, start: int) -> bool:
    """ "resolution 64/222 of 21 December 2009": the date identifies a document, asks nothing."""
    return bool(_CITATION_BEFORE.search(text[max(0, start - 60) : start]))


_FINDERS = (_day_ranges, _single_days, _months, _half_years, _years, _bracketed_periods, _sessions)
