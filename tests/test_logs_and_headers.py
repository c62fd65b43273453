"""Secrets stay out of logs, and HTTPS is pinned with HSTS (security review, finding 8).

- access lines (gunicorn's, and the development server's) never hold a private-link token or a
  badge's check-in code;
- database errors never carry the statement's parameters (an e-mail, a password hash), in the
  app's log or, on PostgreSQL, in the server's own log;
- `Strict-Transport-Security` on every HTTPS response, never over plain HTTP.
"""

from __future__ import annotations

import io
import logging
import os
import runpy
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from gunicorn.config import Config
from sqlalchemy.exc import IntegrityError
from werkzeug.serving import make_server

from planner import ROOT, create_app
from planner.accounts.models import User
from planner.db import make_engine
from planner.logredact import REDACTED, redact
from planner.security import HSTS
from tests.registration.smtp import free_port

TOKEN = "Qx7_kP2-mZ9aB4cD6eF8gH0iJ1kL3mN5oP7qR9sT2uV"  # the shape of secrets.token_urlsafe(32)
CODE = "17-0123456789abcdef01234567"  # the shape of a badge's check-in code
SECRET_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0LXNhbHQ$bm90LWEtcmVhbC1oYXNo"
EMAIL = "ana.secret@un.example"


# --- redact() -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"GET /registrations/{TOKEN} HTTP/1.1", f"GET /registrations/{REDACTED} HTTP/1.1"),
        (f"/registrations/{TOKEN}/edit?lang=fr", f"/registrations/{REDACTED}/edit?lang=fr"),
        (f"/registrations/{TOKEN}/calendar.ics", f"/registrations/{REDACTED}/calendar.ics"),
        (
            f"https://planner.example.org/registrations/{TOKEN}?lang=en",
            f"https://planner.example.org/registrations/{REDACTED}?lang=en",
        ),
        (f"/manage/check-in/{CODE}", f"/manage/check-in/{REDACTED}"),
        (f"/login?next=%2Fmanage%2Fcheck-in%2F{CODE}", f"/login?next=%2Fmanage%2Fcheck-in%2F{REDACTED}"),
        (f"/login?next=%2fregistrations%2f{TOKEN}", f"/login?next=%2fregistrations%2f{REDACTED}"),
        ("/events/sample-briefing/registrations/new", "/events/sample-briefing/registrations/new"),
        ("/manage/events/3/check-in?q=ana", "/manage/events/3/check-in?q=ana"),
        (f"/registrations/{TOKEN}x", f"/registrations/{TOKEN}x"),  # 44 characters: not a token
        ("GET / HTTP/1.1", "GET / HTTP/1.1"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


# --- gunicorn's access log ----------------------------------------------------------------------


def _gunicorn_config() -> Config:
    """gunicorn's settings as `gunicorn --config gunicorn.conf.py` reads them."""
    cfg = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in cfg.settings:
            cfg.set(name, value)
    return cfg


def test_gunicorn_access_lines_carry_no_token():
    cfg = _gunicorn_config()
    logger = cfg.logger_class(cfg)
    out = io.StringIO()
    logger.access_log.handlers = [logging.StreamHandler(out)]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/registrations/{TOKEN}?lang=fr",
        "PATH_INFO": f"/registrations/{TOKEN}",
        "QUERY_STRING": "lang=fr",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://planner.example.org/manage/check-in/{CODE}",
        "HTTP_USER_AGENT": "test",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"]), ("USER-AGENT", "test")])
    response = SimpleNamespace(status="200 OK", sent=512, headers=[("Content-Type", "text/html")])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    # A custom format printing the path, the query, a header and an environ value is covered too.
    cfg.set("access_log_format", "%(U)s %(q)s %({referer}i)s %({raw_uri}e)s")
    logger.access(response, request, environ, timedelta(milliseconds=12))
    lines = out.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert TOKEN not in out.getvalue() and CODE not in out.getvalue()
    assert f'"GET /registrations/{REDACTED}?lang=fr HTTP/1.1" 200 512' in lines[0]
    assert f'"https://planner.example.org/manage/check-in/{REDACTED}"' in lines[0]
    assert lines[1].count(REDACTED) == 3


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited early: {process.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing answered at {url}")


def test_gunicorn_started_with_its_config_logs_no_token(sqlite_databases):
    url = sqlite_databases.migrated()
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "WORKERS": "1",
        "THREADS": "1",
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": url.render_as_string(hide_password=False),
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/", process)
        for path, referer in [
            (f"/registrations/{TOKEN}", None),
            ("/", f"{base}/registrations/{TOKEN}"),
            (f"/manage/check-in/{CODE}", None),
        ]:
            request = urllib.request.Request(base + path, headers={"Referer": referer} if referer else {})
            try:
                urllib.request.urlopen(request, timeout=10).close()
            except urllib.error.HTTPError:
                pass  # 404 or the sign-in redirect: logged all the same
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert f"GET /registrations/{REDACTED} HTTP/1.1" in output, output
    assert f"GET /manage/check-in/{REDACTED} HTTP/1.1" in output, output
    assert f'"{base}/registrations/{REDACTED}"' in output, output
    assert TOKEN not in output and CODE not in output


# --- the development server (`make run`) and the app's own log ----------------------------------


@pytest.fixture
def sqlite_app(sqlite_databases):
    url = sqlite_databases.migrated()
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production", "DATABASE_URL": url})
    yield app
    app.extensions["planner.engine"].dispose()
    sqlite_databases.drop(url)


def test_the_development_servers_request_lines_are_redacted(sqlite_app, caplog):
    server = make_server("127.0.0.1", 0, sqlite_app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for path in (f"/registrations/{TOKEN}?lang=fr", f"/manage/check-in/{CODE}"):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=10).close()
                except urllib.error.HTTPError:
                    pass
    finally:
        server.shutdown()
        thread.join(timeout=10)
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any(f"GET /registrations/{REDACTED}?lang=fr HTTP/1.1" in line for line in lines), lines
    assert any(f"GET /manage/check-in/{REDACTED} HTTP/1.1" in line for line in lines), lines
    assert not any(TOKEN in line or CODE in line for line in lines)


def test_the_apps_own_log_is_redacted(sqlite_app, caplog):
    """Flask logs an unhandled error as "Exception on <path> [GET]"."""
    with caplog.at_level(logging.ERROR, logger=sqlite_app.logger.name):
        sqlite_app.logger.error("Exception on %s [%s]", f"/registrations/{TOKEN}/edit", "POST")
    assert caplog.records[-1].getMessage() == f"Exception on /registrations/{REDACTED}/edit [POST]"


# --- database errors ----------------------------------------------------------------------------


def _insert_user(connection, email: str) -> None:
    connection.execute(
        sa.insert(User.__table__).values(
            email=email,
            name="",
            password_hash=SECRET_HASH,
            role="viewer",
            active=True,
            session_version=0,
            created_at=sa.func.now(),
            updated_at=sa.func.now(),
        )
    )


def _error_of(engine, email: str) -> IntegrityError:
    with pytest.raises(IntegrityError) as caught:
        with engine.begin() as connection:
            _insert_user(connection, email)
    return caught.value


def test_database_errors_carry_no_parameter_values(database_url):
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            _insert_user(connection, EMAIL)
        for error in (
            _error_of(engine, EMAIL),  # unique e-mail
            _error_of(engine, "Upper.Case@un.example"),
        ):  # the lower-case check
            text = str(error)
            assert "[SQL parameters hidden due to hide_parameters=True]" in text
            for secret in (EMAIL, "Upper.Case@un.example", SECRET_HASH, "argon2id"):
                assert secret not in text and secret not in str(error.orig)
    finally:
        engine.dispose()


def test_without_hiding_the_values_would_show(database_url):
    """The check above would see a leak: this is what an error looks like with the values."""
    engine = make_engine(database_url, hide_parameters=False)
    try:
        with engine.begin() as connection:
            _insert_user(connection, EMAIL)
        assert SECRET_HASH in str(_error_of(engine, EMAIL))
    finally:
        engine.dispose()


def _server_log(admin) -> Path | None:
    """The throw-away test server's log file (tests/pg_server: beside the data folder)."""
    try:
        with admin.connect() as connection:
            data = connection.execute(sa.text("SELECT current_setting('data_directory')")).scalar()
        log = Path(data).parent / "server.log"
        return log if log.is_file() and os.access(log, os.R_OK) else None
    except (sa.exc.SQLAlchemyError, OSError):
        return None


@pytest.fixture
def postgres_url(postgres_databases):
    url = postgres_databases.migrated()
    yield url
    postgres_databases.drop(url)


def test_postgresql_does_not_log_the_parameters_of_a_failed_statement(postgres_databases, postgres_url):
    database_url = postgres_url
    # As if postgresql.conf logged every parameter of a failed statement:
    with postgres_databases.admin.connect() as connection:
        connection.execute(
            sa.text(f"ALTER DATABASE {database_url.database} SET log_parameter_max_length_on_error = -1")
        )
    secret, control = f"secret-{secrets.token_hex(8)}", f"control-{secrets.token_hex(8)}"
    engine = make_engine(database_url.set(query={"options": "-c statement_timeout=60000"}))
    plain = sa.create_engine(database_url)  # without the planner's connection options
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SHOW log_parameter_max_length_on_error")).scalar() == "0"
            assert connection.execute(sa.text("SHOW statement_timeout")).scalar() == "1min"
        for used, value in ((engine, secret), (plain, control)):
            with pytest.raises(sa.exc.DataError):
                with used.connect() as connection:
                    connection.execute(sa.text("SELECT length(CAST(:value AS text)) / 0"), {"value": value})
    finally:
        engine.dispose()
        plain.dispose()
    log = _server_log(postgres_databases.admin)
    if log is None:
        pytest.skip("the server's log file cannot be read here (TEST_DATABASE_URL)")
    deadline = time.monotonic() + 10
    while control not in log.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.1)
    text = log.read_text(errors="replace")
    assert control in text  # the server does log parameters when nothing stops it...
    assert secret not in text  # ...but not those of the planner's connections


# --- HSTS ---------------------------------------------------------------------------------------


def test_hsts_over_https_only(app):
    client = app.test_client()
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == HSTS == "max-age=63072000; includeSubDomains"
    assert client.get("/calendar.ics", base_url="https://localhost").headers["Strict-Transport-Security"] == HSTS
    assert client.get("/no-such-page", base_url="https://localhost").headers["Strict-Transport-Security"] == HSTS
    assert "Strict-Transport-Security" not in client.get("/", base_url="http://localhost").headers


@pytest.mark.parametrize("proxies, expected", [("1", True), ("0", False)])
def test_hsts_behind_a_tls_proxy_only_when_the_proxy_is_trusted(monkeypatch, database_url, proxies, expected):
    monkeypatch.setenv("FORWARDED_PROXIES", proxies)
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production", "DATABASE_URL": database_url}
    )
    try:
        response = app.test_client().get(
            "/", base_url="http://localhost", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        )
        assert ("Strict-Transport-Security" in response.headers) is expected
    finally:
        app.extensions["planner.engine"].dispose()
