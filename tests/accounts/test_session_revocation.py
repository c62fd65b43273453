"""Sign-out ends the session on the server side, and idle sessions expire (security review, finding 7).

A session is a signed cookie: before the fix, a copy taken before /logout kept opening /manage/
until its signature expired (31 days). The cookie now carries the user's `session_version`,
which sign-out, deactivation and a new password raise, and a last-seen time.

Every browser here is a plain `app.test_client()`: pytest-flask's `client` fixture keeps the
context of its last request pushed (`with app.test_client()`), and a second client's request
would then run in it, reusing the user Flask-Login cached in `g` instead of reading its cookie.
"""

import time

import pytest
from sqlmodel import select

from planner.accounts import auth, editing
from planner.accounts.models import User
from planner.audit.models import AuditEntry
from planner.config import ConfigError, load
from planner.db import get_session
from planner.validation import ModelValidationError
from tests.forms import PASSWORD, post_form, sign_in

COOKIE = "session"
LOGIN_REDIRECT = "/login?next=%2Fmanage%2F"


@pytest.fixture
def client(app):
    """A browser: a test client that keeps no request context pushed between requests."""
    return app.test_client()


@pytest.fixture
def signed_in(client, make_user):
    """`client` signed in with a new account of the given role."""

    def sign(role: str):
        user = make_user(role)
        assert sign_in(client, user.email).status_code == 302
        return client

    return sign


def _copy_of_cookie(app, client):
    """A second browser holding a copy of `client`'s session cookie (what an attacker replays)."""
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None, "the client holds no session cookie"
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie.value)
    return thief


def _user(app, email: str) -> User:
    with app.app_context():
        return get_session().exec(select(User).where(User.email == email)).one()


class Clock:
    """Moves time forward for the app (time.time, which the session's clock reads) without waiting."""

    def __init__(self, monkeypatch):
        self.offset = 0.0
        real = time.time
        monkeypatch.setattr(time, "time", lambda: real() + self.offset)

    def advance(self, minutes: float) -> None:
        self.offset += minutes * 60

    @property
    def now(self) -> int:
        return int(time.time())


def test_a_cookie_copied_before_sign_out_no_longer_opens_manage(app, client, signed_in):
    signed_in("viewer")
    thief = _copy_of_cookie(app, client)
    assert thief.get("/manage/").status_code == 200  # the copy works while signed in
    assert post_form(client, "/logout", {}).status_code == 302
    response = thief.get("/manage/")
    assert response.status_code == 302
    assert response.headers["Location"] == LOGIN_REDIRECT
    assert thief.get("/manage/users/").status_code == 302
    assert client.get("/manage/").status_code == 302


def test_sign_out_raises_the_version_and_a_new_sign_in_works(app, client, make_user):
    user = make_user("viewer")
    assert user.session_version == 0
    sign_in(client, user.email)
    post_form(client, "/logout", {})
    assert _user(app, user.email).session_version == 1
    assert sign_in(client, user.email).status_code == 302
    assert client.get("/manage/").status_code == 200


def test_a_cookie_from_before_session_versions_is_refused(app, client, make_user):
    """A cookie issued by the old code (a user id, no version) signs nobody in any more."""
    user = make_user("viewer")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert client.get("/manage/").status_code == 302


def test_a_deactivated_users_cookie_is_refused_even_after_reactivation(app, client, make_user):
    user = make_user("manager")
    make_user("admin")
    sign_in(client, user.email)
    thief = _copy_of_cookie(app, client)
    with app.app_context():
        session = get_session()
        editing.deactivate(session, "admin@un.example", session.get(User, user.id))
    assert thief.get("/manage/").status_code == 302
    with app.app_context():
        session = get_session()
        editing.reactivate(session, "admin@un.example", session.get(User, user.id))
    assert thief.get("/manage/").status_code == 302  # the old session stays ended
    assert client.get("/manage/").status_code == 302
    assert sign_in(client, user.email).status_code == 302  # signing in again works
    assert client.get("/manage/").status_code == 200


def test_deactivation_through_the_admin_page_ends_the_sessions_and_is_audited_without_it(app, client, make_user):
    target = make_user("manager")
    victim = app.test_client()
    sign_in(victim, target.email)
    assert victim.get("/manage/").status_code == 200
    make_user("admin")
    sign_in(client, "admin@un.example")
    page = f"/manage/users/{target.id}"
    assert post_form(client, page + "/deactivate", {"confirmed": "yes"}).status_code == 302
    assert _user(app, target.email).session_version == 1
    assert victim.get("/manage/").status_code == 302
    with app.app_context():
        entries = (
            get_session()
            .exec(
                select(AuditEntry).where(
                    AuditEntry.object_type == "user_account", AuditEntry.object_id == str(target.id)
                )
            )
            .all()
        )
    assert [e.action for e in entries] == ["create", "deactivate"]
    for entry in entries:
        assert "session_version" not in (entry.before or {}) and "session_version" not in entry.after


def test_a_role_change_keeps_the_session(app, client, make_user):
    """The role is read on every request, so a role change needs no sign-out."""
    user = make_user("viewer")
    make_user("admin")
    sign_in(client, user.email)
    with app.app_context():
        session = get_session()
        editing.set_role(session, "admin@un.example", session.get(User, user.id), "manager")
    assert client.get("/manage/events/new").status_code == 200
    assert _user(app, user.email).session_version == 0


