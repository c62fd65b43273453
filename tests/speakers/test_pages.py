"""The list of speakers' pages: the secretariat's settings, inscription and swap through the forms,
the public list, and bad input answered with a message and nothing changed."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.delegations import editing as delegations
from planner.delegations.editing import DelegationValues
from planner.speakers.models import Inscription, SpeakerChange, SpeakersList
from tests.forms import field_error, post_form
from tests.registration.helpers import participant


@pytest.fixture
def event(app, session, debate_event):
    with app.test_request_context():
        for code in ("BR", "GH", "FJ"):
            values = DelegationValues(
                "member_state", code, "", "minister", "Focal", f"focal@{code.lower()}.example", ""
            )
            people = [participant(1, "member_state", represents=code, email=f"h@{code.lower()}.example")]
            delegations.submit(session, debate_event, values, people)
    return debate_event


def test_the_secretariat_sets_up_inscribes_and_swaps(client, signed_in, session, event):
    signed_in("manager")
    page = f"/manage/events/{event.id}/speakers"
    meetings = [m.id for m in session.exec(select(AgendaSession).where(AgendaSession.title.like("General debate%")))]
    saved = post_form(
        client, page, {"statement_minutes": "5", "meetings": [str(m) for m in meetings]}, action=page + "/settings"
    )
    assert saved.status_code == 302, re.findall(r"field-error[^>]*>([^<]*)", saved.get_data(as_text=True))
    assert session.exec(select(SpeakersList)).one().statement_minutes == 5
    from planner.delegations.models import Delegation

    ids = {d.state: d.id for d in session.exec(select(Delegation))}
    for code, name, level in (
        ("BR", "Mauro Vieira", "minister"),
        ("GH", "John Mahama", "head_of_state"),
        ("FJ", "Sitiveni Rabuka", "head_of_government"),
    ):
        response = post_form(
            client,
            page,
            {"delegation": str(ids[code]), "speaker_name": name, "speaker_title": "", "level": level},
            action=page + "/inscribe",
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    public = client.get("/events/sample-briefing/speakers").get_data(as_text=True)
    assert public.index("John Mahama") < public.index("Sitiveni Rabuka") < public.index("Mauro Vieira")
    assert "General debate 1" in public
    first, third = (
        session.exec(select(Inscription).where(Inscription.speaker_name == n)).one().id
        for n in ("John Mahama", "Mauro Vieira")
    )
    swapped = post_form(client, page, {"first": str(first), "second": str(third)}, action=page + "/swap")
    assert swapped.status_code == 302
    public = client.get("/events/sample-briefing/speakers").get_data(as_text=True)
    assert public.index("Mauro Vieira") < public.index("Sitiveni Rabuka") < public.index("John Mahama")


def test_bad_input_gets_a_message_and_changes_nothing(client, signed_in, session, event):
    signed_in("manager")
    page = f"/manage/events/{event.id}/speakers"
    from planner.delegations.models import Delegation

    brazil = session.exec(select(Delegation).where(Delegation.state == "BR")).one()
    no_level = post_form(
        client,
        page,
        {"delegation": str(brazil.id), "speaker_name": "Mauro Vieira", "speaker_title": "", "level": ""},
        action=page + "/inscribe",
    )
    assert no_level.status_code == 422
    assert "level of representation" in field_error(no_level.get_data(as_text=True), "level")
    bad_swap = post_form(client, page, {"first": "999", "second": "998"}, action=page + "/swap")
    assert bad_swap.status_code == 422
    bad_minutes = post_form(client, page, {"statement_minutes": "0"}, action=page + "/settings")
    assert bad_minutes.status_code == 422 and field_error(bad_minutes.get_data(as_text=True), "statement_minutes")
    assert session.exec(select(Inscription)).all() == [] and session.exec(select(SpeakerChange)).all() == []
    assert session.exec(select(SpeakersList)).all() == []


def test_there_is_no_public_list_before_it_is_set_up(client, event):
    assert client.get("/events/sample-briefing/speakers").status_code == 404
