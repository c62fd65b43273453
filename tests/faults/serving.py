"""`make serve` as a fault test runs it: a real scripts/serve with gunicorn and the outbox sender,
its processes found with ps, its output in a file (a pipe nobody reads would fill up with access
lines and stall gunicorn), shown when a wait fails."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from planner import ROOT
from tests.registration.smtp import free_port


def processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every process, from ps."""
    out = subprocess.run(["ps", "-e", "-ww", "-o", "pid=,ppid=,args="], capture_output=True, text=True).stdout
    table = {}
    for line in out.splitlines():
        pid, ppid, *args = line.split(None, 2)
        table[int(pid)] = (int(ppid), args[0] if args else "")
    return table


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


class Serve:
    def __init__(self, make: subprocess.Popen, port: int, log: Path):
        self.make, self.port, self.log = make, port, log

    def get(self, path: str, quiet: bool = False) -> tuple[int, http.client.HTTPMessage | None, str]:
        """(status, headers, body); with `quiet`, a refused connection is status 0."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        except OSError:
            if quiet:
                return 0, None, ""
            raise
        finally:
            connection.close()

    def pid(self) -> int:
        """The bash running scripts/serve under make (through `sh -c` or not): the innermost
        process whose command line names it. Signalling make would not reach it."""
        table, pid = processes(), self.make.pid
        while True:
            inner = [child for child, (ppid, args) in table.items() if ppid == pid and "scripts/serve" in args]
            if not inner:
                return pid
            [pid] = inner

    def children(self, marker: str) -> list[int]:
        """scripts/serve's own children whose command line holds `marker`."""
        serve = self.pid()
        return [pid for pid, (ppid, args) in processes().items() if ppid == serve and marker in args]

    def senders(self) -> list[int]:
        return self.children("send-mail --loop")

    def wait_for(self, condition, seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"waited {seconds} s for {what}; make serve said:\n{self.output()}")
            time.sleep(0.2)

    def wait_until_answering(self, seconds: float = 90) -> None:
        def answering() -> bool:
            if self.make.poll() is not None:
                pytest.fail(f"make serve exited early:\n{self.output()}")
            return self.get("/", quiet=True)[0] == 200

        self.wait_for(answering, seconds, "make serve to answer")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]


@contextmanager
def make_serve(tmp_path: Path, **env: str):
    """`make serve` on a free port with `env` added to this process's environment; stopped with
    SIGTERM to scripts/serve (as a supervisor stops it) and then, whatever is left, SIGKILL."""
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "WORKERS": "2",
        "THREADS": "2",
        "SECRET_KEY": "fault-test-secret-key-" + "x" * 16,
        "PUBLIC_HOST": f"127.0.0.1:{port}",
        "PREFERRED_URL_SCHEME": "http",
        **env,
    }
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    serve = Serve(make, port, log)
    try:
        serve.wait_until_answering()
        yield serve
        if make.poll() is None:
            os.kill(serve.pid(), signal.SIGTERM)
            # Cleanup, not an assertion (tests/faults/test_serve_supervision.py checks the clean
            # stop): on a loaded CI machine it can outlast the wait, and SIGKILL below ends it.
            with contextlib.suppress(subprocess.TimeoutExpired):
                make.wait(timeout=30)
    finally:
        try:
            os.killpg(make.pid, signal.SIGKILL)  # whatever is left of this test's processes
        except ProcessLookupError:
            pass
        make.wait()
