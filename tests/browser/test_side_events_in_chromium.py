"""Side events in Debian's headless Chromium: a proposer sends a proposal through the call's form,
two reviewers score it, the secretariat accepts it and places it in a room; it is on the public
programme, on the side-events page and in the event's feed as ical.js reads it; a second proposal
placed in the same room and time gets the room-clash warning and needs a reason."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.db import get_session
from planner.registration.models import OutboxMessage
from planner.side_events import editing
from planner.side_events.models import Proposal
from tests.calendar.parsers import icaljs
from tests.forms import PASSWORD
from tests.side_events.conftest import local, make_conference, proposal_values


def _setup(session):
    conference = make_conference(session)
    event = conference["event"]
    second, _token = editing.submit(session, event, proposal_values("Digital public goods in the South"))
    editing.decide(session, "setup", event, second, "accepted")
    for email, role in (
        ("reviewer1@un.example", "none"),
        ("reviewer2@un.example", "none"),
        ("ana@un.example", "manager"),
    ):
        user = accounts.create_user(session, "setup", email, PASSWORD, role, email.split("@")[0].title())
        if role == "none":
            accounts.grant_event_role(session, "setup", user, event.id, "reviewer")
    return event.id, second.id, conference["rooms"][1].id


@pytest.fixture
def site(serve):
    return serve(_setup, PREFERRED_URL_SCHEME="http")


def _sign_in(browser, root, email):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(root + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def test_propose_review_accept_place_and_read_it_everywhere(site, browser, tmp_path):
    app, root, (event_id, second_id, room_id) = site
    proposer = browser.new_page()
    proposer.set_default_timeout(15_000)
    proposer.goto(f"{root}/events/bapa40")
    proposer.get_by_role("link", name="Propose a side event").click()
    proposer.get_by_label("Title of the side event").fill("Triangular cooperation for food security")
    proposer.get_by_label("Format", exact=True).select_option("in_person")
    proposer.get_by_label("Expected attendance").fill("90")
    proposer.get_by_label("English").check()
    proposer.get_by_label("Español").check()
    proposer.get_by_label("Your name").fill("Lucía Fernández")
    proposer.get_by_label("Your e-mail address").fill("lucia@cancilleria.example")
    proposer.get_by_role("button", name="Send the proposal").click()
    assert "Name at least one organiser" in proposer.inner_text(".error-summary")  # nothing sent yet
    first_row = proposer.get_by_role("group", name="Organiser 1")
    first_row.get_by_label("Organiser is").select_option("member_state")
    first_row.get_by_label("Member State or observer State").select_option("AR")
    second_row = proposer.get_by_role("group", name="Organiser 2")
    second_row.get_by_label("Organiser is").select_option("un_entity")
    second_row.get_by_label("Name of the organisation").fill("FAO")
    proposer.get_by_role("button", name="Send the proposal").click()
    assert "the proposal is received" in proposer.inner_text("main")
    assert re.search(r"/side-events/[A-Za-z0-9_-]{43}$", proposer.url)
    assert "Under review" in proposer.inner_text("main")
    with app.app_context():
        stored = get_session().exec(select(Proposal).where(Proposal.title.like("Triangular%"))).one()
        assert [stored.language_list, stored.proposer_language] == [["en", "es"], "en"]

    for email, score in (("reviewer1@un.example", "5"), ("reviewer2@un.example", "4")):
        reviewer = _sign_in(browser, root, email)
        reviewer.goto(f"{root}/manage/")
        reviewer.get_by_role("link", name="Side-event proposals").click()
        reviewer.get_by_role("link", name="Triangular cooperation for food security").click()
        reviewer.get_by_label("Score").select_option(score)
        reviewer.get_by_label("Comment (optional)").fill("Sound South-South focus.")
        reviewer.get_by_role("button", name="Save my review").click()
        assert "Your review was saved" in reviewer.inner_text("main")
        reviewer.close()

    secretariat = _sign_in(browser, root, "ana@un.example")
    secretariat.goto(f"{root}/manage/events/{event_id}/side-events")
    assert "4.5" in secretariat.inner_text("table.proposals")
    secretariat.get_by_role("link", name="Triangular cooperation for food security").click()
    secretariat.get_by_role("combobox", name="Decision").select_option("accepted")
    secretariat.get_by_label("Message to the proposer (optional)").fill("Welcome aboard.")
    secretariat.get_by_role("button", name="Save the decision and tell the proposer").click()
    assert "Decision saved: Accepted" in secretariat.inner_text("main")
    secretariat.get_by_role("combobox", name="Room").select_option(str(room_id))
    secretariat.get_by_label("Starts (event's local time)").fill(local(1, 13).strftime("%Y-%m-%dT%H:%M"))
    secretariat.get_by_label("Ends (event's local time)").fill(local(1, 14, 30).strftime("%Y-%m-%dT%H:%M"))
    secretariat.get_by_role("button", name="Place on the programme").click()
    assert "The side event is on the programme" in secretariat.inner_text("main")

    secretariat.goto(f"{root}/manage/side-events/{second_id}")
    secretariat.get_by_role("combobox", name="Room").select_option(str(room_id))
    secretariat.get_by_label("Starts (event's local time)").fill(local(1, 14).strftime("%Y-%m-%dT%H:%M"))
    secretariat.get_by_label("Ends (event's local time)").fill(local(1, 15).strftime("%Y-%m-%dT%H:%M"))
    secretariat.get_by_role("button", name="Place on the programme").click()
    clash = secretariat.inner_text(".conflicts")
    assert "The room is booked twice" in clash and "Triangular cooperation for food security" in clash
    with app.app_context():
        assert get_session().get(Proposal, second_id).session_id is None  # nothing saved without a reason

    reader = browser.new_page()
    reader.goto(f"{root}/events/bapa40")
    assert "Triangular cooperation for food security" in reader.inner_text("main")  # on the programme
    reader.get_by_role("link", name="Side events", exact=True).click()
    listing = reader.inner_text("main")
    assert "Triangular cooperation for food security" in listing and "Organised by Argentina, FAO" in listing
    assert "Sala Sur" in listing and "Digital public goods" not in listing
    path = tmp_path / "bapa40.ics"
    path.write_bytes(reader.request.get(f"{root}/events/bapa40/calendar.ics").body())
    events = icaljs([path])[str(path)]["events"]
    (side_event,) = [e for e in events if e["summary"] == "Triangular cooperation for food security"]
    assert side_event["tzid"] == "America/Argentina/Buenos_Aires" and side_event["known_zone"]
    zone = ZoneInfo("America/Argentina/Buenos_Aires")
    assert side_event["start"] == local(1, 13).replace(tzinfo=zone).timestamp()  # 13:00 in Buenos Aires
    assert side_event["end"] - side_event["start"] == 90 * 60
    with app.app_context():
        subjects = [
            m.subject
            for m in get_session().exec(
                select(OutboxMessage).where(OutboxMessage.recipient == "lucia@cancilleria.example")
            )
        ]
    assert len(subjects) >= 4  # two received (the fixture's proposal too), accepted, placed
