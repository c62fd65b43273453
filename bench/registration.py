"""Registration under load: 200 participants press "Register" at the same moment for 50 seats,
through gunicorn with 2 and 4 workers, on SQLite and PostgreSQL (PRODUCT.md section 6, Capacity).

Each participant first fetches the form with its own cookie and CSRF token, as a browser does
(not timed); then all POSTs are released together from threads (a barrier), on loopback.
Reported per configuration: requests per second over the burst, median and 95th-percentile
latency, overbooked (confirmed beyond the seats; target 0) and lost (POSTs answered 302 that
left no row; target 0).
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

from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine, select

from bench import postgres
from bench.server import gunicorn
from planner import migrate
from planner.registration.models import Registration
from planner.registration.sample import create_sample_event

PARTICIPANTS, SEATS = 200, 50
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
    """One browser: its session cookie and the CSRF token of its form."""

    def __init__(self, port: int, n: int):
        self.port, self.n = port, n
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", PATH)
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
        connection.request(
            "POST", PATH, body, {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        )
        self.status = connection.getresponse().status
        self.seconds = time.perf_counter() - start


def burst(url, workers: int) -> dict:
    """Migrate `url`, open an event with SEATS seats, run the burst, count the rows."""
    migrate.upgrade(url)
    engine = create_engine(url)
    with Session(engine) as session:
        create_sample_event(session, SLUG, SEATS, date.today())
    with gunicorn(url, workers) as port:
        participants = [Participant(port, n) for n in range(PARTICIPANTS)]
        barrier = threading.Barrier(PARTICIPANTS + 1)
        threads = [threading.Thread(target=p.post, args=(barrier,)) for p in participants]
        for thread in threads:
            thread.start()
        barrier.wait()
        start = time.perf_counter()
        for thread in threads:
            thread.join(timeout=180)
        elapsed = time.perf_counter() - start
    with Session(engine) as session:
        statuses = [r.status for r in session.exec(select(Registration))]
    engine.dispose()
    latencies = sorted(p.seconds for p in participants if p.seconds is not None)
    answered = sum(p.status == 302 for p in participants)
    return dict(
        rps=PARTICIPANTS / elapsed,
        median=statistics.median(latencies),
        p95=statistics.quantiles(latencies, n=20)[18],
        overbooked=max(0, statuses.count("confirmed") - SEATS),
        lost=max(0, answered - len(statuses)),
        failed=PARTICIPANTS - answered,
    )


def run() -> list[tuple]:
    rows = []
    for workers in (2, 4):
        with tempfile.TemporaryDirectory() as folder:
            url = make_url(f"sqlite:///{Path(folder) / 'bench.db'}")
            rows.append(_row("SQLite", workers, burst(url, workers)))
    with postgres.server() as (base, reason):
        for workers in (2, 4):
            if base is None:
                rows.append((f"registration PostgreSQL, {workers} workers", "skipped", "", None, reason))
                continue
            with postgres.fresh_database(base) as url:
                rows.append(_row("PostgreSQL", workers, burst(url, workers)))
    return rows


def _row(database: str, workers: int, r: dict) -> tuple:
    ok = r["overbooked"] == 0 and r["lost"] == 0 and r["failed"] == 0
    return (
        f"registration {database}, {workers} workers",
        f"overbooked {r['overbooked']}, lost {r['lost']}",
        "0, 0",
        ok,
        f"{r['rps']:.0f} req/s, median {r['median'] * 1000:.0f} ms, "
        f"p95 {r['p95'] * 1000:.0f} ms, non-302 {r['failed']}",
    )
