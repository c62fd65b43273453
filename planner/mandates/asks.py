"""What operative paragraphs ask for, when, and what the planner could schedule for it.

Pipeline
--------
1. ``find_date_phrases``  finds time expressions and normalises each to a DatePhrase whose
   ``due`` is the last day meant: "from 31 October to 3 November 2016" (a day range),
   "by May 2017" (31 May 2017), "before the end of 2017" (31 December 2017), "no later than
   the first half of 2019" (30 June 2019), "at its seventy-second session" (a General
   Assembly session), "in 2018", "by 2030", "on 12 September 2017". Dates that only cite an
   earlier resolution ("resolution 64/222 of 21 December 2009") are skipped, and bare years
   ("the 2030 Agenda", "Sendai Framework ... 2015-2030") are never read as dates because
   every pattern needs a preposition ("by", "in", "before", "from", "at its" ...).
2. ``detect_asks``        splits a paragraph into clauses at operative verbs ("..., and
   requests", "in that regard decides to convene") and classifies each clause as convene,
   host, report, brief, take_note, welcome, request or other.
3. ``suggest``            turns actionable clauses of operative paragraphs into Suggestions:
   events (conferences, expos, committee sessions, briefings, observances, meetings) and
   deadlines (reports and other deliverables with a date or a session). Clauses that only
   recognise, stress or urge produce nothing; neither does a request with no deliverable, nor
   a deliverable with no time given.

Session conventions
-------------------
Rule 1 of the General Assembly's rules of procedure: a regular session opens on the Tuesday
of the third week of September, counting from the first week with at least one working day.
Session N opens in September of 1945 + N (``session_opening``; the 72nd opened on
12 September 2017). "At its Nth session" is due at the opening; "by the end of the Nth
session" is due the day before session N + 1 opens (``session_closing``; the 71st closed on
11 September 2017). Sessions of other bodies ("the High-level Committee ... at its twentieth
session") cannot be dated from the text: they are not date phrases; suggestions built on
them carry ``due=None`` with precision "session" and ``session=None``.

A day with no year ("on 12 September") takes the year printed a few words later ("on 12
September and 13 October 2017") or ``reference_year``; otherwise it is not a date phrase.
A single day has ``start`` set to that day and ``end=None``; ranges set both.

Suggestion rules
----------------
* convene: "decides to convene/hold/organize <event>", "requests X to convene <event>" ->
  event, role "convenes" (X becomes ``responsible``); "decides to proclaim 12 September as
  <Day>" -> observance, role "proclaims".
* host: "welcomes the offer of the Government of X to host <event> ... in <city>, on the
  theme “...”" -> event with host, city and theme, role "hosts". "The conference" refers back
  to the last fully named event of that kind.
* brief: "requests X to organize two briefings by May 2017" -> briefing event, count 2.
* report: "requests X to submit/present ... <a report | an updated version | a resolution
  ...>" with a date or a session -> deadline, role "requests_report", responsible X. A report
  "to <body> at its Nth session" also proposes that session as a committee_session event.
* take_note / welcome of "<body> at its Nth session, held from ..." -> committee_session event.
``Suggestion.session`` (an addition to the planner's contract) carries the General Assembly
session of session deadlines. Standard library only.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Iterable, Sequence

from planner.mandates.parser import ParsedParagraph, opening_phrase

__all__ = ["Ask", "DatePhrase", "Suggestion", "detect_asks", "find_date_phrases", "suggest",
           "ordinal_value", "session_opening", "session_closing"]


@dataclass(frozen=True)
class DatePhrase:
    """A time expression and the dates it means."""

    phrase: str            # the original words, e.g. "no later than the first half of 2019"
    start: date | None     # first day of a day range, or the day itself for a single day
    end: date | None       # inclusive last day of a range; None when not a range
    due: date              # the latest date meant: range end, or the deadline
    precision: str         # "day" | "month" | "half-year" | "year" | "session"
    session: int | None    # General Assembly session number for session phrases


@dataclass(frozen=True)
class Ask:
    """One clause of an operative paragraph: its verb phrase, what kind of ask, its dates."""

    verb: str              # e.g. "Requests", "Decides to convene", "Also takes note"
    kind: str              # convene | host | report | brief | take_note | welcome | request | other
    dates: tuple[DatePhrase, ...]


@dataclass(frozen=True)
class Suggestion:
    """An event or deadline the planner could create for an operative paragraph."""

    paragraph: int         # operative paragraph number
    target: str            # "event" | "deadline"
    title: str
    event_kind: str | None # conference | expo | committee_session | briefing | observance | meeting
    role: str              # convenes | hosts | requests_report | requests_briefing | takes_note | welcomes | proclaims
    start: date | None
    end: date | None
    due: date | None       # None when the text gives no datable time (e.g. another body's session)
    precision: str | None
    phrase: str | None     # the date phrase it came from
    count: int = 1         # e.g. two briefings -> 2
    city: str | None = None
    host: str | None = None
    theme: str | None = None
    responsible: str | None = None
    session: int | None = None   # General Assembly session of a session deadline


# =========================================================================== dates

MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "(?:" + "|".join(MONTHS) + ")"

_UNIT_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEEN_ORDINALS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
                  "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70,
         "eight": 80, "ninet": 90}


def _build_ordinals() -> dict[str, int]:
    """"first" .. "ninety-ninth" -> 1 .. 99."""
    words = {word: n for n, word in enumerate(_UNIT_ORDINALS, start=1)}
    words.update({word: n for n, word in enumerate(_TEEN_ORDINALS, start=10)})
    for stem, tens in _TENS.items():
        words[f"{stem}ieth"] = tens
        for n, unit in enumerate(_UNIT_ORDINALS, start=1):
            words[f"{stem}y-{unit}"] = tens + n
    return words


ORDINALS = _build_ordinals()
_ORDINAL = "(?:" + "|".join(sorted((w.replace("-", r"[-\s]") for w in ORDINALS),
                                   key=len, reverse=True)) + r"|\d{1,3}(?:st|nd|rd|th))"


def ordinal_value(text: str) -> int:
    """"seventy-second" -> 72, "71st" -> 71."""
    text = text.lower().strip()
    digits = re.match(r"\d+", text)
    return int(digits.group(0)) if digits else ORDINALS[re.sub(r"[\s-]+", "-", text)]


def session_opening(number: int) -> date:
    """Opening day of General Assembly session `number` (rule 1 of the rules of procedure)."""
    first = date(1945 + number, 9, 1)
    weekday = first.weekday()
    week_one = first - timedelta(days=weekday) if weekday <= 4 else first + timedelta(days=7 - weekday)
    return week_one + timedelta(days=15)


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
    rf"{_FROM}(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>\d{{4}}))?{_TO}"
    rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})")
_DAY_RANGE_ONE_MONTH = re.compile(
    rf"{_FROM}(?P<d1>\d{{1,2}}){_TO}(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})")
_DAY_RANGE_SHORT = re.compile(
    rf"(?:(?i:(?:from|on)\s+))?(?P<d1>\d{{1,2}})(?:(?:\s+(?P<m1>{_MONTH}))?\s*[-–]\s*|\s+and\s+)"
    rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})")
_SINGLE_DAY = re.compile(
    rf"(?:{_BY})?(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b")
_DAY_NO_YEAR = re.compile(
    rf"(?:(?i:(?:on|by|before|until)\s+))?(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\b(?!,?\s+\d{{4}})")
_MONTH_RANGE = re.compile(
    rf"{_FROM}(?P<m1>{_MONTH})(?:\s+(?P<y1>\d{{4}}))?{_TO}(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})")
_MONTH_YEAR = re.compile(rf"(?:{_END_OF}|{_BY})?(?<!\d\s)(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b")
_HALF_YEAR = re.compile(
    rf"(?:{_END_OF}|{_BY})?(?i:the\s+)?(?P<half>(?i:first|second))\s+(?i:half)\s+(?i:of)\s+(?P<y>\d{{4}})\b")
_YEAR_RANGE = re.compile(
    rf"(?:{_FROM}(?P<a1>\d{{4}}){_TO}(?P<a2>\d{{4}})"
    rf"|(?i:(?:for|during|over|in)\s+the\s+period\s+)(?P<b1>\d{{4}})\s*[-–]\s*(?P<b2>\d{{4}}))\b")
_YEAR = re.compile(
    rf"(?:{_END_OF}|(?i:(?:(?:no|not)\s+later\s+than|by|before|until|in|during)\s+))"
    rf"(?P<y>\d{{4}})\b(?![-–/]\d)(?!\s+Agenda)")
_SESSION_CORE = re.compile(
    rf"(?i:\b(?:its|the)\s+(?:main\s+part\s+of\s+(?:its|the)\s+)?)(?P<ord>(?i:{_ORDINAL}))"
    rf"\s+(?i:session)\b(?P<ga>\s+of\s+the\s+General\s+Assembly)?")
_SESSION_PREFIX = re.compile(
    r"(?i:(?P<end>(?:(?:(?:no|not)\s+later\s+than|by|before|at|until|towards|prior\s+to)\s+)?"
    r"the\s+end\s+of\s+)|(?P<during>during\s+)|(?P<at>(?:(?:no|not)\s+later\s+than|by|before|at|"
    r"until|in|for|prior\s+to)\s+))$")
_CITATION_BEFORE = re.compile(r"(?:\d+/[\w.]+|[A-Z]{1,6}/[\w./-]+)(?:\s+[A-Z])?\s+of\s*$")
_NAME = r"[A-Z][\w'’-]*(?:\s+(?:(?:of|on|for|and|the|to|in|de)\s+)*[A-Z][\w'’-]*)*"
_ORGAN_WORD = re.compile(r"\b(?:Committee|Council|Commission|Conference|Board|Forum|Group|Meeting|"
                         r"Parties|Panel|Platform|Authority|Organization|Body|Subcommittee|Summit|"
                         r"Assembly|Tribunal|Court|Agency|Programme|Fund|Convention)\b")
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
            if first and last and first <= last and _plausible_year(year2) \
                    and not _is_citation(text, m.start()):
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
    """"on 12 September and 13 October 2017": the year printed a few words later."""
    match = re.search(r"\b(?:19|20)\d{2}\b", text[end:end + 40])
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
            yield m.start(), m.end(), DatePhrase(_phrase(m), date(first, 1, 1), date(last, 12, 31),
                                                 date(last, 12, 31), "year", None)
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
        if re.match(r"\s*,?\s+held\b", text[m.end():]):
            continue                       # "at its nineteenth session, held from ...": a meeting
        before = text[max(0, m.start() - 60):m.start()]
        prefix = _SESSION_PREFIX.search(before)
        start = m.start() - (len(prefix.group(0)) if prefix else 0)
        closing = prefix is not None and (prefix.group("end") or prefix.group("during"))
        due = session_closing(number) if closing else session_opening(number)
        phrase = " ".join(text[start:m.end()].split())
        yield start, m.end(), DatePhrase(phrase, None, None, due, "session", number)


def _is_assembly_session(text: str, match: re.Match) -> bool:
    """Is "its Nth session" the General Assembly's? It is unless another body is named right
    before ("the High-level Committee ... at its twentieth session") or right after ("the
    twentieth session of the High-level Committee")."""
    if match.group("ga"):
        return True
    after = re.match(rf"\s+of\s+(?:the\s+)?(?P<name>{_NAME})", text[match.end():])
    if after and not _GA_NAME.match(after.group("name")):
        return False
    before = text[max(0, match.start() - 150):match.start()]
    named = re.search(rf"(?P<name>{_NAME})\s*,?\s+(?i:at|of|during|by|before)\s+$", before)
    if named and _ORGAN_WORD.search(named.group("name")):
        return bool(re.search(r"(?:^|\bGeneral\s+)Assembly$", named.group("name")))
    return True


def _is_citation(text: str, start: int) -> bool:
    """"resolution 64/222 of 21 December 2009": the date identifies a document, asks nothing."""
    return bool(_CITATION_BEFORE.search(text[max(0, start - 60):start]))


_FINDERS = (_day_ranges, _single_days, _months, _half_years, _years, _sessions)


# =========================================================================== asks

_ADVERBS = r"(?:(?:also|further|again|once\s+again|strongly|firmly|warmly|fully|deeply|further\s+also)\s+)"
_VERBS = (r"takes\s+note|calls\s+(?:upon|on)|looks\s+forward|reiterates\s+its\s+(?:request|call)|"
          r"expresses|requests|decides|invites|encourages|urges|welcomes|notes|reaffirms|"
          r"recognizes|recognises|stresses|emphasizes|emphasises|reiterates|acknowledges|recalls|"
          r"endorses|approves|authorizes|authorises|appeals|commends|affirms|underlines|"
          r"underscores|designates|proclaims|declares|condemns|deplores|regrets|considers|"
          r"agrees|adopts|highlights|recommends|exhorts|accepts|supports")
_CLAUSE_START = re.compile(
    rf"(?:^|(?<=[,;])\s+(?:and\s+)?(?:(?:in\s+(?:this|that)\s+(?:regard|context|connection|respect)"
    rf"|to\s+(?:this|that)\s+end)\s*,?\s+)?)(?P<verb>{_ADVERBS}*(?:{_VERBS}))\b(?!\s+(?:and|or)\b)",
    re.I)

_REQUEST_VERBS = {"requests", "reiterates", "calls", "invites", "urges", "encourages", "appeals",
                  "exhorts", "recommends"}
_EVENT_NOUN = re.compile(r"\b(?:conference|summit|expo|exposition|session|meeting|forum|dialogue|"
                         r"briefing|symposium|workshop|seminar|round\s?table|retreat|event|day|"
                         r"week|year|decade|commemoration|celebration)s?\b", re.I)
_HOST = re.compile(
    r"(?:offer|decision|invitation|commitment|willingness|proposal)\s+(?:made\s+)?(?:by|of|from)\s+"
    r"(?P<host>[^;]+?)\s+to\s+(?:co-)?host\s+(?P<obj>[^;]+)", re.I)
_CONVENE = re.compile(r"\bto\s+(?:convene|hold|organize|organise)\s+(?P<obj>[^;]+)", re.I)
_PROCLAIM = re.compile(r"\bto\s+(?:proclaim|designate|declare|observe|commemorate)\s+(?P<when>[^;]*?)"
                       r"\s+as\s+(?:the\s+)?(?P<obj>[^;]+)", re.I)
_PROCLAIM_DIRECT = re.compile(r"^(?:\w+\s+)*?(?:proclaims|designates|declares)\s+(?P<when>[^;]*?)"
                              r"\s+as\s+(?:the\s+)?(?P<obj>[^;]+)", re.I)
_BRIEFING = re.compile(r"\bto\s+(?:organize|organise|hold|convene|provide|conduct|give|arrange)\s+"
                       r"(?P<obj>(?:[\w-]+\s+){0,3}?briefings?\b[^;]*)", re.I)
_BRIEF_VERB = re.compile(r"\bto\s+brief\s+(?P<audience>[^,;]+?)(?:\s+on\s+(?P<topic>[^,;]+))?(?=[,;]|$)", re.I)
_REPORT_ON = re.compile(r"\bto\s+report\s+(?:(?:back\s+)?to\s+the\s+[^,;]+?\s+)?on\s+(?P<topic>[^;]+)", re.I)
_DELIVERABLE = re.compile(
    r"\b(?P<np>(?:a|an|the|its|his|her|their)\s+"
    r"(?:(?!(?:a|an|the|its|his|her|their|of|to|session)\b)[\w-]+\s+){0,4}?"
    r"(?:reports?|proposals?|update|version|study|review|recommendations|assessment|analysis|"
    r"plan|strategy|resolution|note|information|overview|summary|road\s?map|evaluation|paper|"
    r"compilation|declaration|outcome\s+document|draft)\b)", re.I)
# Where a deliverable is asked for: "to submit", "to present", "the adoption ... of".
_DELIVERY_CONTEXT = re.compile(
    r"\bto\s+(?:\w+ly\s+)?(?:submit|present|prepare|provide|transmit|produce|issue|make|undertake|"
    r"conduct|draft|develop|elaborate|update|finali[sz]e|adopt|include|compile|circulate)\b"
    r"|\b(?:adoption|submission|presentation|preparation|finali[sz]ation|consideration)\b", re.I)
_TITLE_STOP = re.compile(
    r",\s+(?=(?:in|with|under|within|making|taking|including|bearing|as|through|by|for|and|"
    r"mindful|which|that|so|on\s+the\s+basis|at|during|from|no|not|before|after|while|whereby|"
    r"where|noting|recalling|showcasing|to|inter\s+alia|if|upon|containing|focusing|"
    r"highlighting|reflecting|taking)\b)|;|\.(?:\s|$)", re.I)
_ORGAN_SESSION = re.compile(
    rf"(?P<organ>{_NAME})\s*,?\s+at\s+its\s+(?P<ord>(?i:{_ORDINAL}))\s+session"
    rf"|(?P<ord2>(?i:{_ORDINAL}))\s+session\s+of\s+the\s+(?P<organ2>{_NAME})")
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}


