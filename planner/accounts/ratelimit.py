"""Rate limits that hold under concurrency: counted atomically before the work, refunded on success.

Why not decorators that count after the view (Flask-Limiter's `deduct_when`): a check made before
the work and a count made after it let every request that arrives in between through, so 40
simultaneous wrong passwords were all checked. Here each attempt first takes one unit with a
single atomic increment (`limits`' fixed-window `hit`: INCR, then compare); only attempts that
got a unit inside the limit do the work, and a successful one gives its unit back (`refund`).

The limits (all per fixed window, settable in the app's config):
- sign-in, per account *and* address (LOGIN_LIMIT_PER_ACCOUNT, 5 per 15 minutes): a person
  guessing one account's password from one machine. Keyed on both, so nobody can lock another
  person out of their account from elsewhere; the right password from another address works.
- sign-in, per address (LOGIN_LIMIT_PER_ADDRESS, 20 per 15 minutes): one machine trying many
  accounts.
- private links, per address across every private-link page (REGISTRATION_TOKEN_LIMIT, 20 per
  15 minutes): wrong tokens only. A valid token is always served, even from a limited address:
  delegates often share one venue network, and a 256-bit token cannot be guessed anyway.
- link re-sends, per address and e-mail (REGISTRATION_RESEND_LIMIT, 3 per hour).
Keys hold hashes of what the visitor typed, never the text itself, so their size is fixed.

Counters live where `RATELIMIT_STORAGE_URI` says: `planner+db://` (default) is the app's own
database, shared by every worker process without Redis; `redis://...` works too (any `limits`
storage). The database storage below runs each operation as one short statement on its own
connection: an `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` that SQLite (3.35+) and
PostgreSQL run atomically, so two workers counting the same key never lose a hit.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import limits
import sqlalchemy as sa
from flask import Flask, current_app, request
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.pool import NullPool
from werkzeug.exceptions import TooManyRequests

from planner.accounts.models import RateLimitCounter
from planner.db import get_engine, make_engine, utcnow

DEFAULTS = {
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "LOGIN_LIMIT_PER_ADDRESS": "20 per 15 minutes",
    "REGISTRATION_TOKEN_LIMIT": "20 per 15 minutes",
    "REGISTRATION_RESEND_LIMIT": "3 per hour",
}

_table = RateLimitCounter.__table__


@dataclass(frozen=True)
class Rule:
    """One limit: a name that namespaces its keys and the config key holding e.g. "5 per hour"."""

    name: str
    config_key: str

    @property
    def item(self) -> limits.RateLimitItem:
        return limits.parse(current_app.config[self.config_key])


LOGIN_PER_ACCOUNT = Rule("login-account", "LOGIN_LIMIT_PER_ACCOUNT")
LOGIN_PER_ADDRESS = Rule("login-address", "LOGIN_LIMIT_PER_ADDRESS")
PRIVATE_LINK = Rule("private-link", "REGISTRATION_TOKEN_LIMIT")
RESEND = Rule("resend", "REGISTRATION_RESEND_LIMIT")


class Limited(TooManyRequests):
    """A request refused by a limit; `retry_at` says when the window ends (UTC), `rule` which one."""

    def __init__(self, rule: Rule, retry_at: datetime):
        super().__init__()
        self.rule = rule
        self.retry_at = retry_at


class DatabaseStorage(Storage):
    """A fixed-window counter storage over the current app's database engine.

    The engine is looked up at call time, so one storage object serves whichever app is handling
    the request. It is an engine of its own on the app's database, without a pool (NullPool): a
    request already holding a connection of the app's pool never waits for a second one from that
    pool, which under a burst on the threaded server left every thread waiting on the others.
    """

    STORAGE_SCHEME = ["planner+db"]

    @property
    def base_exceptions(self):
        return sa.exc.SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` (negative to refund) to the key's live window and return the new count."""
        now = utcnow()
        expires = now + timedelta(seconds=expiry)
        insert = (postgresql.insert if _engine().dialect.name == "postgresql" else sqlite.insert)(_table)
        expired = _table.c.expires_at <= now
        first = max(amount, 0)
        upsert = (
            insert.values(key=key, count=first, expires_at=expires)
            .on_conflict_do_update(
                index_elements=[_table.c.key],
                set_={
                    "count": sa.case((expired, first), (_table.c.count + amount < 0, 0), else_=_table.c.count + amount),
                    "expires_at": sa.case((expired, expires), else_=_table.c.expires_at),
                },
            )
            .returning(_table.c.count)
        )
        # Housekeeping: drop other keys' finished windows. SKIP LOCKED (PostgreSQL; a no-op on
        # SQLite, whose writers take turns anyway) keeps two workers from waiting on each other.
        stale = sa.select(_table.c.key).where(expired, _table.c.key != key).with_for_update(skip_locked=True)
        with _engine().begin() as connection:
            connection.execute(sa.delete(_table).where(_table.c.key.in_(stale.scalar_subquery())))
            return connection.execute(upsert).scalar_one()

    def get(self, key: str) -> int:
        with _engine().connect() as connection:
            count = connection.execute(
                sa.select(_table.c.count).where(_table.c.key == key, _table.c.expires_at > utcnow())
            ).scalar()
        return count or 0

    def get_expiry(self, key: str) -> float:
        with _engine().connect() as connection:
            expires = connection.execute(sa.select(_table.c.expires_at).where(_table.c.key == key)).scalar()
        return expires.timestamp() if expires else time.time()

    def check(self) -> bool:
        with _engine().connect() as connection:
            connection.execute(sa.select(1))
        return True

    def reset(self) -> int | None:
        with _engine().begin() as connection:
            return connection.execute(sa.delete(_table)).rowcount

    def clear(self, key: str) -> None:
        with _engine().begin() as connection:
            connection.execute(sa.delete(_table).where(_table.c.key == key))


