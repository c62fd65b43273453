"""Importing a resolution: bytes from a file or a form in, stored paragraphs out, or a clear refusal.

Everything is checked before anything is written, and the import is one transaction, so a
refused or failed import leaves the database as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.events.models import Event
from planner.mandates.extracting import ExtractionError, kind_of, text_from_docx, text_from_pdf
from planner.mandates.models import Deadline, MandateLink, Paragraph, Resolution, is_symbol
from planner.mandates.parser import ParsedParagraph, ResolutionParseError, parse_resolution


class ImportRejected(ValueError):
    """The input cannot be imported; the message says why in the secretariat's words (in the
    reader's language on pages, English on the command line)."""


@dataclass
class ImportReport:
    resolution: Resolution
    preambular: int
    operative: int
    replaced: bool = False
    kept_links: int = 0
    dropped_links: list[str] = field(default_factory=list)


def decode_text(data: bytes, source: str | None = None) -> str:
    """The text of an upload, refusing empty, binary and non-UTF-8 input with a clear reason.

    `source` names the file in the message (a path on the command line, "the uploaded file").
    """
    source = source or _("the file")
    if not data.strip():
        # TRANSLATORS: %(source)s is a file name or "the uploaded file".
        raise ImportRejected(_("%(source)s is empty", source=source))
    if b"\x00" in data[:8192]:
        raise ImportRejected(
            _(
                "%(source)s is a binary file, not plain text; save the resolution as plain text (UTF-8) and try again",
                source=source,
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected(
            _(
                "%(source)s is not UTF-8 text (undecodable byte at line %(line)d); save it as UTF-8 and try again",
                source=source,
                line=line,
            )
        ) from None
    return text


def text_of_file(data: bytes, source: str | None = None) -> str:
    """The resolution text in a file: PDF and Word (.docx) are read as laid out by the Official
    Document System (planner.mandates.extracting), anything else as UTF-8 plain text."""
    kind = kind_of(data)
    try:
        if kind == "pdf":
            return text_from_pdf(data)
        if kind == "docx":
            return text_from_docx(data)
    except ExtractionError as error:
        raise ImportRejected(str(error)) from None
    return decode_text(data, source)


def check_symbol(symbol: str) -> str:
    symbol = " ".join(symbol.split()).upper()
    if not is_symbol(symbol):
        if not symbol:
            raise ImportRejected(_("an empty symbol is not a document symbol; write it like A/RES/71/244"))
        raise ImportRejected(_("%(symbol)r is not a document symbol; write it like A/RES/71/244", symbol=symbol))
    return symbol


def import_resolution(
    session: Session,
    text: str,
    *,
    symbol: str,
    title: str,
    adopted_on: date | None,
    body: str = "General Assembly",
    replace: bool = False,
    actor: str | None = None,
) -> ImportReport:
    """Parse and store a resolution; with `replace`, swap the text of one already imported.

    A replace keeps every link whose paragraph kept its number and text, and reports the links
    it had to drop because their paragraph changed or disappeared. With an `actor` (the
    management page) the import is recorded in the audit trail, in the same transaction.
    """
    symbol = check_symbol(symbol)
    title = " ".join(title.split())
    if not title:
        raise ImportRejected(_('a title is needed, e.g. "South-South cooperation"'))
    if adopted_on is not None and adopted_on > utcnow().date():
        raise ImportRejected(
            _(
                "the adoption date %(day)s is in the future; give the date the resolution was adopted",
                day=adopted_on.isoformat(),
            )
        )
    printed = printed_symbol(text)
    if printed and printed != symbol:
        raise ImportRejected(
            _(
                "the text is resolution %(printed)s, not %(symbol)s; check the file or the symbol",
                printed=printed,
                symbol=symbol,
            )
        )
    try:
        parsed = parse_resolution(text)
    except ResolutionParseError as error:
        raise ImportRejected(str(error)) from None

    existing = session.exec(select(Resolution).where(Resolution.symbol == symbol)).first()
    if existing and not replace:
        raise ImportRejected(
            _('%(symbol)s is already imported; use --replace (or tick "replace") to load a new text', symbol=symbol)
        )
    with transaction(session, actor) as tx:
        if existing:
            report = _replace(session, existing, parsed, text, title, adopted_on, body)
        else:
            resolution = Resolution(symbol=symbol, title=title, adopted_on=adopted_on, body=body, source_text=text)
            session.add(resolution)
            session.flush()
            _add_paragraphs(session, resolution, parsed)
            report = ImportReport(resolution, *_counts(parsed))
        _attach_links(session, report.resolution)
        if actor:
            tx.record(
                report.resolution,
                "replaced" if report.replaced else "imported",
                None,
                snapshot(report.resolution, ["symbol", "title", "adopted_on", "body"]),
            )
    return report


def printed_symbol(text: str) -> str | None:
    """The symbol printed in the document's heading, before "The General Assembly," ("A/RES/73/249*"
    when reissued), if any; the body may cite other resolutions' symbols."""
    heading = re.split(r"The\s+General\s+Assembly\s*,", text[:5000], maxsplit=1)
    if len(heading) < 2:
        return None
    match = re.search(r"\b([A-Z]{1,2}/RES/[\w/.()-]+?)\*?(?=\s|$)", heading[0])
    return match.group(1) if match else None


def _counts(parsed: list[ParsedParagraph]) -> tuple[int, int]:
    pre = sum(1 for p in parsed if p.kind == "preambular")
    return pre, len(parsed) - pre


def _add_paragraphs(session: Session, resolution: Resolution, parsed) -> dict:
    stored = {}
    for item in parsed:
        paragraph = Paragraph(
            resolution_id=resolution.id, kind=item.kind, number=item.number, text=item.text, opening=item.opening[:120]
        )
        session.add(paragraph)
        stored[(item.kind, item.number)] = paragraph
    session.flush()
    return stored


def _replace(session, resolution, parsed, text, title, adopted_on, body) -> ImportReport:
    old = {
        (p.kind, p.number): p for p in session.exec(select(Paragraph).where(Paragraph.resolution_id == resolution.id))
    }
    links = session.exec(select(MandateLink).where(MandateLink.resolution_symbol == resolution.symbol)).all()
    new_text = {(p.kind, p.number): p.text for p in parsed}
    report = ImportReport(resolution, *_counts(parsed), replaced=True)
    for link in links:
        if link.paragraph_number is None:
            continue
        key = (link.paragraph_kind, link.paragraph_number)
        before = old.get(key)
        if before is not None and new_text.get(key) == before.text:
            report.kept_links += 1
            link.paragraph_id = None  # re-attached to the new paragraph below
        else:
            report.dropped_links.append(_describe(session, link))
            session.delete(link)
    session.flush()
    for paragraph in old.values():
        session.delete(paragraph)
    session.flush()
    resolution.title, resolution.adopted_on, resolution.body = title, adopted_on, body
    resolution.source_text = text
    resolution.updated_at = utcnow()
    _add_paragraphs(session, resolution, parsed)
    return report


def _attach_links(session: Session, resolution: Resolution) -> None:
    """Point every link naming this resolution's paragraphs at the stored paragraph."""
    paragraphs = {
        (p.kind, p.number): p.id
        for p in session.exec(select(Paragraph).where(Paragraph.resolution_id == resolution.id))
    }
    links = session.exec(select(MandateLink).where(MandateLink.resolution_symbol == resolution.symbol)).all()
    for link in links:
        if link.paragraph_number is not None:
            link.paragraph_id = paragraphs.get((link.paragraph_kind, link.paragraph_number))


def _describe(session: Session, link: MandateLink) -> str:
    target = session.get(Event, link.event_id) if link.event_id else session.get(Deadline, link.deadline_id)
    prefix = "pp" if link.paragraph_kind == "preambular" else "op"
    return f"{prefix}{link.paragraph_number} {link.role.replace('_', ' ')} {target.title if target else '?'}"
