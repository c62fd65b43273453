"""The per-process cache of calendar bytes: least recently used out first, bounded by the bytes held.

Google Calendar polls without conditional headers, so an unchanged feed would be rebuilt on every
poll though its ETag already says nothing changed. The feed views keep whole feeds here by ETag,
and single VEVENTs by the rows they are built from (fragments.py), so a feed where one session
changed rebuilds that session's VEVENT alone.

One cache per app, in `app.extensions` (two apps in one process, as in the tests, share nothing),
and so one per gunicorn worker. `FEED_CACHE_BYTES` bounds it (default 64 MB); 0 turns it off, and
feeds are then built whole on every request, as they were before it.

The table itself, and how threads share it, is planner.bytecache.ByteLRU.
"""

from __future__ import annotations

from flask import Flask, current_app

from planner.bytecache import ByteLRU

DEFAULT_BYTES = 64 * 1024 * 1024
# Charged per entry beside its bytes: its key (a VEVENT's holds tuples of ids, update times and
# mandate references), the entry's tuples and its slot in the table. Measured with tracemalloc
# for a 2,000-session feed: about 950 bytes a VEVENT, whose own bytes are about 1,400.
ENTRY_OVERHEAD = 1024
EXTENSION = "planner.calendar.cache"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = ByteLRU(int(app.config.get("FEED_CACHE_BYTES", DEFAULT_BYTES)), ENTRY_OVERHEAD)


def feed_cache() -> ByteLRU:
    """The current app's cache."""
    return current_app.extensions[EXTENSION]
