"""The public event page under a bounded load on loopback, at 1, 2 and 4 gunicorn workers:
requests per second and 95th-percentile latency, to show how the page scales with workers.

The load generator is bounded in count (REQUESTS requests in all) and in time (each request
times out, and the run stops at DEADLINE), and talks to 127.0.0.1 only. CONNECTIONS threads each
keep one HTTP/1.1 connection open, as browsers behind a proxy do. It runs in this process, so on
a small machine it competes with the workers for the CPU: the figures compare worker counts on
one machine, they are not a capacity claim.
"""

from __future__ import annotations

import http.client
import statistics
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from bench import feeds
from bench.server import gunicorn
from planner import migrate

REQUESTS, WARM_UP, CONNECTIONS, DEADLINE = 2000, 100, 16, 120.0
WORKERS = (1, 2, 4)
SESSIONS = 50  # a one-day conference programme: the page a participant opens


def hammer(port: int, path: str, count: int) -> tuple[float, list[float], int]:
    """Send `count` GETs of `path` over CONNECTIONS connections; (seconds, latencies, errors)."""
    remaining = iter(range(count))
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    stop_at = time.monotonic() + DEADLINE

    def connection_loop():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            with lock:
                if next(remaining, None) is None:
                    return
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                connection.close()
                ok = False
            seconds = time.perf_counter() - start
            with lock:
                if ok:
                    latencies.append(seconds)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=connection_loop) for _ in range(CONNECTIONS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, latencies, errors[0]


def run() -> list[tuple]:
    rows, base = [], None
    with tempfile.TemporaryDirectory() as folder:
        url = make_url(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate.upgrade(url)
        engine = create_engine(url)
        with Session(engine) as session:
            feeds.populate(session, SESSIONS)
        engine.dispose()
        for workers in WORKERS:
            with gunicorn(url, workers) as port:
                hammer(port, f"/events/{feeds.SLUG}", WARM_UP)  # templates, caches, pools
                seconds, latencies, errors = hammer(port, f"/events/{feeds.SLUG}", REQUESTS)
            rps = len(latencies) / seconds
            base = base or rps
            p95 = statistics.quantiles(latencies, n=20)[18]
            rows.append(
                (
                    f"event page, {workers} worker{'s' * (workers > 1)}",
                    f"{rps / base:.2f}x",
                    "",
                    None if errors == 0 else False,
                    f"{rps:.0f} req/s, p95 {p95 * 1000:.0f} ms, errors {errors}",
                )
            )
    return rows
