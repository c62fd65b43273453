"""The list of participants: who appears, in which order, and accreditation decisions."""

from __future__ import annotations

import html
import re

import pytest
from flask import current_app
from sqlmodel import select

from planner.delegations import accreditation, editing, participants_list
from planner.delegations.models import ParticipantsList
from planner.registration import editing as registrations
from planner.registration.models import OutboxMessage, Registration
from tests.delegations.helpers import thirty_delegations

EXPECTED_STATES = [
    "Argentina",
    "Bolivia (Plurinational State of)",
    "Brazil",
    "Cabo Verde",
    "Costa Rica",
    "Côte d'Ivoire",
    "Czechia",
    "Democratic People's Republic of Korea",
    "Eswatini",
    "Iran (Islamic Republic of)",
    "Lao People's Democratic Republic",
    "Micronesia (Federated States of)",
    "Netherlands (Kingdom of the)",
    "North Macedonia",
    "Republic of Korea",
    "Republic of Moldova",
    "Russian Federation",
    "South Africa",
    "Syrian Arab Republic",
    "Türkiye",
    "Tuvalu",
    "United Kingdom of Great Britain and Northern Ireland",
    "United Republic of Tanzania",
    "United States of America",
    "Venezuela (Bolivarian Republic of)",
    "Viet Nam",
]


@pytest.fixture
def thirty(app, session):
    with app.test_request_context():
        return thirty_delegations(session)


def test_thirty_delegations_are_listed_in_un_order_with_the_head_first(app, session, thirty):
    with app.test_request_context():
        groups = participants_list.build(session, thirty.id)
    assert [group.categories[0].value for group in groups] == [
        "member_state",
        "observer_state",
        "un_system",
        "igo",
        "ngo",
    ]
    assert [entry.english_name for entry in groups[0].entries] == EXPECTED_STATES
    assert [entry.english_name for entry in groups[1].entries] == ["Holy See", "State of Palestine"]
    assert [entry.english_name for entry in groups[4].entries] == ["Third World Network"]
    for group in groups[:4]:
        for entry in group.entries:
            assert [person.is_head for person in entry.people] == [True, False]
            assert entry.people[0].function == "Minister"
    names = {person.name for group in groups for entry in group.entries for person in entry.people}
    assert not {"Ms Given91 Family91", "Ms Given92 Family92", "Ms Given93 Family93"} & names
    assert sum(group.headcount for group in groups) == 30 * 2 + 1


def test_the_list_reads_state_names_in_the_readers_language(app, session, thirty):
    with app.test_request_context():
        groups = participants_list.build(session, thirty.id)
        entry = groups[0].entries[0]
        assert participants_list.display_name(entry, "fr") == "Argentine"
        assert participants_list.display_name(entry, "es") == "Argentina"


def test_the_published_list_is_public_in_un_order(client, app, session, thirty):
    assert client.get("/events/sample-briefing/participants").status_code == 404  # not published yet
    with app.test_request_context():
        editing.publish_list(session, "protocol", thirty, "provisional")
    page = client.get("/events/sample-briefing/participants").get_data(as_text=True)
    assert "Provisional list" in page
    headings = [html.unescape(h) for h in re.findall(r"<h3><bdi>(.*?)</bdi></h3>", page)]
    assert headings[: len(EXPECTED_STATES)] == EXPECTED_STATES
    assert headings[len(EXPECTED_STATES) :] == [
        "Holy See",
        "State of Palestine",
        "United Nations Development Programme",
        "African Union",
        "Third World Network",
    ]
    assert page.index("Viet Nam") < page.index("Holy See") < page.index("United Nations Development Programme")
    assert "Given91" not in page and "Given93" not in page
    event_page = client.get("/events/sample-briefing").get_data(as_text=True)
    assert "/events/sample-briefing/participants" in event_page
    with app.test_request_context():
        editing.publish_list(session, "protocol", thirty, None)
    assert client.get("/events/sample-briefing/participants").status_code == 404
    assert session.exec(select(ParticipantsList)).one().published_at is None


def test_a_refusal_reaches_the_person_with_the_reason(app, session, thirty):
    refused = session.exec(select(Registration).where(Registration.accreditation == "refused")).one()
    assert refused.accreditation_reason == "No nomination letter was received."
    mail = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == refused.email)).all()[-1]
    assert "No nomination letter was received." in mail.body and "Accreditation refused" in mail.subject


def test_refusing_needs_a_reason_and_a_cancelled_person_cannot_be_accredited(app, session, thirty):
    person = session.exec(select(Registration).where(Registration.email == "person92@example.org")).one()
    with app.test_request_context():
        with pytest.raises(Exception, match="reason"):
            accreditation.decide(session, "desk", thirty, person, "refused", "  ")
        registrations.cancel(session, thirty, person)
        with pytest.raises(registrations.RegistrationError):
            accreditation.decide(session, "desk", thirty, person, "accredited")
    session.refresh(person)
    assert person.accreditation == "pending"
    assert current_app is not None


def test_purging_registrations_erases_the_focal_points_too(app, session, thirty):
    from datetime import timedelta

    from planner.delegations.models import ERASED_EMAIL, Delegation
    from planner.registration.retention import purge_registrations

    with app.test_request_context():
        purged = purge_registrations(session, 30, thirty.ends_at + timedelta(days=31))
    assert purged == len(session.exec(select(Registration)).all())
    delegations = session.exec(select(Delegation)).all()
    assert {(d.focal_name, d.focal_email, d.focal_mission) for d in delegations} == {("", ERASED_EMAIL, "")}
    assert {d.state for d in delegations if d.state} >= {"AR", "VN"}  # the counts keep what they need
    assert not session.exec(select(OutboxMessage).where(OutboxMessage.recipient == "focal@example.org")).all()
