"""Per-event roles: granted and removed on the administrator's user page (each in the account's
trail) or with `grant-event-role`, applied at the next request, read once per request."""

from __future__ import annotations

import re

from sqlmodel import select

from planner.accounts import editing as accounts
from planner.accounts.models import EventRoleGrant, User
from planner.accounts.permissions import Permission, permissions, visible_event_ids
from planner.db import get_session
from tests.forms import PASSWORD, post_form, sign_in
from tests.registration.helpers import open_event
from tests.sql import statements_of


def _grants(session, user_id: int) -> list[tuple[int, str]]:
    session.expire_all()
    return sorted(
        session.exec(select(EventRoleGrant.event_id, EventRoleGrant.role).where(EventRoleGrant.user_id == user_id))
    )


def _entries(page: str) -> list[str]:
    return re.findall(r'<li class="audit-entry" data-action="([^"]*)">', page)


def test_the_admin_grants_and_removes_a_role_on_one_event(app, session, signed_in, make_user):
    event = open_event(session, slug="bapa-desk")
    desk = make_user("none", email="desk@un.example")
    client = signed_in("admin")
    page_url = f"/manage/users/{desk.id}"
    action = page_url + "/event-roles"

    response = post_form(client, page_url, {"event_id": str(event.id), "role": "accreditation"}, action=action)
    assert response.status_code == 302
    page = client.get(page_url).get_data(as_text=True)
    assert "has the role “Accreditation desk” on “Sample briefing (not a real meeting)”" in page
    assert "Accreditation desk on “Sample briefing (not a real meeting)”" in page
    assert _grants(session, desk.id) == [(event.id, "accreditation")]
    assert _entries(page)[0] == "grant event role"

    post_form(client, page_url, {"event_id": str(event.id), "role": "accreditation"}, action=action)
    assert "already has this role on this event" in client.get(page_url).get_data(as_text=True)
    post_form(client, page_url, {"event_id": "999999", "role": "accreditation"}, action=action)
    post_form(client, page_url, {"event_id": str(event.id), "role": "emperor"}, action=action)
    assert _grants(session, desk.id) == [(event.id, "accreditation")]

    grant_id = session.exec(select(EventRoleGrant.id).where(EventRoleGrant.user_id == desk.id)).one()
    response = post_form(client, page_url, {}, action=f"{page_url}/event-roles/{grant_id}/remove")
    assert response.status_code == 302
    page = client.get(page_url).get_data(as_text=True)
    assert "no longer has the role “Accreditation desk”" in page
    assert _grants(session, desk.id) == []
    assert _entries(page)[:2] == ["remove event role", "grant event role"]


def test_a_grant_of_another_account_cannot_be_removed_through_this_one(app, session, signed_in, make_user):
    event = open_event(session)
    first, second = make_user("none", email="first@un.example"), make_user("none", email="second@un.example")
    grant = accounts.grant_event_role(session, "test", first, event.id, "check_in")
    client = signed_in("admin")
    url = f"/manage/users/{second.id}"
    assert post_form(client, url, {}, action=f"{url}/event-roles/{grant.id}/remove").status_code == 404
    assert _grants(session, first.id) == [(event.id, "check_in")]


def test_a_grant_applies_at_the_next_request_without_signing_in_again(app, session, make_user):
    event = open_event(session)
    desk = make_user("none", email="door@un.example")
    client = app.test_client()
    sign_in(client, desk.email)
    url = f"/manage/events/{event.id}/check-in"
    assert client.get(url).status_code == 403
    grant = accounts.grant_event_role(session, "test", session.get(User, desk.id), event.id, "check_in")
    assert client.get(url).status_code == 200
    accounts.remove_event_role(session, "test", session.get(User, desk.id), session.get(EventRoleGrant, grant.id))
    assert client.get(url).status_code == 403


def test_roles_add_up_and_stay_on_their_event(app, session, make_user):
    first, other = open_event(session, slug="first"), open_event(session, slug="other")
    user = make_user("none", email="both@un.example")
    accounts.grant_event_role(session, "test", user, first.id, "protocol")
    accounts.grant_event_role(session, "test", user, first.id, "accreditation")
    viewer = make_user("viewer")
    with app.test_request_context():
        user = session.get(User, user.id)
        assert permissions(user, first.id) == {Permission.VIEW, Permission.PROTOCOL, Permission.ACCREDIT}
        assert permissions(user, other.id) == set()
        assert visible_event_ids(user) == {first.id}
        assert visible_event_ids(session.get(User, viewer.id)) is None


def test_a_page_reads_the_grants_once(app, session, make_user):
    """The registrations list asks about several permissions (decide, settings, check-in, the
    outbox link): the account's grants are one query for all of them."""
    event = open_event(session)
    desk = make_user("none", email="once@un.example")
    accounts.grant_event_role(session, "test", desk, event.id, "accreditation")
    client = app.test_client()
    sign_in(client, desk.email)
    with statements_of(app) as statements:
        assert client.get(f"/manage/events/{event.id}/registrations").status_code == 200
    assert len([s for s in statements if "FROM event_role_grant" in s]) == 1


def test_the_command_line_grants_a_role_by_the_events_slug(app, session, make_user):
    event = open_event(session, slug="hlc-21")
    make_user("none", email="cli@un.example")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["grant-event-role", "CLI@un.example", "hlc-21", "check_in"])
    assert result.exit_code == 0, result.output
    assert "cli@un.example has the role check_in on hlc-21." in result.output
    user = session.exec(select(User).where(User.email == "cli@un.example")).one()
    assert _grants(session, user.id) == [(event.id, "check_in")]
    for args, says in [
        (["nobody@un.example", "hlc-21", "check_in"], "no account"),
        (["cli@un.example", "no-such-event", "check_in"], "no event has the slug"),
        (["cli@un.example", "hlc-21", "check_in"], "already has this role"),
    ]:
        result = runner.invoke(args=["grant-event-role", *args])
        assert result.exit_code == 2 and says in result.output, result.output
    assert runner.invoke(args=["grant-event-role", "cli@un.example", "hlc-21", "emperor"]).exit_code == 2


def test_an_account_with_no_global_role_can_be_created_and_sees_nothing_global(app, make_user):
    make_user("admin")
    admin = app.test_client()
    sign_in(admin, "admin@un.example")
    response = post_form(
        admin,
        "/manage/users/new",
        dict(email="guest@un.example", name="", role="none", password=PASSWORD, password_again=PASSWORD),
    )
    assert response.status_code == 302
    with app.app_context():
        assert accounts.find_user(get_session(), "guest@un.example").role == "none"
    guest = app.test_client()
    sign_in(guest, "guest@un.example")
    assert guest.get("/manage/venues/").status_code == 403
    assert guest.get("/manage/").status_code == 403  # no role anywhere yet
