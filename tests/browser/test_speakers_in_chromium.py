"""The general debate's list of speakers in Debian's headless Chromium: a focal point inscribes its
Minister through the delegation link, the secretariat (protocol) swaps two speakers, the public
list shows the new order, and both delegations have a notice in the outbox."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from flask import current_app
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.agenda.models import AgendaSession
from planner.delegations import editing as delegations
from planner.delegations.editing import DelegationValues
from planner.localtime import local_to_utc
from planner.registration.models import OutboxMessage
from planner.registration.sample import create_sample_event
from planner.registration.tokens import derive_token
from planner.speakers import editing
from planner.speakers.editing import SpeakerValues
from tests.forms import PASSWORD
from tests.registration.helpers import participant


def _delegation(session, event, code, level):
    values = DelegationValues("member_state", code, "", level, "Focal", f"focal@{code.lower()}.example", "Mission")
    person = participant(1, "member_state", email=f"head@{code.lower()}.example", represents=code)
    return delegations.submit(session, event, values, [person])


def _setup(session):
    with current_app.test_request_context():
        event, _ = create_sample_event(session, "sample-briefing", 200, date.today())
        day = event.starts_at.astimezone(event.zone).date()
        meeting = AgendaSession(
            event_id=event.id,
            title="General debate, 1st meeting",
            starts_at=local_to_utc(datetime.combine(day, time(15)), event.zone),
            ends_at=local_to_utc(datetime.combine(day, time(18)), event.zone),
            published=True,
        )
        session.add(meeting)
        session.commit()
        editing.save_settings(session, "cli", event, 5, {meeting.id}, closed=False)
        kenya, _ = _delegation(session, event, "KE", "head_of_state")
        editing.inscribe(session, event, kenya, SpeakerValues("William Ruto", "President", "head_of_state"))
        india, _ = _delegation(session, event, "IN", "minister")
        editing.inscribe(
            session, event, india, SpeakerValues("S. Jaishankar", "Minister of External Affairs", "minister")
        )
        argentina, _token = _delegation(session, event, "AR", "minister")
        protocol = accounts.create_user(session, "cli", "protocol@un.example", PASSWORD, "none", "Protocol")
        accounts.grant_event_role(session, "cli", protocol, event.id, "protocol")
        return event.id, derive_token(argentina.link_nonce, current_app.config["SECRET_KEY"])


@pytest.fixture
def site(serve):
    return serve(_setup, PREFERRED_URL_SCHEME="http")


def test_inscribe_swap_and_read_the_public_list(site, browser):
    app, root, (event_id, token) = site
    focal = browser.new_page()
    focal.set_default_timeout(15_000)
    focal.goto(f"{root}/delegations/{token}")
    focal.get_by_role("link", name="Inscribe a speaker in the general debate").click()
    focal.get_by_role("button", name="Inscribe the speaker").click()
    assert "Name the speaker" in focal.inner_text(".error-summary")  # and no level: nothing saved
    focal.get_by_label("Speaker's name").fill("Santiago Cafiero")
    focal.get_by_label("Title or function").fill("Minister for Foreign Affairs")
    focal.get_by_label("Level of representation").select_option("minister")
    focal.get_by_role("button", name="Inscribe the speaker").click()
    assert "The speaker is inscribed" in focal.inner_text("main")

    protocol = browser.new_page()
    protocol.set_default_timeout(15_000)
    protocol.goto(root + "/login")
    protocol.get_by_label("E-mail").fill("protocol@un.example")
    protocol.get_by_label("Password").fill(PASSWORD)
    protocol.get_by_role("button", name="Sign in").click()
    protocol.goto(f"{root}/manage/events/{event_id}/speakers")
    speakers = protocol.locator("ol.speakers li").all_inner_texts()
    assert [s.split(":")[0] for s in speakers] == ["Kenya", "India", "Argentina"]  # Head of State first
    protocol.get_by_label("Speaker", exact=True).select_option(label="2. India: S. Jaishankar")
    protocol.get_by_label("Swaps places with").select_option(label="3. Argentina: Santiago Cafiero")
    protocol.get_by_role("button", name="Swap", exact=True).click()
    assert "swapped" in protocol.inner_text("main")

    reader = browser.new_page()
    reader.goto(f"{root}/events/sample-briefing")
    reader.get_by_role("link", name="General debate: list of speakers").click()
    public = reader.locator("ol.speakers li").all_inner_texts()
    assert [s.split(":")[0] for s in public] == ["Kenya", "Argentina", "India"]
    assert "5 minutes per statement" in reader.inner_text("main")
    with app.app_context():
        from planner.db import get_session

        subjects = {
            (m.recipient, m.subject)
            for m in get_session().exec(
                select(OutboxMessage).where(OutboxMessage.subject.like("List of speakers changed%"))
            )
        }
    assert {recipient for recipient, _subject in subjects} == {"focal@in.example", "focal@ar.example"}
