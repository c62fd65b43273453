"""Moving sessions on the management timetable (issue 22): the service (planner.agenda.moving),
its routes (JSON from the page's script, or a plain form), the version check, Undo, and the page
that lists every room and the drafts still to place."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlmodel import select

from planner.agenda import board, editing, moving
from planner.agenda.models import AgendaSession
from planner.audit.trail import trail_for
from planner.db import get_session
from planner.events import editing as venues
from planner.events.models import Event
from planner.validation import ModelValidationError
from tests.agenda.helpers import at, make_event, make_rooms
from tests.forms import BASE


def _values(title, start, end, room=None, people=()):
    return editing.SessionValues(
        title=title,
        kind="plenary",
        local_start=datetime.fromisoformat(f"2019-03-20T{start}"),
        local_end=datetime.fromisoformat(f"2019-03-20T{end}"),
        room_id=room.id if room else None,
        description="Opening of the conference.",
        people=list(people),
    )


def _to(start, end, room=None):
    return moving.Position(
        datetime.fromisoformat(f"2019-03-20T{start}"), datetime.fromisoformat(f"2019-03-20T{end}"), room
    )


@pytest.fixture
def world(session):
    venue, (hall, room_b) = make_rooms(session, "Plenary hall", "Room B")
    event = make_event(session, venue_id=venue.id)
    opening = editing.save_session(
        session, "setup", event, None, _values("Opening plenary", "09:00", "10:00", hall, [("chair", "Ana Pérez")])
    )
    debate = editing.save_session(session, "setup", event, None, _values("General debate", "13:00", "15:00", hall))
    return dict(event=event, hall=hall, room_b=room_b, opening=opening, debate=debate)


def test_a_move_changes_time_and_room_only_through_the_edit_service_with_its_audit_entry(session, world):
    opening, event = world["opening"], world["event"]
    was = moving.move(session, "ana", event, opening, opening.version, _to("10:00", "11:30", world["room_b"].id))
    assert was == _to("09:00", "10:00", world["hall"].id)
    session.refresh(opening)
    assert (opening.starts_at, opening.ends_at, opening.room_id) == (
        at("2019-03-20", "10:00"),
        at("2019-03-20", "11:30"),
        world["room_b"].id,
    )
    assert opening.title == "Opening plenary" and opening.description == "Opening of the conference."
    assert [(r.role, r.person.name) for r in opening.roles] == [("chair", "Ana Pérez")]
    entry = trail_for(session, opening)[0]
    assert entry.action == "update" and entry.actor == "ana" and opening.sequence == 1


def test_a_stale_version_is_refused_and_nothing_moves(session, world):
    opening, event = world["opening"], world["event"]
    seen = opening.version
    editing.save_session(session, "bob", event, opening, _values("Opening plenary", "09:30", "10:30", world["hall"]))
    with pytest.raises(moving.StaleMove) as refused:
        moving.move(session, "ana", event, opening, seen, _to("11:00", "12:00", world["room_b"].id))
    assert refused.value.current is opening
    session.refresh(opening)
    assert opening.starts_at == at("2019-03-20", "09:30") and opening.room_id == world["hall"].id


def test_a_clash_is_found_before_the_move_and_saving_it_needs_a_reason(session, world):
    opening, event, hall = world["opening"], world["event"], world["hall"]
    found = moving.check(session, event, opening, _to("14:00", "15:00", hall.id))
    assert [c.other.title for c in found] == ["General debate"]
    assert opening.starts_at == at("2019-03-20", "09:00")  # a check saves nothing
    with pytest.raises(editing.ConflictsFound):
        moving.move(session, "ana", event, opening, opening.version, _to("14:00", "15:00", hall.id))
    moving.move(session, "ana", event, opening, opening.version, _to("14:00", "15:00", hall.id), "shared on purpose")
    assert trail_for(session, opening)[0].reason.startswith("shared on purpose (saved anyway despite:")


def test_an_impossible_position_is_refused_with_the_reason(session, world):
    opening, event = world["opening"], world["event"]
    other = venues.save_venue(
        session,
        "setup",
        None,
        dict(name="Elsewhere", address="", city="Geneva", country="CH", timezone="Europe/Zurich"),
    )
    elsewhere = venues.save_room(session, "setup", other, None, dict(name="Room XX", capacity=None))
    with pytest.raises(ModelValidationError, match="one of the event's rooms"):
        moving.check(session, event, opening, _to("10:00", "11:00", elsewhere.id))
    with pytest.raises(ModelValidationError, match="end must be after the start"):
        moving.move(session, "ana", event, opening, opening.version, _to("10:00", "09:00", world["hall"].id))


def test_the_board_shows_every_room_working_hours_and_the_drafts_to_place(session, world):
    event = world["event"]
    editing.save_session(session, "setup", event, None, _values("Regional dialogue", "16:00", "17:00"))
    table = board.timetable(session, event, datetime(2019, 3, 21).date())  # an empty day
    assert [c.name for c in table.grid.columns] == ["Plenary hall", "Room B"]
    assert len(table.grid.rows) == 9 * 12  # 09:00 to 18:00 in rows of five minutes
    assert [s.title for s in table.to_place] == ["Regional dialogue"]
    first = board.timetable(session, event, None)
    assert [cell.session.agenda_session.title for cell in first.grid.sessions] == ["Opening plenary", "General debate"]


# --- the routes ----------------------------------------------------------------------------------


@pytest.fixture
def manager(app, signed_in, world):
    client = signed_in("manager")
    ids = {name: value.id for name, value in world.items()}
    page = client.get(f"/manage/events/{ids['event']}/agenda").get_data(as_text=True)
    client.csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
    return client, ids


def _post(client, url, data=None, json=True):
    headers = {"Referer": BASE + "/manage/", "X-CSRFToken": client.csrf}
    if json:
        return client.post(url, json=data or {}, headers=headers)
    return client.post(url, data={"csrf_token": client.csrf, **(data or {})}, headers=headers)


def _stored(app, session_id):
    with app.app_context():
        return get_session().get(AgendaSession, session_id)


def _version(app, session_id):
    return _stored(app, session_id).version


def _move(ids, version, start, end, room, **extra):
    return dict(
        version=version, starts_local=f"2019-03-20T{start}", ends_local=f"2019-03-20T{end}", room_id=room, **extra
    )


def test_the_page_lists_sessions_with_their_edit_forms_and_the_script_moves_them(app, manager):
    client, ids = manager
    page = client.get(f"/manage/events/{ids['event']}/agenda").get_data(as_text=True)
    assert f'href="/manage/sessions/{ids["opening"]}/edit"' in page  # without JavaScript: the form
    assert f'data-move-url="/manage/sessions/{ids["opening"]}/move"' in page
    assert '<script src="/static/agenda-board.js" defer></script>' in page
    assert 'role="status" data-move-status' in page


def test_moving_by_json_saves_and_answers_the_new_state(app, manager):
    client, ids = manager
    url = f"/manage/sessions/{ids['opening']}/move"
    response = _post(client, url, _move(ids, _version(app, ids["opening"]), "10:00", "11:00", ids["room_b"]))
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["message"] == "Saved: “Opening plenary”: 20 March 2019, 10:00–11:00, Room B."
    assert answer["session"]["start"] == "2019-03-20T10:00" and answer["session"]["room"] == ids["room_b"]
    assert _stored(app, ids["opening"]).room_id == ids["room_b"]


def test_the_check_names_the_clashes_and_a_move_over_them_needs_a_reason(app, manager):
    client, ids = manager
    version = _version(app, ids["opening"])
    busy = _move(ids, version, "14:00", "15:00", ids["hall"])
    checked = _post(client, f"/manage/sessions/{ids['opening']}/move/check", busy).get_json()
    assert [(c["kind"], c["other"]) for c in checked["conflicts"]] == [("room", ids["debate"])]
    assert checked["stale"] is False
    url = f"/manage/sessions/{ids['opening']}/move"
    refused = _post(client, url, busy)
    assert refused.status_code == 422 and refused.get_json()["needs_reason"] is True
    assert "“Opening plenary” and “General debate” overlap" in refused.get_json()["conflicts"][0]["message"]
    assert _stored(app, ids["opening"]).room_id == ids["hall"] and _version(app, ids["opening"]) == version
    saved = _post(client, url, {**busy, "save_anyway": True, "reason": "shared on purpose"})
    assert saved.status_code == 200
    assert _stored(app, ids["opening"]).starts_at == at("2019-03-20", "14:00")


def test_a_stale_move_gets_409_with_the_current_state(app, manager):
    client, ids = manager
    seen = _version(app, ids["opening"])
    with app.app_context():
        db = get_session()
        event = db.get(Event, ids["event"])
        opening = db.get(AgendaSession, ids["opening"])
        editing.save_session(db, "bob", event, opening, _values("Opening plenary", "16:00", "17:00"))
    response = _post(client, f"/manage/sessions/{ids['opening']}/move", _move(ids, seen, "10:00", "11:00", None))
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["stale"] is True
    assert answer["session"]["start"] == "2019-03-20T16:00" and answer["session"]["room"] is None
    assert "changed by someone else" in answer["message"] and "16:00–17:00, No room" in answer["message"]
    assert _stored(app, ids["opening"]).starts_at == at("2019-03-20", "16:00")


def test_undo_puts_back_my_last_move_once_and_not_over_a_later_change(app, manager):
    client, ids = manager
    url = f"/manage/sessions/{ids['opening']}/move"
    _post(client, url, _move(ids, _version(app, ids["opening"]), "10:00", "11:00", ids["room_b"]))
    page = client.get(f"/manage/events/{ids['event']}/agenda").get_data(as_text=True)
    assert "Undo my last move (“Opening plenary”)" in page
    undo = f"/manage/events/{ids['event']}/agenda/undo"
    response = _post(client, undo, json=False)
    assert response.status_code == 303 and response.headers["Location"].endswith("agenda?day=2019-03-20")
    restored = _stored(app, ids["opening"])
    assert (restored.starts_at, restored.room_id) == (at("2019-03-20", "09:00"), ids["hall"])
    with app.app_context():
        assert [e.action for e in trail_for(get_session(), restored)][:2] == ["update", "update"]
    again = _post(client, undo)
    assert (
        again.status_code == 409 and again.get_json()["message"] == "There is no move of yours to undo on this agenda."
    )

    _post(client, url, _move(ids, _version(app, ids["opening"]), "10:00", "11:00", ids["room_b"]))
    _post(client, url, _move(ids, "a version from another page", "12:00", "13:00", ids["room_b"]))
    with app.app_context():
        db = get_session()
        opening = db.get(AgendaSession, ids["opening"])
        editing.save_session(
            db, "bob", db.get(Event, ids["event"]), opening, _values("Opening plenary", "16:00", "17:00")
        )
    stale = _post(client, undo)
    assert stale.status_code == 409 and stale.get_json()["stale"] is True
    assert _stored(app, ids["opening"]).starts_at == at("2019-03-20", "16:00")


def test_a_move_posted_as_a_form_comes_back_to_the_timetable_with_a_message(app, manager):
    client, ids = manager
    data = _move(ids, _version(app, ids["opening"]), "10:00", "11:00", str(ids["room_b"]))
    response = _post(client, f"/manage/sessions/{ids['opening']}/move", data, json=False)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved: “Opening plenary”: 20 March 2019, 10:00–11:00, Room B." in page


@pytest.mark.parametrize(
    "body, status, says",
    [
        (["a", "list"], 400, "Send a JSON object of plain values."),
        ({"version": {"nested": 1}}, 400, "Send a JSON object of plain values."),
        ({"starts_local": "2019-03-20T10:00", "ends_local": "2019-03-20T11:00"}, 422, "which version"),
        ({"version": "x", "starts_local": "tomorrow", "ends_local": "2019-03-20T11:00"}, 422, "YYYY-MM-DD HH:MM"),
        (
            {
                "version": "x",
                "starts_local": "2019-03-20T10:00",
                "ends_local": "2019-03-20T11:00",
                "room_id": "9" * 400,
            },
            422,
            "digits",
        ),
    ],
)
def test_bad_input_is_a_4xx_with_the_reason(app, manager, body, status, says):
    client, ids = manager
    response = client.post(
        f"/manage/sessions/{ids['opening']}/move",
        json=body,
        headers={"Referer": BASE + "/manage/", "X-CSRFToken": client.csrf},
    )
    assert response.status_code == status
    assert says in response.get_data(as_text=True)


def test_a_move_without_the_csrf_token_is_refused(app, manager):
    client, ids = manager
    data = _move(ids, _version(app, ids["opening"]), "10:00", "11:00", ids["room_b"])
    response = client.post(f"/manage/sessions/{ids['opening']}/move", json=data)
    assert response.status_code == 400
    assert _stored(app, ids["opening"]).room_id == ids["hall"]
    with app.app_context():
        assert get_session().exec(select(AgendaSession).where(AgendaSession.room_id == ids["room_b"])).all() == []


def test_a_refused_form_post_gets_the_error_page_with_the_reason(app, manager):
    client, ids = manager
    data = _move(ids, "a version from another page", "10:00", "11:00", str(ids["room_b"]))
    response = _post(client, f"/manage/sessions/{ids['opening']}/move", data, json=False)
    assert response.status_code == 409
    assert "changed by someone else after the page was shown" in response.get_data(as_text=True)
    bad = _post(client, f"/manage/sessions/{ids['opening']}/move", {**data, "ends_local": "soon"}, json=False)
    assert bad.status_code == 422 and "YYYY-MM-DD HH:MM" in bad.get_data(as_text=True)
