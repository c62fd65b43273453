"""Cancelling, reinstating and deleting a session, each from its confirmation page.

A published session is cancelled, never deleted: it stays on the programme struck through and in
feeds as cancelled, occupies no room any more, and only a draft can be deleted.
"""

import pytest
from sqlmodel import select

from planner.agenda import editing
from planner.agenda.conflicts import ConflictKind, find_conflicts
from planner.agenda.models import AgendaSession
from planner.audit.trail import trail_for
from planner.db import get_session
from planner.events.models import Event, Room
from tests.agenda.helpers import add_session, at, make_event, make_rooms
from tests.forms import post_form


@pytest.fixture
def programme(app):
    """BAPA+40 with a published opening in the plenary hall and a draft panel in Room B."""
    with app.app_context():
        session = get_session()
        venue, (hall, room_b) = make_rooms(session, "Plenary hall", "Room B")
        event = make_event(session, venue_id=venue.id)
        opening = add_session(
            session,
            event,
            "Opening plenary",
            at("2019-03-20", "09:00"),
            at("2019-03-20", "10:30"),
            hall,
            published=True,
        )
        draft = add_session(session, event, "Draft panel", at("2019-03-20", "11:00"), at("2019-03-20", "12:00"), room_b)
        return dict(event=event.id, hall=hall.id, opening=opening.id, draft=draft.id)


def _row(app, session_id: int) -> AgendaSession | None:
    with app.app_context():
        return get_session().get(AgendaSession, session_id)


def _actions(app, session_id: int) -> list[str]:
    with app.app_context():
        return [e.action for e in trail_for(get_session(), get_session().get(AgendaSession, session_id))]


def test_cancelling_goes_through_a_confirmation_page_and_only_the_post_from_it_cancels(app, signed_in, programme):
    client = signed_in("manager")
    opening = _row(app, programme["opening"])
    show = client.get(f"/manage/sessions/{opening.id}").get_data(as_text=True)
    assert f'href="/manage/sessions/{opening.id}/cancel"' in show and "Delete this session" not in show

    url = f"/manage/sessions/{opening.id}/cancel"
    page = client.get(url).get_data(as_text=True)
    assert "Cancel this session?" in page
    assert "0 participants who put it in their personal agenda will be told by e-mail." in page
    assert 'name="message"' in page and 'name="reason"' in page
    unchanged = _row(app, opening.id)
    assert (unchanged.cancelled, unchanged.sequence, unchanged.updated_at) == (False, 0, opening.updated_at)
    assert _actions(app, opening.id) == []

    # A POST that did not come from the page (no confirmation) changes nothing.
    refused = post_form(client, url, {"reason": "the minister cannot attend"})
    assert refused.status_code == 422 and "please confirm on this page" in refused.get_data(as_text=True)
    assert _row(app, opening.id).cancelled is False

    response = post_form(client, url, {"confirmed": "yes", "reason": "the minister cannot attend", "message": ""})
    assert response.status_code == 302 and response.headers["Location"] == f"/manage/sessions/{opening.id}"
    cancelled = _row(app, opening.id)
    assert cancelled.cancelled is True and cancelled.sequence == 1 and cancelled.updated_at > opening.updated_at
    with app.app_context():
        [entry] = trail_for(get_session(), cancelled)
    assert (entry.action, entry.reason) == ("cancel", "the minister cannot attend")
    assert (entry.before, entry.after) == ({"cancelled": False, "sequence": 0}, {"cancelled": True, "sequence": 1})

    # Cancelling twice is refused and changes nothing.
    again = post_form(client, url, {"confirmed": "yes"})
    assert again.status_code == 409 and "already cancelled" in again.get_data(as_text=True)
    assert _row(app, opening.id).sequence == 1


