"""Side-event pages through their forms: a proposal sent, followed, changed and withdrawn through
its private link; a reviewer's and the secretariat's pages; the public page and its feed; bad input
answered with a message and nothing changed."""

from __future__ import annotations

import re
from datetime import timedelta

from icalendar import Calendar
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.registration.models import OutboxMessage
from planner.side_events import editing
from planner.side_events.models import Proposal, ProposalReview, ProposalStatus
from tests.forms import BASE, PASSWORD, csrf_token, field_error, post_form, sign_in
from tests.side_events.conftest import FIRST_DAY, event_today, local, proposal_values

PROPOSE = "/events/bapa40/side-events/propose"


def _form(**overrides) -> dict:
    data = {
        "title": "Triangular cooperation for food security",
        "theme": "Food security",
        "description": "A panel of ministers.",
        "format": "hybrid",
        "expected_attendance": "120",
        "preferred_days": [FIRST_DAY.isoformat()],
        "languages": ["en", "fr"],
        "accessibility": ["captions"],
        "proposer_name": "Lucía Fernández",
        "proposer_email": "lucia@cancilleria.example",
        "o0-kind": "member_state",
        "o0-state": "AR",
        "o1-kind": "un_entity",
        "o1-name": "UNOSSC",
        "o2-kind": "civil_society",
        "o2-name": "Red de Semillas",
        "o2-co_organiser": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _token(response) -> str:
    match = re.search(r"/side-events/([A-Za-z0-9_-]{43})", response.headers["Location"])
    assert match, response.headers.get("Location")
    return match.group(1)


def test_a_proposer_sends_follows_changes_and_withdraws(client, session, conference):
    sent = post_form(client, PROPOSE, _form())
    assert sent.status_code == 302, re.findall(r"field-error\" id=\"([^\"]*)\">([^<]*)", sent.get_data(as_text=True))
    token = _token(sent)
    page = client.get(f"/side-events/{token}")
    text = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private, no-store"
    for shown in ("Triangular cooperation for food security", "Under review", "Argentina", "UNOSSC", "co-organiser"):
        assert shown in text
    assert "Hybrid" in text and "Live captions" in text and "Français" in text
    changed = post_form(
        client, f"/side-events/{token}/edit", _form(title="Food security through triangular cooperation")
    )
    assert changed.status_code == 302
    assert session.exec(select(Proposal)).one().title == "Food security through triangular cooperation"
    edit_page = client.get(f"/side-events/{token}/edit").get_data(as_text=True)
    assert 'value="UNOSSC"' in edit_page and 'value="Food security through triangular cooperation"' in edit_page
    unconfirmed = post_form(client, f"/side-events/{token}/withdraw", {})
    assert unconfirmed.status_code == 422
    assert session.exec(select(Proposal)).one().status == ProposalStatus.SUBMITTED
    withdrawn = post_form(client, f"/side-events/{token}/withdraw", {"confirmed": "yes"})
    assert withdrawn.status_code == 302
    session.expire_all()
    assert session.exec(select(Proposal)).one().status == ProposalStatus.WITHDRAWN
    assert len(session.exec(select(OutboxMessage)).all()) == 2  # received, withdrawn


def test_bad_proposals_get_a_message_beside_the_field_and_save_nothing(client, session, conference):
    no_qualifying = post_form(client, PROPOSE, _form(**{"o0-kind": None, "o0-state": None, "o1-kind": "igo"}))
    assert no_qualifying.status_code == 422
    assert "must be a Member State or a UN system entity" in no_qualifying.get_data(as_text=True)
    missing = post_form(client, PROPOSE, _form(title="", expected_attendance="", format=""))
    page = missing.get_data(as_text=True)
    assert missing.status_code == 422
    assert field_error(page, "title") == "Give the side event a title."
    assert field_error(page, "expected_attendance") == "Enter the expected attendance."
    assert field_error(page, "format") == "Choose the format."
    row = post_form(client, PROPOSE, _form(**{"o1-name": ""}))
    assert row.status_code == 422 and field_error(row.get_data(as_text=True), "o1-name") == "Name the organisation."
    huge = post_form(client, PROPOSE, _form(expected_attendance="9" * 400))  # NumberRange would overflow a float
    assert huge.status_code == 422
    assert field_error(huge.get_data(as_text=True), "expected_attendance") == "Enter a number of at most 300 digits."
    hostile = post_form(
        client, PROPOSE, _form(**{"o0-state": "ZZ", "languages": ["xx"], "preferred_days": ["2001-01-01"]})
    )
    assert hostile.status_code == 422
    assert session.exec(select(Proposal)).all() == []
    assert session.exec(select(OutboxMessage)).all() == []


def test_after_the_call_closes_a_proposal_is_refused_and_nothing_changes(app, client, session, conference):
    today = event_today(conference["event"])
    with app.test_request_context():
        editing.save_call(session, "setup", conference["event"], today - timedelta(days=9), today - timedelta(days=1))
    page = client.get(PROPOSE).get_data(as_text=True)
    assert "The call for side events is closed" in page and 'name="title"' not in page
    token = csrf_token(client.get("/login").get_data(as_text=True))
    late = client.post(PROPOSE, data={"csrf_token": token, **_form()}, headers={"Referer": BASE + PROPOSE})
    assert late.status_code == 409
    assert "The call for side events is closed" in late.get_data(as_text=True)
    assert session.exec(select(Proposal)).all() == []


def test_a_wrong_link_is_a_404(client, conference):
    assert client.get("/side-events/" + "A" * 43).status_code == 404
    assert client.get("/side-events/not-a-token").status_code == 404


def test_reviewers_score_and_the_secretariat_decides_and_places(app, client, session, conference):
    event, rooms = conference["event"], conference["rooms"]
    with app.test_request_context():
        proposal, _token = editing.submit(session, event, proposal_values())
        for n in (1, 2):
            user = accounts.create_user(session, "setup", f"reviewer{n}@un.example", PASSWORD, "none", f"Reviewer {n}")
            accounts.grant_event_role(session, "setup", user, event.id, "reviewer")
        accounts.create_user(session, "setup", "ana@un.example", PASSWORD, "manager", "Ana")
    page = f"/manage/side-events/{proposal.id}"
    sign_in(client, "reviewer1@un.example")
    listing = client.get(f"/manage/events/{event.id}/side-events").get_data(as_text=True)
    assert "Triangular cooperation for food security" in listing and "Save the call" not in listing
    assert "The other reviews show once you have given yours" in client.get(page).get_data(as_text=True)
    assert (
        post_form(client, page, {"score": "5", "comment": "Strong focus."}, action=page + "/review").status_code == 302
    )
    assert client.get(f"/manage/events/{event.id}").status_code == 403  # a reviewer reads proposals, nothing else
    refused = post_form(client, page, {"status": "accepted", "message": ""}, action=page + "/decision")
    assert refused.status_code == 403
    client.post(
        "/logout",
        data={"csrf_token": csrf_token(client.get(page).get_data(as_text=True))},
        headers={"Referer": BASE + page},
    )
    sign_in(client, "reviewer2@un.example")
    bad = post_form(client, page, {"score": "9", "comment": ""}, action=page + "/review")
    assert bad.status_code == 422
    assert post_form(client, page, {"score": "3", "comment": ""}, action=page + "/review").status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert "Reviewer 1" in shown and "Strong focus." in shown
    assert len(session.exec(select(ProposalReview)).all()) == 2
    client.post("/logout", data={"csrf_token": csrf_token(shown)}, headers={"Referer": BASE + page})
    sign_in(client, "ana@un.example")
    assert "4.0" in client.get(f"/manage/events/{event.id}/side-events").get_data(as_text=True)
    decided = post_form(client, page, {"status": "accepted", "message": "Welcome aboard."}, action=page + "/decision")
    assert decided.status_code == 302
    slot = {
        "room": str(rooms[1].id),
        "starts_local": local(1, 13).strftime("%Y-%m-%dT%H:%M"),
        "ends_local": local(1, 14, 30).strftime("%Y-%m-%dT%H:%M"),
    }
    assert post_form(client, page, slot, action=page + "/placement").status_code == 302
    public = client.get("/events/bapa40/side-events").get_data(as_text=True)
    assert "Triangular cooperation for food security" in public and "Organised by Argentina, FAO" in public
    assert "Sala Sur" in public
    programme = client.get("/events/bapa40").get_data(as_text=True)
    assert "Triangular cooperation for food security" in programme
    feed = Calendar.from_ical(client.get("/events/bapa40/side-events.ics").data)
    summaries = [str(v["SUMMARY"]) for v in feed.walk("VEVENT")]
    assert summaries == ["Triangular cooperation for food security"]
    whole = Calendar.from_ical(client.get("/events/bapa40/calendar.ics").data)
    assert "Triangular cooperation for food security" in [str(v["SUMMARY"]) for v in whole.walk("VEVENT")]
    mails = [m.subject for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert len(mails) == 3  # received, accepted, placed


def test_a_second_side_event_in_the_same_room_and_time_needs_a_reason(app, client, session, conference):
    event, rooms, meeting = conference["event"], conference["rooms"], conference["meeting"]
    with app.test_request_context():
        first, _t = editing.submit(session, event, proposal_values())
        second, _t = editing.submit(session, event, proposal_values("Digital public goods"))
        for proposal in (first, second):
            editing.decide(session, "setup", event, proposal, "accepted")
        editing.place(session, "setup", event, first, editing.Placement(rooms[1].id, local(0, 16), local(0, 17)))
        accounts.create_user(session, "setup", "ana@un.example", PASSWORD, "manager", "Ana")
    sign_in(client, "ana@un.example")
    page = f"/manage/side-events/{second.id}"
    slot = {
        "room": str(rooms[1].id),
        "starts_local": local(0, 16, 30).strftime("%Y-%m-%dT%H:%M"),
        "ends_local": local(0, 17, 30).strftime("%Y-%m-%dT%H:%M"),
    }
    clash = post_form(client, page, slot, action=page + "/placement")
    text = clash.get_data(as_text=True)
    assert clash.status_code == 422
    assert "The room is booked twice" in text and meeting.title in text  # and the general debate warning
    assert session.get(Proposal, second.id).session_id is None
    anyway = post_form(
        client, page, {**slot, "save_anyway": "y", "reason": "Shared on purpose"}, action=page + "/placement"
    )
    assert anyway.status_code == 302
    followed = client.get(anyway.headers["Location"]).get_data(as_text=True)
    assert "general debate" in followed  # the warning, flashed
    session.expire_all()
    assert session.get(Proposal, second.id).session_id is not None
