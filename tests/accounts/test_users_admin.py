"""Administrators manage accounts under /manage/users; every change is in the account's history."""

import re

import pytest
from sqlmodel import select

from planner.accounts import editing
from planner.accounts.models import User
from planner.db import get_session
from planner.validation import ModelValidationError
from tests.forms import PASSWORD, field_error, field_value, post_form

NEW = dict(email="rosa@un.example", name="Rosa Díaz", role="manager", password=PASSWORD, password_again=PASSWORD)


def _users(app):
    with app.app_context():
        return {u.email: u for u in get_session().exec(select(User))}


def test_admin_creates_changes_role_deactivates_and_reactivates(app, client, signed_in):
    signed_in("admin")
    response = post_form(client, "/manage/users/new", NEW)
    assert response.status_code == 302
    user_page = response.headers["Location"]
    post_form(client, user_page, {"role": "viewer"}, action=user_page + "/role")
    post_form(client, user_page + "/deactivate", {"confirmed": "yes"})
    page = client.get(user_page).get_data(as_text=True)
    assert "rosa@un.example can no longer sign in." in page
    assert [a for a in re.findall(r'data-action="([^"]+)"', page)] == ["deactivate", "change role", "create"]
    assert re.search(r"<th scope=\"row\">role</th>\s*<td>Event manager</td>\s*<td>Viewer</td>", page)
    assert "by admin@un.example" in page
    assert not _users(app)["rosa@un.example"].active
    post_form(client, user_page, {}, action=user_page + "/reactivate")
    assert _users(app)["rosa@un.example"].active
    assert "rosa@un.example" in client.get("/manage/users/").get_data(as_text=True)


@pytest.mark.parametrize(
    "changes, field, words",
    [
        (dict(email=""), "email", "Enter an e-mail address."),
        (dict(email="not-an-address"), "email", "Enter an e-mail address such as name@un.org."),
        (dict(password="short", password_again="short"), "password", "A password needs at least 12 characters."),
        (dict(password_again="something else entirely"), "password_again", "The two passwords differ."),
        (dict(role="emperor"), "role", "Not a valid choice"),
        (dict(email="admin@un.example"), "email", "An account already exists for admin@un.example."),
    ],
)
def test_bad_input_in_the_user_form(app, client, signed_in, changes, field, words):
    signed_in("admin")
    response = post_form(client, "/manage/users/new", {**NEW, **changes})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert words in field_error(page, field)
    assert field_value(page, "name") == "Rosa Díaz"
    assert field_value(page, "password") in (None, "")  # a password is never sent back
    assert set(_users(app)) == {"admin@un.example"}


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(app, client, signed_in):
    signed_in("admin")
    admin = _users(app)["admin@un.example"]
    page_url = f"/manage/users/{admin.id}"
    response = post_form(client, page_url, {"role": "viewer"}, action=page_url + "/role")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing was changed: this is the last active administrator" in page
    refused = post_form(client, page_url + "/deactivate", {"confirmed": "yes"})
    assert refused.status_code == 409
    assert "Nothing was changed: this is the last active administrator" in refused.get_data(as_text=True)
    assert _users(app)["admin@un.example"].active and _users(app)["admin@un.example"].role == "admin"


def test_with_two_admins_one_may_step_down(app, make_user):
    first, second = make_user("admin", "a@un.example"), make_user("admin", "b@un.example")
    with app.app_context():
        session = get_session()
        editing.set_role(session, "a@un.example", session.get(User, first.id), "manager")
        with pytest.raises(ModelValidationError):
            editing.deactivate(session, "b@un.example", session.get(User, second.id))
