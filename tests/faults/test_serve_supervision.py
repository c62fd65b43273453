"""scripts/serve as a supervisor (issue 21), on SQLite: a sender that dies is started again, later
each time it dies again soon; a gunicorn that dies takes everything down with it (the unit's
supervisor restarts the whole); SIGINT stops everything, even during a back-off pause.

A sender with an empty outbox never connects to MAIL_SERVER, so no SMTP server is needed here.
"""

from __future__ import annotations

import os
import signal
import time

from tests.faults.serving import gone, make_serve, processes
from tests.registration.smtp import free_port


def _env(tmp_path) -> dict:
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'planner.db'}",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(free_port()),
    }


def _everything(serve) -> list[int]:
    """scripts/serve and every process under it."""
    table, found, frontier = processes(), [], [serve.pid()]
    while frontier:
        parent = frontier.pop()
        found.append(parent)
        frontier += [pid for pid, (ppid, _) in table.items() if ppid == parent]
    return found


def test_a_dying_sender_is_restarted_with_growing_pauses_and_sigint_stops_all(tmp_path):
    with make_serve(tmp_path, **_env(tmp_path)) as serve:
        for delay in (1, 2):
            serve.wait_for(lambda: len(serve.senders()) == 1, 30, "a sender")
            [sender] = serve.senders()
            os.kill(sender, signal.SIGKILL)
            killed = time.monotonic()
            serve.wait_for(lambda old=sender: serve.senders() not in ([], [old]), 30, "the sender to be started again")
            assert time.monotonic() - killed >= delay
            assert f"the mail sender exited (status 137); starting it again in {delay} s" in serve.output()
        assert serve.get("/")[0] == 200  # the site never noticed
        [sender] = serve.senders()
        os.kill(sender, signal.SIGKILL)
        serve.wait_for(lambda: "starting it again in 4 s" in serve.output(), 10, "the third, longer pause")

        everything = _everything(serve)
        os.kill(serve.pid(), signal.SIGINT)  # in the middle of the pause
        serve.make.wait(timeout=30)
        serve.wait_for(lambda: all(gone(pid) for pid in everything), 10, "every process to exit")


def test_a_dead_gunicorn_stops_the_sender_and_serve_exits_with_its_status(tmp_path):
    with make_serve(tmp_path, **_env(tmp_path)) as serve:
        serve.wait_for(lambda: len(serve.senders()) == 1, 30, "a sender")
        [sender] = serve.senders()
        [master] = serve.children("gunicorn")
        os.kill(master, signal.SIGKILL)
        assert serve.make.wait(timeout=30) != 0  # make reports the recipe's failure
        assert "serve: gunicorn exited (status 137); stopping" in serve.output()
        serve.wait_for(lambda: gone(sender), 10, "the sender to exit")
