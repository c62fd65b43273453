"""The public agenda and the management timetable cost the same number of SQL queries for 10
sessions as for 1,000 (README "Agenda", query budget): everything a page shows is loaded eagerly."""

from datetime import timedelta

from planner.db import get_session
from tests.agenda.helpers import at, bulk_add_sessions, make_event, make_rooms
from tests.sql import counted_get


def _event(app) -> tuple[int, list[int]]:
    with app.app_context():
        session = get_session()
        venue, rooms = make_rooms(session, "Plenary hall", "Room B")
        return make_event(session, venue_id=venue.id).id, [room.id for room in rooms]


def _add_sessions(app, event_id: int, room_ids: list[int], first: int, count: int) -> None:
    with app.app_context():
        bulk_add_sessions(
            get_session(), event_id, room_ids, at("2019-03-20", "00:00"), first, count, timedelta(minutes=1)
        )


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
    assert client.get(urls[1]).get_data(as_text=True).count('<div class="timetable-item"') == 1000
    assert with_1000 == with_10, f"queries (public page, timetable): {with_10} vs {with_1000}"
    print(f"queries (public page, timetable): 10 sessions {with_10}, 1,000 sessions {with_1000}")
