"""A three-day conference in Buenos Aires with two rooms, a general debate meeting and a call for
side events open now, for the side-event tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlmodel import Session

from planner.agenda.models import AgendaSession
from planner.events.editing import EventValues, create_event, save_room, save_venue
from planner.localtime import local_to_utc
from planner.side_events import editing
from planner.side_events.editing import OrganiserValues, ProposalValues
from planner.speakers import editing as speakers

FIRST_DAY = date.today() + timedelta(days=60)


def event_today(event) -> date:
    """Today in the event's zone: a call's days are the event's days, and for hours each night the
    machine's date (UTC on CI) is already tomorrow, or still yesterday, in Buenos Aires or New York."""
    return datetime.now(event.zone).date()


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time on the conference's day `day` (0, 1, 2)."""
    return datetime.combine(FIRST_DAY + timedelta(days=day), time(hour, minute))


def make_conference(session: Session) -> dict:
    venue = save_venue(
        session,
        "setup",
        None,
        {
            "name": "Centro Cultural Kirchner",
            "city": "Buenos Aires",
            "country": "AR",
            "timezone": "America/Argentina/Buenos_Aires",
        },
    )
    rooms = [save_room(session, "setup", venue, None, {"name": name}) for name in ("Sala Argentina", "Sala Sur")]
    event = create_event(
        session,
        "setup",
        EventValues(
            slug="bapa40",
            title="Second High-level UN Conference on South-South Cooperation",
            kind="conference",
            status="scheduled",
            timezone="America/Argentina/Buenos_Aires",
            venue_id=venue.id,
            published=True,
            all_day=True,
            first_day=FIRST_DAY,
            last_day=FIRST_DAY + timedelta(days=2),
        ),
    )
    zone = event.zone
    meeting = AgendaSession(
        event_id=event.id,
        title="General debate, 1st meeting",
        starts_at=local_to_utc(local(0, 15), zone),
        ends_at=local_to_utc(local(0, 18), zone),
        room_id=rooms[0].id,
        published=True,
    )
    session.add(meeting)
    session.commit()
    speakers.save_settings(session, "setup", event, 5, {meeting.id}, closed=False)
    today = event_today(event)
    editing.save_call(session, "setup", event, today - timedelta(days=1), today + timedelta(days=10))
    return {"event": event, "rooms": rooms, "meeting": meeting}


def proposal_values(title: str = "Triangular cooperation for food security", **overrides) -> ProposalValues:
    values = dict(
        title=title,
        theme="Food security",
        description="A panel of ministers.\n\nQuestions from the floor.",
        format="in_person",
        expected_attendance=80,
        preferred_days=[FIRST_DAY],
        languages=["en", "es"],
        accessibility=["step_free", "captions"],
        accessibility_notes="",
        proposer_name="Lucía Fernández",
        proposer_email="lucia@cancilleria.example",
        proposer_language="es",
        organisers=[
            OrganiserValues("member_state", "AR"),
            OrganiserValues("un_entity", None, "FAO"),
            OrganiserValues("civil_society", None, "Red de Semillas", co_organiser=True),
        ],
    )
    values.update(overrides)
    return ProposalValues(**values)


@pytest.fixture
def conference(app, session):
    with app.test_request_context():
        return make_conference(session)
