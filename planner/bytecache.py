"""A table of values kept in memory, least recently used out first, bounded by the bytes held.

The caches of whole feeds and VEVENTs (planner.calendar.cache), of anonymous pages
(planner.pagecache) and of registration .ics attachments (planner.registration.ics) keep bytes
that are a pure function of their key: an entry is never invalidated, a change makes a new key,
and the old one ages out.

Several threads use one table at once (gunicorn's gthread workers, the threaded dev server). The
lock is held only to read or change the table, never while a value is built: two threads missing
the same key both build it and the second copy replaces the first (the bytes are identical),
rather than every reader waiting behind the slowest build.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

Value = TypeVar("Value")


class ByteLRU:
    """Values by key, the least recently used dropped first once their bytes exceed `budget`."""

    def __init__(self, budget: int, entry_overhead: int = 0):
        self.budget = budget
        self.entry_overhead = entry_overhead  # bytes charged per entry beside its value's
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
        charge = size + self.entry_overhead
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
