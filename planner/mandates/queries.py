"""Reading mandates: the list of resolutions, one resolution's paragraphs with what implements
them, and the coverage view of asks that nothing implements yet."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from planner.agenda.models import AgendaSession
from planner.agenda.queries import event_of_session
from planner.events.models import Event
from planner.mandates.citations import Citation
from planner.mandates.links import symbol_order
from planner.mandates.models import (
    Deadline,
    LinkRole,
    MandateLink,
    Paragraph,
    ParagraphKind,
    Resolution,
    symbol_to_slug,
)


def find_resolution(session: Session, slug: str) -> Resolution | None:
    """The resolution whose URL form is `slug` ("A-RES-71-244")."""
    return session.exec(
        select(Resolution).where(sa.func.replace(sa.func.replace(Resolution.symbol, "/", "-"), " ", "_") == slug)
    ).first()


@dataclass(frozen=True)
class ResolutionSummary:
    symbol: str
    slug: str
    title: str | None
    adopted_on: date | None
    imported: bool
    implemented_by: int


def list_resolutions(session: Session) -> list[ResolutionSummary]:
    """Imported resolutions and the symbols that links name without an imported text."""
    counts = dict(
        session.exec(
            select(MandateLink.resolution_symbol, sa.func.count()).group_by(MandateLink.resolution_symbol)
        ).all()
    )
    summaries = [
        ResolutionSummary(r.symbol, r.slug, r.title, r.adopted_on, True, counts.pop(r.symbol, 0))
        for r in session.exec(select(Resolution)).all()
    ]
    summaries += [
        ResolutionSummary(symbol, symbol_to_slug(symbol), None, None, False, n) for symbol, n in counts.items()
    ]
    return sorted(summaries, key=lambda s: (not s.imported, s.symbol))


@dataclass
class Implementation:
    """One thing that implements a paragraph: an event, a session (with its event) or a deadline,
    with the link's role."""

    role: str
    event: Event | None = None
    deadline: Deadline | None = None
    agenda_session: AgendaSession | None = None

    @property
    def role_label(self) -> str:
        return LinkRole(self.role).display


@dataclass
class ParagraphView:
    paragraph: Paragraph
    implementations: list[Implementation] = field(default_factory=list)


@dataclass
class MandateView:
    resolution: Resolution
    preambular: list[ParagraphView]
    operative: list[ParagraphView]
    whole: list[Implementation]  # links naming the resolution without a paragraph


def mandate_view(session: Session, resolution: Resolution) -> MandateView:
    """Every paragraph with what implements it, in five queries whatever the size.

    Events and sessions are listed only once published (sessions with their event), so a
    draft stays private: this view feeds the public mandate page and the API.
    """
    paragraphs = session.exec(
        select(Paragraph)
        .where(Paragraph.resolution_id == resolution.id)
        .order_by(Paragraph.kind.desc(), Paragraph.number)
    ).all()
    links = session.exec(
        select(MandateLink).where(MandateLink.resolution_symbol == resolution.symbol).order_by(MandateLink.id)
    ).all()
    events = {
        i: e
        for i, e in _by_id(session, Event, {link.event_id for link in links if link.event_id}).items()
        if e.published
    }
    deadlines = _by_id(session, Deadline, {link.deadline_id for link in links if link.deadline_id})
    sessions = _published_sessions(session, {link.session_id for link in links if link.session_id})

    by_position: dict[tuple, list[Implementation]] = defaultdict(list)
    for link in links:
        if link.session_id is not None:
            if link.session_id not in sessions:
                continue
            agenda_session, event = sessions[link.session_id]
            item = Implementation(link.role, event, agenda_session=agenda_session)
        elif link.event_id is not None and link.event_id not in events:
            continue
        else:
            item = Implementation(link.role, events.get(link.event_id), deadlines.get(link.deadline_id))
        by_position[(link.paragraph_kind, link.paragraph_number)].append(item)
    views = {
        kind: [ParagraphView(p, by_position.get((p.kind, p.number), [])) for p in paragraphs if p.kind == kind]
        for kind in ParagraphKind
    }
    whole = [item for (kind, number), items in by_position.items() if number is None for item in items]
    return MandateView(resolution, views[ParagraphKind.PREAMBULAR], views[ParagraphKind.OPERATIVE], whole)


def _by_id(session: Session, model, ids: set[int]) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in session.exec(select(model).where(model.id.in_(ids))).all()}


def _published_sessions(session: Session, ids: set[int]) -> dict[int, tuple[AgendaSession, Event]]:
    """Published sessions of published events, by id, each with its event (one query)."""
    if not ids:
        return {}
    rows = session.exec(
        select(AgendaSession, Event)
        .join(Event)
        .where(
            AgendaSession.id.in_(ids),
            AgendaSession.published.is_(True),
            Event.published.is_(True),
        )
    ).all()
    return {agenda_session.id: (agenda_session, event) for agenda_session, event in rows}


# ----------------------------------------------------------------------------- links made by hand


