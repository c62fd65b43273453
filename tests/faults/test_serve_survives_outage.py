"""Faults survived (issue 21), end to end: the real `make serve` (gunicorn and the outbox sender)
against a PostgreSQL server of the test's own and a real SMTP server (aiosmtpd).

The database is stopped for ten seconds: every page keeps answering, with a 503 and Retry-After
(plain text for feeds, JSON for the API), never a 500 or a refused connection. It is started
again: pages answer 200 without restarting anything, and the sender, the same process, carries
on. Mail queued before, during (a registration refused with 503 and sent again afterwards) and
after the outage, and mail that became due in the middle of it, each arrive exactly once (counted
by Message-ID and by recipient at the SMTP server); two messages that cannot be built (a CR/LF in
the recipient, one in the subject) are marked failed with the reason while those around them go
out. Finally the sender is killed with SIGKILL: scripts/serve starts a new one, which sends.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import time
import urllib.parse
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from planner.db import make_engine, utcnow
from planner.registration.models import OutboxMessage
from planner.registration.outbox import queue_mail
from tests import pg_server
from tests.faults.cluster import Cluster
from tests.faults.serving import Serve, make_serve
from tests.registration.helpers import FORM, open_event

SLUG = "sample-briefing"
OUTAGE_SECONDS = 10
# What each kind of client gets during the outage: pages, feeds, the API.
PAGES = {
    "/": "text/html",
    f"/events/{SLUG}": "text/html",
    "/mandates/": "text/html",
    "/calendar.ics": "text/plain",
    f"/events/{SLUG}/calendar.ics": "text/plain",
    "/api/v1/events": "application/json",
}


@pytest.fixture
def cluster():
    try:
        cluster = Cluster()
    except pg_server.Unavailable as reason:
        pytest.skip(f"fault test skipped: {reason}")
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def serve(cluster, smtp, tmp_path):
    with make_serve(
        tmp_path,
        DATABASE_URL=cluster.url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp.port),
        MAIL_INTERVAL="1",  # the sender looks at the outbox every second (5 by default)
    ) as serve:
        yield serve


class Browser:
    """One participant's browser: the registration form with its cookie and CSRF token."""

    def __init__(self, serve: Serve, email: str):
        self.port, self.email = serve.port, email
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        connection.request("GET", f"/events/{SLUG}/register")
        response = connection.getresponse()
        page = response.read().decode()
        connection.close()
        assert response.status == 200, page[:2000]
        self.cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        self.csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def register(self) -> int:
        body = urllib.parse.urlencode({**FORM, "email": self.email, "csrf_token": self.csrf})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", f"/events/{SLUG}/register", body, headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status


def _delivered(smtp) -> list:
    return [message_from_bytes(raw, policy=policy.default) for raw in list(smtp.messages)]


def test_serve_rides_out_a_database_outage_and_a_killed_sender(cluster, smtp, serve):
    engine = make_engine(make_url(cluster.url).set(drivername="postgresql+psycopg"))
    expected: list[str] = []  # every recipient that must get exactly one message

    def register(browser: Browser) -> None:
        assert browser.register() == 302
        expected.append(browser.email)

    def all_delivered() -> bool:
        return sorted(str(mail["To"]) for mail in _delivered(smtp)) == sorted(expected)

    try:
        with Session(engine) as session:
            open_event(session, capacity=100)
        for n in range(3):
            register(Browser(serve, f"before{n}@example.org"))
        with Session(engine) as session:
            # Two messages that cannot be built, between good ones; two good ones due in the outage.
            bad = [
                OutboxMessage(recipient="victim@example.org\r\nBcc: spam@example.org", subject="Hi", body="x"),
                OutboxMessage(recipient="ok@example.org", subject="Hi\r\nBcc: spam@example.org", body="x"),
            ]
            session.add_all(bad)
            for n in range(2):
                due = queue_mail(session, f"due{n}@example.org", "Due during the outage", "Hello")
                due.next_attempt_at = utcnow() + timedelta(seconds=3)
                expected.append(due.recipient)
            session.commit()
            bad_ids = [message.id for message in bad]
        for n in range(2):
            register(Browser(serve, f"after-bad{n}@example.org"))
        during = Browser(serve, "during@example.org")  # holds its form through the outage
        [sender] = serve.senders()

        # --- the outage: every page answers, with 503 and Retry-After ----------------------------
        cluster.stop()
        stopped = time.monotonic()
        seen = Counter()
        while time.monotonic() - stopped < OUTAGE_SECONDS:
            for path, kind in PAGES.items():
                status, headers, body = serve.get(path)
                assert status == 503, (path, status, body[:2000])
                assert headers["Retry-After"] == "30", path
                assert headers.get_content_type() == kind, (path, headers["Content-Type"])
                if kind == "application/json":
                    assert json.loads(body)["error"]["status"] == 503
                seen[path] += 1
            assert during.register() == 503
            time.sleep(0.5)
        assert min(seen.values()) >= 3, seen

        # --- the database is back: pages recover without a restart; the sender was waiting ------
        cluster.start()
        serve.wait_for(lambda: serve.get("/")[0] == 200, 15, "pages to answer 200 again")
        for path in PAGES:
            assert serve.get(path)[0] == 200, path
        assert serve.senders() == [sender]  # the same process rode the outage out
        register(during)  # the same form, sent again: the registration goes through now
        for n in range(2):
            register(Browser(serve, f"after{n}@example.org"))
        serve.wait_for(all_delivered, 30, f"{expected} to be delivered")

        # --- the sender is killed: scripts/serve starts another, which sends ---------------------
        os.kill(sender, signal.SIGKILL)
        serve.wait_for(lambda: serve.senders() not in ([], [sender]), 20, "a new sender")
        register(Browser(serve, "after-kill@example.org"))
        serve.wait_for(all_delivered, 20, "mail queued after the kill to be delivered")

        # --- exactly once, and the bad messages failed with their reason ------------------------
        time.sleep(1.5)  # one more round of the sender: nothing else may arrive
        mails = _delivered(smtp)
        ids = Counter(str(mail["Message-ID"]) for mail in mails)
        assert len(ids) == len(expected) and set(ids.values()) == {1}, ids
        assert sorted(str(mail["To"]) for mail in mails) == sorted(expected)
        assert not any("spam@" in recipient for recipients in smtp.recipients for recipient in recipients)
        with Session(engine) as session:
            rows = session.exec(select(OutboxMessage)).all()
        failed = {row.id: row.last_error for row in rows if row.status == "failed"}
        assert sorted(failed) == sorted(bad_ids), failed
        assert "is not one e-mail address" in failed[bad_ids[0]]
        assert "a header cannot be written" in failed[bad_ids[1]]
        assert Counter(row.status for row in rows) == {"sent": len(expected), "failed": 2}
        assert "503: database unavailable: OperationalError" in serve.log.read_text()  # what the operator sees
    finally:
        engine.dispose()
