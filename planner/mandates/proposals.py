"""Proposals: the events and deadlines the planner could create for a resolution's asks.

``suggest`` turns actionable clauses of operative paragraphs into Suggestions:
events (conferences, expos, committee sessions, briefings, observances, meetings) and
deadlines (reports and other deliverables, or requested actions, with a date or a session).
Clauses that only recognise, stress or urge produce nothing, unless they name an event with its
date; neither does a request with no deliverable and no time limit, nor a deliverable with no
time given.

Rules
-----
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
* any clause naming an event with its date ("recalls the convening of the ... Conference, held
  in Buenos Aires from 20 to 22 March 2019", "the ... Expo, held from ...", "the Conference to be
  held in 2019", "the ... Decade (2014–2024)") -> event, role "recalls" (or the clause's own
  role: takes_note, welcomes, hosts, convenes); the title is the event's noun phrase.
* request: "requests X to <do something> before the end of 2021 / at its Nth session" with no
  deliverable -> deadline for the action, role "requests".
``Suggestion.session`` (an addition to the planner's contract) carries the General Assembly
session of session deadlines, and ``Suggestion.organ`` whose session it is: "General Assembly",
or the committee or board named with "at its Nth session" (whose sessions the text cannot date:
``due`` is None). "No later than 30 June 2042" is a time limit: an event gets it as ``due`` only.

What the secretariat decided about each proposal is stored by planner.mandates.suggestions.
Plain Python (the standard library only).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from planner.mandates.asks import (
    ADVERBS_PATTERN,
    BRIEF_VERB,
    BRIEFING,
    CONVENE,
    EVENT_NOUN,
    HOST,
    PROCLAIM,
    PROCLAIM_DIRECT,
    Clause,
    clauses,
    cut_title,
    deliverable,
    main_verb,
)
from planner.mandates.dates import (
    MONTH_PATTERN,
    NAME_PATTERN,
    ORDINAL_PATTERN,
    ORGAN_WORD,
    DatePhrase,
    addressed_organ,
    find_date_phrases,
)
from planner.mandates.parser import ParsedParagraph


@dataclass(frozen=True)
class Suggestion:
    """An event or deadline the planner could create for an operative paragraph."""

    paragraph: int  # operative paragraph number
    target: str  # "event" | "deadline"
    title: str
    event_kind: str | None  # conference | expo | committee_session | briefing | observance | meeting
    role: str  # convenes | hosts | requests_report | requests_briefing | takes_note | welcomes | proclaims
    start: date | None
    end: date | None
    due: date | None  # None when the text gives no datable time (e.g. another body's session)
    precision: str | None
    phrase: str | None  # the date phrase it came from
    count: int = 1  # e.g. two briefings -> 2
    city: str | None = None
    host: str | None = None
    theme: str | None = None
    responsible: str | None = None
    session: int | None = None  # General Assembly session of a session deadline
    organ: str | None = None  # whose session a session deadline is: "General Assembly", a committee, a board
    paragraph_kind: str = "operative"  # "preambular" for an event a preambular paragraph recalls


_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
}
_ORGAN_SESSION = re.compile(
    rf"(?P<organ>{NAME_PATTERN})\s*,?\s+at\s+its\s+(?P<ord>(?i:{ORDINAL_PATTERN}))\s+session"
    rf"|(?P<ord2>(?i:{ORDINAL_PATTERN}))\s+session\s+of\s+the\s+(?P<organ2>{NAME_PATTERN})"
)


def suggest(paragraphs: Sequence[ParsedParagraph]) -> list[Suggestion]:
    """Events and deadlines proposed by the operative paragraphs (preambular ones are ignored).

    Works with any objects that have `kind`, `number` and `text` (e.g. stored paragraphs).
    """
    suggestions: list[Suggestion] = []
    seen: set[tuple[int, str, str]] = set()
    named: dict[str, str] = {}  # latest full event title of each kind
    for paragraph in paragraphs:
        if str(getattr(paragraph.kind, "value", paragraph.kind)) != "operative":
            continue
        for clause in clauses(paragraph.text):
            for item in _suggest_for_clause(paragraph.number, clause):
                item = _resolve_reference(item, clause.text, named)
                key = (item.paragraph, item.target, item.title.casefold())
                if key not in seen:
                    seen.add(key)
                    suggestions.append(item)
    return suggestions


def _resolve_reference(item: Suggestion, clause: str, named: dict[str, str]) -> Suggestion:
    """ "to host the conference" names the conference of an earlier paragraph: use its title."""
    if item.target != "event" or item.event_kind is None:
        return item
    words = item.title.split()
    if len(words) <= 2 and re.search(rf"\bthe\s+{re.escape(item.title)}\b", clause, re.I):
        if item.event_kind in named:
            return replace(item, title=named[item.event_kind])
    elif len(words) > 2:
        named[item.event_kind] = item.title
    return item


def _suggest_for_clause(number: int, clause: Clause) -> list[Suggestion]:
    builders = {
        "convene": _convene,
        "host": _host,
        "brief": _briefing,
        "report": _report,
        "request": _dated_request,
        "take_note": _noted_event,
        "welcome": _noted_event,
    }
    builder = builders.get(clause.ask.kind)
    found = builder(number, clause) if builder else []
    used = {item.phrase for item in found if item.target == "event" and item.phrase}
    found += [item for item in _mentioned_events(number, clause) if item.phrase not in used]
    return found


# Between an event's name and its date: ", to be held in Buenos Aires", ", held", ", hosted by
# the Government of Turkey,", "which will take place in Geneva", or nothing ("Decade (2014–2024)").
_EVENT_TO_DATE = re.compile(
    r"^\s*,?\s*(?:(?:(?:to\s+be|which\s+(?:was|will\s+be)|that\s+(?:was|will\s+be)|was|will\s+be)\s+)?"
    r"(?:held|hosted|convened|organized|organised|celebrated|observed|launched)"
    r"|(?:which|that)\s+(?:took|will\s+take)\s+place|taking\s+place)?"
    r"(?:\s+(?:by|in|at)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.-]*)*(?:\s*,\s*[A-Z][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*)*)?\s*,?)*\s*$"
)
# The head noun of a named event and what completes its name ("Conference on South-South Cooperation").
_EVENT_HEAD = re.compile(
    rf"\b(?:Conference|Summit|Expo|Exposition|Forum|Dialogue|Decade|Year|Day|Week|Meeting|Symposium|"
    rf"Olympiad|Games|Congress|Assembly|Session|conference|summit|expo|forum|dialogue|meeting|symposium|"
    rf"session|workshop|seminar|retreat)\b(?:\s+(?:of|on|for|to)\s+(?:the\s+)?{NAME_PATTERN})?(?:\s+“[^”]{{1,120}}”)?"
)
# Words that end the name of an event when reading back from its head noun.
_NAME_STOPS = frozenset(
    """
    the a an its their his her of in on at to for by from with and or as that which convening holding
    hosting organization organisation participate participation preparation preparations outcome
    """.split()
)


def _mentioned_events(number: int, clause: Clause) -> list[Suggestion]:
    """Events a clause names with their date, whatever its verb: "Recalls the convening of the
    second High-level United Nations Conference ..., held in Buenos Aires from 20 to 22 March
    2019", "the ninth annual Global South-South Development Expo, held from 27 to 30 November
    2017", "the Conference to be held in Buenos Aires in 2019", "the Decade (2014–2024)".

    The title is the event's noun phrase: read back from its head noun to the article before it,
    and on over the name that completes it; sessions of other bodies are left to the committee
    session rule, and the General Assembly's own sessions are not events to create.
    """
    text = clause.text
    role = {"take_note": "takes_note", "welcome": "welcomes", "host": "hosts", "convene": "convenes"}.get(
        clause.ask.kind, "recalls"
    )
    suggestions = []
    for phrase in clause.ask.dates:
        if phrase.precision == "session" or re.match(
            r"(?i)(?:no|not|by|before|prior|until|the\s+end)\b", phrase.phrase
        ):
            continue
        at = text.find(phrase.phrase)
        head = None
        for m in _EVENT_HEAD.finditer(text, 0, max(at, 0)):
            if _EVENT_TO_DATE.match(text[m.end() : at]):
                head = m
        if at < 0 or head is None:
            continue
        title = _event_name(text, head)
        if not title or re.match(r"(?i)(?:General\s+Assembly|\w+\s+session)$", title):
            continue
        if re.search(r"(?i)\bsession\b", title) and _organ_session(text[head.start() :]) is None:
            continue
        suggestions.append(_event(number, title, role, phrase, text[head.start() :]))
    return suggestions


def _event_name(text: str, head: re.Match) -> str:
    words = text[: head.start()].split()
    kept: list[str] = []
    for word in reversed(words[-10:]):
        if word.lower().strip('“”"') in _NAME_STOPS or re.search(r"[,;:]$", word):
            break
        kept.insert(0, word)
    return cut_title(" ".join(kept + [head.group(0)]), ())


def _convene(number: int, clause: Clause) -> list[Suggestion]:
    """ "decides to convene a high-level ... conference ..., no later than the first half of 2019"."""
    text = clause.text
    proclaimed = PROCLAIM.search(text) or PROCLAIM_DIRECT.search(text)
    if proclaimed and not CONVENE.search(text):
        return [_observance(number, clause, proclaimed)]
    match = CONVENE.search(text)
    if not match:
        return []
    obj = match.group("obj")
    dates = find_date_phrases(obj)
    title = cut_title(obj, dates)
    if not title:
        return []
    responsible = _addressee(text) if main_verb(clause.ask.verb) != "decides" else None
    return [_event(number, title, "convenes", dates[0] if dates else None, obj, responsible=responsible)]


def _observance(number: int, clause: Clause, match: re.Match) -> Suggestion:
    """ "decides to proclaim 12 September as United Nations Day for South-South Cooperation"."""
    title = cut_title(match.group("obj"), ())
    when = match.group("when")
    dates = find_date_phrases(when)
    day_only = re.search(rf"\d{{1,2}}\s+{MONTH_PATTERN}", when)
    suggestion = _event(number, title, "proclaims", dates[0] if dates else None, "")
    if not dates and day_only:
        suggestion = replace(suggestion, phrase=day_only.group(0))
    return replace(suggestion, event_kind="observance")


def _host(number: int, clause: Clause) -> list[Suggestion]:
    """ "Welcomes the offer made by the Government of X to host the ... Expo from ... in Dubai"."""
    match = HOST.search(clause.text)
    if not match:
        return []
    obj = match.group("obj")
    dates = find_date_phrases(obj)
    title = cut_title(obj, dates)
    if not title:
        return []
    return [_event(number, title, "hosts", dates[0] if dates else None, obj, host=_clean_host(match.group("host")))]


def _briefing(number: int, clause: Clause) -> list[Suggestion]:
    """ "to organize two in-depth briefings by May 2017 on how ..." -> 2 briefing events."""
    text = clause.text
    responsible = _addressee(text)
    match = BRIEFING.search(text)
    if match:
        obj = match.group("obj")
        dates = find_date_phrases(obj)
        words = obj.split(maxsplit=1)
        count = 1
        if words and (words[0].lower() in _COUNT_WORDS or words[0].isdigit()):
            count = int(words[0]) if words[0].isdigit() else _COUNT_WORDS[words[0].lower()]
            obj = words[1] if len(words) > 1 else ""
        title = cut_title(obj, dates)
    else:
        brief = BRIEF_VERB.search(text)
        dates = find_date_phrases(text[brief.start() :])
        count = 1
        topic = brief.group("topic")
        title = cut_title(f"briefing on {topic}" if topic else f"briefing to {brief.group('audience')}", dates)
    suggestion = _event(number, title, "requests_briefing", dates[0] if dates else None, "", responsible=responsible)
    return [replace(suggestion, event_kind="briefing", count=count)]


def _report(number: int, clause: Clause) -> list[Suggestion]:
    """A deliverable with a time: "requests the Secretary-General to submit to the General
    Assembly at its seventy-second session a comprehensive report on ...". A report to another
    body's session also proposes that session as an event; with no time at all, nothing."""
    text = clause.text
    responsible = _addressee(text)
    organ = _organ_session(text)
    title = None
    if organ and re.search(r"\bin\s+(?:his|her|its|their)\s+(?:\w+\s+)?report\s+to\b", text):
        title = f"Report to the {organ[1]} session of the {organ[0]}"
    title = title or deliverable(text)
    if not title:
        return []
    dates = clause.ask.dates
    suggestions = []
    if dates:
        chosen = _deadline_phrase(dates)
        suggestions.append(
            Suggestion(
                number,
                "deadline",
                title,
                None,
                "requests_report",
                None,
                None,
                chosen.due,
                chosen.precision,
                chosen.phrase,
                responsible=responsible,
                session=chosen.session,
                organ=_deadline_organ(chosen, organ),
            )
        )
    elif organ:
        suggestions.append(
            Suggestion(
                number,
                "deadline",
                title,
                None,
                "requests_report",
                None,
                None,
                None,
                "session",
                organ[2],
                responsible=responsible,
                organ=organ[0],
            )
        )
    if organ:
        suggestions.append(_committee_session(number, organ, "requests_report", None))
    return suggestions


