"""The sample agenda of BAPA+40 that `seed-demo` loads, clearly marked as a sample.

The real programme is not in the seed documents, so these sessions are illustrative: generic
titles, no real speakers' names, `is_sample` set (the public page then shows a "Sample agenda"
banner) and a description saying so. Loading is idempotent: rows are found by their natural
keys and only differing fields are written. The opening plenary's mandate link is added by
planner.demo.seed (the agenda does not import mandates).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from planner.agenda.models import AgendaSession, Person, SessionKind, SessionRole
from planner.db import utcnow
from planner.events.models import Event, Room, Venue
from planner.localtime import local_to_utc

EVENT_SLUG = "bapa-40"
VENUE = dict(
    name="Conference venue (sample)",
    city="Buenos Aires",
    country="AR",
    timezone="America/Argentina/Buenos_Aires",
    address="Sample venue for demonstration; not the conference's real venue.",
)
HALL, ROOM_B = "Plenary hall", "Room B"
DESCRIPTION = "Sample agenda for demonstration; not the official programme."
CHAIR = "President of the Conference"

# (title, kind, room, local start, local end, chaired by the President)
SESSIONS = [
    ("Opening plenary", SessionKind.PLENARY, HALL, "2019-03-20 10:00", "2019-03-20 13:00", True),
    ("Lunch break", SessionKind.BREAK, HALL, "2019-03-20 13:00", "2019-03-20 15:00", False),
    ("General debate (1st meeting)", SessionKind.PLENARY, HALL, "2019-03-20 15:00", "2019-03-20 18:00", True),
    ("Interactive panel 1", SessionKind.INTERACTIVE_PANEL, ROOM_B, "2019-03-20 15:00", "2019-03-20 18:00", False),
    ("General debate (2nd meeting)", SessionKind.PLENARY, HALL, "2019-03-21 10:00", "2019-03-21 13:00", True),
    ("Interactive panel 2", SessionKind.INTERACTIVE_PANEL, ROOM_B, "2019-03-21 10:00", "2019-03-21 13:00", False),
    ("General debate (3rd meeting)", SessionKind.PLENARY, HALL, "2019-03-21 15:00", "2019-03-21 18:00", True),
    ("Interactive panel 3", SessionKind.INTERACTIVE_PANEL, ROOM_B, "2019-03-21 15:00", "2019-03-21 18:00", False),
    ("General debate (4th meeting)", SessionKind.PLENARY, HALL, "2019-03-22 10:00", "2019-03-22 13:00", True),
    ("Closing plenary", SessionKind.PLENARY, HALL, "2019-03-22 15:00", "2019-03-22 18:00", True),
]


def seed_sample_agenda(session: Session, report) -> None:
    """Create or bring up to date the sample agenda, noting each change in `report.created` or
    `report.updated` (planner.demo.seed.SeedReport); the caller commits."""
    event = session.exec(select(Event).where(Event.slug == EVENT_SLUG)).one()
    venue = _upsert(session, Venue, dict(name=VENUE["name"], city=VENUE["city"]), VENUE, report)
    rooms = {name: _upsert(session, Room, dict(venue_id=venue.id, name=name), {}, report) for name in (HALL, ROOM_B)}
    chair = _upsert(session, Person, dict(name=CHAIR), {}, report)
    for title, kind, room, start, end, chaired in SESSIONS:
        values = dict(
            kind=str(kind),
            room_id=rooms[room].id,
            description=DESCRIPTION,
            starts_at=_instant(start, event),
            ends_at=_instant(end, event),
            published=True,
            is_sample=True,
        )
        agenda_session = _upsert(session, AgendaSession, dict(event_id=event.id, title=title), values, report)
        if chaired and not any(r.person_id == chair.id for r in agenda_session.roles):
            agenda_session.roles.append(SessionRole(role="chair", person_id=chair.id))
            session.flush()
            report.created.append(f"chair of {title}")


def _instant(local: str, event: Event) -> datetime:
    return local_to_utc(datetime.fromisoformat(local), event.zone)


def _upsert(session: Session, model, key: dict, values: dict, report):
    """The row with `key`, created or updated to `values`; nothing is written when all match."""
    row = session.exec(select(model).where(*(getattr(model, k) == v for k, v in key.items()))).first()
    label = f"{model.__tablename__} {key.get('title') or key.get('name')}"
    if row is None:
        row = model(**{**key, **values})
        session.add(row)
        report.created.append(label)
    else:
        differing = {k: v for k, v in values.items() if getattr(row, k) != v}
        if differing:
            for k, v in differing.items():
                setattr(row, k, v)
            row.updated_at = utcnow()
            if isinstance(row, AgendaSession):
                row.sequence += 1
            report.updated.append(label)
    session.flush()
    return row
