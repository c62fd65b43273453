"""An event with two 3-hour general debate meetings, for the list of speakers' tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from planner.agenda.models import AgendaSession
from tests.registration.helpers import open_event

START = datetime(2030, 3, 20, 13, tzinfo=timezone.utc)


@pytest.fixture
def debate_event(app, session):
    with app.test_request_context():
        event = open_event(session, capacity=None)
        for day in range(2):
            start = START + timedelta(days=day)
            title = f"General debate {day + 1}"
            session.add(
                AgendaSession(event_id=event.id, title=title, starts_at=start, ends_at=start + timedelta(hours=3))
            )
        session.commit()
    return event
