"""PostgreSQL for the benchmarks: BENCH_DATABASE_URL or TEST_DATABASE_URL when set, otherwise
a throw-away server started with tests/pg_server.py (as `make test` does), so `make bench` runs on
a fresh machine. Each benchmark gets a fresh database on it, migrated like production."""

from __future__ import annotations

import contextlib
import os
import uuid

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from planner.config import database_url
from tests import pg_server


@contextlib.contextmanager
def server():
    """Yield (base URL, None), or (None, the reason) when no PostgreSQL can be had."""
    raw = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if raw:
        yield database_url(None, {"DATABASE_URL": raw}), None
        return
    try:
        started = pg_server.start()
    except pg_server.Unavailable as error:
        yield None, str(error)
        return
    try:
        yield make_url(started.url), None
    finally:
        started.stop()


@contextlib.contextmanager
def fresh_database(base: URL):
    """A new, empty database on the server of `base`, dropped afterwards."""
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
