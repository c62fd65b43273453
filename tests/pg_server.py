"""A throw-away PostgreSQL server for the test run.

Used when `TEST_DATABASE_URL` does not name a server already running. It initialises a cluster
in a temporary folder with the PostgreSQL binaries on this machine (Debian's `postgresql`
package, which `make test` installs when missing), starts it on a free loopback port and stops
it at the end. As root it runs the server as the `postgres` user, because PostgreSQL refuses to
run as root (that is also why pytest-postgresql, which runs it as the current user, is not used).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class Unavailable(Exception):
    """No PostgreSQL server can be had on this machine; the message says why."""


@dataclass
class Server:
    url: str
    stop: callable


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: Debian's newest version, else the PATH."""
    for candidate in sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    ):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start() -> Server:
    bindir = find_binaries()
    if bindir is None:
        raise Unavailable(
            "no PostgreSQL binaries (initdb) found; install Debian's 'postgresql' package or set TEST_DATABASE_URL"
        )
    run_as: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="planner-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and no 'postgres' user exists to run the server") from None
        os.chown(base, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, log = base / "data", base / "server.log"
    port = _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*run_as, *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise Unavailable(f"{Path(args[0]).name} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    options = (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")

    def stop() -> None:
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(base, ignore_errors=True)

    return Server(url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop=stop)
