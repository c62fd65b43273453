"""A sample event to try registration on (`create-sample-event`, run by `make run`).

Its title says it is not a real meeting, so every page and e-mail that names it says so too. It
comes with a short published sample agenda, so a newcomer can also pick sessions for a personal
agenda. Idempotent: an existing event with the slug is left exactly as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from planner.agenda.models import AgendaSession, SessionKind
from planner.db import transaction
from planner.events import editing
from planner.events.editing import EventValues
from planner.events.models import Event
from planner.localtime import local_to_utc
from planner.registration.models import RegistrationSettings

TITLE = "Sample briefing (not a real meeting)"
DESCRIPTION = (
    "A sample event for trying online registration in the planner. It is not a real "
    "meeting: nobody will be expected, and its registrations can be deleted at any time."
)
WEEKS_AHEAD = 6
AGENDA_NOTE = "Sample agenda for demonstration; not a real programme."
# (title, kind, local start, local end) on the sample day
AGENDA = [
    ("Briefing (sample)", SessionKind.PLENARY, time(10), time(11)),
    ("Questions and answers (sample)", SessionKind.INTERACTIVE_PANEL, time(11), time(12)),
]


def create_sample_event(session: Session, slug: str, capacity: int, today: date) -> tuple[Event, bool]:
    """(the event, True when it was created now)."""
    existing = session.exec(select(Event).where(Event.slug == slug)).first()
    if existing is not None:
        return existing, False
    day = today + timedelta(weeks=WEEKS_AHEAD)
    with transaction(session):  # the event (created with its audit entry) and all the rest
        event = editing.create_event(
            session,
            "cli",
            EventValues(
                slug=slug,
                title=TITLE,
                kind="briefing",
                status="scheduled",
                timezone="America/New_York",
                city="New York",
                country="US",
                description=DESCRIPTION,
                published=True,
                local_start=datetime.combine(day, time(10)),
                local_end=datetime.combine(day, time(12)),
            ),
        )
        session.add(RegistrationSettings(event_id=event.id, capacity=capacity))
        for title, kind, start, end in AGENDA:
            session.add(
                AgendaSession(
                    event_id=event.id,
                    title=title,
                    kind=str(kind),
                    description=AGENDA_NOTE,
                    starts_at=local_to_utc(datetime.combine(day, start), event.zone),
                    ends_at=local_to_utc(datetime.combine(day, end), event.zone),
                    published=True,
                    is_sample=True,
                )
            )
    return event, True
