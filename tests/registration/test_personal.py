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


def test_a_wrong_feed_token_gets_a_plain_404(app, client, session):
    response = client.get("/registrations/" + "A" * 43 + "/calendar.ics")
    assert response.status_code == 404
    assert response.content_type.startswith("text/plain") and b"<html" not in response.data
