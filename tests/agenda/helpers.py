"""Building events, rooms and sessions for agenda tests, straight through the services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.db import utcnow
from planner.events import editing
from planner.events.editing import EventValues
from planner.mandates.models import MandateLink

ZONE = "America/Argentina/Buenos_Aires"


def make_event(
    session,
    slug="bapa-40",
    first=date(2019, 3, 20),
    last=date(2019, 3, 22),
    timezone=ZONE,
    series_id=None,
    edition=None,
    venue_id=None,
):
    return editing.create_event(
        session,
        "test",
        EventValues(
            slug=slug,
            title=f"Event {slug}",
            kind="conference",
            status="scheduled",
            timezone=timezone,
            all_day=True,
            first_day=first,
            last_day=last,
            published=True,
            series_id=series_id,
            edition=edition,
            venue_id=venue_id,
        ),
    )


def make_rooms(session, *names, timezone=ZONE):
    venue = editing.save_venue(
        session,
        "test",
        None,
        dict(name="Conference venue (test)", address="", city="Buenos Aires", country="AR", timezone=timezone),
    )
    return venue, [editing.save_room(session, "test", venue, None, dict(name=n, capacity=None)) for n in names]


def at(day: str, hour_minute: str, zone: str = ZONE) -> datetime:
    """A local wall-clock time in `zone` as an aware datetime: at("2019-03-20", "09:00")."""
    return datetime.fromisoformat(f"{day}T{hour_minute}").replace(tzinfo=ZoneInfo(zone))


def add_session(
    session, event, title, start, end, room=None, kind="plenary", people=(), published=False
) -> AgendaSession:
    """Store a session directly (no conflict checks): the state the checks then look at."""
    agenda_session = AgendaSession(
        event_id=event.id,
        title=title,
        kind=kind,
        starts_at=start,
        ends_at=end,
        room_id=room.id if room else None,
        published=published,
    )
    for role, person in people:
        agenda_session.roles.append(SessionRole(role=role, person=person))
    session.add(agenda_session)
    session.commit()
    return agenda_session


def person(session, name="Moderator of the panel (sample)") -> Person:
    p = Person(name=name)
    session.add(p)
    session.commit()
    return p


def bulk_add_sessions(
    session, event_id: int, room_ids: list[int], start: datetime, first: int, count: int, step: timedelta
) -> None:
    """Bulk-insert published sessions `first`..`first+count-1`, `step` apart from `start` and
    half a step long, rooms in turn, each with a chair and a mandate link (A/RES/71/244 para. 33):
    the long programmes of the query budgets and the benchmarks. Commits."""
    now, numbers = utcnow(), range(first, first + count)
    people = (
        session.execute(
            insert(Person).returning(Person.id),
            [
                dict(name=f"Chair {i}", honorific="", function="", organisation="", created_at=now, updated_at=now)
                for i in numbers
            ],
        )
        .scalars()
        .all()
    )
    sessions = (
        session.execute(
            insert(AgendaSession).returning(AgendaSession.id),
            [
                dict(
                    event_id=event_id,
                    title=f"Session {i}",
                    kind="plenary",
                    description="",
                    starts_at=start + step * i,
                    ends_at=start + step * i + step / 2,
                    room_id=room_ids[i % len(room_ids)],
                    published=True,
                    is_sample=False,
                    sequence=0,
                    created_at=now,
                    updated_at=now,
                )
                for i in numbers
            ],
        )
        .scalars()
        .all()
    )
    session.execute(
        insert(SessionRole),
        [dict(session_id=s, person_id=p, role="chair") for s, p in zip(sessions, people, strict=True)],
    )
    session.execute(
        insert(MandateLink),
        [
            dict(
                resolution_symbol="A/RES/71/244",
                paragraph_kind="operative",
                paragraph_number=33,
                role="convenes",
                session_id=s,
                created_at=now,
            )
            for s in sessions
        ],
    )
    session.commit()
