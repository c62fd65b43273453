"""The secretariat's delegation pages: entering a delegation, every page rendering, credentials,
accreditation (with the refusal's reason mailed), the size limits and publishing the list."""

from __future__ import annotations

import re
from html import unescape

from sqlmodel import select

from planner.delegations import editing
from planner.delegations.editing import DelegationValues
from planner.delegations.models import Delegation
from planner.delegations.queries import members
from planner.registration import editing as registrations
from planner.registration.models import OutboxMessage, Registration
from tests.forms import post_form
from tests.registration.helpers import open_event, participant

PEOPLE = [
    ("Ms", "Amina", "Odhiambo", "Minister for Foreign Affairs", "amina@example.org"),
    ("Mr", "Brian", "Kiprop", "Permanent Representative", "brian@example.org"),
    ("Dr", "Chebet", "Wanjiru", "Adviser", "chebet@example.org"),
]


def _delegation_form(people=PEOPLE, **overrides) -> dict:
    data = {
        "category": "member_state",
        "state": "KE",
        "head_level": "minister",
        "focal_name": "Grace Muthoni",
        "focal_email": "focal@mission.example.org",
        "focal_mission": "Permanent Mission of Kenya",
        "consent": "y",
    }
    for n, (honorific, given, family, function, email) in enumerate(people):
        data.update(
            {
                f"m{n}-honorific": honorific,
                f"m{n}-given_name": given,
                f"m{n}-family_name": family,
                f"m{n}-function": function,
                f"m{n}-email": email,
                f"m{n}-language": "en",
                f"m{n}-listed": "y",
            }
        )
    data.update(overrides)
    return data


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _enter_delegation(client, event):
    url = f"/manage/events/{event.id}/delegations/new"
    response = post_form(client, url, _delegation_form())
    assert response.status_code == 302, _text(response)
    return int(re.search(r"/manage/delegations/(\d+)$", response.headers["Location"]).group(1))


