"""Reading mandates: the list of resolutions, one resolution's paragraphs with what implements
them, and the coverage view of asks that nothing implements yet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from planner.agenda.models import AgendaSession
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
