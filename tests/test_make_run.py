"""`make run` end to end: migrate, seed, serve on $PORT; a restart keeps the data."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from planner import ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run exited early: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing answered at {url}")


def _make_run(port: int, database_url: str) -> subprocess.Popen:
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": database_url, "SECRET_KEY": "x" * 32}
    return subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def test_make_run_serves_the_seed_events_on_port_and_keeps_data(databases):
    url = databases.empty()
    database_url = url.render_as_string(hide_password=False)
    port = _free_port()
    try:
        server = _make_run(port, database_url)
        try:
            page = _wait_for(f"http://127.0.0.1:{port}/", server)
            slugs = set(re.findall(r'href="/events/([^"]+)"', page))
            assert len(slugs) == 6 and "sample-briefing" in slugs  # 5 seed events + the sample
        finally:
            _stop(server)

        server = _make_run(port, database_url)  # stop and start again: the data is still there
        try:
            page = _wait_for(f"http://127.0.0.1:{port}/events/bapa-40", server)
            assert "20–22 March 2019" in page
            # The feed address offered is one a calendar on this machine can reach (no TLS here).
            assert f'value="http://127.0.0.1:{port}/events/bapa-40/calendar.ics"' in page
            page = _wait_for(f"http://127.0.0.1:{port}/events/sample-briefing/register", server)
            assert "20 seats left" in page  # created once: the restart changed nothing
        finally:
            _stop(server)
    finally:
        databases.drop(url)
