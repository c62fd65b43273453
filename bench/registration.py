"""Registration when it opens: PARTICIPANTS press "Register" at the same moment for SEATS seats.

Served three ways, each on a fresh database: `make run`'s threaded development server on SQLite,
and gunicorn (the production settings, WORKERS workers) on SQLite and on PostgreSQL. Beside each
gunicorn figure, the floor measured in the same run (bench/floor_app.py): the same burst of POSTs
against a minimal Flask app doing one INSERT under the same kind of lock, under the same gunicorn
settings. Target: at least FLOOR_SHARE of the floor's throughput.

Each participant first fetches the form with its own cookie and CSRF token, as a browser does
(not timed); then all POSTs are released together from threads (a barrier), on loopback.
Reported: requests per second over the burst, median and 95th-percentile latency, overbooked
(confirmed beyond the seats; target 0), lost (POSTs answered 302 that left no row; target 0),
answers other than 302, and how long the event's lock was held per registration (median, p95;
target: median at most LOCK_MEDIAN_TARGET), measured by bench/locktimes.py inside the workers.
"""

from __future__ import annotations

import http.client
import re
import statistics
import tempfile
import threading
import time
import urllib.parse
from datetime import date
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlmodel import Session, create_engine, select

from bench import floor_app, postgres
from bench.locktimes import read as read_lock_times
from bench.server import flask_run, gunicorn
from planner import migrate
from planner.registration.models import Registration
from planner.registration.sample import create_sample_event

PARTICIPANTS, SEATS, WORKERS = 500, 100, 2
FLOOR_SHARE, LOCK_MEDIAN_TARGET = 0.35, 0.003
SLUG = "bench-briefing"
PATH = f"/events/{SLUG}/register"
FORM = dict(
    honorific="Ms",
    given_name="Amina",
    family_name="Diallo",
    organisation="Ministry",
    function="Counsellor",
    country="SN",
    category="member_state",
    represents="SN",
    accessibility_needs="",
    consent="y",
)
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


