"""Editing and closing deadlines (issue 17): the secretariat corrects a deadline's date, who is
responsible and its note, and closes it one of three ways, or reopens it.

How a mandate is followed up in UN practice: a requested report is delivered when the document
is issued (the Secretary-General's report under its symbol, e.g. A/72/297 for the report that
paragraph 36 of resolution 71/244 asked for); a later resolution on the same item may supersede
the request (it asks anew, for a new date); or the request is dropped (the body decided to
consider the matter later, say), which the secretariat records with the reason.

Documents (planner.documents, a package above this one) deliver deadlines through
`deliver_by_document` and `undo_document_delivery`: the closed state lives here, on the deadline,
so every page and feed that shows deadlines (the mandate page, its coverage, the mandate feed)
shows it without knowing documents. Every change raises the deadline's SEQUENCE when its date or
status changes, as calendar clients need to replace what they hold (planner.calendar).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.events.models import Event
from planner.mandates.models import (
    DatePrecision,
    Deadline,
    DeadlineStatus,
    LinkRole,
    MandateLink,
    Paragraph,
    Resolution,
)
from planner.validation import ModelValidationError

EDITABLE = ["due_on", "precision", "responsible", "note"]
CLOSING = ["status", "delivered_by", "superseded_by", "closing_note", "closed_on"]
# The roles by which a paragraph asks for something a document delivers.
DELIVERABLE_ROLES = (LinkRole.REQUESTS_REPORT, LinkRole.REQUESTS)


def _touch(deadline: Deadline, new_sequence: bool = True) -> None:
    """A new `updated_at` (feeds' caches and ETags rest on it) and, when the date or status
    changed, a new SEQUENCE."""
    deadline.updated_at = utcnow()
    if new_sequence:
        deadline.sequence += 1


def edit(
    session: Session, actor: str, deadline: Deadline, *, due_on: date | None, responsible: str, note: str
) -> Deadline:
    """Change the date, who is responsible and the note. A date typed by hand is a day; a date
    cleared leaves a deadline set by session ("at its seventy-second session") to its session."""
    before = snapshot(deadline, EDITABLE)
    with transaction(session, actor) as tx:
        if due_on != deadline.due_on:
            deadline.due_on = due_on
            if due_on is not None:
                deadline.precision = DatePrecision.DAY
            elif deadline.precision != DatePrecision.SESSION:
                deadline.precision = None
        deadline.responsible = responsible.strip()
        deadline.note = note.strip()
        if tx.record(deadline, "update", before, snapshot(deadline, EDITABLE)) is None:
            tx.discard()
            return deadline
        _touch(deadline, new_sequence=snapshot(deadline, ["due_on"])["due_on"] != before["due_on"])
    return deadline


def close(
    session: Session,
    actor: str,
    deadline: Deadline,
    status: DeadlineStatus | str,
    *,
    delivered_by: str = "",
    superseded_by: str = "",
    closing_note: str = "",
    closed_on: date | None = None,
) -> Deadline:
    """Close the deadline: delivered (by what: a symbol, or a note), superseded (by a later
    resolution's symbol) or dropped (with the reason, in the note)."""
    status = DeadlineStatus(status)
    delivered_by, superseded_by, closing_note = (
        delivered_by.strip(),
        superseded_by.strip().upper(),
        closing_note.strip(),
    )
    if status == DeadlineStatus.OPEN:
        raise ValueError("close() closes; reopen() opens a deadline again")
    if status == DeadlineStatus.DELIVERED and not (delivered_by or closing_note):
        raise ModelValidationError("delivered_by", _("Say what delivered it: a document's symbol or a note."))
    before = snapshot(deadline, CLOSING)
    with transaction(session, actor) as tx:
        deadline.status = status
        deadline.delivered_by = delivered_by if status == DeadlineStatus.DELIVERED else ""
        deadline.delivered_by_document = None
        deadline.superseded_by = superseded_by if status == DeadlineStatus.SUPERSEDED else ""
        deadline.closing_note = closing_note
        deadline.closed_on = closed_on or utcnow().date()
        _touch(deadline)
        tx.record(deadline, "close", before, snapshot(deadline, CLOSING))
    return deadline


def reopen(session: Session, actor: str, deadline: Deadline) -> Deadline:
    """Open the deadline again, forgetting how it was closed (the audit trail keeps it).
    ModelValidationError when it is open already (a second click, a page from before)."""
    if deadline.is_open:
        raise ModelValidationError("status", _("This deadline is open already; nothing was changed."))
    before = snapshot(deadline, CLOSING)
    with transaction(session, actor) as tx:
        _reopen(deadline)
        _touch(deadline)
        tx.record(deadline, "reopen", before, snapshot(deadline, CLOSING))
    return deadline


def _reopen(deadline: Deadline) -> None:
    deadline.status = DeadlineStatus.OPEN
    deadline.delivered_by = deadline.superseded_by = deadline.closing_note = ""
    deadline.delivered_by_document = None
    deadline.closed_on = None


def deadlines_of_paragraph(session: Session, paragraph: Paragraph) -> list[Deadline]:
    """The deadlines a paragraph set by asking for a report (or asking the Secretary-General to do
    something a document delivers), linked to it by symbol and number."""
    symbol = select(Resolution.symbol).where(Resolution.id == paragraph.resolution_id).scalar_subquery()
    linked = select(MandateLink.deadline_id).where(
        MandateLink.resolution_symbol == symbol,
        MandateLink.paragraph_kind == paragraph.kind,
        MandateLink.paragraph_number == paragraph.number,
        MandateLink.deadline_id.is_not(None),
        MandateLink.role.in_([str(role) for role in DELIVERABLE_ROLES]),
    )
    return list(session.exec(select(Deadline).where(Deadline.id.in_(linked)).order_by(Deadline.id)).all())


def deliver_by_document(
    session: Session, actor: str, paragraph: Paragraph, document_id: int, delivered_by: str, issued_on: date | None
) -> list[Deadline]:
    """Mark the open deadlines of `paragraph` delivered by a document (`delivered_by`: its symbol,
    or its title when it has none), remembering the document so that unlinking it reopens them.
    Joins the caller's transaction; returns the deadlines it closed."""
    closed = []
    with transaction(session, actor) as tx:
        for deadline in deadlines_of_paragraph(session, paragraph):
            if not deadline.is_open:
                continue
            before = snapshot(deadline, CLOSING)
            deadline.status = DeadlineStatus.DELIVERED
            deadline.delivered_by = delivered_by[:200]
            deadline.delivered_by_document = document_id
            deadline.closed_on = issued_on or utcnow().date()
            _touch(deadline)
            tx.record(deadline, "close", before, snapshot(deadline, CLOSING))
            closed.append(deadline)
    return closed


def undo_document_delivery(
    session: Session, actor: str, document_id: int, paragraph: Paragraph | None = None
) -> list[Deadline]:
    """Reopen the deadlines the document delivered (those of `paragraph` only, when given).
    Joins the caller's transaction; returns the deadlines it reopened."""
    where = [Deadline.delivered_by_document == document_id, Deadline.status == DeadlineStatus.DELIVERED]
    if paragraph is not None:
        where.append(Deadline.id.in_([d.id for d in deadlines_of_paragraph(session, paragraph)]))
    reopened = []
    with transaction(session, actor) as tx:
        for deadline in session.exec(select(Deadline).where(sa.and_(*where))).all():
            before = snapshot(deadline, CLOSING)
            _reopen(deadline)
            _touch(deadline)
            tx.record(deadline, "reopen", before, snapshot(deadline, CLOSING))
            reopened.append(deadline)
    return reopened


def counting_links(session: Session, links: list[MandateLink]) -> list[MandateLink]:
    """The links that cover an ask in the coverage view: only what is scheduled with a date or
    done. A deadline counts once it has a date or is closed, an event once it has dates (an event
    "to be scheduled", a briefing accepted but not yet given a day, is not yet coverage); a
    session always has its time."""
    deadline_ids = {link.deadline_id for link in links if link.deadline_id is not None}
    event_ids = {link.event_id for link in links if link.event_id is not None}
    counted_deadlines = counted_events = set()
    if deadline_ids:
        counted_deadlines = set(
            session.exec(
                select(Deadline.id).where(
                    Deadline.id.in_(deadline_ids),
                    sa.or_(Deadline.due_on.is_not(None), Deadline.status != DeadlineStatus.OPEN),
                )
            ).all()
        )
    if event_ids:
        counted_events = set(
            session.exec(select(Event.id).where(Event.id.in_(event_ids), Event.starts_at.is_not(None))).all()
        )
    return [
        link
        for link in links
        if (link.deadline_id is None or link.deadline_id in counted_deadlines)
        and (link.event_id is None or link.event_id in counted_events)
    ]


def relabel_document_delivery(session: Session, actor: str, document_id: int, delivered_by: str) -> None:
    """A delivering document's symbol was corrected: the deadlines it delivered say the new one.
    Joins the caller's transaction."""
    with transaction(session, actor) as tx:
        for deadline in session.exec(select(Deadline).where(Deadline.delivered_by_document == document_id)).all():
            if deadline.delivered_by == delivered_by[:200]:
                continue
            before = snapshot(deadline, ["delivered_by"])
            deadline.delivered_by = delivered_by[:200]
            _touch(deadline, new_sequence=False)
            tx.record(deadline, "update", before, snapshot(deadline, ["delivered_by"]))
