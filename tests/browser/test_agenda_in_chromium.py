"""A manager in a real browser builds a clashing agenda, saves over the clash with a reason,
publishes, and finds both sessions on the public event page."""

from __future__ import annotations

from datetime import date

import pytest

from planner.accounts import editing as accounts
from planner.events import editing
from planner.events.editing import EventValues
from tests.forms import PASSWORD


@pytest.fixture
def server(serve):
    def setup(session):
        accounts.create_user(session, "cli", "ana@un.example", PASSWORD, "manager", "Ana")
        venue = editing.save_venue(
            session,
            "cli",
            None,
            dict(
                name="Conference venue (test)",
                address="",
                city="Buenos Aires",
                country="AR",
                timezone="America/Argentina/Buenos_Aires",
            ),
        )
        editing.save_room(session, "cli", venue, None, dict(name="Plenary hall", capacity=None))
        event = editing.create_event(
            session,
            "cli",
            EventValues(
                slug="bapa-40",
                title="BAPA+40",
                kind="conference",
                status="scheduled",
                timezone="America/Argentina/Buenos_Aires",
                all_day=True,
                first_day=date(2019, 3, 20),
                last_day=date(2019, 3, 22),
                published=True,
                venue_id=venue.id,
            ),
        )
        return event.id

    _app, base, event_id = serve(setup)
    return base, event_id


@pytest.fixture
def page(browser):
    """The reader is in Zurich, so switching to their own time zone changes the times shown."""
    page = browser.new_context(timezone_id="Europe/Zurich", locale="en-GB").new_page()
    page.set_default_timeout(15_000)
    return page


def _add_session(page, title: str, start: str, end: str) -> None:
    page.get_by_role("link", name="Add a session").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Starts (local time)").fill(start)
    page.get_by_label("Ends (local time)").fill(end)
    page.get_by_label("Room").select_option(label="Plenary hall")
    page.get_by_role("button", name="Add the session").click()


def test_clash_save_anyway_publish_and_read_the_public_programme(server, page):
    base, event_id = server
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill("ana@un.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/manage/")

    page.goto(f"{base}/manage/events/{event_id}")
    page.get_by_role("link", name="Agenda: day-by-room timetable").click()
    _add_session(page, "Opening plenary", "2019-03-20T10:00", "2019-03-20T13:00")
    page.wait_for_url(f"{base}/manage/events/{event_id}/agenda*")
    assert "Opening plenary" in page.inner_text("table.timetable-grid")

    _add_session(page, "General debate", "2019-03-20T12:00", "2019-03-20T15:00")
    warning = page.get_by_role("alert").filter(has_text="conflict")
    assert "“General debate” and “Opening plenary”" in warning.inner_text()
    page.keyboard.press("Tab")  # the form stays usable by keyboard
    page.get_by_label("Save anyway").check()
    page.get_by_label("Reason for saving despite the conflicts").fill("room shared on purpose")
    page.get_by_role("button", name="Add the session").click()
    page.wait_for_url(f"{base}/manage/events/{event_id}/agenda*")
    assert "Overlapping:" in page.inner_text("table.timetable-grid")

    page.get_by_role("button", name="Publish the whole agenda").click()
    page.wait_for_load_state()
    assert "Published 2 sessions" in page.inner_text(".flashes")

    page.goto(base + "/events/bapa-40")
    programme = page.locator(".public-agenda").inner_text()
    assert "Opening plenary" in programme and "General debate" in programme
    assert "America/Argentina/Buenos_Aires" in programme
    first = page.locator(".public-agenda time").first
    assert first.inner_text() == "10:00"
    page.get_by_role("button", name="Show times in my time zone (Europe/Zurich)").click()
    assert "14:00" in first.inner_text()  # 10:00 in Buenos Aires, 14:00 CET
    assert "Europe/Zurich" in page.locator(".agenda-zone").inner_text()
    assert blocked == []