@dataclass(frozen=True)
class _Clause:
    text: str
    ask: Ask


def detect_asks(paragraph_text: str) -> list[Ask]:
    """Every ask in a paragraph, one per clause, in order: "Recognizes ..., in that regard
    decides to convene ..., and requests ..." gives other, convene and report."""
    return [clause.ask for clause in _clauses(paragraph_text)]


def _clauses(text: str) -> list[_Clause]:
    text = " ".join(text.split())
    starts = [m.start("verb") for m in _CLAUSE_START.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    clauses = []
    for start, end in zip(starts, starts[1:] + [len(text)]):
        piece = text[start:end].rstrip(" ,;.")
        if piece:
            verb = opening_phrase(piece)
            clauses.append(_Clause(piece, Ask(verb, _classify(verb, piece),
                                              tuple(find_date_phrases(piece)))))
    return clauses


def _main_verb(verb_phrase: str) -> str:
    """"Also takes note" -> "takes"; "Decides to convene" -> "decides"."""
    words = verb_phrase.lower().split()
    skip = {"also", "further", "again", "once", "strongly", "firmly", "warmly", "fully", "deeply"}
    return next((w for w in words if w not in skip), "")


def _classify(verb_phrase: str, clause: str) -> str:
    """convene | host | report | brief | take_note | welcome | request | other."""
    verb = _main_verb(verb_phrase)
    lowered = verb_phrase.lower()
    if verb in ("takes", "notes") and (verb == "notes" or "note" in lowered):
        return "take_note"
    if verb in ("welcomes", "accepts"):
        return "host" if _HOST.search(clause) else "welcome"
    if verb == "decides":
        if _HOST.search(clause):
            return "host"
        return "convene" if _convened_event(clause) or _PROCLAIM.search(clause) else "other"
    if verb in ("proclaims", "designates", "declares") and _PROCLAIM_DIRECT.search(clause):
        return "convene"
    if verb in _REQUEST_VERBS and (verb != "reiterates" or "request" in lowered or "call" in lowered):
        if _BRIEFING.search(clause) or _BRIEF_VERB.search(clause):
            return "brief"
        if verb in ("requests", "reiterates", "invites") and _convened_event(clause):
            return "convene"
        if _REPORT_ON.search(clause) or _deliverable(clause):
            return "report"
        return "request"
    return "other"


def _convened_event(clause: str) -> re.Match | None:
    """"to convene a high-level meeting ...": the words after the verb name an event."""
    match = _CONVENE.search(clause)
    if match and _EVENT_NOUN.search(_cut_title(match.group("obj"), ())):
        return match
    return None


# =========================================================================== suggestions

def suggest(paragraphs: Sequence[ParsedParagraph]) -> list[Suggestion]:
    """Events and deadlines proposed by the operative paragraphs (preambular ones are ignored).

    Works with any objects that have `kind`, `number` and `text` (e.g. stored paragraphs).
    """
    suggestions: list[Suggestion] = []
    seen: set[tuple[int, str, str]] = set()
    named: dict[str, str] = {}             # latest full event title of each kind
    for paragraph in paragraphs:
        if str(getattr(paragraph.kind, "value", paragraph.kind)) != "operative":
            continue
        for clause in _clauses(paragraph.text):
            for item in _suggest_for_clause(paragraph.number, clause):
                item = _resolve_reference(item, clause.text, named)
                key = (item.paragraph, item.target, item.title.casefold())
                if key not in seen:
                    seen.add(key)
                    suggestions.append(item)
    return suggestions


def _resolve_reference(item: Suggestion, clause: str, named: dict[str, str]) -> Suggestion:
    """"to host the conference" names the conference of an earlier paragraph: use its title."""
    if item.target != "event" or item.event_kind is None:
        return item
    words = item.title.split()
    if len(words) <= 2 and re.search(rf"\bthe\s+{re.escape(item.title)}\b", clause, re.I):
        if item.event_kind in named:
            return replace(item, title=named[item.event_kind])
    elif len(words) > 2:
        named[item.event_kind] = item.title
    return item


def _suggest_for_clause(number: int, clause: _Clause) -> list[Suggestion]:
    builders = {"convene": _convene, "host": _host, "brief": _briefing, "report": _report,
                "take_note": _noted_event, "welcome": _noted_event}
    builder = builders.get(clause.ask.kind)
    return builder(number, clause) if builder else []


def _convene(number: int, clause: _Clause) -> list[Suggestion]:
    """"decides to convene a high-level ... conference ..., no later than the first half of 2019"."""
    text = clause.text
    proclaimed = _PROCLAIM.search(text) or _PROCLAIM_DIRECT.search(text)
    if proclaimed and not _CONVENE.search(text):
        return [_observance(number, clause, proclaimed)]
    match = _CONVENE.search(text)
    if not match:
        return []
    obj = match.group("obj")
    dates = find_date_phrases(obj)
    title = _cut_title(obj, dates)
    if not title:
        return []
    responsible = _addressee(text) if _main_verb(clause.ask.verb) != "decides" else None
    return [_event(number, title, "convenes", dates[0] if dates else None, obj,
                   responsible=responsible)]


def _observance(number: int, clause: _Clause, match: re.Match) -> Suggestion:
    """"decides to proclaim 12 September as United Nations Day for South-South Cooperation"."""
    title = _cut_title(match.group("obj"), ())
    when = match.group("when")
    dates = find_date_phrases(when)
    day_only = re.search(rf"\d{{1,2}}\s+{_MONTH}", when)
    suggestion = _event(number, title, "proclaims", dates[0] if dates else None, "")
    if not dates and day_only:
        suggestion = replace(suggestion, phrase=day_only.group(0))
    return replace(suggestion, event_kind="observance")


def _host(number: int, clause: _Clause) -> list[Suggestion]:
    """"Welcomes the offer made by the Government of X to host the ... Expo from ... in Dubai"."""
    match = _HOST.search(clause.text)
    if not match:
        return []
    obj = match.group("obj")
    dates = find_date_phrases(obj)
    title = _cut_title(obj, dates)
    if not title:
        return []
    return [_event(number, title, "hosts", dates[0] if dates else None, obj,
                   host=_clean_host(match.group("host")))]


def _briefing(number: int, clause: _Clause) -> list[Suggestion]:
    """"to organize two in-depth briefings by May 2017 on how ..." -> 2 briefing events."""
    text = clause.text
    responsible = _addressee(text)
    match = _BRIEFING.search(text)
    if match:
        obj = match.group("obj")
        dates = find_date_phrases(obj)
        words = obj.split(maxsplit=1)
        count = 1
        if words and (words[0].lower() in _COUNT_WORDS or words[0].isdigit()):
            count = int(words[0]) if words[0].isdigit() else _COUNT_WORDS[words[0].lower()]
            obj = words[1] if len(words) > 1 else ""
        title = _cut_title(obj, dates)
    else:
        brief = _BRIEF_VERB.search(text)
        dates = find_date_phrases(text[brief.start():])
        count = 1
        topic = brief.group("topic")
        title = _cut_title(f"briefing on {topic}" if topic else f"briefing to {brief.group('audience')}", dates)
    suggestion = _event(number, title, "requests_briefing", dates[0] if dates else None, "",
                        responsible=responsible)
    return [replace(suggestion, event_kind="briefing", count=count)]


def _report(number: int, clause: _Clause) -> list[Suggestion]:
    """A deliverable with a time: "requests the Secretary-General to submit to the General
    Assembly at its seventy-second session a comprehensive report on ...". A report to another
    body's session also proposes that session as an event; with no time at all, nothing."""
    text = clause.text
    responsible = _addressee(text)
    organ = _organ_session(text)
    title = None
    if organ and re.search(r"\bin\s+(?:his|her|its|their)\s+(?:\w+\s+)?report\s+to\b", text):
        title = f"Report to the {organ[1]} session of the {organ[0]}"
    title = title or _deliverable(text)
    if not title:
        return []
    dates = clause.ask.dates
    suggestions = []
    if dates:
        chosen = _deadline_phrase(dates)
        suggestions.append(Suggestion(number, "deadline", title, None, "requests_report", None,
                                      None, chosen.due, chosen.precision, chosen.phrase,
                                      responsible=responsible, session=chosen.session))
    elif organ:
        suggestions.append(Suggestion(number, "deadline", title, None, "requests_report", None,
                                      None, None, "session", organ[2], responsible=responsible))
    if organ:
        suggestions.append(_committee_session(number, organ, "requests_report", None))
    return suggestions


def _deadline_phrase(dates: Sequence[DatePhrase]) -> DatePhrase:
    """The phrase that sets a deadline: a session or a "by/before" phrase, else the first."""
    for phrase in dates:
        if phrase.precision == "session" or re.match(r"(?i)(?:no|not|by|before|prior|until)\b", phrase.phrase):
            return phrase
    return dates[0]


def _noted_event(number: int, clause: _Clause) -> list[Suggestion]:
    """Taking note of, or welcoming, an event: "decisions adopted by the High-level Committee
    ... at its nineteenth session, held from 16 to 19 May 2016"; "welcomes the convening of ..."."""
    role = "takes_note" if clause.ask.kind == "take_note" else "welcomes"
    text = clause.text
    organ = _organ_session(text)
    if organ:
        mentioned = max(text.find(organ[2]), 0)
        held = [d for d in clause.ask.dates if d.precision == "day" and text.find(d.phrase) >= mentioned]
        return [_committee_session(number, organ, role, held[0] if held else None,
                                   details=text[mentioned:])]
    match = re.search(r"\b(?:convening|holding|organization|organisation|hosting)\s+of\s+(?P<obj>[^;]+)",
                      text, re.I)
    if match:
        obj = match.group("obj")
        dates = find_date_phrases(obj)
        title = _cut_title(obj, dates)
        if title and _EVENT_NOUN.search(title):
            return [_event(number, title, role, dates[0] if dates else None, obj)]
    return []


# ----------------------------------------------------------------------------- builders

def _event(number: int, title: str, role: str, when: DatePhrase | None, details: str, *,
           host: str | None = None, responsible: str | None = None) -> Suggestion:
    start = end = due = None
    precision = phrase = None
    if when is not None:
        due, precision, phrase = when.due, when.precision, when.phrase
        if when.precision == "day":
            start, end = when.start, when.end or when.start
    return Suggestion(number, "event", title, _event_kind(title), role, start, end, due,
                      precision, phrase, city=_city(details, title), host=host,
                      theme=_theme(details), responsible=responsible,
                      session=when.session if when else None)


def _committee_session(number: int, organ: tuple[str, str, str], role: str,
                       when: DatePhrase | None, details: str = "") -> Suggestion:
    name, ordinal, phrase = organ
    suggestion = _event(number, f"{ordinal.capitalize()} session of the {name}", role, when, details)
    if when is None:
        suggestion = replace(suggestion, phrase=phrase)
    return replace(suggestion, event_kind="committee_session")


def _organ_session(text: str) -> tuple[str, str, str] | None:
    """(body, ordinal, words) for another body's session: ("High-level Committee on South-South
    Cooperation", "twentieth", "at its twentieth session"). The General Assembly is excluded."""
    for m in _ORGAN_SESSION.finditer(text):
        name = m.group("organ") or m.group("organ2")
        ordinal = m.group("ord") or m.group("ord2")
        name = re.sub(r"^(?:The|the)\s+", "", name)
        if _ORGAN_WORD.search(name) and not re.search(r"(?:^|General\s+)Assembly$", name):
            words = f"at its {ordinal} session" if m.group("organ") else m.group(0)
            return name, " ".join(ordinal.lower().split()), words
    return None


def _event_kind(title: str) -> str:
    """conference | expo | committee_session | briefing | observance | meeting, from the head noun."""
    head = re.split(r"\s+(?:on|of|for|to|in|at|under|with)\s+", title, maxsplit=1)[0].lower()
    for text in (head, title.lower()):
        if re.search(r"\bexpo(?:sition)?\b|\bfair\b", text):
            return "expo"
        if re.search(r"\bconference\b|\bsummit\b", text):
            return "conference"
        if re.search(r"\bsession\b", text):
            return "committee_session"
        if re.search(r"\bbriefings?\b", text):
            return "briefing"
        if re.search(r"\b(?:day|week|year|decade|commemoration|anniversary)\b", text):
            return "observance"
        if re.search(r"\b(?:meeting|forum|dialogue|symposium|workshop|seminar|round\s?table|retreat)\b", text):
            return "meeting"
    return "meeting"


def _cut_title(obj: str, dates: Sequence[DatePhrase]) -> str:
    """Clean title from the words after the verb: date phrases removed, cut before the city,
    theme or next comma, leading article dropped, capitalised, no trailing punctuation."""
    for phrase in dates:
        obj = obj.replace(phrase.phrase, " ")
    obj = " ".join(obj.split())
    obj = re.sub(r"\s+,", ",", obj).lstrip(" ,")
    obj = re.split(r",|;|\s+in\s+(?=[A-Z])|\s+(?:on|under|with)\s+the\s+(?:overarching\s+)?theme\b"
                   r"|\s+at\s+(?=the\s|United\s)|\s+(?:from|during)\s+(?=\d)", obj)[0]
    return _clean_title(obj)


def _clean_title(text: str, limit: int = 250) -> str:
    text = " ".join(text.split()).strip(" ,;:.")
    text = re.sub(r"^(?:a|an|the)\s+", "", text, flags=re.I)
    text = re.sub(r"\b(?:its|his|her|their)\b", "the", text, count=1)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0]
        text = re.sub(r"(?:\s+(?:of|the|and|to|on|for|by|in|a|an|with|or))+$", "", text)
    text = text.strip(" ,;:.")
    return text[:1].upper() + text[1:]


