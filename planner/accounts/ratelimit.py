"""Rate limiting of failed sign-ins, with counters kept in the app's own database.

Why a database storage: the planner must run as several worker processes (gunicorn) without
Redis for a one-office install, so the counters cannot live in one process's memory. The
`planner+db://` scheme registered below is a `limits` storage over the `rate_limit_counter`
table; every increment is a single atomic UPSERT (`INSERT ... ON CONFLICT DO UPDATE ...
RETURNING`) that both SQLite (3.35+) and PostgreSQL run, so two workers counting the same key at
the same moment never lose a hit. Each operation runs in its own short transaction, apart from
the request's session, so a counted failure stays counted whatever the request does next.

`RATELIMIT_STORAGE_URI` (environment or config) may point Flask-Limiter elsewhere (e.g. Redis).

Two limits guard `POST /login`, and only failed attempts count towards them (`deduct_when`):
per account (the e-mail typed, whatever address it comes from: slow guessing spread over many
machines) and per client address (one machine trying many accounts).
"""
from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage
from sqlalchemy.dialects import postgresql, sqlite

from planner.accounts.models import RateLimitCounter
from planner.db import get_engine, utcnow

DEFAULTS = {
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "LOGIN_LIMIT_PER_ADDRESS": "20 per 15 minutes",
}

_table = RateLimitCounter.__table__


class DatabaseStorage(Storage):
    """A fixed-window counter storage over the current app's database engine.

    The engine is looked up at call time (`planner.db.get_engine`), so one storage object serves
    whichever app is handling the request.
    """

    STORAGE_SCHEME = ["planner+db"]

    @property
    def base_exceptions(self):
        return sa.exc.SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = utcnow()
        expires = now + timedelta(seconds=expiry)
        insert = (postgresql.insert if get_engine().dialect.name == "postgresql" else sqlite.insert)(_table)
        expired = _table.c.expires_at <= now
        upsert = insert.values(key=key, count=amount, expires_at=expires).on_conflict_do_update(
            index_elements=[_table.c.key],
            set_={
                "count": sa.case((expired, amount), else_=_table.c.count + amount),
                "expires_at": sa.case((expired, expires), else_=_table.c.expires_at),
            },
        ).returning(_table.c.count)
        # Housekeeping: drop other keys' finished windows. SKIP LOCKED (PostgreSQL; a no-op on
        # SQLite, whose writers take turns anyway) keeps two workers from waiting on each other.
        stale = sa.select(_table.c.key).where(expired, _table.c.key != key) \
            .with_for_update(skip_locked=True)
        with get_engine().begin() as connection:
            connection.execute(sa.delete(_table).where(_table.c.key.in_(stale.scalar_subquery())))
            return connection.execute(upsert).scalar_one()

    def get(self, key: str) -> int:
        with get_engine().connect() as connection:
            count = connection.execute(
                sa.select(_table.c.count).where(_table.c.key == key, _table.c.expires_at > utcnow())
            ).scalar()
        return count or 0

    def get_expiry(self, key: str) -> float:
        with get_engine().connect() as connection:
            expires = connection.execute(
                sa.select(_table.c.expires_at).where(_table.c.key == key)).scalar()
        return expires.timestamp() if expires else time.time()

    def check(self) -> bool:
        with get_engine().connect() as connection:
            connection.execute(sa.select(1))
        return True

    def reset(self) -> int | None:
        with get_engine().begin() as connection:
            return connection.execute(sa.delete(_table)).rowcount

    def clear(self, key: str) -> None:
        with get_engine().begin() as connection:
            connection.execute(sa.delete(_table).where(_table.c.key == key))


limiter = Limiter(key_func=get_remote_address, strategy="fixed-window",
                  headers_enabled=True)


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("RATELIMIT_STORAGE_URI",
                          os.environ.get("RATELIMIT_STORAGE_URI", "planner+db://"))
    limiter.init_app(app)


def _account_key() -> str:
    """The account being tried, as typed (normalised), so one account is limited everywhere."""
    email = (request.form.get("email") or "").strip().lower()
    return f"account:{email}" if email else ""


def _failed(_response) -> bool:
    return bool(g.get("login_failed"))


def mark_failed_login() -> None:
    """Called by the login view when the e-mail or password was wrong: the attempt counts."""
    g.login_failed = True


def retry_at() -> datetime | None:
    """When the limit that just blocked this request lets the client try again (UTC)."""
    limit = limiter.current_limit
    if limit is None:
        return None
    return datetime.fromtimestamp(limit.reset_at, timezone.utc)


def login_limits(view):
    """Decorate the login view with both failed-attempt limits (POST only)."""
    per_address = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
                                methods=["POST"], deduct_when=_failed,
                                key_func=lambda: f"address:{get_remote_address()}")
    per_account = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
                                methods=["POST"], deduct_when=_failed, key_func=_account_key)
    return per_address(per_account(view))
