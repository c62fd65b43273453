"""What a request gets when the database fails under it (issue 21), on SQLite and on PostgreSQL.

The failure is the driver's own exception, raised before every statement (`before_cursor_execute`),
so it travels through SQLAlchemy exactly as a refused connection or a lock timeout does. A
database that cannot answer is a 503 with Retry-After in the form each client reads; SQL that is
wrong stays a 500, because that is a bug to see, not a moment to wait out.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from sqlalchemy import event, exc

from planner import RETRY_AFTER_SECONDS, _is_database_unavailable

PAGES = {
    "/": "text/html",
    "/mandates/": "text/html",
    "/calendar.ics": "text/plain",
    "/api/v1/events": "application/json",
}


def _driver_error(app, message: str, sqlite_code: int, kind: str = "OperationalError") -> Exception:
    """The DBAPI's exception as its driver raises it (SQLite's carries its result code)."""
    dialect = app.extensions["planner.engine"].dialect
    error = getattr(dialect.loaded_dbapi, kind)(message)
    if dialect.name == "sqlite":
        error.sqlite_errorcode = sqlite_code
    return error


@contextmanager
def failing(app, make_error):
    engine = app.extensions["planner.engine"]

    def fail(*_args):
        raise make_error()

    event.listen(engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", fail)


def _unreachable(app):
    return failing(app, lambda: _driver_error(app, "database is locked", sqlite3.SQLITE_BUSY))


def test_every_kind_of_client_gets_503_with_retry_after_then_pages_again(app):
    client = app.test_client()
    with _unreachable(app):
        for path, kind in PAGES.items():
            response = client.get(path)
            assert response.status_code == 503, path
            assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS) == "30", path
            assert response.mimetype == kind, path
        page = client.get("/").get_data(as_text=True)
        assert "Service Unavailable" in page and "temporarily unavailable" in page
        assert client.get("/api/v1/events").get_json()["error"]["status"] == 503
        assert "temporarily unavailable" in client.get("/calendar.ics").get_data(as_text=True)
    for path in PAGES:  # the same app, nothing restarted
        assert client.get(path).status_code == 200, path


def test_the_503_page_speaks_the_readers_language(app):
    with _unreachable(app):
        page = app.test_client().get("/?lang=fr").get_data(as_text=True)
    assert "Service indisponible" in page and "temporairement indisponible" in page


def test_a_signed_in_user_gets_the_503_page_not_a_500(app, signed_in):
    client = signed_in("viewer")
    with _unreachable(app):
        response = client.get("/manage/")
        missing = client.get("/no-such-page")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    # Who is signed in could not be read either: the header is an anonymous visitor's.
    assert "Sign in" in response.get_data(as_text=True)
    assert missing.status_code == 404  # any other error page is built the same way
    assert "Sign out" in client.get("/manage/").get_data(as_text=True)  # and the session still holds


def test_wrong_sql_is_still_a_500(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production instead of raising
    # Where each driver puts a syntax error: SQLite under OperationalError (code SQLITE_ERROR).
    kind = "OperationalError" if app.extensions["planner.engine"].dialect.name == "sqlite" else "ProgrammingError"
    with failing(app, lambda: _driver_error(app, 'syntax error near "SELEKT"', sqlite3.SQLITE_ERROR, kind)):
        response = app.test_client().get("/")
    assert response.status_code == 500 and "Retry-After" not in response.headers


def _sqlite_error(code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("sqlite says no")
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (exc.OperationalError("SELECT 1", {}, _sqlite_error(sqlite3.SQLITE_BUSY)), True),  # locked
        (exc.OperationalError("SELECT 1", {}, _sqlite_error(sqlite3.SQLITE_IOERR | 10 << 8)), True),  # extended
        (exc.OperationalError("SELECT 1", {}, _sqlite_error(sqlite3.SQLITE_ERROR)), False),  # wrong SQL
        (exc.OperationalError("SELECT 1", {}, Exception("connection refused")), True),  # PostgreSQL's family
        (exc.InterfaceError("SELECT 1", {}, Exception("connection already closed")), True),
        (exc.DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True), True),
        (exc.TimeoutError("QueuePool limit reached, connection timed out"), True),  # overloaded
        (exc.IntegrityError("INSERT", {}, Exception("duplicate key")), False),
        (exc.ProgrammingError("SELECT", {}, Exception("syntax error")), False),
    ],
)
def test_which_errors_mean_the_database_is_unavailable(error, unavailable):
    assert _is_database_unavailable(error) is unavailable
