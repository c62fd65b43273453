"""How the audit trail reads resolutions, deadlines and links to paragraphs (filled into
planner.audit.labels when the app starts). Deadlines have no page of their own: the entries of
those linked to a resolution show on its management page."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from planner.audit.labels import add_actions, add_fields, add_names, add_value_labels, add_zone
from planner.audit.models import AuditEntry
from planner.audit.trail import add_related
from planner.events.models import Event
from planner.mandates.models import (
    DatePrecision,
    Deadline,
    DeadlineStatus,
    LinkRole,
    MandateLink,
    Paragraph,
    ParagraphKind,
    Resolution,
)

PARAGRAPH_KIND_LABELS = {ParagraphKind.PREAMBULAR: _l("preambular"), ParagraphKind.OPERATIVE: _l("operative")}
DEADLINE_STATUS_LABELS = {
    DeadlineStatus.OPEN: _l("open"),
    DeadlineStatus.DELIVERED: _l("delivered"),
    DeadlineStatus.SUPERSEDED: _l("superseded"),
    DeadlineStatus.DROPPED: _l("dropped"),
}


def _deadlines(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(Deadline.id, Deadline.title).where(Deadline.id.in_(ids))).all())


def _resolutions(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(Resolution.id, Resolution.symbol).where(Resolution.id.in_(ids))).all())


def _paragraphs(session: Session, ids: set[int]) -> dict[int, str]:
    """ "A/RES/71/244, op. 3": the symbol and the paragraph's anchor as mandate pages cite it."""
    rows = session.exec(
        select(Paragraph.id, Paragraph.kind, Paragraph.number, Resolution.symbol)
        .join(Resolution, Resolution.id == Paragraph.resolution_id)
        .where(Paragraph.id.in_(ids))
    ).all()
    return {
        paragraph_id: f"{symbol}, {ParagraphKind(kind).anchor_prefix}{number}"
        for paragraph_id, kind, number, symbol in rows
    }


def _deadline_zone(session: Session, object_id: str) -> str | None:
    return session.exec(
        select(Event.timezone).join(Deadline, Deadline.event_id == Event.id).where(Deadline.id == int(object_id))
    ).first()


def _linked_deadlines(resolution_id: str) -> sa.ColumnElement[bool]:
    """Entries of the deadlines linked to one of the resolution's paragraphs."""
    linked = (
        select(sa.cast(MandateLink.deadline_id, sa.String))
        .join(Resolution, Resolution.symbol == MandateLink.resolution_symbol)
        .where(Resolution.id == int(resolution_id), MandateLink.deadline_id.is_not(None))
    )
    return sa.and_(AuditEntry.object_type == Deadline.__tablename__, AuditEntry.object_id.in_(linked))


# LazyString: the labels are read in the language of each page, not at import.
# A link is recorded on what it links (an event, a deadline: "link", with the paragraph and the role).
for _linked in (MandateLink.__tablename__, Event.__tablename__, Deadline.__tablename__):
    add_value_labels("role", {r: LazyString(lambda r=r: r.display) for r in LinkRole}, _linked)
add_value_labels("paragraph_kind", PARAGRAPH_KIND_LABELS)
add_value_labels("status", DEADLINE_STATUS_LABELS, Deadline.__tablename__)
add_value_labels("precision", {p: LazyString(lambda p=p: p.label) for p in DatePrecision}, Deadline.__tablename__)
add_names("deadline_id", _deadlines)
add_actions({"close": _l("Close"), "reopen": _l("Reopen")})
add_fields(
    {
        "note": _l("note"),
        "delivered_by": _l("delivered by"),
        "superseded_by": _l("superseded by"),
        "closing_note": _l("closing note"),
        "closed_on": _l("closed on"),
    }
)
add_names("resolution_id", _resolutions)
add_names("paragraph_id", _paragraphs)
add_zone(Deadline.__tablename__, _deadline_zone)
add_related(Resolution.__tablename__, _linked_deadlines)
