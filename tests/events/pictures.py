"""Image files built byte by byte for the branding tests: real PNGs (zlib and CRCs as the format
wants them, so browsers show them too) and the smallest JPEG header our sniffing reads."""

from __future__ import annotations

import os
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 60, height: int = 30, noise: bool = False, claimed: tuple[int, int] | None = None) -> bytes:
    """A PNG of `width` × `height` pixels in the planner's blue, or random pixels (`noise`, which
    does not compress: a file of about 3 × width × height bytes); `claimed` writes other
    dimensions into its header."""
    rows = b"".join(b"\x00" + (os.urandom(3 * width) if noise else b"\x0b\x5e\xa8" * width) for _ in range(height))
    header = struct.pack(">IIBBBBB", *(claimed or (width, height)), 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def jpeg(width: int = 120, height: int = 80) -> bytes:
    """Start of image, a JFIF segment, a baseline frame header with the size, end of image."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"
