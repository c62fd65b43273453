"""Documents as stored: a document of an event, its versions per language, and what it is attached to.

Why these shapes (UN documentation practice):
- A parliamentary document is known by its symbol (A/72/297, A/CONF.235/1), the same in every
  language; only an information note may have none. Its title differs per language, and each of
  the six official languages has its own file (or a link to the Official Document System).
- A document serves agenda sessions (the agenda item it is issued under) and answers paragraphs
  of resolutions (a report of the Secretary-General "requested in paragraph 36 of resolution
  71/244"): linking it to such a paragraph delivers the deadline the paragraph set
  (planner.documents.editing, through planner.mandates.deadlines).
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
from planner.i18n.languages import LANGUAGES
from planner.validation import ModelValidationError

SYMBOL_MAX, TITLE_MAX, URL_MAX = 60, 400, 500
# A/72/297, A/CONF.235/1, A/72/297/Add.1, A/C.2/72/L.3/Rev.1: series and parts in capitals, the
# suffixes (Add., Corr., Rev.) as the UN writes them.
DOCUMENT_SYMBOL = re.compile(r"^[A-Z]{1,4}(?:/(?:[A-Z0-9][A-Z0-9.\-]*|(?:Add|Corr|Rev|Amend)\.[0-9]+))+$")


def is_document_symbol(text: str | None) -> bool:
    return bool(text) and bool(DOCUMENT_SYMBOL.match(text))


class DocumentType(StrEnum):
    SG_REPORT = "sg_report"
    PROVISIONAL_AGENDA = "provisional_agenda"
    SECRETARIAT_NOTE = "secretariat_note"
    INFORMATION_NOTE = "information_note"
    OUTCOME = "outcome"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(TYPE_LABELS[self])


TYPE_LABELS = {
    DocumentType.SG_REPORT: _l("Report of the Secretary-General"),
    DocumentType.PROVISIONAL_AGENDA: _l("Provisional agenda"),
    DocumentType.SECRETARIAT_NOTE: _l("Note by the Secretariat"),
    DocumentType.INFORMATION_NOTE: _l("Information note"),
    DocumentType.OUTCOME: _l("Outcome document"),
    DocumentType.OTHER: _l("Other"),
}


class Document(SQLModel, table=True):
    """One document of an event. Every change to it or to what hangs off it (versions, sessions,
    paragraphs) sets `updated_at`, which the event page's cache fingerprint reads."""

    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    symbol: str | None = Field(default=None, sa_type=sa.String(SYMBOL_MAX))
    doc_type: str = Field(default=DocumentType.OTHER, sa_type=sa.String(32))
    issued_on: date | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("event_id", "symbol", name="uq_document_event_symbol"),
        sa.CheckConstraint(sql_in("doc_type", DocumentType), name="doc_type_known"),
        sa.CheckConstraint("symbol IS NULL OR symbol <> ''", name="symbol_not_empty"),
    )

    @property
    def type_label(self) -> str:
        return DocumentType(self.doc_type).label

    def check(self) -> None:
        if self.doc_type not in set(DocumentType):
            raise ModelValidationError("doc_type", _("Choose the type of document."))
        if self.symbol is None and self.doc_type != DocumentType.INFORMATION_NOTE:
            raise ModelValidationError("symbol", _("Only an information note may have no symbol."))
        if self.symbol is not None and not is_document_symbol(self.symbol):
            raise ModelValidationError("symbol", _("Write the symbol like A/72/297 or A/CONF.235/1."))


class DocumentVersion(SQLModel, table=True):
    """A document in one language: its title, and its file (stored under DOCUMENT_FOLDER by the
    SHA-256 of its bytes, planner.documents.files) or a link to it elsewhere, or neither yet."""

    __tablename__ = "document_version"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    language: str = Field(sa_type=sa.String(2))
    title: str = Field(default="", sa_type=sa.String(TITLE_MAX))
    file_name: str | None = Field(default=None, sa_type=sa.String(80), index=True)
    media_type: str | None = Field(default=None, sa_type=sa.String(100))
    size: int | None = Field(default=None)
    url: str | None = Field(default=None, sa_type=sa.String(URL_MAX))

    __table_args__ = (
        sa.UniqueConstraint("document_id", "language", name="uq_document_version_language"),
        sa.CheckConstraint(sql_in("language", LANGUAGES), name="language_known"),
        sa.CheckConstraint("file_name IS NULL OR url IS NULL", name="file_or_link"),
    )

    @property
    def available(self) -> bool:
        return bool(self.file_name or self.url)

    @property
    def language_info(self):
        """The planner.i18n Language (its name in itself, tag and direction), for pages."""
        return LANGUAGES[self.language]

    def check(self) -> None:
        if self.language not in LANGUAGES:
            raise ModelValidationError("language", _("Choose one of the six official languages."))
        if self.url and not self.url.startswith(("https://", "http://")):
            raise ModelValidationError("url", _("A link starts with https:// or http://."))


class DocumentSession(SQLModel, table=True):
    """The document serves this agenda session (the agenda item it is issued under)."""

    __tablename__ = "document_session"

    document_id: int = Field(foreign_key="document.id", primary_key=True, ondelete="CASCADE")
    session_id: int = Field(foreign_key="agenda_session.id", primary_key=True, index=True, ondelete="CASCADE")


class DocumentParagraph(SQLModel, table=True):
    """The document answers this paragraph of a resolution (a report it requested, say)."""

    __tablename__ = "document_paragraph"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    paragraph_id: int = Field(foreign_key="paragraph.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (sa.UniqueConstraint("document_id", "paragraph_id", name="uq_document_paragraph"),)