_LIMIT = re.compile(r"(?i)(?:no|not|by|before|prior|until|the\s+end)\b")


def _deadline_organ(chosen: DatePhrase, organ: tuple[str, str, str] | None) -> str | None:
    """Whose session a session deadline falls at: the Assembly's (the date phrase is one of its
    sessions) or the other body named with "at its Nth session"."""
    if chosen.session is not None:
        return "General Assembly"
    return organ[0] if organ and chosen.precision == "session" else None


# What a request asks to be done, after the addressee: "to update the framework ... by 2021".
_ACTION = re.compile(r"\bto\s+(?P<action>(?:continue\s+to\s+|further\s+)?[a-z]+\b[^;]*)")


def _dated_request(number: int, clause: Clause) -> list[Suggestion]:
    """A request with no deliverable but a time limit ("requests the Secretary-General to update
    the guidelines before the end of 2021", "... at its seventy-sixth session") is a deadline
    for the action itself. A bare year ("in 2019") is not a time limit, nor an Assembly agenda
    item ("to include in the provisional agenda of its seventy-fourth session")."""
    limits = [
        phrase
        for phrase in clause.ask.dates
        if phrase.precision == "session"
        or re.match(r"(?i)(?:no|not|by|before|prior|until|the\s+end|at)\b", phrase.phrase)
    ]
    organ = _organ_session(clause.text)
    action = _ACTION.search(clause.text)
    if not action or not (limits or organ) or re.match(r"include\b", action.group("action")):
        return []
    chosen = limits[0] if limits else None
    text = action.group("action")
    for words in [phrase.phrase for phrase in clause.ask.dates] + ([organ[2]] if organ else []):
        text = text.replace(words, " ")
    title = _clean_deadline_title(text)
    if not title:
        return []
    return [
        Suggestion(
            number,
            "deadline",
            title,
            None,
            "requests",
            None,
            None,
            chosen.due if chosen else None,
            chosen.precision if chosen else "session",
            chosen.phrase if chosen else organ[2],
            responsible=_addressee(clause.text),
            session=chosen.session if chosen else None,
            organ=_deadline_organ(chosen, organ) if chosen else organ[0],
        )
    ]


