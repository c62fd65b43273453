"""The agenda's management pages and its part of the public event page, through the test client."""

import re

import pytest
from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.audit.trail import trail_for
from planner.db import get_session
from planner.events.models import Event, Room
from tests.agenda.helpers import add_session, at, make_event, make_rooms
from tests.forms import field_error, field_value, post_form


@pytest.fixture
def bapa(app):
    """The BAPA+40 event (20-22 March 2019, Buenos Aires) with two rooms of its venue."""
    with app.app_context():
        session = get_session()
        venue, rooms = make_rooms(session, "Plenary hall", "Room B")
        event = make_event(session, venue_id=venue.id)
        return dict(event=event.id, hall=rooms[0].id, room_b=rooms[1].id)


def _form(ids, **changes):
    data = dict(
        title="Opening plenary",
        kind="plenary",
        starts_local="2019-03-20T09:00",
        ends_local="2019-03-20T10:30",
        room_id=str(ids["hall"]),
        description="",
        people="Chair: President of the Conference (sample)",
    )
    data.update(changes)
    return data


def _sessions(app):
    with app.app_context():
        return get_session().exec(select(AgendaSession).order_by(AgendaSession.id)).all()


def test_the_timetable_shows_a_day_with_rooms_as_columns(app, signed_in, bapa):
    client = signed_in("viewer")
    with app.app_context():
        session = get_session()
        event = session.get(Event, bapa["event"])
        hall = session.get(Room, bapa["hall"])
        add_session(session, event, "Opening plenary", at("2019-03-20", "09:00"), at("2019-03-20", "10:30"), hall)
        add_session(session, event, "Closing plenary", at("2019-03-22", "17:00"), at("2019-03-22", "18:00"), hall)
    page = client.get(f"/manage/events/{bapa['event']}/agenda").get_data(as_text=True)
    assert "Wednesday, 20 March 2019" in page
    # Every room of the venue is a column (a free one too, to drop sessions on), time in rows of 5 minutes.
    assert re.search(
        r'<th scope="col" data-room="\d+"><bdi>Plenary hall</bdi></th>\s*'
        r'<th scope="col" data-room="\d+"><bdi>Room B</bdi></th>',
        page,
    )
    assert '<tr data-at="2019-03-20T09:00" class="timetable-mark">' in page
    assert 'rowspan="18" id="session-' in page  # 90 minutes
    assert "Opening plenary" in page and "Closing plenary" not in page
    assert "Publish the whole agenda" not in page  # viewers read, managers change
    assert 'href="/manage/events/%d/agenda?day=2019-03-21"' % bapa["event"] in page
    day3 = client.get(f"/manage/events/{bapa['event']}/agenda?day=2019-03-22").get_data(as_text=True)
    assert "Closing plenary" in day3 and "Opening plenary" not in day3
    assert client.get(f"/manage/events/{bapa['event']}/agenda?day=nonsense").status_code == 200


def test_a_bad_form_shows_field_errors_keeps_values_and_writes_nothing(app, signed_in, bapa):
    client = signed_in("manager")
    url = f"/manage/events/{bapa['event']}/agenda/new"
    response = post_form(
        client, url, _form(bapa, title="Panel on innovation", ends_local="2019-03-20T08:00", people="Boss Ana")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "ends_local") == "The end must be after the start."
    assert "is not “Role: Name”" in field_error(page, "people")
    assert field_value(page, "title") == "Panel on innovation"
    assert _sessions(app) == []


def test_a_clash_is_shown_naming_both_and_saved_anyway_with_a_reason(app, signed_in, bapa):
    client = signed_in("manager")
    url = f"/manage/events/{bapa['event']}/agenda/new"
    assert post_form(client, url, _form(bapa)).status_code == 302
    clash = _form(bapa, title="General debate", starts_local="2019-03-20T10:00", ends_local="2019-03-20T12:00")
    page = post_form(client, url, clash).get_data(as_text=True)
    assert "The room is booked twice: “General debate” and “Opening plenary” overlap." in page
    assert "President of the Conference (sample) is in both" in page
    assert len(_sessions(app)) == 1
    page = post_form(client, url, {**clash, "save_anyway": "y"}).get_data(as_text=True)
    assert field_error(page, "reason") == "Give the reason for saving despite the conflicts."
    response = post_form(client, url, {**clash, "save_anyway": "y", "reason": "shared on purpose"})
    assert response.status_code == 302
    general = _sessions(app)[1]
    with app.app_context():
        assert trail_for(get_session(), general)[0].reason.startswith("shared on purpose")


def test_edit_moves_a_session_delete_removes_it(app, signed_in, bapa):
    client = signed_in("manager")
    post_form(client, f"/manage/events/{bapa['event']}/agenda/new", _form(bapa))
    first = _sessions(app)[0]
    edit = f"/manage/sessions/{first.id}/edit"
    assert field_value(client.get(edit).get_data(as_text=True), "starts_local") == "2019-03-20T09:00"
    assert (
        post_form(
            client,
            edit,
            _form(bapa, room_id=str(bapa["room_b"]), starts_local="2019-03-21T09:00", ends_local="2019-03-21T10:00"),
        ).status_code
        == 302
    )
    moved = _sessions(app)[0]
    assert (moved.room_id, moved.starts_at, moved.sequence) == (bapa["room_b"], at("2019-03-21", "09:00"), 1)
    response = post_form(client, f"/manage/sessions/{first.id}/delete", {"confirmed": "yes"})
    assert response.status_code == 302 and _sessions(app) == []


