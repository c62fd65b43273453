"""The public event page against the floor (bench/floor_app.py: a constant page, no database, no
template, no session), both served by gunicorn with the same settings (bench/server.py) on
loopback, measured the same way in one run.

- Cached anonymous event page / floor, req/s: the 50-session page (a one-day conference, the page
  a participant opens) as anonymous readers get it, from the page cache (planner.pagecache),
  against the floor's constant page, both under the same bounded load, in turn, the best of
  ROUNDS runs each. Target: at least 0.30.
- Uncached 1,000-session page / constant page, per request: the median time of one request
  through gunicorn, sent one after another on one connection (so each is timed alone, and the
  median shrugs off other processes' bursts on a shared machine), with the page cache off
  (`PAGE_CACHE_BYTES=0`), so every request builds the page. Target: at most 100x. The detail
  also gives the ratio in-process (Flask's test client, the planner app against a minimal Flask
  app), where the HTTP costs both pay through gunicorn are left out.

The load generator is bounded in count (REQUESTS requests a run) and in time (each request times
out, and the run stops at DEADLINE), and talks to 127.0.0.1 only. CONNECTIONS threads each keep
one HTTP/1.1 connection open, as browsers behind a proxy do. It runs in this process, so on a
small machine it competes with the workers for the CPU: the figures compare pages on one machine
in one run, they are not a capacity claim.
"""

from __future__ import annotations

import http.client
import statistics
import tempfile
import threading
import time
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import URL, make_url
from sqlmodel import Session, create_engine

from bench import feeds, floor_app
from bench.server import gunicorn
from planner import create_app, migrate

REQUESTS, WARM_UP, CONNECTIONS, DEADLINE = 2000, 100, 16, 120.0
ROUNDS = 3  # runs of REQUESTS each, the floor's and the cached page's in turn
ONE_BY_ONE = 100  # requests timed one at a time for the per-request figure
WORKERS = 2  # one per core of the machine `make bench` is sized for
SESSIONS = 50  # a one-day conference programme: the page a participant opens
LONG = 1_000  # a long conference programme
UNCACHED = "planner:create_app({'PAGE_CACHE_BYTES': 0})"  # gunicorn calls the factory with it


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


def one_by_one(port: int, path: str, count: int) -> float:
    """The median seconds of `count` GETs of `path` sent one after another on one connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    seconds = []
    for _ in range(count):
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        seconds.append(time.perf_counter() - start)
    connection.close()
    return statistics.median(seconds)


def in_process(app: Flask, path: str, count: int) -> float:
    """The median seconds of `count` GETs of `path` through Flask's test client."""
    client = app.test_client()
    seconds = []
    for _ in range(count + 1):  # the first one warms up
        start = time.perf_counter()
        assert client.get(path).status_code == 200
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds[1:])


def _rps(run: tuple[float, list[float], int]) -> float:
    return len(run[1]) / run[0]


def _p95(run: tuple[float, list[float], int]) -> float:
    return statistics.quantiles(run[1], n=20)[18]


def _database(folder: str, name: str, sessions: int) -> URL:
    url = make_url(f"sqlite:///{Path(folder) / name}")
    migrate.upgrade(url)
    engine = create_engine(url)
    with Session(engine) as session:
        feeds.populate(session, sessions)
    engine.dispose()
    return url


def run() -> list[tuple]:
    page = f"/events/{feeds.SLUG}"
    with tempfile.TemporaryDirectory() as folder:
        short, long = _database(folder, "short.db", SESSIONS), _database(folder, "long.db", LONG)
        with (
            gunicorn(short, WORKERS, app="bench.floor_app:app", ready_path="/constant") as floor,
            gunicorn(short, WORKERS) as planner,
        ):
            hammer(floor, "/constant", WARM_UP)
            hammer(planner, page, WARM_UP)  # templates, pools and each worker's cache
            # Turn about, best of each: a burst from another process then spoils one run, not the figure.
            floor_runs, cached_runs = [], []
            for _ in range(ROUNDS):
                floor_runs.append(hammer(floor, "/constant", REQUESTS))
                cached_runs.append(hammer(planner, page, REQUESTS))
            constant = one_by_one(floor, "/constant", ONE_BY_ONE * 10)
        with gunicorn(long, WORKERS, app=UNCACHED) as port:
            one_by_one(port, page, 5)
            uncached = one_by_one(port, page, ONE_BY_ONE)
        app = create_app({"DATABASE_URL": long, "SECRET_KEY": "benchmark-secret-key-0123", "PAGE_CACHE_BYTES": 0})
        uncached_in_process = in_process(app, page, ONE_BY_ONE // 5)
        app.extensions["planner.engine"].dispose()
        constant_in_process = in_process(floor_app.app, "/constant", ONE_BY_ONE * 10)
    floor_run, cached_run = max(floor_runs, key=_rps), max(cached_runs, key=_rps)
    floor_rps, cached_rps = _rps(floor_run), _rps(cached_run)
    share, errors = cached_rps / floor_rps, sum(run[2] for run in floor_runs + cached_runs)
    ratio = uncached / constant
    return [
        (
            "cached anonymous event page / constant-page floor (req/s)",
            f"{share:.2f}",
            ">= 0.30",
            share >= 0.30 and errors == 0,
            f"{SESSIONS} sessions, {WORKERS} workers: {cached_rps:.0f} vs {floor_rps:.0f} req/s, p95 "
            f"{_p95(cached_run) * 1000:.0f} vs {_p95(floor_run) * 1000:.0f} ms; errors {errors}",
        ),
        (
            f"uncached {LONG:,}-session event page / constant page, per request",
            f"{ratio:.0f}x",
            "<= 100x",
            ratio <= 100,
            f"through gunicorn {uncached * 1000:.1f} vs {constant * 1000:.2f} ms; in-process "
            f"{uncached_in_process * 1000:.1f} vs {constant_in_process * 1000:.2f} ms "
            f"({uncached_in_process / constant_in_process:.0f}x)",
        ),
    ]