def _clean_deadline_title(text: str) -> str:
    text = re.sub(r"\s+,", ",", " ".join(text.split()))
    text = re.split(r",\s+(?=(?:in|with|within|taking|including|as|through|and|which|upon)\b)|;", text)[0]
    text = re.sub(r"\s+(?:to\s+the\s+[A-Z][\w\s-]*?)?\s*(?:at|by|before)?\s*$", "", text)
    text = text.strip(" ,;.")
    if len(text) > 200:
        text = text[:200].rsplit(" ", 1)[0]
    return text[:1].upper() + text[1:]


def _deadline_phrase(dates: Sequence[DatePhrase]) -> DatePhrase:
    """The phrase that sets a deadline: a session or a "by/before" phrase, else the first."""
    for phrase in dates:
        if phrase.precision == "session" or re.match(r"(?i)(?:no|not|by|before|prior|until)\b", phrase.phrase):
            return phrase
    return dates[0]


def _noted_event(number: int, clause: Clause) -> list[Suggestion]:
    """Taking note of, or welcoming, an event: "decisions adopted by the High-level Committee
    ... at its nineteenth session, held from 16 to 19 May 2016"; "welcomes the convening of ..."."""
    role = "takes_note" if clause.ask.kind == "take_note" else "welcomes"
    text = clause.text
    organ = _organ_session(text)
    if organ:
        mentioned = max(text.find(organ[2]), 0)
        held = [d for d in clause.ask.dates if d.precision == "day" and text.find(d.phrase) >= mentioned]
        return [_committee_session(number, organ, role, held[0] if held else None, details=text[mentioned:])]
    match = re.search(r"\b(?:convening|holding|organization|organisation|hosting)\s+of\s+(?P<obj>[^;]+)", text, re.I)
    if match:
        obj = match.group("obj")
        dates = find_date_phrases(obj)
        title = cut_title(obj, dates)
        if title and EVENT_NOUN.search(title):
            return [_event(number, title, role, dates[0] if dates else None, obj)]
    return []


