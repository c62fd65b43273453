"""HTTP for feeds: validators computed before the feed, 304 answers, and the response headers.

Calendar clients poll feeds every few minutes to hours. A strong ETag and a Last-Modified taken
from the feed's fingerprint (row counts and newest update times, one query) let an unchanged feed
be answered 304 without loading or serializing a single row.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Callable

from flask import Response, request
from werkzeug.http import http_date

# Raise when the bytes a feed is built into change for the same rows (a new property, a fix), so
# that clients holding the old ETag are sent the new feed.
FEED_FORMAT_VERSION = "2"  # 2: sessions of a postponed event are TENTATIVE
CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_CACHE = "public, max-age=300"


def make_etag(*parts) -> str:
    """A strong validator from everything the feed's bytes depend on."""
    text = "\x1f".join(repr(part) for part in (FEED_FORMAT_VERSION, *parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def is_not_modified(etag: str, last_modified: datetime | None) -> bool:
    """RFC 9110, 13.2.2: If-None-Match decides when present; otherwise If-Modified-Since."""
    if "If-None-Match" in request.headers:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and last_modified is not None and last_modified.replace(microsecond=0) <= since


def feed_response(
    etag: str,
    last_modified: datetime | None,
    build: Callable[[], bytes],
    *,
    cache_control: str = PUBLIC_CACHE,
    filename: str | None = None,
) -> Response:
    """200 with the feed built by `build()`, or 304 without calling it."""
    if is_not_modified(etag, last_modified):
        response = Response(status=304)
    else:
        response = Response(build(), content_type=CONTENT_TYPE)
        if filename:
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.set_etag(etag)
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)
    response.headers["Cache-Control"] = cache_control
    return response


def plain_error(status: int, message: str) -> Response:
    """Errors as one line of text: a calendar client shows it; an HTML page would be noise."""
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")
