"""Resolutions, their paragraphs, mandated deadlines, and the links from paragraphs to what implements them.

A link names its paragraph by resolution symbol, kind and number, so it can point at a resolution
that is not imported (e.g. A/RES/58/220, which proclaimed the UN Day). When the resolution is
imported, `paragraph_id` ties the link to the stored paragraph as well.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, SQLModel

from planner.db import UTCDateTime, sql_in, utcnow
from planner.validation import ModelValidationError

# A/RES/71/244, A/DEC/66/550, A/RES/ES-10/19, E/RES/2019/1, A/RES/57/270 B, A/CONF.227/20
SYMBOL_PATTERN = re.compile(r"^[A-Z]{1,4}(?:/[A-Z0-9][A-Z0-9.\-]*)+(?: [A-Z])?$")


def is_symbol(text: str | None) -> bool:
    """True for a UN document symbol such as "A/RES/71/244"."""
    return bool(text) and bool(SYMBOL_PATTERN.match(text))


def symbol_to_slug(symbol: str) -> str:
    """The symbol as it appears in URLs: "A/RES/71/244" -> "A-RES-71-244"."""
    return symbol.replace("/", "-").replace(" ", "_")


class ParagraphKind(StrEnum):
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"

    @property
    def anchor_prefix(self) -> str:
        return "pp" if self is ParagraphKind.PREAMBULAR else "op"


class LinkRole(StrEnum):
    CONVENES = "convenes"
    HOSTS = "hosts"
    REQUESTS = "requests"
    REQUESTS_REPORT = "requests_report"
    REQUESTS_BRIEFING = "requests_briefing"
    TAKES_NOTE = "takes_note"
    WELCOMES = "welcomes"
    PROCLAIMS = "proclaims"
    # A resolution referring back to an event held under an earlier one (planner.mandates.matching).
    RECALLS = "recalls"
    ENDORSES_OUTCOME = "endorses_outcome"

    @property
    def label(self) -> str:
        """ "requests report": the role as logs and the command line name it (English)."""
        return self.value.replace("_", " ")

    @property
    def display(self) -> str:
        """ "Requests report": the role as pages show it, in the reader's language."""
        return str(_LINK_ROLE_LABELS[self])


_LINK_ROLE_LABELS = {
    LinkRole.CONVENES: _l("Convenes"),
    LinkRole.HOSTS: _l("Hosts"),
    LinkRole.REQUESTS: _l("Requests"),
    LinkRole.REQUESTS_REPORT: _l("Requests report"),
    LinkRole.REQUESTS_BRIEFING: _l("Requests briefing"),
    LinkRole.TAKES_NOTE: _l("Takes note"),
    LinkRole.WELCOMES: _l("Welcomes"),
    LinkRole.PROCLAIMS: _l("Proclaims"),
    LinkRole.RECALLS: _l("Recalls"),
    LinkRole.ENDORSES_OUTCOME: _l("Endorses the outcome of"),
}


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    HALF_YEAR = "half-year"
    YEAR = "year"
    SESSION = "session"

    @property
    def label(self) -> str:
        """How precise a mandated date is, as the review page says it (reader's language)."""
        return str(_PRECISION_LABELS[self])


_PRECISION_LABELS = {
    DatePrecision.DAY: _l("day"),
    DatePrecision.MONTH: _l("month"),
    DatePrecision.HALF_YEAR: _l("half-year"),
    DatePrecision.YEAR: _l("year"),
    DatePrecision.SESSION: _l("session"),
}


class DeadlineStatus(StrEnum):
    """Stored status. "Overdue" is not stored: it is an open deadline whose date has passed.

    A deadline is closed one of three ways (planner.mandates.deadlines): delivered (by a document
    or as a note says), superseded by a later resolution that replaced the request, or dropped
    with a reason."""

    OPEN = "open"
    DELIVERED = "delivered"
    SUPERSEDED = "superseded"
    DROPPED = "dropped"


def deadline_status_label(status: str) -> str:
    """ "open", "delivered", "superseded", "dropped" or "overdue" (see Deadline.effective_status)
    in the reader's language."""
    return {
        "open": _("open"),
        "delivered": _("delivered"),
        "superseded": _("superseded"),
        "dropped": _("dropped"),
        "overdue": _("overdue"),
    }[status]


