"""The public agenda and the management timetable cost the same number of SQL queries for 10
sessions as for 1,000 (README "Agenda", query budget): everything a page shows is loaded eagerly."""

from datetime import timedelta

from sqlalchemy import insert

from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.db import get_session, utcnow
from planner.mandates.models import MandateLink
from tests.agenda.helpers import at, make_event, make_rooms
from tests.sql import counted_get


def _event(app) -> tuple[int, list[int]]:
    with app.app_context():
        session = get_session()
        venue, rooms = make_rooms(session, "Plenary hall", "Room B")
        return make_event(session, venue_id=venue.id).id, [room.id for room in rooms]


def _add_sessions(app, event_id: int, room_ids: list[int], first: int, count: int) -> None:
    """Bulk-insert published sessions `first`..`first+count-1`, each with a chair and a mandate link."""
    with app.app_context():
        session = get_session()
        start, now = at("2019-03-20", "00:00"), utcnow()
        numbers = range(first, first + count)
        people = (
            session.execute(
                insert(Person).returning(Person.id),
                [
                    dict(
                        name=f"Chair {i} (sample)",
                        honorific="",
                        function="",
                        organisation="",
                        created_at=now,
                        updated_at=now,
                    )
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
                        starts_at=start + timedelta(minutes=i),
                        ends_at=start + timedelta(minutes=i + 1),
                        room_id=room_ids[i % 2],
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
            [dict(session_id=s, person_id=p, role="chair") for s, p in zip(sessions, people, strict=False)],
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


def _queries(app, client, url: str) -> int:
    response, count = counted_get(app, client, url)
    assert response.status_code == 200
    return count


def test_the_agenda_pages_cost_the_same_queries_for_10_and_1000_sessions(app, client, signed_in):
    event_id, room_ids = _event(app)
    signed_in("viewer")
    urls = ("/events/bapa-40", f"/manage/events/{event_id}/agenda")
    _add_sessions(app, event_id, room_ids, 0, 10)
    with_10 = [_queries(app, client, url) for url in urls]
    _add_sessions(app, event_id, room_ids, 10, 990)
    with_1000 = [_queries(app, client, url) for url in urls]
    page = client.get(urls[0]).get_data(as_text=True)
    assert page.count('class="agenda-session ') == 1000 and "A/RES/71/244, para. 33" in page
    assert client.get(urls[1]).get_data(as_text=True).count('class="slot ') == 1000
    assert with_1000 == with_10, f"queries (public page, timetable): {with_10} vs {with_1000}"
    print(f"queries (public page, timetable): 10 sessions {with_10}, 1,000 sessions {with_1000}")
