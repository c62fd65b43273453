"""Writing documents: create and change one (type, symbol, issue date, title and link per
language), put a file in a language, attach it to sessions and paragraphs, delete it.

Every change is in the audit trail, recorded on the document, in the change's transaction, and
sets the document's `updated_at` (the event page's cache fingerprint reads it). Linking a
document to a paragraph delivers the deadlines the paragraph set, through
planner.mandates.deadlines, in the same transaction; unlinking it (or deleting the document)
reopens them, unless another document linked to the paragraph still delivers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.agenda.models import AgendaSession
from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.documents import files, queries
from planner.documents.files import DocumentFile
from planner.documents.models import Document, DocumentParagraph, DocumentSession, DocumentVersion
from planner.events.models import Event
from planner.i18n.languages import LANGUAGES
from planner.mandates import deadlines
from planner.mandates.models import Paragraph

DOCUMENT_FIELDS = ["symbol", "doc_type", "issued_on"]


@dataclass
class DocumentValues:
    doc_type: str
    symbol: str | None
    issued_on: date | None
    titles: dict[str, str]  # by language code
    links: dict[str, str]  # by language code


def _versions(session: Session, document: Document) -> dict[str, DocumentVersion]:
    rows = session.exec(select(DocumentVersion).where(DocumentVersion.document_id == document.id)).all()
    return {row.language: row for row in rows}


def _versions_snapshot(versions: dict[str, DocumentVersion]) -> dict:
    """Titles and links by language, as the audit trail shows them ("title_fr", "link_fr")."""
    values = {}
    for code, version in versions.items():
        values[f"title_{code}"] = version.title or None
        values[f"link_{code}"] = version.url
    return {key: value for key, value in values.items() if value}


def save_document(
    session: Session, actor: str, event: Event, document: Document | None, values: DocumentValues
) -> Document:
    """Create a document of `event` (document None) or change one. A link in a language replaces
    that language's file (deleted once committed if no version uses it any more). The deadlines the
    document delivered follow a corrected symbol."""
    creating = document is None
    document = document or Document(event_id=event.id)
    files_before = set() if creating else {v.file_name for v in _versions(session, document).values() if v.file_name}
    before = (
        None
        if creating
        else {**snapshot(document, DOCUMENT_FIELDS), **_versions_snapshot(_versions(session, document))}
    )
    with transaction(session, actor, unique=("symbol", _("This event already has a document with this symbol."))) as tx:
        document.doc_type = values.doc_type
        document.symbol = values.symbol or None
        document.issued_on = values.issued_on
        document.updated_at = utcnow()
        session.add(document)
        session.flush()
        versions = _versions(session, document)
        for code in LANGUAGES:
            title, link = values.titles.get(code, "").strip(), values.links.get(code, "").strip() or None
            version = versions.get(code)
            if version is None and not (title or link):
                continue
            if version is None:
                version = versions[code] = DocumentVersion(document_id=document.id, language=code)
                session.add(version)
            version.title = title
            if link:
                version.url, version.file_name, version.media_type, version.size = link, None, None, None
            else:
                version.url = None
        after = {**snapshot(document, DOCUMENT_FIELDS), **_versions_snapshot(versions)}
        tx.record(document, "create" if creating else "update", before, after)
        if not creating:
            session.flush()
            deadlines.relabel_document_delivery(session, actor, document.id, delivered_by(session, document))
    files.forget_unused(session, files_before)
    return document


def put_file(
    session: Session, actor: str, document: Document, language: str, accepted: DocumentFile, name: str
) -> None:
    """Make `accepted` (stored under `name`) the document's file in `language`, in place of its
    file or link there; the file it replaced is deleted once committed if nothing uses it."""
    with transaction(session, actor) as tx:
        version = queries.version_of(session, document.id, language)
        if version is None:
            version = DocumentVersion(document_id=document.id, language=language)
            session.add(version)
        replaced = version.file_name
        version.file_name, version.media_type, version.size, version.url = (
            name,
            accepted.media_type,
            len(accepted.data),
            None,
        )
        document.updated_at = utcnow()
        tx.record(document, "upload", None, {f"file_{language}": _size_label(accepted)})
    files.forget_unused(session, {replaced} - {None, name})


def _size_label(accepted: DocumentFile) -> str:
    """ "PDF, 48213 bytes": what the audit trail says of an uploaded file."""
    return f"{accepted.extension.upper()}, {len(accepted.data)} bytes"


def remove_file(session: Session, actor: str, document: Document, language: str) -> None:
    """Take the file away from one language (deleted once committed if nothing else uses it)."""
    version = queries.version_of(session, document.id, language)
    if version is None or not version.file_name:
        return
    with transaction(session, actor) as tx:
        name = version.file_name
        version.file_name = version.media_type = version.size = None
        document.updated_at = utcnow()
        tx.record(document, "remove file", {f"file_{language}": name.rsplit(".", 1)[-1].upper()}, None)
    files.forget_unused(session, {name})


def set_sessions(session: Session, actor: str, document: Document, session_ids: set[int]) -> None:
    """The document serves exactly these sessions of its event (others are ignored)."""
    own = {s.id for s in queries.event_sessions(session, document.event_id)}
    wanted = session_ids & own
    current = {
        row.session_id: row
        for row in session.exec(select(DocumentSession).where(DocumentSession.document_id == document.id)).all()
    }
    titles = {
        s.id: s.title for s in session.exec(select(AgendaSession).where(AgendaSession.id.in_(own | set(current))))
    }
    with transaction(session, actor) as tx:
        for session_id in set(current) - wanted:
            session.delete(current[session_id])
        for session_id in wanted - set(current):
            session.add(DocumentSession(document_id=document.id, session_id=session_id))
        before = sorted(titles.get(i, "") for i in current)
        after = sorted(titles[i] for i in wanted)
        if before == after:
            tx.discard()
            return
        document.updated_at = utcnow()
        tx.record(document, "attach to sessions", {"sessions": "; ".join(before)}, {"sessions": "; ".join(after)})


def link_paragraph(session: Session, actor: str, document: Document, paragraph: Paragraph) -> list:
    """The document answers `paragraph`: the open deadlines the paragraph set are delivered by it.
    Returns those deadlines. Linking twice is linking once."""
    existing = session.exec(
        select(DocumentParagraph).where(
            DocumentParagraph.document_id == document.id, DocumentParagraph.paragraph_id == paragraph.id
        )
    ).first()
    if existing is not None:
        return []
    with transaction(session, actor) as tx:
        session.add(DocumentParagraph(document_id=document.id, paragraph_id=paragraph.id))
        document.updated_at = utcnow()
        tx.record(document, "link", None, {"paragraph_id": paragraph.id})
        delivered = deadlines.deliver_by_document(
            session, actor, paragraph, document.id, delivered_by(session, document), document.issued_on
        )
    return delivered


def delivered_by(session: Session, document: Document) -> str:
    """What a deadline says delivered it: the symbol, or (an information note) its English title."""
    if document.symbol:
        return document.symbol
    versions = _versions(session, document)
    return next((versions[code].title for code in ("en", *LANGUAGES) if code in versions and versions[code].title), "")


def unlink_paragraph(session: Session, actor: str, document: Document, link: DocumentParagraph) -> None:
    """The document no longer answers the paragraph: the deadlines it delivered there reopen, or
    pass to another document still linked to the paragraph."""
    paragraph = session.get(Paragraph, link.paragraph_id)
    with transaction(session, actor) as tx:
        session.delete(link)
        document.updated_at = utcnow()
        tx.record(document, "unlink", {"paragraph_id": link.paragraph_id}, None)
        session.flush()
        _reopen_or_pass_on(session, actor, document, paragraph)


def _reopen_or_pass_on(session: Session, actor: str, document: Document, paragraph: Paragraph) -> None:
    deadlines.undo_document_delivery(session, actor, document.id, paragraph)
    others = session.exec(
        select(Document)
        .join(DocumentParagraph, DocumentParagraph.document_id == Document.id)
        .where(DocumentParagraph.paragraph_id == paragraph.id, Document.id != document.id)
        .order_by(Document.issued_on, Document.id)
    ).all()
    for other in others:
        deadlines.deliver_by_document(
            session, actor, paragraph, other.id, delivered_by(session, other), other.issued_on
        )


def delete_document(session: Session, actor: str, document: Document) -> None:
    """Delete the document (its versions and attachments with it), reopening what it delivered;
    its files are deleted once committed if no other document uses them."""
    names = {v.file_name for v in _versions(session, document).values() if v.file_name}
    links = session.exec(select(DocumentParagraph).where(DocumentParagraph.document_id == document.id)).all()
    with transaction(session, actor) as tx:
        tx.record(document, "delete", {**snapshot(document, DOCUMENT_FIELDS)}, None)
        for link in links:
            paragraph = session.get(Paragraph, link.paragraph_id)
            session.delete(link)
            session.flush()
            _reopen_or_pass_on(session, actor, document, paragraph)
        for version in _versions(session, document).values():
            session.delete(version)
        for row in session.exec(select(DocumentSession).where(DocumentSession.document_id == document.id)).all():
            session.delete(row)
        session.delete(document)
    files.forget_unused(session, names)
