"""Database engine, sessions and shared column types.

One engine per app (kept in `app.extensions`), one SQLModel session per request (kept in `g`
and closed at teardown). The schema itself is owned by Alembic (`migrations/`): nothing here
creates tables.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from flask import Flask, abort, current_app, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine
from sqlmodel import Session, SQLModel

# Stable constraint names, so that migrations can refer to them and autogenerate compares cleanly.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def sql_in(column: str, values) -> str:
    """SQL for a CHECK constraint that keeps `column` to an enum's values: "kind IN ('a', 'b')"."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(sa.TypeDecorator):
    """An instant stored in UTC and always handed back timezone-aware.

    PostgreSQL keeps it as `timestamptz`; SQLite has no time zones, so the naive UTC value is
    stored and UTC is attached on the way out. Naive datetimes are refused on the way in: a
    wall-clock time without its zone is exactly the bug this product must not have.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column; attach a time zone first")
        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def make_engine(url: URL) -> Engine:
    """An engine for `url`, with SQLite set up for concurrent use from several processes."""
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys on (SQLite leaves them off), WAL so readers do not block the writer."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def init_app(app: Flask, engine: Engine) -> None:
    app.extensions["planner.engine"] = engine
    app.teardown_appcontext(_close_session)


def get_engine() -> Engine:
    return current_app.extensions["planner.engine"]


def get_session() -> Session:
    """The request's (or CLI command's) database session, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def get_or_404(model, object_id: int, what: str):
    """The row of `model` with this id, or a 404 page saying "There is no <what> number N"."""
    row = get_session().get(model, object_id)
    if row is None:
        abort(404, description=_not_found(what, object_id))
    return row


def _not_found(what: str, object_id: int):
    """One whole sentence per kind of object, for translators; lazy, so that the JSON API can
    still answer in English (see planner._register_error_pages)."""
    sentences = {
        "event": _l("There is no event number %(id)s.", id=object_id),
        "series": _l("There is no series number %(id)s.", id=object_id),
        "venue": _l("There is no venue number %(id)s.", id=object_id),
        "room": _l("There is no room number %(id)s.", id=object_id),
        "user": _l("There is no user number %(id)s.", id=object_id),
        "session": _l("There is no session number %(id)s.", id=object_id),
        "person": _l("There is no person number %(id)s.", id=object_id),
        "registration": _l("There is no registration number %(id)s.", id=object_id),
    }
    return sentences.get(what) or _l("There is no %(what)s number %(id)s.", what=what, id=object_id)


def _close_session(_exc) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