# ----------------------------------------------------------------------------- builders


def _event(
    number: int,
    title: str,
    role: str,
    when: DatePhrase | None,
    details: str,
    *,
    host: str | None = None,
    responsible: str | None = None,
) -> Suggestion:
    start = end = due = None
    precision = phrase = None
    if when is not None:
        due, precision, phrase = when.due, when.precision, when.phrase
        # "no later than 30 June 2042" is a time limit for the event, not its day.
        if when.precision == "day" and not _LIMIT.match(when.phrase):
            start, end = when.start, when.end or when.start
    return Suggestion(
        number,
        "event",
        title,
        _event_kind(title),
        role,
        start,
        end,
        due,
        precision,
        phrase,
        city=_city(details, title),
        host=host,
        theme=_theme(details),
        responsible=responsible,
        session=when.session if when else None,
    )


def _committee_session(
    number: int, organ: tuple[str, str, str], role: str, when: DatePhrase | None, details: str = ""
) -> Suggestion:
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
        if ORGAN_WORD.search(name) and not re.search(r"(?:^|General\s+)Assembly$", name):
            words = f"at its {ordinal} session" if m.group("organ") else m.group(0)
            return name, " ".join(ordinal.lower().split()), words
    for m in re.finditer(rf"\bat\s+its\s+(?P<ord>(?i:{ORDINAL_PATTERN}))\s+session\b", text):
        name = addressed_organ(text[: m.start()])
        if name:
            return name, " ".join(m.group("ord").lower().split()), m.group(0)
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
        if re.search(r"(?<!-)\b(?:day|week|year|decade|commemoration|anniversary)\b", text):
            return "observance"
        if re.search(r"\b(?:meeting|forum|dialogue|symposium|workshop|seminar|round\s?table|retreat)\b", text):
            return "meeting"
    return "meeting"


