"""What each clause of an operative paragraph asks for: convene, host, report, brief, take note...

``detect_asks`` splits a paragraph into clauses at operative verbs ("..., and
requests", "in that regard decides to convene", "cooperation and welcomes") and classifies each
clause as convene, host, report, brief, take_note, welcome, request or other. Asking someone to
organize an event ("invites X to organize, in 2041, a week", "reiterates its decision to
convene") is a convening, not a bare request.

Plain Python (the standard library only).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from planner.mandates.dates import DatePhrase, find_date_phrases
from planner.mandates.parser import opening_phrase


@dataclass(frozen=True)
class Ask:
    """One clause of an operative paragraph: its verb phrase, what kind of ask, its dates."""

    verb: str  # e.g. "Requests", "Decides to convene", "Also takes note"
    kind: str  # convene | host | report | brief | take_note | welcome | request | other
    dates: tuple[DatePhrase, ...]


ADVERBS_PATTERN = r"(?:(?:also|further|again|once\s+again|strongly|firmly|warmly|fully|deeply|further\s+also)\s+)"
_VERBS = (
    r"takes\s+note|calls\s+(?:upon|on)|looks\s+forward|reiterates\s+its\s+(?:request|call)|"
    r"expresses|requests|decides|invites|encourages|urges|welcomes|notes|reaffirms|"
    r"recognizes|recognises|stresses|emphasizes|emphasises|reiterates|acknowledges|recalls|"
    r"endorses|approves|authorizes|authorises|appeals|commends|affirms|underlines|"
    r"underscores|designates|proclaims|declares|condemns|deplores|regrets|considers|"
    r"agrees|adopts|highlights|recommends|exhorts|accepts|supports"
)
# Verbs that are never nouns, so "... cooperation and welcomes the convening of ..." starts a
# clause even without a comma before "and" (UN editorial style puts none in short paragraphs).
_VERBS_AFTER_BARE_AND = (
    r"welcomes|decides|invites|encourages|urges|reaffirms|recognizes|recognises|stresses|emphasizes|"
    r"emphasises|takes\s+note|calls\s+(?:upon|on)|requests\s+the|acknowledges|commends|looks\s+forward|"
    r"expresses|endorses"
)
_CLAUSE_START = re.compile(
    rf"(?:^|(?<=[,;])\s+(?:and\s+)?(?:(?:in\s+(?:this|that)\s+(?:regard|context|connection|respect)"
    rf"|to\s+(?:this|that)\s+end)\s*,?\s+)?)(?P<verb>{ADVERBS_PATTERN}*(?:{_VERBS}))\b(?!\s+(?:and|or)\b)"
    rf"|(?<=[a-z)”])\s+and\s+(?P<bare>{ADVERBS_PATTERN}*(?:{_VERBS_AFTER_BARE_AND}))\b(?!\s+(?:and|or)\b)",
    re.I,
)

_REQUEST_VERBS = {
    "requests",
    "reiterates",
    "calls",
    "invites",
    "urges",
    "encourages",
    "appeals",
    "exhorts",
    "recommends",
}
EVENT_NOUN = re.compile(
    r"\b(?:conference|summit|expo|exposition|session|meeting|forum|dialogue|"
    r"briefing|symposium|workshop|seminar|round\s?table|retreat|event|day|"
    r"week|year|decade|commemoration|celebration)s?\b",
    re.I,
)
HOST = re.compile(
    r"(?:offer|decision|invitation|commitment|willingness|proposal)\s+(?:made\s+)?(?:by|of|from)\s+"
    r"(?P<host>[^;]+?)\s+to\s+(?:co-)?host\s+(?P<obj>[^;]+)",
    re.I,
)
CONVENE = re.compile(r"\bto\s+(?:convene|hold|organize|organise)\b\s*(?P<obj>[^;]+)", re.I)
PROCLAIM = re.compile(
    r"\bto\s+(?:proclaim|designate|declare|observe|commemorate)\s+(?P<when>[^;]*?)"
    r"\s+as\s+(?:the\s+)?(?P<obj>[^;]+)",
    re.I,
)
PROCLAIM_DIRECT = re.compile(
    r"^(?:\w+\s+)*?(?:proclaims|designates|declares)\s+(?P<when>[^;]*?)"
    r"\s+as\s+(?:the\s+)?(?P<obj>[^;]+)",
    re.I,
)
BRIEFING = re.compile(
    r"\bto\s+(?:organize|organise|hold|convene|provide|conduct|give|arrange)\s+"
    r"(?P<obj>(?:[\w-]+\s+){0,3}?briefings?\b[^;]*)",
    re.I,
)
BRIEF_VERB = re.compile(r"\bto\s+brief\s+(?P<audience>[^,;]+?)(?:\s+on\s+(?P<topic>[^,;]+))?(?=[,;]|$)", re.I)
_REPORT_ON = re.compile(r"\bto\s+report\s+(?:(?:back\s+)?to\s+the\s+[^,;]+?\s+)?on\s+(?P<topic>[^;]+)", re.I)
_DELIVERABLE = re.compile(
    r"\b(?P<np>(?:a|an|the|its|his|her|their)\s+"
    r"(?:(?!(?:a|an|the|its|his|her|their|of|to|session)\b)[\w-]+\s+){0,4}?"
    r"(?:reports?|proposals?|update|version|study|review|recommendations|assessment|analysis|"
    r"plan|strategy|resolution|note|information|overview|summary|road\s?map|evaluation|paper|"
    r"compilation|declaration|outcome\s+document|draft)\b)",
    re.I,
)
# Where a deliverable is asked for: "to submit", "to present", "the adoption ... of".
_DELIVERY_CONTEXT = re.compile(
    r"\bto\s+(?:\w+ly\s+)?(?:submit|present|prepare|provide|transmit|produce|issue|make|undertake|"
    r"conduct|draft|develop|elaborate|update|finali[sz]e|adopt|include|compile|circulate)\b"
    r"|\b(?:adoption|submission|presentation|preparation|finali[sz]ation|consideration)\b",
    re.I,
)
_TITLE_STOP = re.compile(
    r",\s+(?=(?:in|with|under|within|making|taking|including|bearing|as|through|by|for|and|"
    r"mindful|which|that|so|on\s+the\s+basis|at|during|from|no|not|before|after|while|whereby|"
    r"where|noting|recalling|showcasing|to|inter\s+alia|if|upon|containing|focusing|"
    r"highlighting|reflecting|taking)\b)|;|\.(?:\s|$)",
    re.I,
)


@dataclass(frozen=True)
class Clause:
    text: str
    ask: Ask


def detect_asks(paragraph_text: str) -> list[Ask]:
    """Every ask in a paragraph, one per clause, in order: "Recognizes ..., in that regard
    decides to convene ..., and requests ..." gives other, convene and report."""
    return [clause.ask for clause in clauses(paragraph_text)]