@dataclass(frozen=True)
class ParagraphHit:
    """A paragraph the picker found, with its resolution (the page shows its text before linking)."""

    paragraph: Paragraph
    resolution: Resolution

    @property
    def citation(self) -> str:
        return f"{self.resolution.symbol}, {self.paragraph.anchor}"


PICKER_LIMIT = 60  # a resolution's paragraphs fit (71/244 has 47)


def find_paragraphs(session: Session, citation: Citation) -> list[ParagraphHit]:
    """The imported paragraphs a citation names (planner.mandates.citations), oldest resolution
    first; every paragraph of the resolution when it names no number."""
    if citation.is_full_symbol:
        symbol = Resolution.symbol == citation.symbol
    else:
        symbol = sa.or_(Resolution.symbol == citation.symbol, Resolution.symbol.endswith("/" + citation.symbol))
    query = select(Paragraph, Resolution).join(Resolution).where(symbol)
    if citation.number is not None:
        query = query.where(Paragraph.kind == citation.kind, Paragraph.number == citation.number)
    rows = session.exec(
        query.order_by(Resolution.adopted_on, Resolution.symbol, Paragraph.kind.desc(), Paragraph.number).limit(
            PICKER_LIMIT
        )
    ).all()
    return [ParagraphHit(paragraph, resolution) for paragraph, resolution in rows]


def paragraph_at(session: Session, resolution: Resolution, anchor: str) -> Paragraph | None:
    """The paragraph of `resolution` at `anchor` ("op33", "pp2"), as mandate pages name it."""
    match = re.fullmatch(r"(pp|op)([1-9]\d{0,3})", anchor or "")
    if not match:
        return None
    kind = ParagraphKind.PREAMBULAR if match.group(1) == "pp" else ParagraphKind.OPERATIVE
    return session.exec(
        select(Paragraph).where(
            Paragraph.resolution_id == resolution.id, Paragraph.kind == kind, Paragraph.number == int(match.group(2))
        )
    ).first()


@dataclass(frozen=True)
class LinkRow:
    """One link as the management pages list it: the paragraph (with its text when the resolution
    is imported), the role, and what it links (the event, or the session with its event)."""

    link: MandateLink
    paragraph: Paragraph | None
    event: Event | None
    agenda_session: AgendaSession | None

    @property
    def citation(self) -> str:
        anchor = self.link.anchor
        return f"{self.link.resolution_symbol}, {anchor}" if anchor else self.link.resolution_symbol

    @property
    def slug(self) -> str:
        return symbol_to_slug(self.link.resolution_symbol)

    @property
    def role_label(self) -> str:
        return LinkRole(self.link.role).display


def links_of_target(session: Session, *, event_id: int | None = None, session_id: int | None = None) -> list[LinkRow]:
    """The links of one event or one agenda session, oldest resolution first (two queries)."""
    column, target = (MandateLink.event_id, event_id) if event_id is not None else (MandateLink.session_id, session_id)
    links = session.exec(select(MandateLink).where(column == target)).all()
    paragraphs = _by_id(session, Paragraph, {link.paragraph_id for link in links if link.paragraph_id})
    rows = [LinkRow(link, paragraphs.get(link.paragraph_id), None, None) for link in links]
    return sorted(rows, key=lambda row: link_order(row.link))


def links_of_paragraph(session: Session, resolution: Resolution, paragraph: Paragraph) -> list[LinkRow]:
    """What is linked to one paragraph: events and sessions, published or not (management pages)."""
    links = session.exec(
        select(MandateLink)
        .where(
            MandateLink.resolution_symbol == resolution.symbol,
            MandateLink.paragraph_kind == paragraph.kind,
            MandateLink.paragraph_number == paragraph.number,
            sa.or_(MandateLink.event_id.is_not(None), MandateLink.session_id.is_not(None)),
        )
        .order_by(MandateLink.id)
    ).all()
    sessions = _by_id(session, AgendaSession, {link.session_id for link in links if link.session_id})
    events = _by_id(
        session,
        Event,
        {link.event_id for link in links if link.event_id} | {s.event_id for s in sessions.values()},
    )
    rows = []
    for link in links:
        agenda_session = sessions.get(link.session_id)
        event = events.get(agenda_session.event_id if agenda_session else link.event_id)
        rows.append(LinkRow(link, paragraph, event, agenda_session))
    return rows


def link_order(link: MandateLink) -> tuple:
    """Oldest resolution first, then its paragraphs in document order (preambular first)."""
    return (
        symbol_order(link.resolution_symbol),
        link.paragraph_kind != ParagraphKind.PREAMBULAR,
        link.paragraph_number or 0,
    )


