"""The public timetable grid, /events/<slug>/timetable, through the test client on both databases:
rooms as columns, sessions as tall as they last, day tabs, published sessions only, the 404 and
400 answers, its query budget and its kept copy (planner.pagecache)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.db import utcnow
from planner.events.models import Event
from tests.agenda.helpers import add_session, at, bulk_add_sessions, make_event, make_rooms
from tests.sql import counted_get

URL = "/events/bapa-40/timetable"


@pytest.fixture
def bapa(session):
    """BAPA+40 (20-22 March 2019, Buenos Aires) with a programme on its first two days."""
    venue, (hall, room_b) = make_rooms(session, "Plenary hall", "Room B")
    event = make_event(session, venue_id=venue.id)
    day1, day2 = "2019-03-20", "2019-03-21"
    add_session(session, event, "Opening plenary", at(day1, "10:00"), at(day1, "13:00"), hall, published=True)
    add_session(
        session,
        event,
        "Panel on financing",
        at(day1, "10:00"),
        at(day1, "11:30"),
        room_b,
        "interactive_panel",
        published=True,
    )
    add_session(session, event, "Lunch", at(day1, "13:00"), at(day1, "15:00"), kind="break", published=True)
    add_session(
        session,
        event,
        "Side event on oceans",
        at(day1, "15:00"),
        at(day1, "16:00"),
        room_b,
        "side_event",
        published=True,
    )
    add_session(session, event, "Bilateral, no room yet", at(day1, "15:00"), at(day1, "15:30"), published=True)
    add_session(session, event, "Draft workshop", at(day1, "15:00"), at(day1, "16:00"), hall)  # not published
    called_off = add_session(
        session, event, "Briefing called off", at(day2, "09:00"), at(day2, "10:00"), hall, published=True
    )
    called_off.cancelled = True
    session.add(called_off)
    session.commit()
    add_session(session, event, "General debate", at(day2, "10:00"), at(day2, "13:00"), hall, published=True)
    add_session(session, event, "Draft on the last day", at("2019-03-22", "10:00"), at("2019-03-22", "11:00"), hall)
    return event


def _page(client, url: str = URL, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def _cell(page: str, title: str) -> str:
    """The opening <td ...> tag of the session called `title`."""
    cells = re.findall(r'(<td class="timetable-session[^>]*>)(.*?)</td>', page, re.S)
    [tag] = [tag for tag, inside in cells if f">{title}<" in inside]
    return tag


def test_rooms_are_columns_and_each_session_spans_rows_of_five_minutes(client, bapa):
    page = _page(client)
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', page)
    assert headers == ["Time", "<bdi>Plenary hall</bdi>", "<bdi>Room B</bdi>", "No room"]
    assert 'rowspan="36"' in _cell(page, "Opening plenary")  # 3 hours
    assert 'rowspan="18"' in _cell(page, "Panel on financing")  # 1 hour 30: half as tall
    assert 'rowspan="6"' in _cell(page, "Bilateral, no room yet")
    assert "timetable-side_event" in _cell(page, "Side event on oceans") and "Side event</span>" in page
    lunch = _cell(page, "Lunch")  # a break without a room, alone at its time: across every room
    assert "timetable-across" in lunch and 'rowspan="24"' in lunch and 'colspan="3"' in lunch
    assert page.count('<tr class="timetable-mark">') == 12  # 10:00 to 16:00, a label every half hour
    assert re.search(r'<th scope="row"><time datetime="2019-03-20T13:00:00\+00:00" data-local>10:00</time></th>', page)
    assert '<time datetime="2019-03-20T13:05:00+00:00" data-local class="visually-hidden">10:05</time>' in page
    assert "Draft workshop" not in page and "General debate" not in page
    link = re.search(r'<a class="timetable-title" href="(/events/bapa-40/sessions/\d+)"><bdi>Opening plenary', page)
    assert "Opening plenary" in _page(client, link.group(1))  # each session leads to its own page
    assert "Times are in the event's time zone, <strong data-zone-name>America/Argentina/Buenos_Aires</strong>" in page
    assert 'src="/static/agenda.js"' in page and "data-agenda" in page


def test_day_tabs_name_the_programme_days_and_mark_the_one_shown(client, bapa):
    first = _page(client)
    tabs = re.findall(r'<a href="(/events/bapa-40/timetable\?day=[0-9-]+)"( aria-current="date")?>', first)
    assert tabs == [
        ("/events/bapa-40/timetable?day=2019-03-20", ' aria-current="date"'),
        ("/events/bapa-40/timetable?day=2019-03-21", ""),
    ]  # 22 March has only a draft
    second = _page(client, URL + "?day=2019-03-21")
    assert 'href="/events/bapa-40/timetable?day=2019-03-21" aria-current="date"' in second
    assert "Thursday, 21 March 2019" in second and "Opening plenary" not in second
    called_off = _cell(second, "Briefing called off")
    assert "timetable-cancelled" in called_off
    assert re.search(
        r'<strong class="status-cancelled">Cancelled</strong>\s*<a[^>]*><bdi><del>Briefing called off</del>', second
    )
    assert "General debate" in second


def test_the_event_page_links_to_the_timetable(client, bapa):
    assert 'href="/events/bapa-40/timetable"' in _page(client, "/events/bapa-40")


def test_a_day_outside_the_programme_is_a_404_with_the_reason(client, bapa):
    for day, shown in (("2019-03-22", "22 March 2019"), ("2020-01-01", "1 January 2020")):
        page = _page(client, f"{URL}?day={day}", 404)
        assert f"The published programme has no sessions on {shown}." in page


@pytest.mark.parametrize(
    "day", ["tomorrow", "2019-3-20", "20190320", "2019-02-30", "2019-03-20T10:00", "２０１９-03-20"]
)
def test_a_malformed_day_is_a_400_saying_how_to_write_it(client, bapa, day):
    page = _page(client, f"{URL}?day={day}", 400)
    assert "The day must be a date written YYYY-MM-DD, such as 2019-03-20." in page


def test_unknown_unpublished_and_programme_less_events_have_no_timetable(client, session, bapa):
    assert "There is no event at /events/nowhere." in _page(client, "/events/nowhere/timetable", 404)
    empty = make_event(session, slug="empty-briefing")
    assert "This event has no published programme yet." in _page(client, "/events/empty-briefing/timetable", 404)
    assert "/timetable" not in _page(client, "/events/empty-briefing")  # no programme, no link
    hidden = session.exec(select(Event).where(Event.slug == "bapa-40")).one()
    hidden.published = False
    hidden.updated_at = utcnow()
    session.add(hidden)
    session.commit()
    assert empty.published and "There is no event at /events/bapa-40." in _page(client, URL, 404)


def test_arabic_reads_the_same_grid_right_to_left(client, bapa):
    page = _page(client, URL + "?lang=ar")
    assert '<html lang="ar" dir="rtl">' in page  # the browser lays the table's columns from the right
    assert 'rowspan="36"' in _cell(page, "Opening plenary")
    assert re.search(
        r'<a class="timetable-title" href="/events/bapa-40/sessions/\d+" lang="en"><bdi>Opening plenary', page
    )


def test_the_grid_costs_the_same_queries_for_10_and_1000_sessions(app, session):
    venue, rooms = make_rooms(session, "Plenary hall", "Room B")
    event = make_event(session, venue_id=venue.id)
    room_ids = [room.id for room in rooms]
    reader = app.test_client()
    counts = []
    for first, count in ((0, 10), (10, 990)):
        bulk_add_sessions(session, event.id, room_ids, at("2019-03-20", "00:00"), first, count, timedelta(minutes=1))
        response, statements = counted_get(app, reader, URL)
        assert response.status_code == 200
        counts.append(statements)
    assert response.get_data(as_text=True).count('class="timetable-session ') == 1000
    assert counts[0] == counts[1] <= 5, counts
    print(f"queries (timetable grid, with the page cache's fingerprint): 10 sessions {counts[0]}, 1,000 {counts[1]}")


def test_anonymous_readers_get_a_kept_copy_until_the_programme_changes(app, session, bapa):
    reader = app.test_client()
    first, rendering = counted_get(app, reader, URL)
    second, kept = counted_get(app, reader, URL)
    assert second.get_data() == first.get_data() and kept == 1 < rendering
    opening = session.exec(select(AgendaSession).where(AgendaSession.title == "Opening plenary")).one()
    opening.title, opening.updated_at = "Opening of the Conference", utcnow()
    session.add(opening)
    session.commit()
    assert "Opening of the Conference" in reader.get(URL).get_data(as_text=True)
