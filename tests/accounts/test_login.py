"""Signing in and out."""

import pytest

from planner.accounts import editing
from planner.accounts.views import safe_next
from planner.db import get_session
from tests.forms import PASSWORD, post_form, sign_in


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_page_asked_for(client, make_user):
    make_user("viewer")
    response = client.get("/manage/venues/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fmanage%2Fvenues%2F"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/manage/venues/"' in page
    response = post_form(
        client,
        "/login?next=%2Fmanage%2Fvenues%2F",
        {"email": "Viewer@UN.example ", "password": PASSWORD, "next": "/manage/venues/"},
        action="/login",
    )
    assert response.status_code == 302 and response.headers["Location"] == "/manage/venues/"
    assert client.get("/manage/venues/").status_code == 200


@pytest.mark.parametrize(
    "email, password",
    [
        ("viewer@un.example", "a wrong password!"),
        ("nobody@un.example", PASSWORD),
    ],
)
def test_a_failed_login_does_not_say_whether_the_email_exists(client, make_user, email, password):
    make_user("viewer")
    response = sign_in(client, email, password)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "E-mail or password is wrong." in page
    assert "nobody" not in page.replace('value="nobody@un.example"', "")
    assert client.get("/manage/").status_code == 302


def test_a_deactivated_account_cannot_sign_in_and_its_open_session_ends(app, client, make_user):
    user = make_user("manager")
    assert sign_in(client, user.email).status_code == 302
    assert client.get("/manage/").status_code == 200
    make_user("admin")
    with app.app_context():
        session = get_session()
        editing.deactivate(session, "admin@un.example", session.get(type(user), user.id))
    assert client.get("/manage/").status_code == 302  # the next request is anonymous
    response = sign_in(client, user.email)
    assert "E-mail or password is wrong." in response.get_data(as_text=True)


def test_a_role_change_applies_on_the_next_request(app, client, make_user):
    user = make_user("viewer")
    make_user("admin")
    sign_in(client, user.email)
    assert client.get("/manage/events/new").status_code == 403
    with app.app_context():
        session = get_session()
        editing.set_role(session, "admin@un.example", session.get(type(user), user.id), "manager")
    assert client.get("/manage/events/new").status_code == 200


def test_sign_out_is_a_post(client, signed_in):
    signed_in("viewer")
    page = client.get("/logout").get_data(as_text=True)
    assert '<button type="submit">Sign out</button>' in page
    assert client.get("/manage/").status_code == 200  # GET did not sign out
    response = post_form(client, "/logout", {})
    assert response.status_code == 302
    assert "You are signed out." in client.get("/").get_data(as_text=True)
    assert client.get("/manage/").status_code == 302


def test_navigation_offers_sign_in_or_sign_out(client, signed_in):
    assert 'href="/login">Sign in</a>' in client.get("/").get_data(as_text=True)
    signed_in("viewer")
    page = client.get("/").get_data(as_text=True)
    assert 'action="/logout"' in page and 'href="/manage/">Manage</a>' in page


@pytest.mark.parametrize(
    "target, safe",
    [
        ("/manage/events/3", "/manage/events/3"),
        ("/manage/?kind=expo", "/manage/?kind=expo"),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_next_only_leads_to_this_site(target, safe):
    assert safe_next(target) == safe


def test_an_outside_next_is_ignored_after_sign_in(client, make_user):
    make_user("viewer")
    response = post_form(
        client, "/login", {"email": "viewer@un.example", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/manage/"
