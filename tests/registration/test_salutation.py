"""Letters address a participant by title and family name, in the letter's language."""

from __future__ import annotations

import pytest
from sqlmodel import select

from planner.registration import editing
from planner.registration.models import OutboxMessage
from tests.registration.helpers import open_event, participant


@pytest.mark.parametrize(
    "language, honorific, expected",
    [
        ("en", "Ms", "Dear Ms Bello,"),
        ("fr", "Ms", "Mme Bello"),
        ("es", "Mr", "Sr. Bello"),
        ("zh", "Ms", "Bello女士"),
        ("en", "", "Dear Aisha Bello,"),  # no honorific: the full name
    ],
)
def test_the_confirmation_greets_by_title_and_family_name(app, session, language, honorific, expected):
    event = open_event(session, capacity=10)
    person = participant(1, given_name="Aisha", family_name="Bello", honorific=honorific, language=language)
    with app.test_request_context():
        editing.register(session, event, person)
    body = session.exec(select(OutboxMessage)).one().body
    assert expected in body.splitlines()[0]
    assert "Aisha Bello" not in body.splitlines()[0] or not honorific
