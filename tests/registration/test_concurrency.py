"""40 participants press "Register" at the same moment for 10 seats, through gunicorn with two
worker processes (and threads), on SQLite and on PostgreSQL: exactly 10 confirmed, 30 waiting,
40 rows. Each participant first fetches the form with its own cookie, as a browser does."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from sqlmodel import select

from planner import ROOT
from planner.registration.models import OutboxMessage, Registration
from tests.registration.helpers import FORM, open_event
from tests.registration.smtp import free_port

PARTICIPANTS, SEATS = 40, 10
PATH = "/events/sample-briefing/register"


@pytest.fixture
def gunicorn(database_url):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url.render_as_string(hide_password=False),
        "SECRET_KEY": "concurrency-test-secret-key",
        "PREFERRED_URL_SCHEME": "http",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-w",
        "2",
        "--threads",
        "4",
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "app:app",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/privacy")
            if connection.getresponse().status == 200:
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start: {process.stdout.read().decode()}")
            time.sleep(0.2)
    yield port
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


class Participant:
    """One browser: its own session cookie and the CSRF token of the form it was given."""

    def __init__(self, port: int, n: int):
        self.port, self.n = port, n
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", PATH)
        response = connection.getresponse()
        page = response.read().decode()
        self.cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        self.csrf = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"|'
            r'name="csrf_token" value="([^"]+)"',
            page,
        )
        self.csrf = next(g for g in self.csrf.groups() if g)
        self.status = None

    def post(self, barrier: threading.Barrier) -> None:
        body = urllib.parse.urlencode({**FORM, "email": f"p{self.n}@example.org", "csrf_token": self.csrf})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        barrier.wait()
        connection.request(
            "POST", PATH, body, {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        )
        self.status = connection.getresponse().status


def test_forty_simultaneous_registrations_for_ten_seats(app, session, gunicorn):
    open_event(session, capacity=SEATS)
    participants = [Participant(gunicorn, n) for n in range(PARTICIPANTS)]
    barrier = threading.Barrier(PARTICIPANTS)
    threads = [threading.Thread(target=p.post, args=(barrier,)) for p in participants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert [p.status for p in participants] == [302] * PARTICIPANTS
    session.expire_all()
    rows = session.exec(select(Registration)).all()
    statuses = sorted(r.status for r in rows)
    assert len(rows) == PARTICIPANTS
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == PARTICIPANTS - SEATS
    assert sorted(r.position for r in rows) == list(range(1, PARTICIPANTS + 1))
    # the first ten in the order taken hold the seats: first come, first served
    assert {r.status for r in rows if r.position <= SEATS} == {"confirmed"}
    assert len(session.exec(select(OutboxMessage)).all()) == PARTICIPANTS