class Resolution(SQLModel, table=True):
    """An adopted resolution or decision, with its source text kept verbatim."""

    __tablename__ = "resolution"

    id: int | None = Field(default=None, primary_key=True)
    symbol: str = Field(sa_type=sa.String(40), unique=True)
    title: str = Field(sa_type=sa.String(300))
    body: str = Field(default="General Assembly", sa_type=sa.String(120))
    adopted_on: date | None = Field(default=None)
    source_text: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (sa.CheckConstraint("symbol <> ''", name="symbol_not_empty"),)

    @property
    def slug(self) -> str:
        return symbol_to_slug(self.symbol)

    def check(self) -> None:
        if not is_symbol(self.symbol):
            raise ModelValidationError(
                "symbol", _("%(symbol)r is not a document symbol such as A/RES/71/244", symbol=self.symbol)
            )
        if not self.title:
            raise ModelValidationError("title", _("a resolution needs a title"))


class Paragraph(SQLModel, table=True):
    """One preambular or operative paragraph, its text cleaned of OCR noise."""

    __tablename__ = "paragraph"

    id: int | None = Field(default=None, primary_key=True)
    resolution_id: int = Field(foreign_key="resolution.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=sa.String(16))
    number: int
    text: str = Field(sa_type=sa.Text)
    opening: str = Field(default="", sa_type=sa.String(120))

    __table_args__ = (
        sa.UniqueConstraint("resolution_id", "kind", "number", name="uq_paragraph_position"),
        sa.CheckConstraint(sql_in("kind", ParagraphKind), name="kind_known"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )

    @property
    def anchor(self) -> str:
        return f"{ParagraphKind(self.kind).anchor_prefix}{self.number}"

    def check(self) -> None:
        if self.kind not in set(ParagraphKind):
            raise ModelValidationError("kind", _("unknown paragraph kind %(kind)r", kind=self.kind))
        if self.number <= 0:
            raise ModelValidationError("number", _("paragraph numbers start at 1"))


class Deadline(SQLModel, table=True):
    """A mandated deliverable: a report, an updated set of recommendations, a resolution to adopt."""

    __tablename__ = "deadline"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_type=sa.String(400))
    responsible: str = Field(default="", sa_type=sa.String(200))
    due_on: date | None = Field(default=None, index=True)
    precision: str | None = Field(default=None, sa_type=sa.String(16))
    session: int | None = Field(default=None)
    # Whose session `session` is: "General Assembly", or the committee or board the text names.
    organ: str = Field(default="", sa_type=sa.String(200), sa_column_kwargs={"server_default": ""})
    phrase: str = Field(default="", sa_type=sa.Text)
    status: str = Field(default=DeadlineStatus.OPEN, sa_type=sa.String(16), index=True)
    event_id: int | None = Field(default=None, foreign_key="event.id", index=True, ondelete="SET NULL")
    sequence: int = Field(default=0)
    note: str = Field(default="", sa_type=sa.Text)  # the secretariat's own note, editable
    # How it was closed (all empty while open): what delivered it (a document's symbol, or the
    # closing note), the later resolution that superseded it, or why it was dropped.
    delivered_by: str = Field(default="", sa_type=sa.String(200))
    # The planner.documents document whose link to the deadline's paragraph delivered it: unlinking
    # that document reopens the deadline. No foreign key: mandates sit below documents.
    delivered_by_document: int | None = Field(default=None)
    superseded_by: str = Field(default="", sa_type=sa.String(40))
    closing_note: str = Field(default="", sa_type=sa.Text)
    closed_on: date | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

    __table_args__ = (
        sa.CheckConstraint(sql_in("status", DeadlineStatus), name="status_known"),
        sa.CheckConstraint(f"precision IS NULL OR {sql_in('precision', DatePrecision)}", name="precision_known"),
        sa.CheckConstraint(
            "(due_on IS NULL) = (precision IS NULL) OR precision = 'session'", name="due_with_precision"
        ),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    def is_overdue(self, today: date) -> bool:
        return self.status == DeadlineStatus.OPEN and self.due_on is not None and self.due_on < today

    def effective_status(self, today: date) -> str:
        """The stored status, or "overdue" for an open deadline whose date has passed."""
        return "overdue" if self.is_overdue(today) else self.status

    @property
    def is_open(self) -> bool:
        return self.status == DeadlineStatus.OPEN

    def status_label(self, today: date) -> str:
        """The effective status as pages show it, in the reader's language."""
        return deadline_status_label(self.effective_status(today))

    def check(self) -> None:
        if not self.title:
            raise ModelValidationError("title", _("a deadline needs a title"))
        if self.status not in set(DeadlineStatus):
            raise ModelValidationError("status", _("unknown status %(status)r", status=self.status))
        if self.precision is not None and self.precision not in set(DatePrecision):
            raise ModelValidationError("precision", _("unknown precision %(precision)r", precision=self.precision))
        if self.status == DeadlineStatus.SUPERSEDED and not is_symbol(self.superseded_by):
            raise ModelValidationError("superseded_by", _("Name the later resolution, like A/RES/73/291."))
        if self.status == DeadlineStatus.DROPPED and not self.closing_note.strip():
            raise ModelValidationError("closing_note", _("Say why the deadline is dropped."))


# Exactly one of the three targets is set (a paragraph mandates an event, a session or a deadline).
ONE_TARGET_SQL = (
    "(CASE WHEN event_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN session_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN deadline_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class MandateLink(SQLModel, table=True):
    """ "Paragraph X of resolution Y <role> this event / session / deadline"."""

    __tablename__ = "mandate_link"

    id: int | None = Field(default=None, primary_key=True)
    resolution_symbol: str = Field(sa_type=sa.String(40), index=True)
    paragraph_kind: str = Field(default=ParagraphKind.OPERATIVE, sa_type=sa.String(16))
    paragraph_number: int | None = Field(default=None)
    paragraph_id: int | None = Field(default=None, foreign_key="paragraph.id", index=True, ondelete="SET NULL")
    role: str = Field(sa_type=sa.String(32))
    event_id: int | None = Field(default=None, foreign_key="event.id", index=True, ondelete="CASCADE")
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id", index=True, ondelete="CASCADE")
    session_id: int | None = Field(default=None, foreign_key="agenda_session.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint(sql_in("role", LinkRole), name="role_known"),
        sa.CheckConstraint(sql_in("paragraph_kind", ParagraphKind), name="paragraph_kind_known"),
        sa.CheckConstraint(ONE_TARGET_SQL, name="one_target"),
        sa.CheckConstraint("paragraph_number IS NULL OR paragraph_number > 0", name="paragraph_number_positive"),
    )

    @property
    def anchor(self) -> str | None:
        return self.anchor_of(self.paragraph_kind, self.paragraph_number)

    @staticmethod
    def anchor_of(kind: str, number: int | None) -> str | None:
        """The paragraph's anchor on the resolution's page, for a link read as plain columns."""
        return None if number is None else f"{ParagraphKind(kind).anchor_prefix}{number}"

    def check(self) -> None:
        if not is_symbol(self.resolution_symbol):
            raise ModelValidationError(
                "resolution_symbol", _("%(symbol)r is not a document symbol", symbol=self.resolution_symbol)
            )
        if self.role not in set(LinkRole):
            raise ModelValidationError("role", _("unknown role %(role)r", role=self.role))
        targets = (self.event_id, self.session_id, self.deadline_id)
        if sum(target is not None for target in targets) != 1:
            raise ModelValidationError("target", _("a link points at exactly one event, session or deadline"))


class SuggestionDecision(SQLModel, table=True):
    """What the secretariat decided about one suggestion drawn from a paragraph."""

    __tablename__ = "suggestion_decision"

    id: int | None = Field(default=None, primary_key=True)
    resolution_id: int = Field(foreign_key="resolution.id", index=True, ondelete="CASCADE")
    key: str = Field(sa_type=sa.String(200))
    decision: str = Field(sa_type=sa.String(16))
    # Indexed: deleting an event or deadline sets these to NULL, which without an index scans
    # every decision (foreign keys are not indexed automatically on SQLite or PostgreSQL).
    event_id: int | None = Field(default=None, foreign_key="event.id", ondelete="SET NULL", index=True)
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id", ondelete="SET NULL", index=True)
    decided_by: str = Field(default="", sa_type=sa.String(200))
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("resolution_id", "key", name="uq_suggestion_decision_key"),
        sa.CheckConstraint("decision IN ('accepted', 'dismissed')", name="decision_known"),
    )
