"""Uploaded images (event logos, speakers' photos): what a file must be, where it is kept, and
how it is served. Each use says its own folder, size limit and wording (`ImageRules`); the rules
are the same for all.

Only PNG and JPEG are taken, recognised by their bytes (the signature, then the header that gives
the image's size), never by the file's name or the type the browser claims: a text file renamed
photo.png is refused. SVG is refused too, on purpose: an SVG is a document that can carry script,
event handlers and links to other sites, and making it safe means parsing and rewriting XML, or
serving it under its own sandboxing policy and trusting that every place showing it uses <img>
(badges printed to PDF, share previews on other sites do not promise that). Every image tool
exports PNG, so nothing is lost but the risk.

A stored image is named by its content (planner.uploads), under the use's folder: no name a user
typed reaches the file system (`../../etc/passwd.png` is just a field of the upload, ignored), and
the name doubles as the image's ETag and the version in its URL, so browsers may keep it for a year.
Each side is at most MAX_SIDE pixels, so a small file cannot unpack into a huge image in readers'
browsers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, current_app, request, send_file
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner import uploads
from planner.formatting import number
from planner.validation import ModelValidationError

MAX_SIDE = 4000  # pixels
YEAR = 365 * 24 * 3600
SHORT = 300  # seconds an image is kept when asked for without its version

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"  # the IEND chunk's type and its fixed CRC: the file is complete
JPEG_START = b"\xff\xd8\xff"
# JPEG markers that start a frame header (which gives the image's size): SOF0 to SOF15, except
# DHT (C4), JPG (C8) and DAC (CC), which share the range.
JPEG_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
MIME_TYPES = {"png": "image/png", "jpg": "image/jpeg"}
STORED_NAME = re.compile(r"[0-9a-f]{64}\.(png|jpg)")


@dataclass(frozen=True)
class Image:
    """An accepted image: its bytes and the extension of its type."""

    data: bytes
    extension: str

    @property
    def name(self) -> str:
        return uploads.content_name(self.data, self.extension)


@dataclass(frozen=True)
class Wording:
    """What the person uploading reads when a file is refused, in the words of its use (a logo, a
    photo): whole sentences each, so that every language can word them its own way."""

    too_large: Callable[[str], str]  # the limit, as planner.uploads.size_text gives it
    svg: Callable[[], str]
    too_many_pixels: Callable[[int, int, int], str]  # width, height, the most per side


@dataclass(frozen=True)
class ImageRules:
    """One use of uploaded images: the form field the errors belong to, the configuration keys of
    its folder and size limit, and its wording."""

    field: str
    folder_key: str
    max_bytes_key: str
    wording: Wording

    def max_bytes(self) -> int:
        return current_app.config[self.max_bytes_key]

    def folder(self) -> Path:
        return Path(current_app.config[self.folder_key])

    def accept(self, data: bytes) -> Image:
        """The image in `data`, or ModelValidationError(field, why not) naming the rule it breaks."""
        if len(data) > self.max_bytes():
            raise ModelValidationError(self.field, self.wording.too_large(uploads.size_text(self.max_bytes())))
        if not data:
            raise ModelValidationError(self.field, _("The file is empty."))
        if data.startswith(PNG_SIGNATURE):
            extension, size = "png", _png_size(data)
        elif data.startswith(JPEG_START):
            extension, size = "jpg", _jpeg_size(data)
        elif b"<svg" in data[:4096].lower():
            raise ModelValidationError(self.field, self.wording.svg())
        else:
            raise ModelValidationError(self.field, _("This file is not a PNG or JPEG image, whatever its name says."))
        if size is None:
            raise ModelValidationError(self.field, _("This image is damaged or incomplete; export it again."))
        width, height = size
        if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
            raise ModelValidationError(self.field, self.wording.too_many_pixels(width, height, MAX_SIDE))
        return Image(data, extension)

    def store(self, image: Image) -> str:
        """Write the image under its folder (planner.uploads) and return its name."""
        return uploads.store(self.folder(), image.name, image.data)

    def forget_unused(self, session: Session, column, name: str | None) -> None:
        """Delete the stored image `name` when no row names it in `column` any more (the image
        column of its use: Event.logo_file, Person.photo_file), after the change that dropped it
        committed: the same image may serve several rows."""
        if name and session.exec(select(column).where(column == name)).first() is None:
            (self.folder() / name).unlink(missing_ok=True)

    def serve(self, name: str | None, public: bool, missing: str) -> Response:
        """The stored image `name` with its ETag (the content hash): cached a year when asked for
        with the current version in the URL (which changes with the image), five minutes
        otherwise. 404 with `missing` when there is none, or its file is gone from the folder."""
        path = self.folder() / name if name else None
        if path is None or not path.is_file():
            abort(404, description=missing)
        current = request.args.get("v") == version(name)
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


def version(name: str | None) -> str | None:
    """What an image's URL carries (`?v=`) so that a new image is a new URL: part of its name."""
    return name[:16] if name else None


def label(value) -> str | None:
    """A stored image as the audit trail reads it, its type and the start of its content hash
    ("PNG image 3fa9c1d2"): enough to tell two images apart, without the 64 hex digits. None for
    anything that is not a stored image's name (then the value reads as written)."""
    if not isinstance(value, str) or not STORED_NAME.fullmatch(value):
        return None
    kind = "PNG" if value.endswith(".png") else "JPEG"
    return _("%(type)s image %(code)s", type=kind, code=value[:8])


def hint(rules: ImageRules) -> str:
    """The line under an upload field: what it takes."""
    return _(
        "PNG or JPEG, at most %(size)s and %(side)s pixels on each side. SVG is not accepted: export it as PNG.",
        size=uploads.size_text(rules.max_bytes()),
        side=number(MAX_SIDE),
    )


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
