"""The per-process cache of calendar bytes: least recently used out first, bounded by the bytes held.

Google Calendar polls without conditional headers, so an unchanged feed would be rebuilt on every
poll though its ETag already says nothing changed. The feed views keep whole feeds here by ETag,
and single VEVENTs by the rows they are built from (fragments.py), so a feed where one session
changed rebuilds that session's VEVENT alone.

One cache per app, in `app.extensions` (two apps in one process, as in the tests, share nothing),
and so one per gunicorn worker. `FEED_CACHE_BYTES` bounds it (default 64 MB); 0 turns it off, and
feeds are then built whole on every request, as they were before it.

Several threads use it at once (gunicorn's gthread workers, the threaded dev server). The lock is
held only to read or change the table, never while building: two threads missing the same key
both build it, and the second copy replaces the first (the bytes are identical), rather than every
feed waiting behind the slowest build.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

from flask import Flask, current_app

DEFAULT_BYTES = 64 * 1024 * 1024
# Charged per entry beside its bytes: its key (a VEVENT's holds tuples of ids, update times and
# mandate references), the entry's tuples and its slot in the table. Measured with tracemalloc
# for a 2,000-session feed: about 950 bytes a VEVENT, whose own bytes are about 1,400.
ENTRY_OVERHEAD = 1024
EXTENSION = "planner.calendar.cache"

Value = TypeVar("Value")


class ByteLRU:
    """Values by key, the least recently used dropped first once their bytes exceed `budget`."""

    def __init__(self, budget: int):
        self.budget = budget
        self.used = 0  # bytes charged for the entries held, never above `budget`
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def remember(self, key: Hashable, build: Callable[[], Value], size: Callable[[Value], int]) -> Value:
        """The value kept under `key`, or `build()`'s, kept if its `size` in bytes fits the budget."""
        [value] = self.get_all([key])
        if value is None:
            value = build()
            self.put(key, value, size(value))
        return value

    def get_all(self, keys: list[Hashable]) -> list:
        """The value kept under each key (now the most recently used), or None, the lock taken once
        for all: a feed's VEVENTs are thousands."""
        with self._lock:
            return [self._take(key) for key in keys]

    def _take(self, key: Hashable):
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: Hashable, value: object, size: int) -> None:
        """Keep `value` of `size` bytes, dropping the least recently used entries until the budget
        holds it. A value larger than the whole budget is not kept: it would only push everything
        else out."""
        charge = size + ENTRY_OVERHEAD
        if charge > self.budget:
            return
        with self._lock:
            replaced = self._entries.pop(key, None)
            if replaced is not None:
                self.used -= replaced[1]
            self._entries[key] = (value, charge)
            self.used += charge
            while self.used > self.budget:
                _, (_, freed) = self._entries.popitem(last=False)
                self.used -= freed


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = ByteLRU(int(app.config.get("FEED_CACHE_BYTES", DEFAULT_BYTES)))


def feed_cache() -> ByteLRU:
    """The current app's cache."""
    return current_app.extensions[EXTENSION]
