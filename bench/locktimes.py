"""Lock hold times, measured in a gunicorn worker by SQLAlchemy events (bench/gunicorn_timed.py).

A thread's hold starts when its locking statement returns and ends when its connection is told
to commit or roll back (the moment the commit is issued; the commit's own write is not counted,
for the planner and the floor alike). Requests run one per thread, so a thread-local start time
is enough.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

_started = threading.local()
_holds: list[float] = []


def _is_lock(statement: str) -> bool:
    return statement.startswith("BEGIN IMMEDIATE") or statement.rstrip().endswith("FOR UPDATE")


def _after_execute(conn, cursor, statement, parameters, context, executemany):
    if _is_lock(statement):
        _started.at = time.perf_counter()


def _end(conn):
    started = getattr(_started, "at", None)
    if started is not None:
        _holds.append(time.perf_counter() - started)
        _started.at = None


def install() -> None:
    event.listen(Engine, "after_cursor_execute", _after_execute)
    event.listen(Engine, "commit", _end)
    event.listen(Engine, "rollback", _end)


def write(path: Path) -> None:
    path.write_text("".join(f"{seconds:.6f}\n" for seconds in _holds))


def read(folder: Path) -> list[float]:
    return [float(line) for file in folder.glob("*.txt") for line in file.read_text().split()]
