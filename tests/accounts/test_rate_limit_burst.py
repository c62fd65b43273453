"""A burst on the threaded development server (`make run`) never waits on itself.

The rate-limit counters used to take a second connection from the request pool while the
request's own session held one: with more simultaneous requests than the pool has connections
(5 + 10 overflow), every thread waited for the others until the pool timed out and all failed.
The counters now have an engine of their own without a pool (planner.accounts.ratelimit).
"""

from __future__ import annotations

import threading
import urllib.request

import sqlalchemy as sa
from werkzeug.serving import make_server

from planner.db import _sqlite_pragmas
from tests.forms import post_form
from tests.registration.helpers import FORM, open_event

BURST = 40


def test_forty_simultaneous_private_link_requests_on_the_threaded_server(app, session):
    app.config["REGISTRATION_TOKEN_LIMIT"] = "1000 per 15 minutes"
    open_event(session)
    response = post_form(app.test_client(), "/events/sample-briefing/register", FORM)
    link = response.headers["Location"]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    barrier, codes, lock = threading.Barrier(BURST), [], threading.Lock()

    def fetch(n: int) -> None:
        # Every other request is a wrong link: it counts and is not refunded.
        path = link if n % 2 else "/registrations/" + "W" * 43
        barrier.wait()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{path}", timeout=25) as answer:
                code = answer.status
        except urllib.error.HTTPError as error:
            code = error.code
        except OSError as error:  # a timeout: the burst deadlocked
            code = repr(error)
        with lock:
            codes.append(code)

    try:
        workers = [threading.Thread(target=fetch, args=(n,)) for n in range(BURST)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        server.shutdown()
        thread.join()
    assert sorted(codes, key=str) == sorted([200] * (BURST // 2) + [404] * (BURST // 2), key=str)


def test_a_request_never_needs_a_second_connection_from_the_apps_pool(app, session):
    """With a pool of one connection, a request that held it and asked the same pool for the
    counters' connection would wait for itself until the pool timed out (a 500)."""
    open_event(session)
    link = post_form(app.test_client(), "/events/sample-briefing/register", FORM).headers["Location"]
    url = app.config["DATABASE_URL"]
    tiny = sa.create_engine(url, pool_size=1, max_overflow=0, pool_timeout=2)
    if url.get_backend_name() == "sqlite":
        sa.event.listen(tiny, "connect", _sqlite_pragmas)
    normal, app.extensions["planner.engine"] = app.extensions["planner.engine"], tiny
    try:
        client = app.test_client()
        assert client.get(link).status_code == 200
        assert client.get("/registrations/" + "W" * 43).status_code == 404
        page = client.get(link + "/calendar.ics")
        assert page.status_code == 200
    finally:
        app.extensions["planner.engine"] = normal
        tiny.dispose()