def find_targets(session: Session, text: str) -> tuple[list[Event], list[tuple[AgendaSession, Event]]]:
    """Events and agenda sessions whose title contains `text` (the paragraph page's picker), by start."""
    words = " ".join((text or "").split())
    if not words:
        return [], []
    pattern = f"%{words.replace('%', '').replace('_', '')}%"
    events = session.exec(
        select(Event)
        .where(sa.or_(Event.title.ilike(pattern), Event.slug.ilike(pattern)))
        .order_by(Event.starts_at, Event.id)
        .limit(PICKER_LIMIT)
    ).all()
    sessions = session.exec(
        select(AgendaSession, Event)
        .join(Event)
        .where(AgendaSession.title.ilike(pattern))
        .order_by(AgendaSession.starts_at, AgendaSession.id)
        .limit(PICKER_LIMIT)
    ).all()
    return list(events), [(agenda_session, event) for agenda_session, event in sessions]


# ----------------------------------------------------------------------------- which follow which


def successions(session: Session) -> list[list[Resolution]]:
    """Imported resolutions that follow one another, each line oldest first (the mandate index).

    The rule: two resolutions are in one line when they are linked to the same published event
    (the event itself or one of its sessions: the resolution that convened a conference, the one
    that endorsed its outcome, the ones that recall it), or when the text of one cites the other
    ("recalling its resolution 71/244"); a line takes in every resolution joined to it that way.
    Only lines of two or more are returned, the oldest line first. Three queries.
    """
    resolutions = session.exec(select(Resolution)).all()
    by_symbol = {r.symbol: r for r in resolutions}
    line = {symbol: symbol for symbol in by_symbol}

    def root(symbol: str) -> str:
        while line[symbol] != symbol:
            symbol = line[symbol]
        return symbol

    def join(a: str, b: str) -> None:
        line[root(a)] = root(b)

    for symbols in _symbols_by_event(session).values():
        imported = sorted(symbols & by_symbol.keys())
        for other in imported[1:]:
            join(imported[0], other)
    for resolution in resolutions:
        for cited in _cited(resolution, by_symbol):
            join(resolution.symbol, cited)
    groups: dict[str, list[Resolution]] = defaultdict(list)
    for resolution in resolutions:
        groups[root(resolution.symbol)].append(resolution)
    lines = [sorted(group, key=_age) for group in groups.values() if len(group) > 1]
    return sorted(lines, key=lambda group: _age(group[0]))


def _age(resolution: Resolution) -> tuple:
    return resolution.adopted_on or date.max, symbol_order(resolution.symbol)


def _symbols_by_event(session: Session) -> dict[int, set[str]]:
    """The symbols linked to each published event, directly or through one of its sessions."""
    direct = select(MandateLink.resolution_symbol, Event.id).join(Event, Event.id == MandateLink.event_id)
    through_sessions = (
        select(MandateLink.resolution_symbol, Event.id)
        .join(AgendaSession, AgendaSession.id == MandateLink.session_id)
        .join(Event, Event.id == AgendaSession.event_id)
    )
    found: dict[int, set[str]] = defaultdict(set)
    for query in (direct, through_sessions):
        for symbol, event_id in session.exec(query.where(Event.published.is_(True))).all():
            found[event_id].add(symbol)
    return found


def _cited(resolution: Resolution, by_symbol: dict[str, Resolution]) -> list[str]:
    """The other imported resolutions whose number the text cites after the word "resolution(s)"."""
    cited = []
    for symbol in by_symbol:
        number = re.search(r"\d+/\d+(?: [A-Z])?$", symbol)
        if symbol == resolution.symbol or not number:
            continue
        names = f"(?:{re.escape(symbol)}|{re.escape(number.group(0))})"
        pattern = rf"\bresolutions?\s+(?:[\d/]+(?:\s+[A-Z])?(?:,\s*|\s+and\s+))*{names}\b"
        if re.search(pattern, resolution.source_text, re.I):
            cited.append(symbol)
    return cited


def resolutions_of_deadline(session: Session, deadline: Deadline) -> list[tuple[str, str, int | None]]:
    """(symbol, URL slug, paragraph number) of each paragraph linked to the deadline, for its page."""
    rows = session.exec(
        select(MandateLink.resolution_symbol, MandateLink.paragraph_number)
        .where(MandateLink.deadline_id == deadline.id)
        .order_by(MandateLink.resolution_symbol, MandateLink.paragraph_number)
    ).all()
    return [(symbol, symbol_to_slug(symbol), number) for symbol, number in rows]


def resolution_deadlines(session: Session, resolution: Resolution) -> list[Deadline]:
    """The deadlines linked to the resolution's paragraphs, by due date (undated last): the
    coverage view lists each with its status, overdue ones standing out."""
    linked = select(MandateLink.deadline_id).where(
        MandateLink.resolution_symbol == resolution.symbol, MandateLink.deadline_id.is_not(None)
    )
    return list(
        session.exec(
            select(Deadline)
            .where(Deadline.id.in_(linked))
            .order_by(Deadline.due_on.is_(None), Deadline.due_on, Deadline.id)
        ).all()
    )


def event_of_session_link(session_id: int, link_id: int) -> int | None:
    """The event of a management route that names a session and one of its links
    (planner.accounts.permissions): the session's, whether or not the link still exists."""
    return event_of_session(session_id)