# "... a report on X to the General Assembly at its ..." : the addressee is not part of the title.
_ADDRESSED_TO = re.compile(r"\s+(?:to|for\s+consideration\s+by)\s+the\s+(?:[A-Z][\w-]*\s+)*"
                           r"(?:Assembly|Council|Committee|Commission|Board|Forum|Conference)\b")


def _deliverable(clause: str) -> str | None:
    """Title of what is to be delivered: "an updated version of its recommendations ...",
    "a comprehensive report on the state of South-South cooperation", "a resolution on ..."."""
    topic = _REPORT_ON.search(clause)
    if topic:
        return _clean_title("report on " + _ADDRESSED_TO.split(_TITLE_STOP.split(topic.group("topic"))[0])[0])
    context = _DELIVERY_CONTEXT.search(clause)
    if not context:
        return None
    for m in _DELIVERABLE.finditer(clause, context.start()):
        before = clause[max(0, m.start() - 20):m.start()].lower()
        noun_phrase = m.group("np")
        if re.search(r"(?:as\s+part\s+of|\bin|\bon|\bunder|\bby)\s+$", before) \
                or re.match(r"(?i)the\s+(?:present|said|same)\b", noun_phrase) \
                or any(word[:1].isupper() for word in noun_phrase.split()[1:]):
            continue                       # a vehicle ("as part of his report") or a named document
        rest = clause[m.start():]
        rest = _TITLE_STOP.split(rest)[0]
        rest = _ADDRESSED_TO.split(rest)[0]
        for phrase in find_date_phrases(rest):
            rest = rest.split(phrase.phrase)[0]
        title = _clean_title(rest)
        if title:
            return title
    return None