class Participant:
    """One browser: its session cookie and the CSRF token of its form (none for the floor)."""

    def __init__(self, port: int, n: int, path: str, with_form: bool):
        self.port, self.n, self.path = port, n, path
        self.csrf, self.cookie = "", ""
        if with_form:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path)
            response = connection.getresponse()
            self.csrf = CSRF.search(response.read().decode()).group(1)
            self.cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        self.status, self.seconds = None, None

    def post(self, barrier: threading.Barrier) -> None:
        body = urllib.parse.urlencode({**FORM, "email": f"p{self.n}@example.org", "csrf_token": self.csrf})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.connect()
        barrier.wait()
        start = time.perf_counter()
        try:
            connection.request(
                "POST", self.path, body, {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
            )
            self.status = connection.getresponse().status
        except OSError as error:  # a timeout or a reset: counted as a failure
            self.status = repr(error)
        self.seconds = time.perf_counter() - start


def burst(port: int, path: str, with_form: bool = True) -> dict:
    """PARTICIPANTS simultaneous POSTs of `path`: throughput, latencies, answers."""
    participants = [Participant(port, n, path, with_form) for n in range(PARTICIPANTS)]
    barrier = threading.Barrier(PARTICIPANTS + 1)
    threads = [threading.Thread(target=p.post, args=(barrier,)) for p in participants]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join(timeout=180)
    elapsed = time.perf_counter() - start
    latencies = sorted(p.seconds for p in participants if p.seconds is not None)
    statuses = [p.status for p in participants]
    return dict(
        rps=PARTICIPANTS / elapsed,
        median=statistics.median(latencies),
        p95=statistics.quantiles(latencies, n=20)[18],
        answered=statuses.count(302),
        errors_5xx=sum(isinstance(s, int) and s >= 500 for s in statuses),
        failed=PARTICIPANTS - statuses.count(302),
    )


def open_event(url: URL) -> None:
    migrate.upgrade(url)
    engine = create_engine(url)
    with Session(engine) as session:
        create_sample_event(session, SLUG, SEATS, date.today())
    engine.dispose()


def count_rows(url: URL, result: dict) -> dict:
    engine = create_engine(url)
    with Session(engine) as session:
        statuses = [r.status for r in session.exec(select(Registration))]
    engine.dispose()
    return dict(
        result,
        confirmed=statuses.count("confirmed"),
        overbooked=max(0, statuses.count("confirmed") - SEATS),
        lost=max(0, result["answered"] - len(statuses)),
    )


def timed_burst(url: URL, path: str, with_form: bool = True, app: str = "app:app", ready: str = "/privacy") -> dict:
    """The burst through gunicorn with the lock timed in the workers (bench/gunicorn_timed.py)."""
    with tempfile.TemporaryDirectory() as times:
        settings = dict(config="bench/gunicorn_timed.py", extra_env={"LOCK_TIMES_DIR": times})
        with gunicorn(url, WORKERS, app=app, ready_path=ready, **settings) as port:
            result = burst(port, path, with_form)
        holds = sorted(read_lock_times(Path(times)))
    return dict(result, hold_median=statistics.median(holds), hold_p95=holds[int(len(holds) * 0.95)])


def planner_under_gunicorn(url: URL) -> dict:
    open_event(url)
    return count_rows(url, timed_burst(url, PATH))


def floor_under_gunicorn(url: URL) -> dict:
    floor_app.create(url)
    return timed_burst(url, "/insert", with_form=False, app="bench.floor_app:app", ready="/constant")


def run() -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        url = make_url(f"sqlite:///{Path(folder) / 'run.db'}")
        open_event(url)
        with flask_run(url) as port:
            result = count_rows(url, burst(port, PATH))
        ok = result["errors_5xx"] == 0 and result["failed"] == 0 and result["confirmed"] == SEATS
        rows.append(
            (
                "registration, make run (SQLite)",
                f"5xx {result['errors_5xx']}, confirmed {result['confirmed']}",
                f"0, {SEATS}",
                ok,
                f"{result['rps']:.0f} req/s, median {result['median'] * 1000:.0f} ms, "
                f"non-302 {result['failed']}, lost {result['lost']}",
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        rows += _gunicorn_rows(
            "SQLite",
            make_url(f"sqlite:///{Path(folder) / 'bench.db'}"),
            make_url(f"sqlite:///{Path(folder) / 'floor.db'}"),
        )
    with postgres.server() as (base, reason):
        if base is None:
            return rows + [("registration, gunicorn PostgreSQL", "skipped", "", None, reason)]
        with postgres.fresh_database(base) as url, postgres.fresh_database(base) as floor_url:
            rows += _gunicorn_rows("PostgreSQL", url, floor_url)
    return rows


def _gunicorn_rows(database: str, url: URL, floor_url: URL) -> list[tuple]:
    floor = floor_under_gunicorn(floor_url)
    r = planner_under_gunicorn(url)
    share = r["rps"] / floor["rps"]
    name = f"registration, gunicorn {WORKERS} workers, {database}"
    return [
        (
            f"{name}: overbooked, lost",
            f"{r['overbooked']}, {r['lost']}",
            "0, 0",
            r["overbooked"] == 0 and r["lost"] == 0 and r["failed"] == 0,
            f"non-302 {r['failed']}, confirmed {r['confirmed']} of {SEATS}",
        ),
        (
            f"{name}: throughput / locked-INSERT floor",
            f"{share:.2f}x",
            f">= {FLOOR_SHARE}x",
            share >= FLOOR_SHARE,
            f"{r['rps']:.0f} vs {floor['rps']:.0f} req/s; median {r['median'] * 1000:.0f} ms "
            f"(floor {floor['median'] * 1000:.0f}), p95 {r['p95'] * 1000:.0f} ms (floor {floor['p95'] * 1000:.0f})",
        ),
        (
            f"{name}: lock hold, median",
            f"{r['hold_median'] * 1000:.1f} ms",
            f"<= {LOCK_MEDIAN_TARGET * 1000:.0f} ms",
            r["hold_median"] <= LOCK_MEDIAN_TARGET,
            f"p95 {r['hold_p95'] * 1000:.1f} ms; the floor's: median {floor['hold_median'] * 1000:.1f} ms, "
            f"p95 {floor['hold_p95'] * 1000:.1f} ms",
        ),
    ]
