"""Document files: what an upload must be, where it is kept, and how it is served.

Modelled on planner.events.logos. Only PDF and Word (DOCX) files are taken, recognised by their
bytes, never by the name or the type the browser claims: a PDF starts with `%PDF-`; a DOCX is a
ZIP archive holding `word/document.xml` (read from the archive's directory with zipfile, nothing
unpacked). An HTML page renamed report.pdf is refused.

The name the browser sends is looked at only to refuse it when it names folders (`../../x.pdf`,
`C:\\x.pdf`): it never reaches the file system. A stored file is named by the SHA-256 of its
bytes under DOCUMENT_FOLDER, and is served by document id and language, with the type found in
its bytes and a download name built from the document's symbol. DOCUMENT_MAX_BYTES bounds a file;
a request larger than that (plus the form around the file) is refused before it is read
(`too_large`), so a 30 MB upload is a page saying the limit, not a half-read request.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, current_app, send_file
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner import uploads
from planner.documents.models import Document, DocumentVersion
from planner.validation import ModelValidationError

PDF = ("pdf", "application/pdf")
DOCX = ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
MEDIA_TYPES = dict([PDF, DOCX])
# What a request carries beside the file: the CSRF token, the language, the multipart headers.
FORM_ALLOWANCE = 64 * 1024


@dataclass(frozen=True)
class DocumentFile:
    """An accepted file: its bytes and its type's extension."""

    data: bytes
    extension: str

    @property
    def name(self) -> str:
        return uploads.content_name(self.data, self.extension)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.extension]


def max_bytes() -> int:
    return current_app.config["DOCUMENT_MAX_BYTES"]


def too_large_message() -> str:
    return _("The file is larger than %(limit)s, the most a document may be.", limit=uploads.size_text(max_bytes()))


def too_large(content_length: int | None) -> bool:
    """True when a request is larger than any acceptable upload: refuse it before reading it."""
    return content_length is not None and content_length > max_bytes() + FORM_ALLOWANCE


def accept(filename: str | None, data: bytes) -> DocumentFile:
    """The file in `data`, or ModelValidationError("upload", why not) naming the rule it breaks."""
    name = filename or ""
    if "/" in name or "\\" in name or name.startswith(".") or "\x00" in name:
        raise ModelValidationError(
            "upload", _("The file's name may not name folders (/ or \\) or start with a dot; rename it and try again.")
        )
    if len(data) > max_bytes():
        raise ModelValidationError("upload", too_large_message())
    if not data:
        raise ModelValidationError("upload", _("The file is empty."))
    if data.startswith(b"%PDF-"):
        return DocumentFile(data, PDF[0])
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return DocumentFile(data, DOCX[0])
    raise ModelValidationError("upload", _("This file is not a PDF or Word (DOCX) document, whatever its name says."))


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def folder() -> Path:
    return Path(current_app.config["DOCUMENT_FOLDER"])


def store(accepted: DocumentFile) -> str:
    """Write the file under DOCUMENT_FOLDER (planner.uploads) and return its name."""
    return uploads.store(folder(), accepted.name, accepted.data)


def forget_unused(session: Session, names: set[str]) -> None:
    """Delete the files no version uses any more (after the change that dropped them committed)."""
    for name in names:
        if name and session.exec(select(DocumentVersion.id).where(DocumentVersion.file_name == name)).first() is None:
            (folder() / name).unlink(missing_ok=True)


def download_name(document: Document, version: DocumentVersion) -> str:
    """ "A-72-297-fr.pdf": the symbol made safe for a file name (an information note: its id)."""
    stem = re.sub(r"[^A-Za-z0-9.\-]+", "-", document.symbol or f"document-{document.id}").strip("-.")
    extension = "pdf" if version.media_type == PDF[1] else "docx"
    return f"{stem}-{version.language}.{extension}"


def serve(document: Document, version: DocumentVersion) -> Response:
    """The version's file, with its stored type and a safe download name; 404 when it has none
    or the file is gone from DOCUMENT_FOLDER."""
    path = folder() / version.file_name if version.file_name else None
    if path is None or not path.is_file() or version.media_type not in MEDIA_TYPES.values():
        abort(404, description=_("This document has no file in this language."))
    response = send_file(
        path,
        mimetype=version.media_type,
        as_attachment=version.media_type != PDF[1],
        download_name=download_name(document, version),
        etag=path.stem,
        conditional=True,
        max_age=300,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
