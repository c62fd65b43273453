"""The secretariat planner: a Flask application factory.

`create_app()` reads the configuration from the environment (see planner.config), opens the
database engine and registers one blueprint per domain package.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, SecurityError, ServiceUnavailable

from planner import config as config_module
from planner import db, error_pages, formatting
from planner.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app. `overrides` (tests) wins over the environment; bad config raises ConfigError."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    overrides = dict(overrides or {})
    environ = config_module.environ_with(overrides)
    app.config.update(config_module.load(instance, environ))
    app.config.update(overrides)

    engine = db.make_engine(app.config["DATABASE_URL"])
    check_database(engine, app.config["DATABASE_URL"])
    db.init_app(app, engine)

    from planner import accounts, i18n, input_guard, logredact, pagecache, security

    i18n.init_app(app)
    pagecache.init_app(app)  # before the blueprints, which add to pages' fingerprints as they register
    security.init_app(app)
    input_guard.init_app(app)  # before any route is added: it bounds <int:> ids
    logredact.init_app(app)  # private-link tokens out of the logs
    accounts.init_app(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    _connect_change_subscribers(app)
    _register_error_pages(app)

    from planner import cli

    cli.register(app)
    return app


def check_database(engine, url) -> None:
    """Connect once, so an unreachable database is reported at start-up in one line."""
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        cause = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            f"DATABASE_URL: cannot connect to {url.render_as_string(hide_password=True)}: {cause}"
        ) from None


def _register_blueprints(app: Flask) -> None:
    from planner.agenda.manage import bp as agenda_manage_bp
    from planner.agenda.pages import bp as agenda_pages_bp
    from planner.agenda.views import bp as agenda_bp
    from planner.api.views import bp as api_bp
    from planner.calendar.views import bp as calendar_bp
    from planner.delegations.manage import bp as delegations_manage_bp
    from planner.delegations.views import bp as delegations_bp
    from planner.documents.manage import bp as documents_manage_bp
    from planner.documents.views import bp as documents_bp
    from planner.events.manage import bp as manage_bp
    from planner.events.manage_places import bp as manage_places_bp
    from planner.events.manage_translations import bp as manage_translations_bp
    from planner.events.views import bp as events_bp
    from planner.mandates.manage import bp as mandates_manage_bp
    from planner.mandates.views import bp as mandates_bp
    from planner.registration.manage import bp as registration_manage_bp
    from planner.registration.manage_letters import bp as registration_letters_bp
    from planner.registration.manage_messages import bp as registration_messages_bp
    from planner.registration.views import bp as registration_bp
    from planner.search.views import bp as search_bp
    from planner.side_events.manage import bp as side_events_manage_bp
    from planner.side_events.views import bp as side_events_bp
    from planner.speakers.manage import bp as speakers_manage_bp
    from planner.speakers.views import bp as speakers_bp

    app.register_blueprint(events_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(manage_places_bp)
    app.register_blueprint(manage_translations_bp)
    app.register_blueprint(mandates_bp)
    app.register_blueprint(mandates_manage_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(agenda_pages_bp)
    app.register_blueprint(agenda_manage_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(documents_manage_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(registration_manage_bp)
    app.register_blueprint(registration_messages_bp)
    app.register_blueprint(registration_letters_bp)
    app.register_blueprint(delegations_bp)
    app.register_blueprint(delegations_manage_bp)
    app.register_blueprint(speakers_bp)
    app.register_blueprint(speakers_manage_bp)
    app.register_blueprint(side_events_bp)
    app.register_blueprint(side_events_manage_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(search_bp)


def _connect_change_subscribers(app: Flask) -> None:
    """The packages that carry a change further up the layers: the agenda moves the sessions with
    an event's dates and registration tells the participants (planner.events.changes); purging
    registrations erases delegations' focal points and side-event proposers too (planner.registration.retention).
    Importing them connects their receivers."""
    from planner.agenda import redating
    from planner.delegations import retention  # noqa: F401 (connects its receiver)
    from planner.registration import change_notices, session_notices  # noqa: F401 (connect their receivers)
    from planner.side_events import retention as _side_events  # noqa: F401 (connects its receiver)

    redating.register(app)


def _fill_audit_labels() -> None:
    """Each package says how its values read in the audit trail (planner.audit.labels): the
    audit package, below them all, cannot import them."""
    from planner.accounts import audit_labels as _accounts  # noqa: F401
    from planner.agenda import audit_labels as _agenda  # noqa: F401
    from planner.delegations import audit_labels as _delegations  # noqa: F401
    from planner.documents import audit_labels as _documents  # noqa: F401
    from planner.events import audit_labels as _events  # noqa: F401
    from planner.mandates import audit_labels as _mandates  # noqa: F401
    from planner.registration import audit_labels as _registration  # noqa: F401
    from planner.side_events import audit_labels as _side_events  # noqa: F401
    from planner.speakers import audit_labels as _speakers  # noqa: F401


def _register_template_helpers(app: Flask) -> None:
    from planner.audit.display import readable
    from planner.audit.labels import action_label, field_label
    from planner.events.translations import entered_in, localized

    _fill_audit_labels()
    formatting.register(app)
    from planner.events import formatting as event_formatting

    event_formatting.register(app)
    from planner.urls import absolute_url, site_emblem, site_name

    app.jinja_env.globals.update(
        localized=localized,
        entered_in=entered_in,
        audit_action=action_label,
        audit_field=field_label,
        audit_readable=readable,
        absolute_url=absolute_url,
        site_name=site_name,
        site_emblem=site_emblem,
    )


def _register_error_pages(app: Flask) -> None:
    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        """A Host header outside TRUSTED_HOSTS: refused before routing, so no page (whose links
        would need the host) can be built; a line of text says why."""
        return Response(
            "400 Bad Request: this site does not answer to that host name.\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/"):  # API clients always get JSON they can parse, in English
            with force_locale("en"):
                message = str(error.description)
            return jsonify(error={"status": error.code, "message": message}), error.code
        _forget_user_if_unloadable()
        return render_template(
            "error.html", error=error, title=error_pages.title(error), description=error_pages.description(error)
        ), error.code

    @app.errorhandler(DBAPIError)
    @app.errorhandler(PoolTimeout)
    def database_not_ready(error):
        """The database cannot answer: a schema the migrations have not reached yet (say what to
        run), or a database that is gone, restarting or too busy for now (503 with Retry-After,
        so clients and proxies come back instead of recording a server bug). Anything else is a
        bug and stays a 500."""
        missing_schema = _is_missing_schema(error)
        if not missing_schema and not _is_database_unavailable(error):
            raise error
        _forget_user_if_unloadable()
        if missing_schema:
            return _unavailable(
                ServiceUnavailable(
                    description=_(
                        "The database has not been set up or upgraded yet. The operator should run "
                        "`flask --app app db-upgrade` (make run does it)."
                    )
                )
            )
        # One line per request, not a traceback: during an outage every request fails alike.
        app.logger.warning("503: database unavailable: %s", _first_line(error))
        response = _unavailable(ServiceUnavailable())
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def _unavailable(error: ServiceUnavailable) -> Response:
        """A 503 in the form the path's clients read: calendar feeds get one line of text (as
        their other errors), the API JSON, pages the error page in the reader's language."""
        if request.path.endswith(".ics"):
            from planner.calendar.http import plain_error

            with force_locale("en"):
                return plain_error(503, error_pages.description(error))
        return app.make_response(http_error(error))


