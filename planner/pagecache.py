"""Whole public pages kept in each worker process for anonymous readers, by address, language and
a fingerprint of everything the page shows.

Why: the event page builds its programme for every reader (tens of milliseconds for a long one),
though nearly all readers are anonymous and are sent the same bytes. A kept page costs the
fingerprint, one query of counts and update times, instead of the rows and the template.

When a page is served from here or kept here:
- Anonymous GETs only. A signed-in reader's pages carry their address, a sign-out form with its
  CSRF token and edit links; a request with flashed messages waiting renders them.
- A page is kept only if rendering it left the session as it was (no message read, no CSRF token
  made), set no cookie and answered 200 in HTML: its bytes are then the same for every anonymous
  reader of that address in that language. Headers are not kept: the app's after_request hooks
  (security headers, Vary, Content-Language, the `lang` cookie) add them to a kept page as to a
  fresh one.
- The key holds the fingerprint read before rendering, so a page is never older than its key: a
  change committed meanwhile is in the page, and the next request's new fingerprint misses.

Pages say what their fingerprint reads; a package that adds something to another package's page
(the agenda, its mandate references and the registration box on the event page) adds a part to
that page's fingerprint with `add_fingerprint`, so the lower package never imports the higher.
The query is put together once per app, on first use, and run with the request's parameters. Like
the feeds' ETags, it relies on every change setting a newer update time or changing a count.

One cache per app in `app.extensions` (one per gunicorn worker), least recently used out first,
bounded by the bytes it holds (planner.bytecache): `PAGE_CACHE_BYTES` (default 32 MB; 0 turns it
off). Threads share it; none waits for another's rendering.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user

from planner.bytecache import ByteLRU
from planner.db import get_engine
from planner.i18n.selection import current_language

DEFAULT_BYTES = 32 * 1024 * 1024
# Charged per page beside its bytes: the key (address, language, a tuple of counts and times)
# and the table's slot.
ENTRY_OVERHEAD = 512
EXTENSION = "planner.pagecache"


class PageCache:
    """The app's kept pages, and what its pages' fingerprints are made of."""

    def __init__(self, budget: int):
        self.pages = ByteLRU(budget, ENTRY_OVERHEAD)
        self.contributors: dict[str, list[Callable[[], list[sa.Select]]]] = defaultdict(list)
        self.statements: dict[str, sa.Select] = {}


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = PageCache(int(app.config.get("PAGE_CACHE_BYTES", DEFAULT_BYTES)))


def page_cache() -> PageCache:
    """The current app's cache."""
    return current_app.extensions[EXTENSION]


def add_fingerprint(app: Flask, page: str, parts: Callable[[], list[sa.Select]]) -> None:
    """Add `parts()` (SELECTs, built once) to the fingerprint of `page`. What they may refer to and
    return is the page's to say: see its fingerprint query."""
    app.extensions[EXTENSION].contributors[page].append(parts)


def fingerprint(page: str, build: Callable[[list[sa.Select]], sa.Select], parameters: dict) -> tuple | None:
    """The fingerprint of `page`: the first row of `build(contributed parts)`, run with
    `parameters`; None when there is no row (no such page: it is rendered, as a 404).

    It runs on a connection of its own, given back at once: on a hit the request needs nothing
    more from the database, and on a miss the page reads after it, so never older data."""
    cache = page_cache()
    statement = cache.statements.get(page)
    if statement is None:
        contributed = [part for parts in cache.contributors[page] for part in parts()]
        statement = cache.statements[page] = build(contributed)
    with get_engine().connect() as connection:
        row = connection.execute(statement, parameters).first()
    return None if row is None else tuple(row)


def count_and_newest(counted, stamp) -> list:
    """Two aggregates for a fingerprint: how many rows have a `counted` value and the newest
    `stamp` (a row added or removed changes the first, a row changed the second)."""
    return [sa.func.count(counted), sa.func.max(stamp)]


def cached_page(stamp: Callable[[], tuple | None], render: Callable[[], ResponseReturnValue]) -> ResponseReturnValue:
    """The page `render()` answers, served from the cache when an anonymous reader asks for this
    address in this language while `stamp()` (its fingerprint) is unchanged."""
    pages = page_cache().pages
    if pages.budget <= 0 or request.method != "GET" or not _anonymous():
        return render()
    fingerprint_now = stamp()
    if fingerprint_now is None:
        return render()
    key = (request.full_path, current_language().code, fingerprint_now)
    [body] = pages.get_all([key])
    if body is not None:
        return current_app.response_class(body, mimetype="text/html")
    response = current_app.make_response(render())
    if _same_for_every_anonymous_reader(response):
        body = response.get_data()
        pages.put(key, body, len(body))
    return response


def _anonymous() -> bool:
    """Nobody signed in and no message waiting to be shown."""
    return not current_user.is_authenticated and "_flashes" not in session


def _same_for_every_anonymous_reader(response: Response) -> bool:
    csrf_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return (
        response.status_code == 200
        and response.mimetype == "text/html"
        and "Set-Cookie" not in response.headers
        and not session.modified
        and csrf_field not in g  # Flask-WTF keeps the token it made for this request there
        and _anonymous()
    )