def _engine():
    return current_app.extensions.get("planner.ratelimit_engine") or get_engine()


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    uri = app.config.setdefault("RATELIMIT_STORAGE_URI", os.environ.get("RATELIMIT_STORAGE_URI", "planner+db://"))
    if uri.startswith("planner+db"):
        app.extensions["planner.ratelimit_engine"] = make_engine(app.config["DATABASE_URL"], poolclass=NullPool)
    app.extensions["planner.ratelimit"] = FixedWindowRateLimiter(storage_from_string(uri))


def _strategy() -> FixedWindowRateLimiter:
    return current_app.extensions["planner.ratelimit"]


def fingerprint(value: str) -> str:
    """A fixed-size stand-in for what a visitor typed (an e-mail of any length): keys stay small."""
    return hashlib.sha256(value.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()[:32]


def client_address() -> str:
    """The client's address (the real one behind FORWARDED_PROXIES trusted proxies)."""
    return request.remote_addr or "unknown"


def hit(rule: Rule, *identifiers: str) -> bool:
    """Take one unit of `rule` for these identifiers, atomically; True while within the limit."""
    return _strategy().hit(rule.item, rule.name, *identifiers)


def count_wrong_private_link() -> None:
    """A private link that opens nothing (a registration's, a delegation's, a proposal's): counted
    per address across every private-link page; over the limit, raise Limited (429)."""
    address = client_address()
    if not hit(PRIVATE_LINK, address):
        raise limited(PRIVATE_LINK, address)


def refund(rule: Rule, *identifiers: str) -> None:
    """Give back the unit `hit` took (the attempt succeeded, so it does not count)."""
    item = rule.item
    _strategy().storage.incr(item.key_for(rule.name, *identifiers), item.get_expiry(), amount=-1)


def limited(rule: Rule, *identifiers: str) -> Limited:
    """The 429 to raise for `rule`, saying when its window ends."""
    reset = _strategy().get_window_stats(rule.item, rule.name, *identifiers).reset_time
    return Limited(rule, datetime.fromtimestamp(reset, timezone.utc))


Claims = list[tuple[Rule, tuple[str, ...]]]


def take(claims: Claims) -> None:
    """Take one unit of every claim before the work; when any is over its limit, give them all
    back and raise `Limited` (the refused attempt is not made, so it does not count)."""
    over = [(rule, ids) for rule, ids in claims if not hit(rule, *ids)]
    if over:
        give_back(claims)
        rule, ids = over[0]
        raise limited(rule, *ids)


def give_back(claims: Claims) -> None:
    for rule, ids in claims:
        refund(rule, *ids)


def sign_in_claims(email: str) -> Claims:
    """What one sign-in attempt counts against: this account from this address, and this address."""
    address = client_address()
    return [(LOGIN_PER_ACCOUNT, (fingerprint(email), address)), (LOGIN_PER_ADDRESS, (address,))]
