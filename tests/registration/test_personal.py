"""The personal agenda and the personal calendar feed behind the private link."""

import re
from datetime import timedelta

from icalendar import Calendar
from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.registration.models import AgendaPick
from tests.forms import post_form
from tests.registration.helpers import FORM, open_event

URL = "/events/sample-briefing/register"


def _setup(client, session):
    event = open_event(session)
    sessions = [
        AgendaSession(
            event_id=event.id,
            title=title,
            published=published,
            starts_at=event.starts_at + timedelta(minutes=offset),
            ends_at=event.starts_at + timedelta(minutes=offset + 50),
        )
        for title, published, offset in [("Opening", True, 0), ("Panel", True, 60), ("Secret draft", False, 60)]
    ]
    session.add_all(sessions)
    session.commit()
    location = post_form(client, URL, FORM).headers["Location"]
    token = re.search(r"/registrations/(\S+)$", location).group(1)
    return event, sessions, token


def test_pick_sessions_and_see_them_in_the_private_feed(app, client, session):
    event, (opening, panel, draft), token = _setup(client, session)
    page = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "Opening" in page and "Panel" in page and "Secret draft" not in page
    response = post_form(
        client,
        f"/registrations/{token}",
        {"session": [str(panel.id), str(draft.id)]},
        action=f"/registrations/{token}/agenda",
    )
    assert response.status_code == 302
    assert session.exec(select(AgendaPick.session_id)).all() == [panel.id]  # a draft cannot be picked
    feed = client.get(f"/registrations/{token}/calendar.ics")
    assert feed.content_type == "text/calendar; charset=utf-8"
    assert feed.headers["Cache-Control"].startswith("private")
    summaries = [str(c["SUMMARY"]) for c in Calendar.from_ical(feed.data).walk("VEVENT")]
    assert summaries == ["Sample briefing (not a real meeting)", "Panel"]
    again = client.get(f"/registrations/{token}/calendar.ics", headers={"If-None-Match": feed.headers["ETag"]})
    assert again.status_code == 304
    post_form(
        client, f"/registrations/{token}", {"session": [str(opening.id)]}, action=f"/registrations/{token}/agenda"
    )
    changed = client.get(f"/registrations/{token}/calendar.ics", headers={"If-None-Match": feed.headers["ETag"]})
    assert changed.status_code == 200 and b"SUMMARY:Opening" in changed.data


def test_a_break_is_not_offered_and_cannot_be_picked(app, client, session):
    event, _sessions, token = _setup(client, session)
    lunch = AgendaSession(
        event_id=event.id,
        title="Lunch break",
        kind="break",
        published=True,
        starts_at=event.starts_at + timedelta(hours=3),
        ends_at=event.starts_at + timedelta(hours=4),
    )
    session.add(lunch)
    session.commit()
    assert "Lunch break" not in client.get(f"/registrations/{token}").get_data(as_text=True)
    post_form(client, f"/registrations/{token}", {"session": [str(lunch.id)]}, action=f"/registrations/{token}/agenda")
    assert session.exec(select(AgendaPick.session_id)).all() == []


def test_a_wrong_feed_token_gets_a_plain_404(app, client, session):
    response = client.get("/registrations/" + "A" * 43 + "/calendar.ics")
    assert response.status_code == 404
    assert response.content_type.startswith("text/plain") and b"<html" not in response.data


def _pick_panel(client, token, panel):
    post_form(client, f"/registrations/{token}", {"session": [str(panel.id)]}, action=f"/registrations/{token}/agenda")
    return client.get(f"/registrations/{token}/calendar.ics")


def _statuses(feed) -> list[tuple[str, str, int]]:
    return [
        (str(c["SUMMARY"]), str(c["STATUS"]), int(c["SEQUENCE"])) for c in Calendar.from_ical(feed.data).walk("VEVENT")
    ]


def test_a_cancelled_registration_cancels_the_participants_copy(app, client, session):
    """The participant withdrew: their private feed keeps its items (same UIDs) marked
    CANCELLED with SEQUENCE raised, so their calendar drops them; the public feeds are unchanged."""
    event, (_opening, panel, _draft), token = _setup(client, session)
    before = _pick_panel(client, token, panel)
    assert {status for _, status, _ in _statuses(before)} == {"CONFIRMED"}
    post_form(client, f"/registrations/{token}/cancel", {})
    after = client.get(f"/registrations/{token}/calendar.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert [(s, status) for s, status, _ in _statuses(after)] == [
        ("Sample briefing (not a real meeting)", "CANCELLED"),
        ("Panel", "CANCELLED"),
    ]
    assert [seq for *_, seq in _statuses(after)] == [seq + 1 for *_, seq in _statuses(before)]
    public = Calendar.from_ical(client.get("/events/sample-briefing/calendar.ics").data)
    assert {str(c["STATUS"]) for c in public.walk("VEVENT")} == {"CONFIRMED"}


def test_a_cancelled_event_says_so_on_the_private_page_and_the_registration_page(app, client, session):
    from planner.events import editing as events

    event, (_opening, panel, _draft), token = _setup(client, session)
    with app.app_context():
        events.cancel_event(session, "secretariat@un.example", event, "the host withdrew")
    page = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "This event is cancelled." in page
    assert "a seat is reserved for you" not in page
    assert "Cancel my registration" not in page and "Change my details" not in page
    form = client.get(URL).get_data(as_text=True)
    assert "This event is cancelled." in form and "<form" not in form.split("<main", 1)[-1]
    feed = Calendar.from_ical(client.get(f"/registrations/{token}/calendar.ics").data)
    assert {str(c["STATUS"]) for c in feed.walk("VEVENT")} == {"CANCELLED"}