# Seconds a client is asked to wait before trying again while the database is unavailable:
# about what a PostgreSQL restart or a fail-over takes.
RETRY_AFTER_SECONDS = 30

# SQLite's result codes (the low byte of `sqlite_errorcode`) that mean "not now" rather than
# "wrong SQL": locked by another writer past busy_timeout, out of memory or disk, unreadable file.
# Its generic SQLITE_ERROR (a syntax error, among others) is an OperationalError too: a bug, 500.
_SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_NOMEM,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL,
}


def _is_missing_schema(error) -> bool:
    if not isinstance(error, (OperationalError, ProgrammingError)):
        return False
    text = str(getattr(error, "orig", error))
    return any(sign in text for sign in ("no such table", "no such column", "does not exist"))


def _is_database_unavailable(error) -> bool:
    """True when the error says the database cannot be reached or cannot serve now, not that
    the request or the code is wrong.

    - A connection SQLAlchemy found dead (`connection_invalidated`; the pool then drops it and
      every older one, and pool_pre_ping tests the others before use), or one the driver calls
      broken (InterfaceError).
    - No connection within the pool's timeout: overloaded.
    - PostgreSQL's OperationalError family (psycopg): cannot connect, shutting down or starting
      up, too many connections, disk full, lock timeout, deadlock, a cancelled statement. The
      driver puts SQL mistakes under ProgrammingError, so all of these are worth a retry.
    - SQLite: locked past busy_timeout, I/O, full disk, a file it cannot open (_SQLITE_UNAVAILABLE).
    """
    if isinstance(error, PoolTimeout):
        return True
    if getattr(error, "connection_invalidated", False) or isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_UNAVAILABLE
    return True


def _first_line(error) -> str:
    """The driver's own message, first line only: no SQL, no parameters, no DETAIL with row values."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}"


def _forget_user_if_unloadable() -> None:
    """The error page's header shows who is signed in, which Flask-Login loads from the database
    (planner.accounts.auth). If that fails too (the database is down), answer as to an anonymous
    visitor rather than turn a 503 or a 404 into a 500; the session cookie is left as it is."""
    try:
        current_user.is_authenticated  # noqa: B018 -- loads the user, or fails without the database
    except SQLAlchemyError:
        g._login_user = current_app.login_manager.anonymous_user()
