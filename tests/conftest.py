"""Shared fixtures: every database test runs twice, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os

import pytest

from planner import create_app
from tests import compiled_once, pg_server
from tests.databases import PostgresDatabases, SQLiteDatabases

BACKENDS = ["sqlite", "postgresql"]

# Modules whose tests take tens of seconds each (they run `make run`, `make serve`, gunicorn or the
# flask command as subprocesses, or crawl every page in five languages). They run first: with
# `-n 2`, a long test collected last (test_serve.py is) leaves the other worker idle at the end.
# Only the order changes; a slow module missing here still runs, in its place.
SLOW_MODULES_FIRST = [
    "tests/test_make_run.py",
    "tests/test_cli.py",
    "tests/mandates/test_importing.py",
    "tests/faults/test_serve_survives_outage.py",
    "tests/faults/test_serve_supervision.py",
    "tests/test_serve.py",
    "tests/i18n/test_pages_in_every_language.py",
    "tests/registration/test_burst_on_development_server.py",
    "tests/registration/test_concurrency.py",
    "tests/test_fuzz.py",
]


def pytest_collection_modifyitems(items):
    first = {module: rank for rank, module in enumerate(SLOW_MODULES_FIRST)}
    items.sort(key=lambda item: first.get(item.nodeid.split("::")[0], len(first)))  # stable: the rest keep their order


@pytest.fixture(scope="session")
def sqlite_databases(tmp_path_factory):
    return SQLiteDatabases(tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="session")
def postgres_databases():
    """A PostgreSQL server for the run: TEST_DATABASE_URL, or one this run starts and stops.

    When none can be had, every PostgreSQL test skips with the same reason, which pytest's
    `-ra` summary folds into one line.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    server = None
    if not url:
        try:
            server = pg_server.start()
        except pg_server.Unavailable as reason:
            pytest.skip(f"PostgreSQL tests skipped: {reason}")
        url = server.url
    databases = PostgresDatabases(url)
    yield databases
    databases.close()
    if server:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def _compiled_once():
    """URL builders and templates compiled once per test process, not once per app (tests/compiled_once.py)."""
    with compiled_once.shared():
        yield


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def databases(backend, request):
    name = "sqlite_databases" if backend == "sqlite" else "postgres_databases"
    return request.getfixturevalue(name)


@pytest.fixture
def database_url(databases):
    """A freshly migrated database of the current backend, to the test alone (tests/databases.py:
    on PostgreSQL, one an earlier test used and that was emptied back to the template's state)."""
    url = databases.checkout()
    yield url
    databases.checkin(url)


@pytest.fixture
def app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "PUBLIC_HOST": "localhost",  # the test client's host: absolute links point at it
        }
    )
    yield app
    from planner.db import get_engine

    with app.app_context():
        get_engine().dispose()


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replaces pytest-flask's fixture of this name, which holds a request context open for the
    whole test: test-client requests would then share its app context and `g` (where Flask-Login
    and Flask-WTF cache per-request state), unlike requests from a real browser."""


@pytest.fixture
def session(app):
    """A database session on the test's database, for service-level tests.

    It pushes no app context: a context held open across test-client requests would be
    reused by them (Flask shares it), and with it `g`, where Flask-Login and Flask-WTF keep
    per-request state.
    """
    from sqlmodel import Session

    with Session(app.extensions["planner.engine"], expire_on_commit=False) as session:
        yield session


# --- accounts and the management side (issue 4) ------------------------------------------------


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    """argon2's cheapest profile in tests: same code path, milliseconds instead of 0.1 s a hash."""
    from argon2 import PasswordHasher, profiles

    from planner.accounts import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest.fixture
def make_user(app):
    """Create an account through the service: make_user("manager") -> User (password: PASSWORD)."""
    from planner.accounts import editing
    from planner.db import get_session
    from tests.forms import PASSWORD

    def make(role: str = "viewer", email: str | None = None, password: str = PASSWORD):
        with app.app_context():
            return editing.create_user(get_session(), "test", email or f"{role}@un.example", password, role)

    return make


@pytest.fixture
def signed_in(client, make_user):
    """A test client signed in with a new account of the given role: signed_in("admin")."""
    from tests.forms import sign_in

    def sign(role: str):
        user = make_user(role)
        response = sign_in(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign


@pytest.fixture
def smtp():
    """A real SMTP server (aiosmtpd) on a free loopback port; `smtp.messages` holds what arrived."""
    from tests.registration.smtp import SMTPServer

    server = SMTPServer()
    server.start()
    yield server
    server.stop()