def test_a_cancelled_session_is_struck_through_on_the_programme_and_the_timetable(app, client, signed_in, programme):
    with app.app_context():
        editing.cancel_session(get_session(), "ana", get_session().get(AgendaSession, programme["opening"]))
    public = client.get("/events/bapa-40").get_data(as_text=True)
    item = public.split(f'id="session-{programme["opening"]}"', 1)[1].split("</li>", 1)[0]
    assert "<del><bdi>Opening plenary</bdi></del>" in item and "<strong>Cancelled</strong>" in item
    assert "agenda-cancelled" in public
    manager = signed_in("viewer")
    timetable = manager.get(f"/manage/events/{programme['event']}/agenda").get_data(as_text=True)
    assert "<del>Opening plenary</del>" in timetable and "1 cancelled" in timetable


def test_deleting_a_published_session_is_refused_and_points_to_cancelling(app, signed_in, programme):
    client = signed_in("manager")
    url = f"/manage/sessions/{programme['opening']}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "it cannot be deleted. Cancel it instead" in page
    assert f'href="/manage/sessions/{programme["opening"]}/cancel"' in page and 'name="confirmed"' not in page
    response = post_form(client, url, {"confirmed": "yes"})
    assert response.status_code == 409 and "Cancel it instead" in response.get_data(as_text=True)
    assert _row(app, programme["opening"]) is not None
    with app.app_context(), pytest.raises(editing.PublishedSession):
        editing.delete_session(get_session(), "ana", get_session().get(AgendaSession, programme["opening"]))
    assert _row(app, programme["opening"]) is not None


def test_a_draft_is_deleted_from_its_confirmation_page_and_cannot_be_cancelled(app, signed_in, programme):
    client = signed_in("manager")
    draft = programme["draft"]
    cancel = post_form(client, f"/manage/sessions/{draft}/cancel", {"confirmed": "yes"})
    assert cancel.status_code == 409 and "This session is a draft" in cancel.get_data(as_text=True)
    assert _row(app, draft).cancelled is False
    url = f"/manage/sessions/{draft}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "Delete the draft" in page and _row(app, draft) is not None  # the GET deletes nothing
    assert post_form(client, url, {}).status_code == 422 and _row(app, draft) is not None
    response = post_form(client, url, {"confirmed": "yes"})
    assert response.status_code == 302 and _row(app, draft) is None


def test_a_cancelled_session_occupies_no_room_and_can_be_reinstated(app, signed_in, programme):
    with app.app_context():
        session = get_session()
        event, hall = session.get(Event, programme["event"]), session.get(Room, programme["hall"])
        opening = session.get(AgendaSession, programme["opening"])
        editing.cancel_session(session, "ana", opening)
        replacement = add_session(
            session, event, "Replacement plenary", at("2019-03-20", "09:00"), at("2019-03-20", "10:00"), hall
        )
        assert [c.kind for c in find_conflicts(session, replacement, exclude_id=replacement.id)] == []
        assert editing.reinstate_conflicts(session, opening)[0].kind == ConflictKind.ROOM
    client = signed_in("manager")
    timetable = client.get(f"/manage/events/{programme['event']}/agenda").get_data(as_text=True)
    assert 'class="clash"' not in timetable  # a cancelled session beside its replacement is no clash

    url = f"/manage/sessions/{programme['opening']}/reinstate"
    page = client.get(url).get_data(as_text=True)
    assert "The room is booked twice" in page
    unsure = post_form(client, url, {"confirmed": "yes"})
    assert unsure.status_code == 422 and _row(app, programme["opening"]).cancelled is True
    response = post_form(client, url, {"confirmed": "yes", "reason": "the minister is coming after all"})
    assert response.status_code == 302
    reinstated = _row(app, programme["opening"])
    assert reinstated.cancelled is False and reinstated.sequence == 2
    assert _actions(app, programme["opening"]) == ["reinstate", "cancel"]
    with app.app_context():
        assert get_session().exec(select(AgendaSession).where(AgendaSession.cancelled.is_(True))).all() == []
