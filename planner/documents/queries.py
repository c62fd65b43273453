"""Reading documents: an event's documents with their versions, a session's documents, the
paragraphs a document answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from planner.agenda.models import AgendaSession
from planner.documents.models import Document, DocumentParagraph, DocumentSession, DocumentVersion
from planner.i18n.languages import LANGUAGES
from planner.mandates.models import Paragraph, ParagraphKind, Resolution, symbol_to_slug


@dataclass
class AnsweredParagraph:
    """A paragraph a document answers, as pages cite it: "A/RES/71/244, para. 36"."""

    link_id: int
    symbol: str
    slug: str
    kind: str
    number: int

    @property
    def anchor(self) -> str:
        return f"{ParagraphKind(self.kind).anchor_prefix}{self.number}"


@dataclass
class DocumentView:
    document: Document
    versions: dict[str, DocumentVersion] = field(default_factory=dict)  # by language code
    session_ids: set[int] = field(default_factory=set)
    paragraphs: list[AnsweredParagraph] = field(default_factory=list)

    @property
    def available(self) -> list[DocumentVersion]:
        """The versions with a file or a link, in the UN's order of languages."""
        return [self.versions[code] for code in LANGUAGES if code in self.versions and self.versions[code].available]

    def _titled(self, language: str) -> DocumentVersion | None:
        """The version whose title a reader of `language` sees: theirs, else English, else any."""
        titled = (self.versions.get(code) for code in (language, "en", *LANGUAGES))
        return next((version for version in titled if version and version.title), None)

    def title(self, language: str) -> str:
        """The title in `language`, else in English, else in any language it has one."""
        version = self._titled(language)
        return version.title if version else ""

    def title_language(self, language: str):
        """The Language `title(language)` is in (for `lang` and `dir` attributes)."""
        version = self._titled(language)
        return LANGUAGES[version.language if version else language]


def document_views(
    session: Session, event_id: int, *, session_id: int | None = None, document_id: int | None = None
) -> list[DocumentView]:
    """The event's documents (or those serving one of its sessions, or one of them), newest issue
    first, each with its versions, sessions and paragraphs: four queries whatever their number."""
    statement = select(Document).where(Document.event_id == event_id)
    if document_id is not None:
        statement = statement.where(Document.id == document_id)
    if session_id is not None:
        statement = statement.where(
            Document.id.in_(select(DocumentSession.document_id).where(DocumentSession.session_id == session_id))
        )
    documents = session.exec(statement.order_by(Document.issued_on.desc(), Document.symbol, Document.id)).all()
    views = {document.id: DocumentView(document) for document in documents}
    if not views:
        return []
    for version in session.exec(select(DocumentVersion).where(DocumentVersion.document_id.in_(views))).all():
        views[version.document_id].versions[version.language] = version
    for link in session.exec(select(DocumentSession).where(DocumentSession.document_id.in_(views))).all():
        views[link.document_id].session_ids.add(link.session_id)
    for paragraph in answered_paragraphs(session, list(views)):
        views[paragraph[0]].paragraphs.append(paragraph[1])
    return list(views.values())


def answered_paragraphs(session: Session, document_ids: list[int]) -> list[tuple[int, AnsweredParagraph]]:
    rows = session.exec(
        select(DocumentParagraph.id, DocumentParagraph.document_id, Resolution.symbol, Paragraph.kind, Paragraph.number)
        .join(Paragraph, Paragraph.id == DocumentParagraph.paragraph_id)
        .join(Resolution, Resolution.id == Paragraph.resolution_id)
        .where(DocumentParagraph.document_id.in_(document_ids))
        .order_by(Resolution.symbol, Paragraph.kind.desc(), Paragraph.number)
    ).all()
    return [
        (document_id, AnsweredParagraph(link_id, symbol, symbol_to_slug(symbol), kind, number))
        for link_id, document_id, symbol, kind, number in rows
    ]


def document_view(session: Session, document: Document) -> DocumentView:
    [view] = document_views(session, document.event_id, document_id=document.id)
    return view


def event_sessions(session: Session, event_id: int) -> list[AgendaSession]:
    """The event's sessions in time order, for attaching a document to them."""
    return list(
        session.exec(
            select(AgendaSession).where(AgendaSession.event_id == event_id).order_by(AgendaSession.starts_at)
        ).all()
    )


def find_paragraph(session: Session, symbol: str, kind: str, number: int) -> Paragraph | None:
    return session.exec(
        select(Paragraph)
        .join(Resolution)
        .where(Resolution.symbol == symbol, Paragraph.kind == kind, Paragraph.number == number)
    ).first()


def version_of(session: Session, document_id: int, language: str) -> DocumentVersion | None:
    return session.exec(
        select(DocumentVersion).where(DocumentVersion.document_id == document_id, DocumentVersion.language == language)
    ).first()
