"""A focal point registers a delegation on the public form and manages it through its link."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from planner.delegations.models import Delegation, DelegationLimit, DelegationMember
from planner.registration.models import OutboxMessage, Registration, Status
from planner.registration.tokens import PLACEHOLDER, derive_token
from tests.forms import csrf_token, field_error, post_form
from tests.registration.helpers import open_event

URL = "/events/sample-briefing/delegations/new"


@pytest.fixture
def event(app, session):
    with app.app_context():
        return open_event(session, capacity=100)


def delegation_form(state="AR", people=6, category="member_state", **overrides) -> dict:
    data = {
        "category": category,
        "state": state,
        "organisation": "",
        "head_level": "minister",
        "focal_name": "Lucía Fernández",
        "focal_email": "Focal@Mission.example",
        "focal_mission": "Permanent Mission to the United Nations",
        "consent": "y",
    }
    for n in range(people):
        data.update(
            {
                f"m{n}-honorific": "H.E." if n == 0 else "Ms",
                f"m{n}-given_name": f"Given{n}",
                f"m{n}-family_name": f"Family{n}",
                f"m{n}-function": "Minister for Foreign Affairs" if n == 0 else "Adviser",
                f"m{n}-email": f"member{n}.{state.lower()}@mission.example",
                f"m{n}-language": "es" if n % 2 else "en",
                f"m{n}-listed": "y",
            }
        )
    data.update(overrides)
    return data


def delegation_token(app, session, delegation: Delegation) -> str:
    with app.app_context():
        return derive_token(delegation.link_nonce, app.config["SECRET_KEY"])


def test_a_focal_point_registers_six_people_and_each_is_told(client, app, session, event):
    response = post_form(client, URL, delegation_form())
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    token = response.headers["Location"].rsplit("/", 1)[1]
    delegation = session.exec(select(Delegation)).one()
    assert (delegation.state, delegation.head_level, delegation.focal_email) == (
        "AR",
        "minister",
        "focal@mission.example",
    )
    members = session.exec(
        select(Registration, DelegationMember).join(DelegationMember).order_by(DelegationMember.rank)
    ).all()
    assert len(members) == 6
    assert [m.is_head for _r, m in members] == [True] + [False] * 5
    assert {r.status for r, _m in members} == {Status.CONFIRMED}
    assert all(r.category == "member_state" and r.represents == "AR" and r.listed for r, _m in members)
    assert members[1][0].language == "es"
    mails = session.exec(select(OutboxMessage)).all()
    assert sorted(m.recipient for m in mails) == sorted(
        ["focal@mission.example"] + [f"member{n}.ar@mission.example" for n in range(6)]
    )
    focal = next(m for m in mails if m.recipient == "focal@mission.example")
    assert f"/delegations/{PLACEHOLDER}" in focal.body and token not in focal.body  # put in when sent
    assert derive_token(focal.link_nonce, app.config["SECRET_KEY"]) == token
    page = client.get(f"/delegations/{token}").get_data(as_text=True)
    assert "Argentina" in page and "Given0 Family0" in page and "Head of delegation" in page
    assert client.get(f"/delegations/{token}").headers["Cache-Control"] == "private, no-store"


def test_one_live_delegation_per_state(client, session, event):
    assert post_form(client, URL, delegation_form(people=1)).status_code == 302
    again = post_form(client, URL, delegation_form(people=1, **{"m0-email": "other@mission.example"}))
    assert again.status_code == 422
    assert "already has a delegation" in field_error(again.get_data(as_text=True), "state")
    assert len(session.exec(select(Registration)).all()) == 1


@pytest.mark.parametrize(
    "category, state, message",
    [
        ("member_state", "VA", "observer State"),
        ("observer_state", "FR", "Member State"),
        ("member_state", "AQ", ""),
        ("member_state", "TW", ""),
        ("member_state", "XX", ""),
    ],
)
def test_a_state_must_be_a_un_member_or_observer_of_the_right_kind(client, session, event, category, state, message):
    response = post_form(client, URL, delegation_form(state=state, category=category, people=1))
    assert response.status_code == 422
    error = field_error(response.get_data(as_text=True), "state")
    assert error and message in error
    assert session.exec(select(Registration)).all() == []


def test_rows_with_errors_are_all_reported_and_nothing_is_saved(client, session, event):
    data = delegation_form(people=3, **{"m1-email": "not an address", "m2-given_name": ""})
    response = post_form(client, URL, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "m1-email") and field_error(page, "m2-given_name")
    assert session.exec(select(Registration)).all() == [] and session.exec(select(Delegation)).all() == []


def test_a_member_already_registered_stops_the_whole_delegation(client, session, event):
    assert post_form(client, URL, delegation_form(state="BR", people=2)).status_code == 302
    data = delegation_form(state="AR", people=2, **{"m1-email": "member1.br@mission.example"})
    response = post_form(client, URL, data)
    assert response.status_code == 422
    assert "member1.br@mission.example is already registered" in response.get_data(as_text=True)
    assert len(session.exec(select(Delegation)).all()) == 1


def test_the_size_limit_of_the_category_holds_on_the_form_and_the_link(client, app, session, event):
    session.add(DelegationLimit(event_id=event.id, category="member_state", members=3))
    session.commit()
    too_many = post_form(client, URL, delegation_form(people=4))
    assert too_many.status_code == 422 and "at most 3 people" in too_many.get_data(as_text=True)
    response = post_form(client, URL, delegation_form(people=3))
    token = response.headers["Location"].rsplit("/", 1)[1]
    member = {
        "honorific": "",
        "given_name": "Extra",
        "family_name": "Person",
        "function": "Adviser",
        "email": "extra@mission.example",
        "language": "fr",
    }
    refused = post_form(client, f"/delegations/{token}/members/new", member)
    assert refused.status_code == 422 and "at most 3 people" in refused.get_data(as_text=True)


def test_the_link_adds_changes_withdraws_members_and_changes_the_head(client, app, session, event):
    token = post_form(client, URL, delegation_form(people=2)).headers["Location"].rsplit("/", 1)[1]
    added = post_form(
        client,
        f"/delegations/{token}/members/new",
        {
            "honorific": "",
            "given_name": "Seventh",
            "family_name": "Member",
            "function": "Expert",
            "email": "7@mission.example",
        },
    )
    assert added.status_code == 302
    seventh = session.exec(select(Registration).where(Registration.email == "7@mission.example")).one()
    assert seventh.status == Status.CONFIRMED and seventh.represents == "AR"
    changed = post_form(
        client,
        f"/delegations/{token}/members/{seventh.id}/edit",
        {
            "honorific": "Mr",
            "given_name": "Seventh",
            "family_name": "Membre",
            "function": "Expert",
            "language": "fr",
            "listed": "y",
        },
    )
    assert changed.status_code == 302
    session.expire_all()
    assert (seventh.family_name, seventh.listed) == ("Membre", True)
    head = session.exec(select(DelegationMember).where(DelegationMember.is_head)).one()
    refused = post_form(client, f"/delegations/{token}/members/{head.registration_id}/withdraw", {"confirmed": "yes"})
    assert refused.status_code == 409 and "make another member head first" in refused.get_data(as_text=True)
    page = client.get(f"/delegations/{token}").get_data(as_text=True)
    made = client.post(
        f"/delegations/{token}/members/{seventh.id}/head",
        data={"csrf_token": csrf_token(page)},
        headers={"Referer": f"https://localhost/delegations/{token}"},
    )
    assert made.status_code == 302
    withdrawn = post_form(client, f"/delegations/{token}/members/{head.registration_id}/withdraw", {"confirmed": "yes"})
    assert withdrawn.status_code == 302
    session.expire_all()
    assert session.get(Registration, head.registration_id).status == Status.CANCELLED
    assert session.exec(select(DelegationMember).where(DelegationMember.is_head)).one().registration_id == seventh.id


def test_withdrawing_the_delegation_frees_the_state_and_the_seats(client, app, session, event):
    token = post_form(client, URL, delegation_form(people=3)).headers["Location"].rsplit("/", 1)[1]
    assert post_form(client, f"/delegations/{token}/withdraw", {"confirmed": "yes"}).status_code == 302
    assert {r.status for r in session.exec(select(Registration))} == {Status.CANCELLED}
    again = post_form(client, URL, delegation_form(people=1, **{"m0-email": "new@mission.example"}))
    assert again.status_code == 302


def test_a_wrong_delegation_link_is_a_404(client, event):
    assert client.get("/delegations/" + "A" * 43).status_code == 404
    assert client.get("/delegations/short").status_code == 404


def test_the_event_page_offers_the_delegation_form(client, event):
    page = client.get("/events/sample-briefing").get_data(as_text=True)
    assert re.search(r'href="/events/sample-briefing/delegations/new[^"]*"', page)
