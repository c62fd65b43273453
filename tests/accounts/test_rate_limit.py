"""Failed sign-ins are limited per account and address, and per address (across accounts).

The counters live in the database (planner+db:// storage), so every worker process sees them.
"""

import threading
import time

import pytest

from planner.accounts.ratelimit import DatabaseStorage
from tests.forms import PASSWORD, sign_in

LIMITS = {"LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes", "LOGIN_LIMIT_PER_ADDRESS": "5 per 15 minutes"}


@pytest.fixture
def app(database_url):
    from planner import create_app

    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production", "DATABASE_URL": database_url, **LIMITS}
    )
    yield app
    from planner.db import get_engine

    with app.app_context():
        get_engine().dispose()


def _from(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_one_account_is_blocked_after_n_failures_from_one_address(app, make_user):
    make_user("admin")
    for _ in range(3):
        client = app.test_client()
        response = sign_in(client, "admin@un.example", "wrong password", **_from("10.0.0.1"))
        assert response.status_code == 422
    # Right password, same address: this account is paused from there.
    blocked = sign_in(app.test_client(), "admin@un.example", PASSWORD, **_from("10.0.0.1"))
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "Too many failed sign-in attempts" in page and "Try again after" in page
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
    # The owner from another address is not locked out (nobody can lock anyone else out)...
    assert sign_in(app.test_client(), "admin@un.example", PASSWORD, **_from("10.0.0.99")).status_code == 302
    # ...and another account from the same address is not affected.
    make_user("viewer")
    assert sign_in(app.test_client(), "viewer@un.example", PASSWORD, **_from("10.0.0.1")).status_code == 302


def test_one_address_is_blocked_after_n_failures_across_accounts(app, make_user):
    make_user("viewer")
    client = app.test_client()
    for n in range(5):
        response = sign_in(client, f"guess{n}@un.example", "wrong password", **_from("192.0.2.7"))
        assert response.status_code == 422
    assert sign_in(client, "viewer@un.example", PASSWORD, **_from("192.0.2.7")).status_code == 429
    assert sign_in(app.test_client(), "viewer@un.example", PASSWORD, **_from("192.0.2.8")).status_code == 302


def test_successful_sign_ins_and_page_views_do_not_count(app, make_user):
    make_user("viewer")
    for _ in range(6):
        client = app.test_client()
        assert client.get("/login", **_from("198.51.100.1")).status_code == 200
        assert sign_in(client, "viewer@un.example", PASSWORD, **_from("198.51.100.1")).status_code == 302


def test_the_unknown_email_counts_like_a_known_one(app, make_user):
    """Blocking only real accounts would tell an attacker which e-mails exist."""
    for _ in range(3):
        sign_in(app.test_client(), "ghost@un.example", "wrong password", **_from("10.1.0.1"))
    assert sign_in(app.test_client(), "ghost@un.example", "x", **_from("10.1.0.1")).status_code == 429


def test_storage_counts_atomically_across_threads_and_expires(app):
    storage = DatabaseStorage()
    with app.app_context():
        assert storage.check()
        assert storage.get("k") == 0

    def hit():
        with app.app_context():
            for _ in range(10):
                storage.incr("k", 60)

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert storage.get("k") == 80
        assert 55 < storage.get_expiry("k") - time.time() <= 60
        assert storage.incr("short", 1) == 1
        time.sleep(1.1)
        assert storage.get("short") == 0  # the window is over
        assert storage.incr("short", 1) == 1  # and a new one starts at 1
        storage.clear("k")
        assert storage.get("k") == 0
        assert storage.reset() >= 1