def test_every_page_renders_and_the_desk_decides(app, session, signed_in):
    event = open_event(session, capacity=20)
    client = signed_in("manager")
    index_url = f"/manage/events/{event.id}/delegations"
    assert "Delegations: members, credentials" in _text(client.get(f"/manage/events/{event.id}"))
    page = _text(client.get(index_url))
    assert "No delegation is registered for this event yet." in page and "Enter a delegation" in page
    assert "Head of delegation" in _text(client.get(f"/manage/events/{event.id}/delegations/new"))

    delegation_id = _enter_delegation(client, event)
    show_url = f"/manage/delegations/{delegation_id}"
    page = _text(client.get(show_url))
    assert "Kenya" in page and "Ms Amina Odhiambo" in page and "Head of delegation" in page
    assert "Accredit all pending members" in page and "delegation entered" in page.lower()
    page = _text(client.get(index_url))
    assert "Kenya" in page and "Grace Muthoni" in page and "Permanent Mission of Kenya" in page
    assert "<td>3</td>" in page and "Not received yet" in page

    head, second, third = [m.registration for m in members(session, delegation_id)]
    for url in (
        f"/manage/delegations/{delegation_id}/edit",
        f"/manage/delegations/{delegation_id}/members/new",
        f"/manage/delegations/{delegation_id}/members/{second.id}/edit",
        f"/manage/delegations/{delegation_id}/members/{second.id}/withdraw",
        f"/manage/delegations/{delegation_id}/withdraw",
        f"/manage/registrations/{third.id}/accreditation",
        f"/manage/events/{event.id}/credentials",
        f"/manage/events/{event.id}/participants-list",
        f"/manage/events/{event.id}/delegation-limits",
    ):
        assert client.get(url).status_code == 200, url
    assert 'name="m0-email"' not in _text(client.get(f"/manage/delegations/{delegation_id}/members/{second.id}/edit"))
    withdraw_page = _text(client.get(f"/manage/delegations/{delegation_id}/withdraw"))
    assert "These 3 members will be told by e-mail" in withdraw_page and "chebet@example.org" in withdraw_page

    response = post_form(
        client,
        show_url,
        {"credentials": "original", "credentials_date": "2026-01-05", "credentials_note": "Signed by the Minister"},
        action=f"/manage/delegations/{delegation_id}/credentials",
    )
    assert response.status_code == 302
    report = _text(client.get(f"/manage/events/{event.id}/credentials"))
    assert re.search(
        r"Original received <span class=\"muted\">\(1\)</span>.*Kenya.*Signed by the Minister", report, re.S
    )
    assert "Kenya" in client.get(f"/manage/events/{event.id}/credentials.csv").get_data(as_text=True)

    accredit_url = f"/manage/registrations/{third.id}/accreditation"
    refused = post_form(client, accredit_url, {"decision": "refused", "reason": ""})
    assert refused.status_code == 422 and "Give the reason the person will read." in _text(refused)
    reason = "Your name is not on the note verbale of the Permanent Mission."
    assert post_form(client, accredit_url, {"decision": "refused", "reason": reason}).status_code == 302
    mail = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == "chebet@example.org")).all()
    assert any(reason in message.body and message.subject.startswith("Accreditation refused") for message in mail)
    accredit_head = f"/manage/registrations/{head.id}/accreditation"
    assert post_form(client, accredit_head, {"decision": "accredited", "reason": ""}).status_code == 302

    page = _text(client.get(show_url))
    assert reason in page and page.count("Accredited") >= 1
    assert post_form(client, show_url, {}, action=f"{show_url}/accredit-all").status_code == 302
    session.expire_all()
    decisions = {r.family_name: r.accreditation for r in session.exec(select(Registration))}
    assert decisions == {"Odhiambo": "accredited", "Kiprop": "accredited", "Wanjiru": "refused"}

    list_url = f"/manage/events/{event.id}/participants-list"
    page = _text(client.get(list_url))
    assert "Not published" in page and "Head of delegation:</span> Ms Amina Odhiambo, Minister" in page
    assert "Wanjiru" not in page  # refused people are not listed
    assert post_form(client, list_url, {"edition": "provisional"}).status_code == 422  # not confirmed
    assert post_form(client, list_url, {"confirmed": "yes", "edition": "provisional"}).status_code == 302
    page = _text(client.get(list_url))
    assert "Published (Provisional list)" in page and 'name="unpublish"' in page
    public = client.get(f"/events/{event.slug}/participants")
    assert public.status_code == 200 and "Ms Amina Odhiambo" in _text(public)
    response = post_form(client, list_url, {"confirmed": "yes", "edition": "final", "unpublish": "1"})
    assert response.status_code == 302 and "Not published" in _text(client.get(list_url))
    assert client.get(f"/events/{event.slug}/participants").status_code == 404


def test_row_errors_are_listed_with_links_to_their_fields(app, session, signed_in):
    event = open_event(session, capacity=20)
    client = signed_in("manager")
    url = f"/manage/events/{event.id}/delegations/new"
    form = _delegation_form(**{"m1-family_name": "", "focal_email": "", "consent": ""})
    page = _text(post_form(client, url, form))
    assert '<a href="#m1-family_name">Member 2, Family name: Enter the family name.</a>' in page
    assert '<a href="#focal_email">' in page and '<a href="#consent">' in page
    assert 'id="m1-family_name-error"' in page and 'value="Brian"' in page
    empty = post_form(client, url, {key: value for key, value in form.items() if not key.startswith("m")})
    assert empty.status_code == 422 and "Name at least the head of delegation in the first row." in _text(empty)
    assert session.exec(select(Delegation)).first() is None


