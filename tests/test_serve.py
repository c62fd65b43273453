"""`make serve` end to end: migrates a fresh SQLite database, serves pages and feeds from a
gunicorn master with WORKERS worker processes plus the outbox sender, and on SIGTERM to
scripts/serve both the server and the sender exit (a supervisor's stop must not leave orphans)."""

import os
import signal
import subprocess
import time
import urllib.request

import pytest

from planner import ROOT
from tests.registration.smtp import free_port


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every process, from ps."""
    out = subprocess.run(["ps", "-e", "-ww", "-o", "pid=,ppid=,args="], capture_output=True, text=True).stdout
    table = {}
    for line in out.splitlines():
        pid, ppid, *args = line.split(None, 2)
        table[int(pid)] = (int(ppid), args[0] if args else "")
    return table


def _descendants(root: int) -> dict[int, str]:
    table, found, frontier = _processes(), {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, args) in table.items():
            if ppid == parent:
                found[pid] = args
                frontier.append(pid)
    return found


def _get(url: str, process: subprocess.Popen, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make serve exited early (status {process.returncode}); its log is in the test's tmp_path")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing answered at {url}")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_make_serve_runs_workers_and_sender_and_stops_on_sigterm(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "WORKERS": "2",
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'planner.db'}",
        # a sender with nothing to send never connects, so no SMTP server is needed
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(free_port()),
    }
    # The output goes to a file, not a pipe: a pipe nobody reads until the end can fill up and
    # block the servers writing their logs, which would then never stop.
    log = tmp_path / "serve.log"
    make = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert _get(f"http://127.0.0.1:{port}/", make) == 200
        assert _get(f"http://127.0.0.1:{port}/calendar.ics", make) == 200
        tree, table = _descendants(make.pid), _processes()
        gunicorns = [pid for pid, args in tree.items() if "gunicorn" in args]
        masters = [pid for pid in gunicorns if table[pid][0] not in gunicorns]
        workers = [pid for pid in gunicorns if table[pid][0] in masters]
        senders = [pid for pid, args in tree.items() if "send-mail --loop" in args]
        assert len(masters) == 1 and len(workers) == 2 and len(senders) == 1, tree
        serve = table[masters[0]][0]  # scripts/serve, the parent of both
        assert table[senders[0]][0] == serve and "scripts/serve" in tree[serve]

        os.kill(serve, signal.SIGTERM)
        # gunicorn gives a busy worker graceful_timeout (20 s, gunicorn.conf.py) before killing it,
        # and a sender still starting up (importing the app) on a machine whose two cores run the
        # rest of the suite answers late: a stop may take that long, never minutes.
        try:
            make.wait(timeout=90)
        except subprocess.TimeoutExpired:
            left, tail = _descendants(make.pid), log.read_text()[-4000:]
            pytest.fail(f"make serve did not stop on SIGTERM; still running: {left}; its log:\n{tail}")
        assert all(_gone(pid) for pid in [serve, *masters, *senders, *workers])
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
