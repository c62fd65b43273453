"""The secretariat planner: a Flask application factory.

`create_app()` reads the configuration from the environment (see planner.config), opens the
database engine and registers one blueprint per domain package.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
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

    from planner import accounts, i18n, input_guard, logredact, security

    i18n.init_app(app)
    security.init_app(app)
    input_guard.init_app(app)  # before any route is added: it bounds <int:> ids
    logredact.init_app(app)  # private-link tokens out of the logs
    accounts.init_app(app)
    _register_blueprints(app)
    _register_template_helpers(app)
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
    from planner.agenda.views import bp as agenda_bp
    from planner.api.views import bp as api_bp
    from planner.calendar.views import bp as calendar_bp
    from planner.events.manage import bp as manage_bp
    from planner.events.manage_places import bp as manage_places_bp
    from planner.events.manage_translations import bp as manage_translations_bp
    from planner.events.views import bp as events_bp
    from planner.mandates.manage import bp as mandates_manage_bp
    from planner.mandates.views import bp as mandates_bp
    from planner.registration.manage import bp as registration_manage_bp
    from planner.registration.views import bp as registration_bp

    app.register_blueprint(events_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(manage_places_bp)
    app.register_blueprint(manage_translations_bp)
    app.register_blueprint(mandates_bp)
    app.register_blueprint(mandates_manage_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(agenda_manage_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(registration_manage_bp)
    app.register_blueprint(api_bp)


def _register_template_helpers(app: Flask) -> None:
    from planner.audit.labels import action_label, field_label
    from planner.events.translations import entered_in, localized

    formatting.register(app)
    from planner.events import formatting as event_formatting

    event_formatting.register(app)
    from planner.urls import absolute_url

    app.jinja_env.globals.update(
        localized=localized,
        entered_in=entered_in,
        audit_action=action_label,
        audit_field=field_label,
        absolute_url=absolute_url,
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
        return render_template(
            "error.html", error=error, title=error_pages.title(error), description=error_pages.description(error)
        ), error.code

    @app.errorhandler(OperationalError)
    @app.errorhandler(ProgrammingError)
    def database_not_ready(error):
        """A database the migrations have not reached yet: say what to run, not a bare 500."""
        if not _is_missing_schema(error):
            raise error
        return ServiceUnavailable(
            description=_(
                "The database has not been set up or upgraded yet. The operator should run "
                "`flask --app app db-upgrade` (make run does it)."
            )
        ), 503


def _is_missing_schema(error) -> bool:
    text = str(getattr(error, "orig", error))
    return any(sign in text for sign in ("no such table", "no such column", "does not exist"))