def test_members_limits_and_withdrawal(app, session, signed_in):
    event = open_event(session, capacity=20)
    client = signed_in("manager")
    delegation_id = _enter_delegation(client, event)
    show_url = f"/manage/delegations/{delegation_id}"
    head, second, third = [m.registration for m in members(session, delegation_id)]

    bad_date = {"credentials": "copy", "credentials_date": "5 January", "credentials_note": ""}
    bad = post_form(client, show_url, bad_date, action=f"{show_url}/credentials")
    assert bad.status_code == 422 and '<a href="#credentials_date">' in _text(bad)

    limits_url = f"/manage/events/{event.id}/delegation-limits"
    bad = post_form(client, limits_url, {"limit_member_state": "0"})
    assert bad.status_code == 422 and "Enter 1 to 1000 people, or leave it empty." in _text(bad)
    assert post_form(client, limits_url, {"limit_member_state": "3"}).status_code == 302
    add_url = f"{show_url}/members/new"
    person = {"honorific": "Mr", "given_name": "Daniel", "family_name": "Otieno", "function": "Counsellor"}
    full = post_form(client, add_url, {**person, "email": "daniel@example.org", "language": "en"})
    assert full.status_code == 422 and "at most 3 people" in _text(full)
    assert post_form(client, limits_url, {"limit_member_state": ""}).status_code == 302
    assert post_form(client, add_url, {**person, "email": "daniel@example.org", "language": "en"}).status_code == 302

    edit_url = f"{show_url}/members/{second.id}/edit"
    changed = {"honorific": "Mr", "given_name": "Brian", "family_name": "Kiprop", "function": "Ambassador"}
    assert post_form(client, edit_url, {**changed, "language": "en"}).status_code == 302
    assert post_form(client, show_url, {}, action=f"{show_url}/members/{second.id}/head").status_code == 302
    page = _text(client.get(show_url))
    assert re.search(r"Mr Brian Kiprop</a><br><strong>Head of delegation", page) and "Ambassador" in page

    withdraw_url = f"{show_url}/members/{second.id}/withdraw"
    refused = post_form(client, withdraw_url, {"confirmed": "yes"})
    assert refused.status_code == 409 and "make another member head first" in _text(refused)
    assert post_form(client, f"{show_url}/members/{head.id}/withdraw", {"confirmed": "yes"}).status_code == 302
    assert post_form(client, f"{show_url}/withdraw", {"confirmed": "yes"}).status_code == 302
    page = _text(client.get(show_url))
    assert "This delegation was withdrawn" in page and "Add a member" not in page
    assert "withdrawn" in _text(client.get(f"/manage/events/{event.id}/delegations"))


def test_readers_see_no_actions(app, session, signed_in):
    event = open_event(session, capacity=20)
    values = DelegationValues("member_state", "KE", "", "minister", "Grace Muthoni", "focal@example.org", "Mission")
    with app.test_request_context():
        delegation, _token = editing.submit(session, event, values, [participant(1, "member_state")], actor="test")
    delegation_id = delegation.id
    viewer = signed_in("viewer")
    page = _text(viewer.get(f"/manage/events/{event.id}/delegations"))
    assert "Enter a delegation" not in page and "List of participants" not in page and "Kenya" in page
    page = _text(viewer.get(f"/manage/delegations/{delegation_id}"))
    assert "Accredit all pending members" not in page and "Record credentials" not in page
    assert viewer.get(f"/manage/delegations/{delegation_id}/edit").status_code == 403
    assert viewer.get(f"/manage/events/{event.id}/participants-list").status_code == 403


def test_a_participant_outside_any_delegation_is_accredited_too(app, session, signed_in):
    event = open_event(session, capacity=20)
    with app.test_request_context():
        person = registrations.register(session, event, participant(5))[0]
    client = signed_in("manager")
    url = f"/manage/registrations/{person.id}/accreditation"
    page = _text(client.get(url))
    assert "Registrations: Sample briefing" in page and "Accreditation pending" in page
    response = post_form(client, url, {"decision": "accredited", "reason": ""})
    assert response.status_code == 302 and response.headers["Location"] == f"/manage/registrations/{person.id}"
