"""Shared fixtures: every database test runs twice, on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import os

import pytest

from planner import create_app
from tests import pg_server
from tests.databases import PostgresDatabases, SQLiteDatabases

BACKENDS = ["sqlite", "postgresql"]
_pg_unavailable: str | None = None


@pytest.fixture(scope="session")
def sqlite_databases(tmp_path_factory):
    return SQLiteDatabases(tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="session")
def postgres_databases():
    global _pg_unavailable
    url = os.environ.get("TEST_DATABASE_URL")
    server = None
    if not url:
        try:
            server = pg_server.start()
        except pg_server.Unavailable as reason:
            _pg_unavailable = str(reason)
            pytest.skip(f"PostgreSQL tests skipped: {reason}")
        url = server.url
    databases = PostgresDatabases(url)
    yield databases
    databases.admin.dispose()
    if server:
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def databases(backend, request):
    name = "sqlite_databases" if backend == "sqlite" else "postgres_databases"
    return request.getfixturevalue(name)


@pytest.fixture
def database_url(databases):
    """A freshly migrated database of the current backend, dropped after the test."""
    url = databases.migrated()
    yield url
    databases.drop(url)


@pytest.fixture
def app(database_url):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": database_url,
    })
    yield app
    from planner.db import get_engine
    with app.app_context():
        get_engine().dispose()


@pytest.fixture
def session(app):
    """A database session inside an app context, for service-level tests."""
    from planner.db import get_session
    with app.app_context():
        yield get_session()


def pytest_terminal_summary(terminalreporter):
    if _pg_unavailable:
        terminalreporter.write_line(f"NOTE: PostgreSQL tests were skipped: {_pg_unavailable}")