def _addressee(clause: str) -> str | None:
    """Who is asked: "Requests, in this regard, the Administrator of the United Nations
    Development Programme, as Chair ..." -> "Administrator of the United Nations Development
    Programme"; "reiterates its request to the Secretary-General" -> "Secretary-General"."""
    match = re.match(rf"(?i){_ADVERBS}*(?:reiterates\s+its\s+(?:request|call)\s+(?:to|upon)|"
                     rf"calls\s+(?:upon|on)|\w+)\s*(?:,\s*(?:in\s+(?:this|that)\s+(?:regard|context|"
                     rf"connection)|also|further)\s*,)?\s*", clause)
    rest = clause[match.end():] if match else clause
    who = re.match(r"(?:the\s+)?(?P<who>[A-Z][^,;]*?)(?=\s*,|\s+to\s+(?!the\b|a\b|an\b|all\b|its\b|their\b)"
                   r"[a-z]|\s*;|\s+(?:in|at|by)\s+(?:his|her|its|their)\b|$)", rest)
    return who.group("who").strip() if who else None


def _clean_host(text: str) -> str:
    """"the Government of the United Arab Emirates" -> "United Arab Emirates"."""
    text = re.sub(r"^(?:the\s+)?(?:generous\s+)?", "", text.strip(), flags=re.I)
    text = re.sub(r"^(?:Governments?|Government)\s+of\s+(?:the\s+)?", "", text)
    return text.strip(" ,")


def _city(details: str, title: str) -> str | None:
    """"... Expo from 31 October to 3 November 2016 in Dubai, ..." -> "Dubai"."""
    if not details:
        return None
    after_title = details
    index = details.lower().find(title.lower()[:30]) if title else -1
    if index >= 0:
        after_title = details[index + len(title):]
    match = re.search(r"\bin\s+(?P<city>[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|da|del|es|al))*)",
                      after_title)
    if not match:
        return None
    city = match.group("city").rstrip(".")
    return None if re.match(r"(?:January|February|March|April|May|June|July|August|September|"
                            r"October|November|December)$", city) else city


def _theme(details: str) -> str | None:
    """"on the theme “Enhancing innovation towards achieving the 2030 Agenda”"."""
    match = re.search(r"\btheme\s+[“\"‘']\s*(?P<theme>[^”\"’]+?)\s*[,.;]?\s*[”\"’']", details, re.I)
    return match.group("theme").strip() if match else None
