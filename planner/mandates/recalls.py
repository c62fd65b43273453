"""Events a paragraph refers back to: "Recalls the convening of ...", "Endorses the outcome
document of ...", "Taking note of the holding of ...".

These are no asks (planner.mandates.proposals reads asks): the event they name was held, usually
under an earlier resolution, and is likely already in the planner. planner.mandates.suggestions
offers each one only when it matches such an event (planner.mandates.matching), to link it with
the paragraph's role; nothing is created from a reference. Both preambular paragraphs
("Recalling", "Welcoming") and operative ones ("Recalls", "Endorses") are read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planner.mandates.asks import EVENT_NOUN, cut_title
from planner.mandates.dates import find_date_phrases
from planner.mandates.proposals import Suggestion, _city

# The verb of the clause, then what of the event it refers to, then the event and its dates.
_REFERENCE = re.compile(
    r"\b(?P<verb>recall(?:s|ing)|tak(?:es|ing)\s+note|not(?:es|ing)|welcom(?:es|ing)|endors(?:es|ing))\b"
    r"(?:\s+(?:with\s+\w+|also|further|again))?[^;]*?"
    r"\b(?:convening|holding|organi[sz]ation|hosting|outcome(?:\s+document)?|results?)\s+of\s+"
    r"(?P<obj>[^;]+)",
    re.I,
)
_ROLES = {"recall": "recalls", "endors": "endorses_outcome", "welcom": "welcomes"}


def referenced_events(paragraphs: Sequence) -> list[Suggestion]:
    """One event suggestion per event a paragraph refers back to, with the paragraph's role
    (recalls, endorses_outcome, takes_note, welcomes). Works with any objects that have `kind`,
    `number` and `text` (e.g. stored paragraphs)."""
    found = []
    for paragraph in paragraphs:
        kind = str(getattr(paragraph.kind, "value", paragraph.kind))
        for match in _REFERENCE.finditer(" ".join(paragraph.text.split())):
            obj = match.group("obj")
            dates = find_date_phrases(obj)
            title = re.sub(r"^(?:the\s+)?(?:\w+\s+)?outcome\s+document\s+of\s+", "", cut_title(obj, dates), flags=re.I)
            if not title or not EVENT_NOUN.search(title):
                continue
            when = next((d for d in dates if d.precision != "session"), None)
            found.append(
                Suggestion(
                    paragraph.number,
                    "event",
                    title[:1].upper() + title[1:],
                    None,
                    _role(match.group("verb")),
                    when.start if when else None,
                    (when.end or when.start) if when else None,
                    when.due if when else None,
                    when.precision if when else None,
                    when.phrase if when else None,
                    city=_city(obj, title),
                    paragraph_kind=kind,
                )
            )
    return found


def _role(verb: str) -> str:
    lowered = verb.lower()
    return next((role for stem, role in _ROLES.items() if lowered.startswith(stem)), "takes_note")
