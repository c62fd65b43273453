"""Links between paragraphs and what implements them, read in both directions.

"Which paragraph asks for this event?" (event pages, feeds) and "what have we scheduled for this
paragraph?" (mandate pages, coverage) are both answered here, each with a fixed number of queries.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

import sqlalchemy as sa
from flask_babel import ngettext
from sqlmodel import Session, select

from planner import formatting
from planner.events.models import Event
from planner.mandates.models import (
    Deadline,
    LinkRole,
    MandateLink,
    Paragraph,
    ParagraphKind,
    Resolution,
    symbol_to_slug,
)


def find_link(
    session: Session,
    *,
    symbol: str,
    number: int | None,
    role: LinkRole | str,
    event: Event | None = None,
    deadline: Deadline | None = None,
    kind: ParagraphKind | str = ParagraphKind.OPERATIVE,
    agenda_session=None,
) -> MandateLink | None:
    """The link with exactly these ends and role, if it exists."""
    return session.exec(
        select(MandateLink).where(
            MandateLink.resolution_symbol == symbol,
            MandateLink.paragraph_kind == str(kind),
            MandateLink.role == str(role),
            _equals(MandateLink.paragraph_number, number),
            _equals(MandateLink.event_id, event.id if event else None),
            _equals(MandateLink.session_id, agenda_session.id if agenda_session else None),
            _equals(MandateLink.deadline_id, deadline.id if deadline else None),
        )
    ).first()


def add_link(
    session: Session,
    *,
    symbol: str,
    number: int | None,
    role: LinkRole | str,
    event: Event | None = None,
    deadline: Deadline | None = None,
    kind: ParagraphKind | str = ParagraphKind.OPERATIVE,
    agenda_session=None,
) -> MandateLink:
    """Link a paragraph (or a whole resolution, with `number=None`) to an event, an agenda
    session (planner.agenda.models.AgendaSession) or a deadline.

    Idempotent: the same link twice is stored once. The paragraph is attached now if its
    resolution is imported, or when it is (see planner.mandates.importing).
    """
    link = find_link(
        session,
        symbol=symbol,
        number=number,
        role=role,
        event=event,
        deadline=deadline,
        kind=kind,
        agenda_session=agenda_session,
    )
    if link:
        return link
    paragraph_id = None
    if number is not None:
        paragraph_id = session.exec(
            select(Paragraph.id)
            .join(Resolution)
            .where(Resolution.symbol == symbol, Paragraph.kind == str(kind), Paragraph.number == number)
        ).first()
    link = MandateLink(
        resolution_symbol=symbol,
        paragraph_kind=str(kind),
        paragraph_number=number,
        paragraph_id=paragraph_id,
        role=str(role),
        event_id=event.id if event else None,
        session_id=agenda_session.id if agenda_session else None,
        deadline_id=deadline.id if deadline else None,
    )
    session.add(link)
    session.flush()
    return link


def _equals(column, value):
    """`column = value`, or `column IS NULL` when value is None (SQL's = never matches NULL)."""
    return column.is_(None) if value is None else column == value


@dataclass(frozen=True)
class ParagraphRef:
    number: int
    anchor: str


@dataclass(frozen=True)
class MandateReference:
    """ "A/RES/71/244, paras. 32–34" for one resolution, with a link target per paragraph."""

    symbol: str
    slug: str
    imported: bool
    paragraphs: tuple[ParagraphRef, ...]

    @property
    def label(self) -> str:
        """The reference as written in UN documents: "para. 21", "paras. 32–34", "paras. 1, 30"."""
        numbers = [p.number for p in self.paragraphs]
        if not numbers:
            return self.symbol
        word = "para." if len(numbers) == 1 else "paras."
        return f"{self.symbol}, {word} {compress_numbers(numbers)}"

    @property
    def display(self) -> str:
        """`label` for pages, in the reader's language ("A/RES/71/244, par. 21" in French);
        `label` itself stays English for the API."""
        numbers = [p.number for p in self.paragraphs]
        if not numbers:
            return self.symbol
        return ngettext(
            "%(symbol)s, para. %(numbers)s",
            "%(symbol)s, paras. %(numbers)s",
            len(numbers),
            symbol=self.symbol,
            numbers=compress_numbers(numbers, formatting.comma()),
        )

    @property
    def runs(self) -> list[tuple[ParagraphRef, ...]]:
        """Consecutive paragraphs grouped for display: (32, 34) shows as "32–34", (21,) as "21"."""
        return [
            (run[0],) if len(run) == 1 else (run[0], run[-1])
            for run in consecutive_runs(self.paragraphs, key=lambda p: p.number)
        ]


def consecutive_runs(items, key=lambda n: n) -> list[list]:
    """Split sorted items into runs of consecutive numbers; a pair stays two runs ("1, 2")."""
    runs: list[list] = []
    for _offset, group in groupby(enumerate(items), key=lambda pair: key(pair[1]) - pair[0]):
        run = [item for _index, item in group]
        runs.extend([[item] for item in run] if len(run) == 2 else [run])
    return runs


def compress_numbers(numbers: list[int], separator: str = ", ") -> str:
    """[32, 33, 34, 36] -> "32–34, 36" (the separator: a language's own comma, on pages)."""
    return separator.join(
        str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in consecutive_runs(sorted(set(numbers)))
    )


def symbol_order(symbol: str) -> tuple:
    """A sort key putting older resolutions first: the numbers in the symbol ("A/RES/58/220" before
    "A/RES/71/244": a General Assembly symbol starts with its session, sessions run in order, and
    resolutions are numbered in order within one), so it holds for imported and other symbols alike."""
    return tuple(int(number) for number in re.findall(r"\d+", symbol)), symbol


def references_for_events(session: Session, event_ids: list[int]) -> dict[int, list[MandateReference]]:
    """Mandate references of many events in one query (for lists, pages and feeds)."""
    return _references(session, MandateLink.event_id, event_ids)


def references_for_sessions(session: Session, session_ids: list[int]) -> dict[int, list[MandateReference]]:
    """Mandate references of many agenda sessions in one query (agenda pages and feeds)."""
    return _references(session, MandateLink.session_id, session_ids)


def references_for_deadlines(session: Session, deadline_ids: list[int]) -> dict[int, list[MandateReference]]:
    return _references(session, MandateLink.deadline_id, deadline_ids)


@functools.cache
def _references_statement(column_name: str):
    """One round trip, plain columns: each link of the given events, sessions or deadlines with
    whether its resolution is imported (an outer join). Built once per kind of target, so it is
    compiled once: feeds and every confirmation e-mail ask for these."""
    column = getattr(MandateLink, column_name)
    return (
        select(
            column,
            MandateLink.resolution_symbol,
            MandateLink.paragraph_kind,
            MandateLink.paragraph_number,
            Resolution.id.is_not(None),
        )
        .outerjoin(Resolution, Resolution.symbol == MandateLink.resolution_symbol)
        .where(column.in_(sa.bindparam("ids", expanding=True)))
    )


def _references(session, column, ids) -> dict[int, list[MandateReference]]:
    if not ids:
        return {}
    rows = session.exec(_references_statement(column.key), params={"ids": list(ids)}).all()
    imported = {symbol for _, symbol, _, _, known in rows if known}
    grouped: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for target, symbol, kind, number, _known in rows:
        refs = grouped[target][symbol]  # a link to the whole resolution adds no paragraph
        if number is not None:
            refs.add(ParagraphRef(number, MandateLink.anchor_of(kind, number)))
    return {
        target: [
            MandateReference(
                symbol,
                symbol_to_slug(symbol),
                symbol in imported,
                tuple(sorted(refs, key=lambda r: (r.anchor[:2] != "pp", r.number))),
            )
            for symbol, refs in sorted(by_symbol.items(), key=lambda item: symbol_order(item[0]))
        ]
        for target, by_symbol in grouped.items()
    }
