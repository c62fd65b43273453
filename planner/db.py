"""Database engine, sessions and shared column types.

One engine per app (kept in `app.extensions`), one SQLModel session per request (kept in `g`
and closed at teardown). The schema itself is owned by Alembic (`migrations/`): nothing here
creates tables.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

import sqlalchemy as sa
from flask import Flask, abort, current_app, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from planner.validation import ModelValidationError

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


# Seconds to wait for PostgreSQL to accept a connection (see make_engine).
CONNECT_TIMEOUT = 10


def make_engine(url: URL, *, hide_parameters: bool = True, poolclass=None) -> Engine:
    """An engine for `url`, with SQLite set up for concurrent use from several processes.

    Secrets stay out of error logs. With `hide_parameters` (the default; only a test or a
    debugging session passes False) SQLAlchemy's errors say "[SQL parameters hidden]" instead of
    listing the values, which may be e-mail addresses or a password hash, and on PostgreSQL the
    DETAIL/CONTEXT lines of an error ("Key (email)=(ana@un.org) already exists", "Failing row
    contains (...)") are cut from the message too; code that needs them reads `error.orig.diag`.

    On PostgreSQL every connection also sets `log_parameter_max_length_on_error=0`, so the
    server does not write a failed statement's bind parameters into its own log. It is the only
    logging setting an ordinary role may change for its session (the others below are superuser
    settings, which PostgreSQL refuses from a non-superuser at connection time). The server's
    postgresql.conf should therefore also have:

    - `log_error_verbosity = terse`: the server logs an error's DETAIL line by default, and for a
      unique or check violation that line holds the row's values (an e-mail, a password hash);
    - `log_min_error_statement = panic` (default `error`): otherwise the text of every failed
      statement is logged beside the error, with any values written into it;
    - `log_parameter_max_length = 0`, if `log_statement` or `log_min_duration_statement` is on:
      statement logging prints bind parameters too.

    `log_parameter_max_length_on_error` exists since PostgreSQL 13.

    A database that goes away and comes back needs no restart: `pool_pre_ping` tests a pooled
    connection before handing it out and replaces it if the server closed it (a restart, a
    fail-over), and SQLAlchemy drops the whole pool when a query finds its connection dead.
    CONNECT_TIMEOUT bounds the wait for a server that does not answer at all (a host down, a
    dropped route): without it a request waits for the operating system's TCP timeout, minutes,
    past gunicorn's worker timeout, instead of getting the 503 page (planner.database_not_ready).

    `poolclass` (e.g. NullPool) is for a second engine on the same database that must never wait
    for the request pool (the rate-limit counters: planner.accounts.ratelimit).
    """
    pool = {"poolclass": poolclass} if poolclass else {}
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": 30}, hide_parameters=hide_parameters, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    given = url.query.get("options", ())  # a DATABASE_URL's own ?options=-c... are kept
    options = " ".join([*([given] if isinstance(given, str) else given), "-c log_parameter_max_length_on_error=0"])
    connect_args = {"options": options}
    if "connect_timeout" not in url.query:  # a DATABASE_URL's own ?connect_timeout= wins
        connect_args["connect_timeout"] = CONNECT_TIMEOUT
    engine = sa.create_engine(
        url, pool_pre_ping=True, hide_parameters=hide_parameters, connect_args=connect_args, **pool
    )
    if hide_parameters:
        event.listen(engine, "handle_error", _without_error_detail)
    return engine


def _without_error_detail(context) -> None:
    """Keep only the first line of a PostgreSQL error in its message (not DETAIL, CONTEXT...).

    SQLAlchemy has already built its exception's message from the driver's when this runs, so
    both are trimmed. The driver's `diag` keeps every field for code that needs one.
    """
    original = context.original_exception
    if context.statement is None or not isinstance(original, context.dialect.loaded_dbapi.Error):
        return  # connecting, or a Python error while binding (a naive datetime): no row values
    full = str(original)
    first = full.split("\n", 1)[0]
    if first == full:
        return
    original.args = (first,)
    wrapped = context.sqlalchemy_exception
    if wrapped is not None and wrapped.args and isinstance(wrapped.args[0], str):
        wrapped.args = (wrapped.args[0].replace(full, first, 1), *wrapped.args[1:])


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
        "side-event proposal": _l("There is no side-event proposal number %(id)s.", id=object_id),
    }
    return sentences.get(what) or _l("There is no %(what)s number %(id)s.", what=what, id=object_id)


# --- transactions -------------------------------------------------------------------------


class LockError(RuntimeError):
    """The session already wrote in this transaction, so the lock would come too late."""


def begin_immediate(connection: sa.Connection) -> bool:
    """On SQLite, take the database's write lock now (True); elsewhere do nothing (False), the
    caller then locks a row with SELECT ... FOR UPDATE. SQLite's default BEGIN is deferred, and
    the pysqlite driver only begins at the first write: two transactions could both read, then
    one of them fail at its write. Must come before any write of the transaction."""
    if connection.dialect.name != "sqlite":
        return False
    if connection.connection.dbapi_connection.in_transaction:
        raise LockError("the lock must come before any write of the transaction")
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    return True


@contextmanager
def writers_in_turn(session: Session) -> Iterator[None]:
    """On SQLite, queue the block behind the other writers of the same database file on a kernel
    file lock beside it (`<database>.writers`); elsewhere do nothing.

    Why: a writer that finds SQLite's write lock taken does not queue for it. Its busy handler
    sleeps and tries again, sleeping longer each time (1, 2, 5, 10, 15, 20, 25 ... 100 ms:
    `sqliteDefaultBusyCallback` in SQLite's main.c, behind `PRAGMA busy_timeout`). When hundreds
    register in the same minute, the lock, held about a millisecond per registration, stood free
    while every waiter slept: a fifth of both cores idle during the burst (bench/registration.py).
    `flock` wakes the next waiter the moment the lock is released, in this process or another
    (gunicorn's workers). Only the registration POST, the rush, takes it; the secretariat's
    writes keep SQLite's own waiting. No cycle: a holder waits only for SQLite's lock, whose
    other holders never take this one, and the kernel releases it if the process dies."""
    bind = session.get_bind()
    path = bind.url.database if bind.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    with open(path + ".writers", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# A model rule names a model field; the form that collected the value may call it otherwise.
# The one mapping from one to the other, applied by `transaction` to every error it passes on.
FORM_FIELDS = {
    "starts_at": "starts_local",
    "ends_at": "ends_local",
    "recurrence": "yearly",
    "opens_at": "opens_local",
    "closes_at": "closes_local",
}

_DEPTH = "planner.transaction_depth"

# The function that adds an audit entry to a session (planner.audit.trail.record_change): the
# audit package, a layer above this one, hands it over when it is imported (use_audit_recorder).
_audit_recorder: Callable | None = None


def use_audit_recorder(record: Callable) -> None:
    """Set the function `Transaction.record` writes audit entries with (planner.audit calls it)."""
    global _audit_recorder
    _audit_recorder = record


def form_field(model_field: str) -> str:
    """The form field that shows an error about `model_field` ("starts_at" -> "starts_local")."""
    return FORM_FIELDS.get(model_field, model_field)


def raise_first(problems: dict[str, str]) -> None:
    """Refuse values with the first of `problems` ({field: message}), as a form would show it.

    Services may be called without a form (tests, the command line, other services), so they
    check the form's rules again and refuse inconsistent values the same way."""
    if problems:
        field, message = next(iter(problems.items()))
        raise ModelValidationError(form_field(field), message)


class Transaction:
    """What the block of `transaction(...)` works with: its session, its actor, its audit entries."""

    def __init__(self, session: Session, actor: str | None):
        self.session = session
        self.actor = actor
        self.discarded = False

    def record(self, obj, action: str, before: dict | None, after: dict | None, reason: str | None = None):
        """Add the audit entry of the change to this transaction (planner.audit.trail.record_change):
        it is committed with the change, or rolled back with it."""
        if not self.actor:
            raise ValueError("an audited change needs an actor: pass one to transaction()")
        if _audit_recorder is None:
            raise RuntimeError("planner.audit.trail is not imported: no audit recorder")
        return _audit_recorder(self.session, self.actor, obj, action, before, after, reason=reason)

    def discard(self) -> None:
        """Nothing needs saving after all: roll back instead of committing when the block ends."""
        self.discarded = True


@contextmanager
def transaction(
    session: Session, actor: str | None = None, *, unique: tuple[str, str] | None = None
) -> Iterator[Transaction]:
    """Run the block as one transaction: commit what it did, or roll all of it back.

    `actor` is who makes the change: `tx.record(obj, action, before, after)` adds its audit
    entry to the same transaction. A ModelValidationError (from the block or from a model's
    check() at flush) comes out naming the form field to blame (`form_field`); an IntegrityError
    becomes ModelValidationError(*unique) when `unique` is given (somebody else took the same
    slug or name between the service's check and its write), and is raised as it is otherwise.

    A transaction opened inside another one on the same session joins it: only the outermost
    commits or rolls back, so a service can call other services and still commit once.
    """
    depth = session.info.get(_DEPTH, 0)
    outermost = depth == 0
    tx = Transaction(session, actor)
    session.info[_DEPTH] = depth + 1
    try:
        yield tx
        if not tx.discarded:
            session.flush()
        if outermost:
            if tx.discarded:
                session.rollback()
            else:
                session.commit()
    except ModelValidationError as error:
        if outermost:
            session.rollback()
        raise ModelValidationError(form_field(error.field), error.message) from None
    except IntegrityError:
        if outermost:
            session.rollback()
        if unique is None:
            raise
        raise ModelValidationError(*unique) from None
    except BaseException:
        if outermost:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def _close_session(_exc) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