def clauses(text: str) -> list[Clause]:
    text = " ".join(text.split())
    starts = [m.start("verb") if m.group("verb") else m.start("bare") for m in _CLAUSE_START.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    clauses = []
    for start, end in zip(starts, starts[1:] + [len(text)], strict=True):
        piece = text[start:end].rstrip(" ,;.")
        if piece:
            verb = opening_phrase(piece)
            clauses.append(Clause(piece, Ask(verb, _classify(verb, piece), tuple(find_date_phrases(piece)))))
    return clauses


def main_verb(verb_phrase: str) -> str:
    """ "Also takes note" -> "takes"; "Decides to convene" -> "decides"."""
    words = verb_phrase.lower().split()
    skip = {"also", "further", "again", "once", "strongly", "firmly", "warmly", "fully", "deeply"}
    return next((w for w in words if w not in skip), "")


def _classify(verb_phrase: str, clause: str) -> str:
    """convene | host | report | brief | take_note | welcome | request | other."""
    verb = main_verb(verb_phrase)
    lowered = verb_phrase.lower()
    if verb in ("takes", "notes") and (verb == "notes" or "note" in lowered):
        return "take_note"
    if verb in ("welcomes", "accepts"):
        return "host" if HOST.search(clause) else "welcome"
    if verb == "decides" or re.match(r"(?i)(?:\w+\s+)*?reiterates\s+its\s+decision\b", verb_phrase + " " + clause):
        if HOST.search(clause):
            return "host"
        return "convene" if _convened_event(clause) or PROCLAIM.search(clause) else "other"
    if verb in ("proclaims", "designates", "declares") and PROCLAIM_DIRECT.search(clause):
        return "convene"
    if verb in _REQUEST_VERBS and (verb != "reiterates" or "request" in lowered or "call" in lowered):
        if BRIEFING.search(clause) or BRIEF_VERB.search(clause):
            return "brief"
        if verb in ("requests", "reiterates", "invites", "encourages", "calls") and _convened_event(clause):
            return "convene"
        if _REPORT_ON.search(clause) or deliverable(clause):
            return "report"
        return "request"
    return "other"


def _convened_event(clause: str) -> re.Match | None:
    """ "to convene a high-level meeting ...": the words after the verb name an event."""
    match = CONVENE.search(clause)
    if match and EVENT_NOUN.search(cut_title(match.group("obj"), find_date_phrases(match.group("obj")))):
        return match
    return None


# "... a report on X to the General Assembly at its ..." : the addressee is not part of the title.
_ADDRESSED_TO = re.compile(
    r"\s+(?:to|for\s+consideration\s+by)\s+the\s+(?:[A-Z][\w-]*\s+)*"
    r"(?:Assembly|Council|Committee|Commission|Board|Forum|Conference)\b"
)


def cut_title(obj: str, dates: Sequence[DatePhrase]) -> str:
    """Clean title from the words after the verb: date phrases removed, cut before the city,
    theme or next comma, leading article dropped, capitalised, no trailing punctuation."""
    obj = " ".join(obj.split())
    for phrase in dates:
        obj = obj.replace(phrase.phrase, " ")
    obj = " ".join(obj.split())
    obj = re.sub(r"\s+,", ",", obj).lstrip(" ,")
    # "to host and assume all costs of the Conference": the event is the object of both verbs.
    obj = re.sub(r"^and\s+(?:[a-z]+\s+){1,4}?(?:of|for)\s+", "", obj)
    obj = re.split(
        r",|;|\s+in\s+(?=[A-Z])|\s+(?:on|under|with)\s+the\s+(?:overarching\s+)?theme\b"
        r"|\s+on\s+the\s+occasion\s+of\b|\s+(?:to\s+be\s+)?(?:held|hosted|convened)\b"
        r"|\s+at\s+(?=the\s|United\s)|\s+(?:from|during)\s+(?=\d)",
        obj,
    )[0]
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


def deliverable(clause: str) -> str | None:
    """Title of what is to be delivered: "an updated version of its recommendations ...",
    "a comprehensive report on the state of South-South cooperation", "a resolution on ..."."""
    topic = _REPORT_ON.search(clause)
    if topic:
        return _clean_title("report on " + _ADDRESSED_TO.split(_TITLE_STOP.split(topic.group("topic"))[0])[0])
    context = _DELIVERY_CONTEXT.search(clause)
    if not context:
        return None
    for m in _DELIVERABLE.finditer(clause, context.start()):
        before = clause[max(0, m.start() - 20) : m.start()].lower()
        noun_phrase = m.group("np")
        if (
            re.search(r"(?:as\s+part\s+of|\bin|\bon|\bunder|\bby)\s+$", before)
            or re.match(r"(?i)the\s+(?:present|said|same)\b", noun_phrase)
            or any(word[:1].isupper() for word in noun_phrase.split()[1:])
        ):
            continue  # a vehicle ("as part of his report") or a named document
        rest = clause[m.start() :]
        rest = _TITLE_STOP.split(rest)[0]
        rest = _ADDRESSED_TO.split(rest)[0]
        for phrase in find_date_phrases(rest):
            rest = rest.split(phrase.phrase)[0]
        title = _clean_title(rest)
        if title:
            return title
    return None