def test_a_new_password_ends_the_sessions_and_the_trail_keeps_no_secret(app, client, make_user):
    user = make_user("viewer")
    sign_in(client, user.email)
    new_password = "another long enough password"
    with app.app_context():
        session = get_session()
        editing.set_password(session, "admin@un.example", session.get(User, user.id), new_password)
    assert client.get("/manage/").status_code == 302
    assert sign_in(client, user.email, PASSWORD).status_code == 422
    assert sign_in(client, user.email, new_password).status_code == 302
    with app.app_context():
        entry = get_session().exec(select(AuditEntry).where(AuditEntry.action == "change password")).one()
        stored = get_session().get(User, user.id).password_hash
    assert entry.before is None and entry.after is None
    assert stored not in str(entry.model_dump())


def test_a_too_short_new_password_is_refused_and_nothing_changes(app, make_user):
    user = make_user("viewer")
    with app.app_context():
        session = get_session()
        with pytest.raises(ModelValidationError) as error:
            editing.set_password(session, "test", session.get(User, user.id), "short")
    assert error.value.field == "password"
    assert _user(app, user.email).session_version == 0


def test_a_normal_session_keeps_working_across_requests(app, client, signed_in, monkeypatch):
    clock = Clock(monkeypatch)
    signed_in("manager")
    for _ in range(5):
        assert client.get("/manage/").status_code == 200
        assert client.get("/manage/events/new").status_code == 200
        clock.advance(100)  # each visit within SESSION_IDLE_MINUTES (120)...
    assert client.get("/manage/").status_code == 200  # ...keeps it alive: 500 minutes in all


def test_an_idle_session_is_signed_out_with_a_message(app, client, signed_in, monkeypatch):
    clock = Clock(monkeypatch)
    signed_in("viewer")
    assert client.get("/manage/").status_code == 200
    clock.advance(121)
    response = client.get("/manage/")
    assert response.status_code == 302 and response.headers["Location"] == LOGIN_REDIRECT
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out after 120 minutes without activity. Please sign in again." in page
    assert "Please sign in to see this page." not in page
    assert client.get("/manage/").status_code == 302  # and it stays signed out


def test_an_idle_session_set_by_its_stored_timestamp_is_refused(app, client, signed_in):
    signed_in("viewer")
    thief = _copy_of_cookie(app, client)
    with client.session_transaction() as session:
        session["_last_seen"] = int(time.time()) - 121 * 60  # last used 121 minutes ago
    assert client.get("/manage/").status_code == 302
    assert thief.get("/manage/").status_code == 200  # an untouched copy was used just now


def test_the_idle_time_is_configurable(app, client, signed_in, monkeypatch):
    app.config["SESSION_IDLE_MINUTES"] = 5
    clock = Clock(monkeypatch)
    signed_in("viewer")
    clock.advance(4)
    assert client.get("/manage/").status_code == 200
    clock.advance(6)
    response = client.get("/manage/", follow_redirects=True)
    assert "You were signed out after 5 minutes without activity." in response.get_data(as_text=True)


def test_the_last_seen_time_is_written_at_most_once_a_minute(app, client, signed_in, monkeypatch):
    clock = Clock(monkeypatch)
    signed_in("viewer")
    client.get("/manage/")
    clock.advance(0.5)
    assert "Set-Cookie" not in client.get("/manage/").headers  # nothing to write yet
    clock.advance(0.6)
    assert "Set-Cookie" in client.get("/manage/").headers
    with client.session_transaction() as session:
        assert abs(session[auth.SEEN_KEY] - clock.now) <= 2


@pytest.mark.parametrize("path", ["/", "/calendar.ics", "/api/v1/events"])
def test_anonymous_public_pages_set_no_cookie(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", ["/calendar.ics", "/api/v1/events"])
def test_shared_responses_never_carry_a_session_cookie(client, signed_in, monkeypatch, path):
    """Even when a signed-in user's last-seen time is due, a `Cache-Control: public` response
    (which a shared cache may keep and hand to others) sets no cookie and does not vary on it."""
    clock = Clock(monkeypatch)
    signed_in("viewer")
    clock.advance(5)
    response = client.get(path)
    assert response.status_code == 200 and response.cache_control.public
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.vary


@pytest.mark.parametrize("given", ["0", "-5", "1.5", "two hours", "²"])
def test_a_bad_idle_time_stops_the_app_naming_the_variable(tmp_path, given):
    with pytest.raises(ConfigError, match="^SESSION_IDLE_MINUTES: "):
        load(tmp_path, {"SECRET_KEY": "x" * 32, "SESSION_IDLE_MINUTES": given})


def test_the_idle_time_defaults_to_two_hours(tmp_path):
    assert load(tmp_path, {"SECRET_KEY": "x" * 32})["SESSION_IDLE_MINUTES"] == 120
    assert load(tmp_path, {"SECRET_KEY": "x" * 32, "SESSION_IDLE_MINUTES": " 30 "})["SESSION_IDLE_MINUTES"] == 30
