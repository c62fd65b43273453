"""A postponement and a cancellation reach everyone, driven in Debian's headless Chromium.

An event with a published nine-session programme and 30 registrations in three languages is
postponed by three weeks through the confirmation page, then cancelled. The feeds are read by
ical.js (Thunderbird) and libical (Evolution); the outbox, the private pages, the personal feeds
and the registration page are checked after each step.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.agenda.models import AgendaSession
from planner.db import get_session
from planner.events import editing
from planner.events.editing import EventValues
from planner.registration import editing as registrations
from planner.registration.models import OutboxMessage, Registration, RegistrationSettings
from tests.calendar.parsers import icaljs, libical
from tests.forms import PASSWORD
from tests.registration.helpers import participant

ZONE = ZoneInfo("America/New_York")
FIRST_DAY = date(2027, 3, 1)  # three weeks later lies after the clocks change (14 March 2027)
NEW_FIRST_DAY = FIRST_DAY + timedelta(weeks=3)
LANGUAGES = ("en", "fr", "es")
TITLE = "Global South-South Development Expo"


def _setup(session) -> list[str]:
    accounts.create_user(session, "cli", "ana@un.example", PASSWORD, "manager", "Ana")
    with current_app.test_request_context():
        event = editing.create_event(
            session,
            "cli",
            EventValues(
                slug="expo",
                title=TITLE,
                kind="expo",
                status="scheduled",
                timezone=ZONE.key,
                city="New York",
                country="US",
                published=True,
                local_start=datetime.combine(FIRST_DAY, time(9)),
                local_end=datetime.combine(FIRST_DAY + timedelta(days=2), time(18)),
            ),
        )
        for n in range(9):
            start = datetime.combine(FIRST_DAY + timedelta(days=n // 3), time(9 + 3 * (n % 3)), ZONE)
            session.add(
                AgendaSession(
                    event_id=event.id,
                    title=f"Session {n + 1}",
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    published=True,
                )
            )
        session.add(RegistrationSettings(event_id=event.id))
        session.commit()
        tokens = [
            registrations.register(session, event, participant(n, language=LANGUAGES[n % 3]))[1] for n in range(30)
        ]
    session.exec(OutboxMessage.__table__.delete())  # the confirmations: only the notices matter here
    session.commit()
    return tokens


@pytest.fixture
def served(serve):
    return serve(_setup)


def _sign_in(page, base):
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill("ana@un.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/manage/")


def _feeds(page, base, tmp_path, name) -> dict:
    """The event feed as ical.js and libical read it, with icalendar's SEQUENCE per UID."""
    path = tmp_path / f"{name}.ics"
    path.write_bytes(page.request.get(base + "/events/expo/calendar.ics").body())
    by_icaljs = {e["uid"]: e for e in icaljs([path])[str(path)]["events"]}
    read = libical([path])[str(path)]
    assert read["errors"] == []
    by_libical = {e["uid"]: e for e in read["events"]}
    assert by_icaljs.keys() == by_libical.keys()
    return {uid: (e, by_libical[uid]) for uid, e in by_icaljs.items()}


def _notices(app) -> dict[str, OutboxMessage]:
    with app.app_context():
        session = get_session()
        language = {r.email: r.language for r in session.exec(select(Registration))}
        return [(language[m.recipient], m) for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id))]


def _subject(app, language: str, message: str) -> str:
    with app.test_request_context(), force_locale(language):
        return _(message, title=TITLE)


def test_postpone_by_three_weeks_then_cancel_reaches_every_participant(served, page, tmp_path):
    app, base, tokens = served
    before = _feeds(page, base, tmp_path, "before")
    _sign_in(page, base)
    with app.app_context():
        event_id = get_session().exec(select(AgendaSession.event_id)).first()

    page.goto(f"{base}/manage/events/{event_id}")
    page.get_by_role("link", name="Postpone the event").click()
    page.get_by_label("New first day").fill(NEW_FIRST_DAY.isoformat())
    page.get_by_role("button", name="Show what postponing does").click()
    preview = page.inner_text("#change-preview")
    assert "9 sessions move with the new dates" in preview
    assert "30 participants will be told by e-mail" in preview
    assert _notices(app) == []  # nothing saved before confirming
    page.get_by_label("Message to participants").fill("The host asked for three more weeks.")
    page.get_by_role("button", name="Confirm: postpone the event").click()
    page.wait_for_url(f"{base}/manage/events/{event_id}")
    assert page.inner_text("#event-status") == "Postponed"

    with app.app_context():
        starts = [s.starts_at.astimezone(ZONE) for s in get_session().exec(select(AgendaSession))]
    assert sorted(s.date() for s in starts)[0] == NEW_FIRST_DAY
    assert sorted({s.strftime("%H:%M") for s in starts}) == ["09:00", "12:00", "15:00"]  # same local times

    after = _feeds(page, base, tmp_path, "after")
    assert after.keys() == before.keys() and len(after) == 10  # the event and its nine sessions
    for uid, (js, lib) in after.items():
        old_js, _old_lib = before[uid]
        assert js["sequence"] > old_js["sequence"]
        assert js["status"] == "TENTATIVE"
        # Three weeks later at the same local time: 21 days less the hour the clocks went forward.
        assert js["start"] - old_js["start"] == int((timedelta(weeks=3) - timedelta(hours=1)).total_seconds())
        assert datetime.fromtimestamp(js["start"], timezone.utc).astimezone(ZONE).date() >= NEW_FIRST_DAY
        assert lib["start"] == js["start"]

    notices = _notices(app)
    assert len(notices) == 30 and len({m.recipient for _lang, m in notices}) == 30
    for language, message in notices:
        assert message.subject == _subject(app, language, "Postponed: %(title)s")
        assert "The host asked for three more weeks." in message.body
    assert len({_subject(app, language, "Postponed: %(title)s") for language in LANGUAGES}) == 3  # translated

    page.goto(f"{base}/registrations/{tokens[0]}")
    assert "The event has been postponed." in page.inner_text(".change-notice")
    assert "New dates: 22 March 2027, 09:00" in page.inner_text(".change-notice")

    page.goto(f"{base}/manage/events/{event_id}")
    page.get_by_role("link", name="Cancel the event").click()
    assert "30 participants will be told" in page.inner_text("#change-preview")
    page.get_by_role("button", name="Confirm: cancel the event").click()
    page.wait_for_url(f"{base}/manage/events/{event_id}")
    assert page.inner_text("#event-status") == "Cancelled"

    cancellations = _notices(app)[30:]
    assert len(cancellations) == 30
    assert all(m.subject == _subject(app, language, "Cancelled: %(title)s") for language, m in cancellations)
    for token in tokens[:3]:  # one participant of each language
        page.goto(f"{base}/registrations/{token}")
        assert page.locator("#registration-status").count() == 1
        feed = Calendar.from_ical(page.request.get(f"{base}/registrations/{token}/calendar.ics").body())
        assert {str(c["STATUS"]) for c in feed.walk("VEVENT")} == {"CANCELLED"}
    page.goto(f"{base}/registrations/{tokens[0]}")
    assert "This event is cancelled." in page.inner_text("#registration-status")
    page.goto(f"{base}/events/expo/register")
    assert "This event is cancelled." in page.inner_text("main")