def _addressee(clause: str) -> str | None:
    """Who is asked: "Requests, in this regard, the Administrator of the United Nations
    Development Programme, as Chair ..." -> "Administrator of the United Nations Development
    Programme"; "reiterates its request to the Secretary-General" -> "Secretary-General"."""
    match = re.match(
        rf"(?i){ADVERBS_PATTERN}*(?:reiterates\s+its\s+(?:request|call)\s+(?:to|upon)|"
        rf"calls\s+(?:upon|on)|\w+)\s*(?:,\s*(?:in\s+(?:this|that)\s+(?:regard|context|"
        rf"connection)|also|further)\s*,)?\s*",
        clause,
    )
    rest = clause[match.end() :] if match else clause
    who = re.match(
        r"(?:the\s+)?(?P<who>[A-Z][^,;]*?)(?=\s*,|\s+to\s+(?!the\b|a\b|an\b|all\b|its\b|their\b)"
        r"[a-z]|\s*;|\s+(?:in|at|by)\s+(?:his|her|its|their)\b|$)",
        rest,
    )
    return who.group("who").strip() if who else None


def _clean_host(text: str) -> str:
    """ "the Government of the United Arab Emirates" -> "United Arab Emirates"."""
    text = re.sub(r"^(?:the\s+)?(?:generous\s+)?", "", text.strip(), flags=re.I)
    text = re.sub(r"^(?:Governments?|Government)\s+of\s+(?:the\s+)?", "", text)
    return text.strip(" ,")


def _city(details: str, title: str) -> str | None:
    """ "... Expo from 31 October to 3 November 2016 in Dubai, ..." -> "Dubai"."""
    if not details:
        return None
    after_title = details
    index = details.lower().find(title.lower()[:30]) if title else -1
    if index >= 0:
        after_title = details[index + len(title) :]
    match = re.search(r"\bin\s+(?P<city>[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|da|del|es|al))*)", after_title)
    if not match:
        return None
    city = match.group("city").rstrip(".")
    return (
        None
        if re.match(
            r"(?:January|February|March|April|May|June|July|August|September|"
            r"October|November|December)$",
            city,
        )
        else city
    )


def _theme(details: str) -> str | None:
    """ "on the theme “Enhancing innovation towards achieving the 2030 Agenda”"."""
    match = re.search(r"\btheme\s+[“\"‘']\s*(?P<theme>[^”\"’]+?)\s*[,.;]?\s*[”\"’']", details, re.I)
    return match.group("theme").strip() if match else None