def test_only_published_sessions_reach_the_public_page(app, client, signed_in, bapa):
    manager = signed_in("manager")
    new = f"/manage/events/{bapa['event']}/agenda/new"
    post_form(manager, new, _form(bapa))
    client.get("/manage/")  # shows (and clears) the flash message
    assert "Opening plenary" not in client.get("/events/bapa-40").get_data(as_text=True)
    timetable = f"/manage/events/{bapa['event']}/agenda"
    assert post_form(manager, timetable, {}, action=timetable + "/publish").status_code == 302
    client.get("/manage/")
    page = client.get("/events/bapa-40").get_data(as_text=True)
    assert "Opening plenary" in page and "Wednesday, 20 March 2019" in page
    assert '<time datetime="2019-03-20T12:00:00Z" data-local>09:00</time>' in page
    assert "America/Argentina/Buenos_Aires" in page and "Chair:" in page
    assert "Plenary hall, Conference venue (test)" in page
    assert "Sample agenda" not in page
    assert 'src="/static/agenda.js"' in page


def test_a_persons_details_are_completed_once_and_shown_in_every_session(app, client, signed_in, bapa):
    manager = signed_in("manager")
    post_form(manager, f"/manage/events/{bapa['event']}/agenda/new", _form(bapa))
    post_form(
        manager,
        f"/manage/events/{bapa['event']}/agenda/new",
        _form(bapa, title="Closing plenary", starts_local="2019-03-22T17:00", ends_local="2019-03-22T18:00"),
    )
    listing = manager.get("/manage/people/").get_data(as_text=True)
    assert re.search(r"President of the Conference \(sample\)</a></th>(\s*<td>[^<]*</td>){3}\s*<td>2</td>", listing)
    person_id = re.search(r"/manage/people/(\d+)/edit", listing).group(1)
    edit = f"/manage/people/{person_id}/edit"
    bad = post_form(manager, edit, dict(name="", honorific="H.E.", function="", organisation="", country="AR"))
    assert bad.status_code == 422 and field_value(bad.get_data(as_text=True), "honorific") == "H.E."
    assert (
        post_form(
            manager,
            edit,
            dict(
                name="President of the Conference (sample)",
                honorific="H.E.",
                function="President of the Conference",
                organisation="",
                country="AR",
            ),
        ).status_code
        == 302
    )
    timetable = f"/manage/events/{bapa['event']}/agenda"
    post_form(manager, timetable, {}, action=timetable + "/publish")
    manager.get("/manage/")
    page = client.get("/events/bapa-40").get_data(as_text=True)
    shown = re.sub(r"</?(bdi|a)\b[^>]*>", "", page)  # names are <bdi>, linked to the person's page
    assert shown.count("H.E. President of the Conference (sample), President of the Conference") == 2


def test_the_copy_form_offers_earlier_editions_and_copies_as_drafts(app, signed_in):
    from datetime import date

    from planner.events import editing as event_editing

    with app.app_context():
        session = get_session()
        series = event_editing.save_series(session, "t", None, dict(slug="hlc", title="HLC", description=""))
        old = make_event(session, "hlc-19", date(2016, 5, 16), date(2016, 5, 19), "America/New_York", series.id, 19)
        new = make_event(session, "hlc-21", date(2023, 5, 29), date(2023, 6, 1), "America/New_York", series.id, 21)
        add_session(
            session,
            old,
            "Opening",
            at("2016-05-16", "10:00", "America/New_York"),
            at("2016-05-16", "11:00", "America/New_York"),
            published=True,
        )
        old_id, new_id = old.id, new.id
    client = signed_in("manager")
    url = f"/manage/events/{new_id}/agenda/copy"
    page = client.get(url).get_data(as_text=True)
    assert f'<option value="{old_id}">Event hlc-19 (16 May 2016)</option>' in page
    assert post_form(client, url, {"source_id": ""}).status_code == 422
    assert post_form(client, url, {"source_id": str(old_id)}).status_code == 302
    copy = [s for s in _sessions(app) if s.event_id == new_id]
    assert [(s.title, s.starts_at, s.published) for s in copy] == [
        ("Opening", at("2023-05-29", "10:00", "America/New_York"), False)
    ]
    again = post_form(client, url, {"source_id": str(old_id)})  # everything is here already
    flashed = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Nothing was copied" in flashed and "Copied 0" not in flashed
    assert len([s for s in _sessions(app) if s.event_id == new_id]) == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (dict(title=""), "title", "Give the session a title."),
        (dict(kind="banquet"), "kind", "Not a valid choice."),
        (dict(starts_local="tomorrow"), "starts_local", "Enter a date and time as YYYY-MM-DD HH:MM."),
        (
            dict(starts_local="9999-12-31T23:00", ends_local="9999-12-31T23:30"),
            "starts_local",
            "Enter a date before the year 9999.",
        ),
        (dict(room_id="999"), "room_id", "Not a valid choice."),
    ],
)
def test_each_bad_field_is_named_beside_it(app, signed_in, bapa, changes, field, message):
    client = signed_in("manager")
    response = post_form(client, f"/manage/events/{bapa['event']}/agenda/new", _form(bapa, **changes))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field) == message
    assert _sessions(app) == []
