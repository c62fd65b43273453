"""Files people upload (logos, photos, documents), kept on disk by their content.

A stored file is named by the SHA-256 of its bytes and the extension of the type found in them:
no name a user typed reaches the file system, the same file uploaded twice is one file, and the
name doubles as an ETag. Each use (planner.images, planner.documents.files) checks the bytes and
keeps its own folder and size limit.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from flask_babel import gettext as _

from planner.formatting import number


def content_name(data: bytes, extension: str) -> str:
    """ "3fa9…c1d2.pdf": the file's name under its folder."""
    return f"{hashlib.sha256(data).hexdigest()}.{extension}"


def store(folder: Path, name: str, data: bytes) -> str:
    """Write `data` as `folder/name` (once: the name is its content) and return the name. Written
    to a temporary name and renamed, so a reader never gets half a file."""
    path = folder / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{name}.{secrets.token_hex(8)}")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    return name


def size_text(count: int) -> str:
    """ "1 MB", "500 KB", in the reader's way of writing numbers."""
    if count >= 1024 * 1024:
        return _("%(number)s MB", number=number(round(count / (1024 * 1024), 1)))
    return _("%(number)s KB", number=number(round(count / 1024)))
