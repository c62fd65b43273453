"""Deactivating an account goes through a page that states what it does (issue 13, item 6)."""

import html

from sqlmodel import select

from planner.accounts.models import User
from planner.audit.models import AuditEntry
from planner.db import get_session
from tests.forms import post_form, sign_in


def _user(app, user_id) -> User:
    with app.app_context():
        return get_session().get(User, user_id)


def _actions(app, user_id) -> list[str]:
    with app.app_context():
        query = select(AuditEntry.action).where(
            AuditEntry.object_type == "user_account", AuditEntry.object_id == str(user_id)
        )
        return list(get_session().exec(query.order_by(AuditEntry.id)))


def test_deactivation_is_confirmed_on_a_page_that_states_the_consequences(app, make_user):
    """Plain test clients: pytest-flask's `client` keeps its last request's context pushed, and
    the other browser's request would reuse the user cached there (see test_session_revocation)."""
    target = make_user("manager")
    victim, client = app.test_client(), app.test_client()
    sign_in(victim, target.email)
    make_user("admin")
    sign_in(client, "admin@un.example")
    user_page = f"/manage/users/{target.id}"
    url = user_page + "/deactivate"
    assert f'href="{url}"' in client.get(user_page).get_data(as_text=True)
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "will no longer be able to sign in, and every session they have open ends at once" in page
    # The old one-click button (only the CSRF token) changes nothing, and says why.
    one_click = post_form(client, user_page, {}, action=url)
    assert one_click.status_code == 422
    assert "Nothing was changed: please confirm on this page" in html.unescape(one_click.get_data(as_text=True))
    assert _user(app, target.id).active and victim.get("/manage/").status_code == 200
    assert _actions(app, target.id) == ["create"]
    response = post_form(client, url, {"confirmed": "yes"})
    assert response.status_code == 302 and response.headers["Location"] == user_page
    assert not _user(app, target.id).active
    assert victim.get("/manage/").status_code == 302  # the open session ended
    assert _actions(app, target.id) == ["create", "deactivate"]
    already = post_form(client, url, {"confirmed": "yes"})
    assert already.status_code == 409 and "This account is already deactivated." in already.get_data(as_text=True)
    assert _actions(app, target.id) == ["create", "deactivate"]
