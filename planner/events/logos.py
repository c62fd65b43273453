"""Event logos: what an uploaded file must be, where it is kept, and how it is served.

Only PNG and JPEG are taken, recognised by their bytes (the signature, then the header that gives
the image's size), never by the file's name or the type the browser claims: a text file renamed
logo.png is refused. SVG is refused too, on purpose: an SVG is a document that can carry script,
event handlers and links to other sites, and making it safe means parsing and rewriting XML, or
serving it under its own sandboxing policy and trusting that every place showing it uses <img>
(badges printed to PDF, share previews on other sites do not promise that). Every logo tool
exports PNG, so nothing is lost but the risk.

A stored logo is named by the SHA-256 of its bytes, under LOGO_FOLDER: no name a user typed
reaches the file system (`../../etc/passwd.png` is just a field of the upload, ignored), the same
logo uploaded twice is one file, and the name doubles as the logo's ETag and the version in its
URL, so browsers may keep it for a year. LOGO_MAX_BYTES bounds the file (default 1 MB), and each
side is at most MAX_SIDE pixels, so a small file cannot unpack into a huge image in readers'
browsers.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, current_app, request, send_file
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.events.models import Event
from planner.formatting import number
from planner.validation import ModelValidationError

MAX_SIDE = 4000  # pixels
YEAR = 365 * 24 * 3600
SHORT = 300  # seconds a logo is kept when asked for without its version

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"  # the IEND chunk's type and its fixed CRC: the file is complete
JPEG_START = b"\xff\xd8\xff"
# JPEG markers that start a frame header (which gives the image's size): SOF0 to SOF15, except
# DHT (C4), JPG (C8) and DAC (CC), which share the range.
JPEG_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
MIME_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


@dataclass(frozen=True)
class Logo:
    """An accepted logo: its bytes and the extension of its type."""

    data: bytes
    extension: str

    @property
    def name(self) -> str:
        return f"{hashlib.sha256(self.data).hexdigest()}.{self.extension}"


def max_bytes() -> int:
    return current_app.config["LOGO_MAX_BYTES"]


def size_text(count: int) -> str:
    """ "1 MB", "500 KB", in the reader's way of writing numbers."""
    if count >= 1024 * 1024:
        return _("%(number)s MB", number=number(round(count / (1024 * 1024), 1)))
    return _("%(number)s KB", number=number(round(count / 1024)))


def accept(data: bytes) -> Logo:
    """The logo in `data`, or ModelValidationError("logo", why not) naming the rule it breaks."""
    if len(data) > max_bytes():
        raise ModelValidationError(
            "logo", _("The file is larger than %(limit)s, the most a logo may be.", limit=size_text(max_bytes()))
        )
    if not data:
        raise ModelValidationError("logo", _("The file is empty."))
    if data.startswith(PNG_SIGNATURE):
        extension, size = "png", _png_size(data)
    elif data.startswith(JPEG_START):
        extension, size = "jpg", _jpeg_size(data)
    elif b"<svg" in data[:4096].lower():
        raise ModelValidationError("logo", _("SVG logos are not accepted: export the logo as PNG and upload that."))
    else:
        raise ModelValidationError("logo", _("This file is not a PNG or JPEG image, whatever its name says."))
    if size is None:
        raise ModelValidationError("logo", _("This image is damaged or incomplete; export it again."))
    width, height = size
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise ModelValidationError(
            "logo",
            _(
                "The image is %(width)s × %(height)s pixels; a logo may be at most %(most)s pixels on each side.",
                width=number(width),
                height=number(height),
                most=number(MAX_SIDE),
            ),
        )
    return Logo(data, extension)


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the IHDR chunk, which must come first; None for a truncated file."""
    if len(data) < 33 or data[12:16] != b"IHDR" or PNG_END not in data[-64:]:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the first frame header, walking the segments from the start; None
    when the segments do not chain up to one (not a JPEG, or cut short)."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker in (0xD9, 0xDA):  # end of image, or scan data, before any frame header
            return None
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if length < 2:
            return None
        if marker in JPEG_FRAMES:
            if at + 9 > len(data) or length < 7:
                return None
            return int.from_bytes(data[at + 7 : at + 9], "big"), int.from_bytes(data[at + 5 : at + 7], "big")
        at += 2 + length
    return None


def folder() -> Path:
    return Path(current_app.config["LOGO_FOLDER"])


def store(logo: Logo) -> str:
    """Write the logo under LOGO_FOLDER (once: the name is its content) and return its name.
    Written to a temporary name and renamed, so a reader never gets half a file."""
    path = folder() / logo.name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{logo.name}.{secrets.token_hex(8)}")
        temporary.write_bytes(logo.data)
        os.replace(temporary, path)
    return logo.name


def forget_unused(session: Session, name: str | None) -> None:
    """Delete a logo file no event uses any more (after the change that dropped it committed)."""
    if name and session.exec(select(Event.id).where(Event.logo_file == name)).first() is None:
        (folder() / name).unlink(missing_ok=True)


def version(event: Event) -> str | None:
    """What a logo's URL carries (`?v=`) so that a new logo is a new URL: part of its name."""
    return event.logo_file[:16] if event.logo_file else None


def serve(event: Event, public: bool) -> Response:
    """The event's logo with its ETag (the content hash): cached a year when asked for with the
    current version in the URL (which changes with the logo), five minutes otherwise. 404 when
    the event has none, or its file is gone from LOGO_FOLDER."""
    path = folder() / event.logo_file if event.logo_file else None
    if path is None or not path.is_file():
        abort(404, description=_("This event has no logo."))
    current = request.args.get("v") == version(event)
    response = send_file(
        path,
        mimetype=MIME_TYPES[path.suffix[1:]],
        etag=path.stem,
        max_age=YEAR if current else SHORT,
        conditional=True,
    )
    response.cache_control.public = public or None
    response.cache_control.private = None if public else True
    response.cache_control.immutable = current or None
    return response
