"""A PostgreSQL server a fault test may stop and start again at will.

The suite's shared server (tests/pg_server.py) holds every other PostgreSQL test's databases, so
stopping it would fail them; a fault test starts a cluster of its own, with the same binaries
and the same rules (as root it runs as the `postgres` user, which PostgreSQL insists on), in a
folder of its own under /tmp (the `postgres` user cannot enter pytest's tmp_path as root).
The port stays the same across restarts, as a real server's does.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests import pg_server
from tests.registration.smtp import free_port


class Cluster:
    def __init__(self):
        self.bindir = pg_server.find_binaries()
        if self.bindir is None:
            raise pg_server.Unavailable(
                "no PostgreSQL binaries (initdb, pg_ctl) on this machine: Debian's 'postgresql' package "
                "(make test installs it) is needed to stop and restart a server of the test's own"
            )
        self.run_as: list[str] = []
        self.base = Path(tempfile.mkdtemp(prefix="planner-faults-pg-"))
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise pg_server.Unavailable("running as root and no 'postgres' user exists to run the server") from None
            os.chown(self.base, user.pw_uid, user.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self.data, self.log = self.base / "data", self.base / "server.log"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")

    def _pg(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [*self.run_as, str(self.bindir / program), *args, *(["--no-sync"] if program == "initdb" else [])],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0:  # binaries that are there but fail: a failure, not a skip
            raise RuntimeError(f"{program} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        """As an operator's restart does: sessions are ended (`fast`), the server goes down."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        subprocess.run(
            [*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.base, ignore_errors=True)
