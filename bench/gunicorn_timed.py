"""gunicorn settings for the benchmarks: the production file (gunicorn.conf.py) unchanged, plus
a record of how long each worker holds the registration lock, written when the worker exits.

The lock is held from the moment the locking statement returns (`BEGIN IMMEDIATE` on SQLite,
`... FOR UPDATE` on PostgreSQL: planner.registration.capacity) until the transaction commits or
rolls back. SQLAlchemy events measure it from outside the app, so the planner carries no
benchmark code. Each worker appends its hold times (seconds, one per line) to a file in
$LOCK_TIMES_DIR.
"""

import os
import runpy
from pathlib import Path

globals().update(
    {
        k: v
        for k, v in runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")).items()
        if not k.startswith("__")
    }
)


def post_fork(server, worker):
    from bench import locktimes

    locktimes.install()


def worker_exit(server, worker):
    from bench import locktimes

    locktimes.write(Path(os.environ["LOCK_TIMES_DIR"]) / f"{os.getpid()}.txt")
