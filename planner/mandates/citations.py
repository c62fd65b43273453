"""Reading a paragraph citation as people type it into the paragraph picker.

UN documents cite an operative paragraph as "resolution 71/244, para. 33" and the planner writes
"A/RES/71/244, op33" (the anchors of the mandate pages); the picker takes either, and shorter:
"71/244 33", "A/RES/71/244 para. 33", "A/RES/71/244, op. 33", "71/244 pp5" (preambular paragraphs
carry no number in the document, so they are named only with "pp" or "preambular"). A plain number
is an operative paragraph, as in UN citations. With no paragraph number the whole resolution is
meant (the picker lists its paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.mandates.models import ParagraphKind

_CITATION = re.compile(
    r"^(?:(?:resolution|decision|res\.?)\s+)?"
    r"(?P<symbol>(?:[A-Z][A-Z0-9.\-]*/)*[A-Z0-9.\-]*\d+/\d+(?:\s+[A-Z](?=\s|,|$))?)"
    r"\s*,?\s*"
    r"(?:(?P<kind>paras?\.?|paragraphs?|op\.?|operative(?:\s+paragraph)?|pp\.?|preambular(?:\s+paragraph)?)\s*)?"
    r"(?P<number>\d+)?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Citation:
    """What a citation names: the end of a symbol ("71/244" or "A/RES/71/244"), and a paragraph."""

    symbol: str
    kind: ParagraphKind
    number: int | None

    @property
    def is_full_symbol(self) -> bool:
        """ "A/RES/71/244" names one resolution; "71/244" may end several symbols (A/RES/, E/RES/)."""
        return not self.symbol[:1].isdigit()


def parse_citation(text: str) -> Citation | None:
    """The citation in `text`, or None when it names no resolution number such as 71/244."""
    match = _CITATION.match(" ".join((text or "").split()))
    if not match:
        return None
    word = (match.group("kind") or "").lower()
    kind = ParagraphKind.PREAMBULAR if word.startswith("p") and not word.startswith("para") else ParagraphKind.OPERATIVE
    number = int(match.group("number")) if match.group("number") else None
    return Citation(match.group("symbol").upper(), kind, number or None)
