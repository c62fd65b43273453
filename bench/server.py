"""A gunicorn server on a free loopback port for the load benchmarks, started and stopped here.

It is the production configuration (gunicorn.conf.py: gthread workers, no preload) with only the
worker count, the port and the database changed, so the figures describe what `make serve` runs.
The access log is switched off: writing it would measure the pipe, not the app.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.engine import URL

from planner import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    database_url: URL,
    workers: int,
    app: str = "app:app",
    config: str = "gunicorn.conf.py",
    ready_path: str = "/privacy",
    extra_env: dict | None = None,
):
    """Yield the port of gunicorn serving `app` with `workers` workers; stop it afterwards.

    `config` may be bench/gunicorn_timed.py (the same settings plus lock timing) and `app` the
    floor (bench/floor_app.py), which answers `ready_path` = /constant."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--config",
        config,
        "--access-logfile",
        "/dev/null",
        app,
    ]
    env = {**(extra_env or {}), "WORKERS": str(workers), "PORT": str(port)}
    with _serving(command, database_url, port, ready_path, env):
        yield port


@contextlib.contextmanager
def flask_run(database_url: URL):
    """Yield the port of `make run`'s server, `flask run` (werkzeug, threaded); stop it afterwards."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "flask"), "--app", "app", "run", "--port", str(port)]
    with _serving(command, database_url, port, "/privacy", {"PUBLIC_HOST": f"127.0.0.1:{port}"}):
        yield port


@contextlib.contextmanager
def _serving(command: list[str], database_url: URL, port: int, ready_path: str, extra_env: dict):
    """Run `command` against `database_url` until the block ends. Its log (gunicorn's errors,
    werkzeug's line per request) goes to a file: a pipe nobody reads would stop the server once
    full. The file is read only if the server fails to start."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url.render_as_string(hide_password=False),
        "SECRET_KEY": "benchmark-secret-key-0123",
        "PREFERRED_URL_SCHEME": "http",
        **extra_env,
    }
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
    )
    try:
        wait_until_up(port, process, ready_path, log)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def wait_until_up(port: int, process: subprocess.Popen, path: str, log, seconds: float = 60) -> None:
    """Wait until every worker has booted: one answer is not enough, since a worker that is
    still importing the app would make the first measured requests slow."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the server exited: {log.read().decode()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                time.sleep(1.0)  # the other workers boot at the same moment; give them a second
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer within a minute")
