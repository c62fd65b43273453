"""Registration opens on `make run`: the threaded development server takes a burst of
simultaneous registrations with no 5xx and no timeout, and seats exactly the capacity.

`make bench` runs the same with 500 participants for 100 seats through `flask run` itself;
this is the regression guard at a size the suite can afford, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import http.client
import re
import threading
import urllib.parse

from sqlmodel import select
from werkzeug.serving import make_server

from planner.registration.models import OutboxMessage, Registration
from tests.registration.helpers import FORM, open_event

PARTICIPANTS, SEATS = 60, 15
PATH = "/events/sample-briefing/register"
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def test_sixty_simultaneous_registrations_on_the_threaded_server(app, session):
    open_event(session, capacity=SEATS)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    port = server.server_port
    forms = []
    for _ in range(PARTICIPANTS):  # each browser fetches its form first, with its own cookie
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", PATH, headers={"Host": "localhost"})
        response = connection.getresponse()
        forms.append((response.getheader("Set-Cookie").split(";", 1)[0], CSRF.search(response.read().decode())[1]))
    barrier, answers, lock = threading.Barrier(PARTICIPANTS), [], threading.Lock()

    def post(n: int) -> None:
        cookie, token = forms[n]
        body = urllib.parse.urlencode({**FORM, "email": f"p{n}@example.org", "csrf_token": token})
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        barrier.wait()
        try:
            connection.request(
                "POST",
                PATH,
                body,
                {"Host": "localhost", "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            )
            answer = connection.getresponse().status
        except OSError as error:  # a timeout: the burst stalled
            answer = repr(error)
        with lock:
            answers.append(answer)

    try:
        threads = [threading.Thread(target=post, args=(n,)) for n in range(PARTICIPANTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.shutdown()
        serving.join()
    assert answers == [302] * PARTICIPANTS
    statuses = [r.status for r in session.exec(select(Registration))]
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == PARTICIPANTS - SEATS
    assert len(session.exec(select(OutboxMessage)).all()) == PARTICIPANTS
