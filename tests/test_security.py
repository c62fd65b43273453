"""Security headers, CSRF on every form, session cookie flags, no built-in secret key."""

import re

import pytest

from planner import ROOT, config
from planner.security import CONTENT_SECURITY_POLICY
from tests.forms import BASE, PASSWORD, csrf_token, post_form


@pytest.mark.parametrize("url", ["/", "/login", "/manage/", "/static/planner.css", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_needs_inline_script_or_style():
    """The policy forbids them, so a browser would silently drop them: none may exist."""
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"inline <script> in {path}"
        assert not re.search(r"\sstyle=|<style", text), f"inline style in {path}"
        assert not re.search(r"\son[a-z]+=", text), f"event-handler attribute in {path}"


@pytest.mark.parametrize("url", ["/login", "/logout", "/manage/events/new", "/manage/users/new"])
def test_a_post_without_csrf_token_gets_400_with_a_clear_page(client, signed_in, url):
    signed_in("admin")
    response = client.post(url, data={"email": "x@un.example"}, headers={"Referer": BASE + url})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This form has expired or was not sent from this site" in page
    assert "Nothing was saved" in page


def test_a_post_with_a_forged_token_or_from_another_site_gets_400(client, make_user):
    make_user("admin")
    token = csrf_token(client.get("/login").get_data(as_text=True))
    forged = client.post(
        "/login",
        data={"csrf_token": token[:-3] + "abc", "email": "admin@un.example", "password": PASSWORD},
        headers={"Referer": BASE + "/login"},
    )
    assert forged.status_code == 400
    elsewhere = client.post(
        "/login",
        data={"csrf_token": token, "email": "admin@un.example", "password": PASSWORD},
        headers={"Referer": "https://evil.example/login"},
    )
    assert elsewhere.status_code == 400
    assert "was not sent from this site" in elsewhere.get_data(as_text=True)


def _session_cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_session_cookie_is_httponly_lax_and_secure_over_https(client, make_user):
    make_user("viewer")
    response = post_form(client, "/login", {"email": "viewer@un.example", "password": PASSWORD})
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_session_cookie_is_not_secure_over_plain_http(app):
    client = app.test_client()
    response = client.get("/login", base_url="http://localhost")
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_secure_can_be_forced_from_the_environment(database_url, monkeypatch):
    from planner import create_app

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = create_app({"TESTING": True, "SECRET_KEY": "s" * 32, "DATABASE_URL": database_url})
    assert "Secure" in _session_cookie(app.test_client().get("/login", base_url="http://localhost"))


def test_there_is_no_built_in_secret_key_two_installs_get_different_ones(tmp_path):
    first = config.secret_key(tmp_path / "a", {})
    second = config.secret_key(tmp_path / "b", {})
    assert first != second and len(first) >= 32
    assert first not in (ROOT / "planner").joinpath("config.py").read_text()


def test_behind_a_trusted_proxy_the_forwarded_scheme_makes_the_cookie_secure(database_url, monkeypatch):
    from planner import create_app

    monkeypatch.setenv("FORWARDED_PROXIES", "1")
    app = create_app({"TESTING": True, "SECRET_KEY": "s" * 32, "DATABASE_URL": database_url})
    response = app.test_client().get("/login", base_url="http://localhost", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in _session_cookie(response)


def test_a_bad_proxy_count_is_a_one_line_config_error(database_url, monkeypatch):
    from planner import create_app
    from planner.config import ConfigError

    monkeypatch.setenv("FORWARDED_PROXIES", "yes")
    with pytest.raises(ConfigError, match="^FORWARDED_PROXIES: 'yes' is not a number"):
        create_app({"TESTING": True, "SECRET_KEY": "s" * 32, "DATABASE_URL": database_url})
