"""gunicorn settings for `make serve` (scripts/serve): read from the environment.

`preload_app = False`: each worker imports the app itself after the fork, so it opens its own
database engine and connection pool. A pool created in the master and inherited by forked workers
would share sockets (PostgreSQL) or file locks (SQLite) between processes.
"""

import importlib.util
import os
from pathlib import Path

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("WORKERS", "4"))
# Threads let one worker wait on the database (a registration waits for the per-event lock)
# while it serves other requests. Two, not more: the thread holding an event's registration lock
# needs Python's GIL back after each database round trip, and with four threads per worker it
# queued behind the others' page rendering (`make bench`, 2 workers, PostgreSQL: median lock hold
# 4.7 ms and 96 registrations/s with 4 threads; 2.2-2.5 ms and 139-147/s with 2).
threads = int(os.environ.get("THREADS", "2"))
preload_app = False
accesslog = "-"
errorlog = "-"
# Registrations wait behind the per-event lock under load; the default 30 s could kill a worker
# that is merely queued.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 20
wsgi_app = "app:app"

# Access lines pass through planner/logredact.py: private-link tokens and badge check-in codes in
# URLs and Referers are written as [redacted]. The file is loaded by path, not as
# `planner.logredact`, so that the master does not import the planner package: workers import it
# after the fork (and again after a HUP, which would otherwise keep serving the old code).
_spec = importlib.util.spec_from_file_location(
    "planner_logredact", Path(__file__).resolve().parent / "planner" / "logredact.py"
)
_logredact = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_logredact)
logger_class = _logredact.AccessLogger
