"""Changes reach everyone: new dates move the programme and the registration window, and a
postponement, cancellation or new place reaches every participant once, in their language."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlmodel import delete, select

from planner.agenda.models import AgendaSession
from planner.agenda.redating import sessions_outside_days
from planner.audit.models import AuditEntry
from planner.events import editing
from planner.events.changes import preview
from planner.events.editing import Decisions, EventValues
from planner.events.models import Event
from planner.registration import editing as registration_editing
from planner.registration.models import ChangeNotice, OutboxMessage, Registration, RegistrationSettings, Status
from tests.forms import field_value, post_confirmed, post_form
from tests.registration.helpers import participant

ZONE = ZoneInfo("America/New_York")
FIRST_DAY = date(2027, 3, 1)  # three weeks later is after the clocks change (14 March 2027)
LANGUAGES = ["en", "fr", "es"]


def _event(session, published=True) -> Event:
    event = editing.create_event(
        session,
        "test",
        EventValues(
            slug="expo",
            title="Global South-South Development Expo",
            kind="expo",
            status="scheduled",
            timezone=ZONE.key,
            city="New York",
            country="US",
            published=published,
            local_start=datetime.combine(FIRST_DAY, time(9)),
            local_end=datetime.combine(FIRST_DAY + timedelta(days=2), time(18)),
        ),
    )
    for n in range(9):
        day, hour = FIRST_DAY + timedelta(days=n // 3), 9 + 3 * (n % 3)
        start = datetime.combine(day, time(hour), ZONE)
        session.add(
            AgendaSession(
                event_id=event.id,
                title=f"Session {n + 1}",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                published=True,
            )
        )
    session.add(
        RegistrationSettings(
            event_id=event.id,
            opens_at=datetime(2026, 11, 1, tzinfo=ZONE),
            closes_at=datetime.combine(FIRST_DAY - timedelta(days=1), time(17), ZONE),
        )
    )
    session.commit()
    return event


def _register(session, event, count=30) -> list[str]:
    tokens = []
    for n in range(count):
        _registration, token = registration_editing.register(
            session, event, participant(n, language=LANGUAGES[n % 3]), now=datetime(2026, 12, 2, tzinfo=ZONE)
        )
        tokens.append(token)
    session.exec(delete(OutboxMessage))  # the confirmations: only the notices matter here
    session.commit()
    return tokens


def _local_starts(session, event) -> list[datetime]:
    rows = session.exec(select(AgendaSession).where(AgendaSession.event_id == event.id).order_by(AgendaSession.id))
    return [s.starts_at.astimezone(ZONE).replace(tzinfo=None) for s in rows]


def test_postponing_to_new_days_moves_sessions_window_and_tells_each_participant_once(app, session):
    new_first_day = FIRST_DAY + timedelta(weeks=3)
    with app.test_request_context():
        event = _event(session)
        tokens = _register(session, event)
        before = _local_starts(session, event)
        parts = preview(session, editing.postpone_change(event, new_first_day))
        assert [p.count for p in parts if "session" in p.sentence] == [9]
        assert [p.count for p in parts if "participant" in p.sentence] == [30]
        assert session.exec(select(OutboxMessage)).all() == []  # a preview writes nothing
        editing.postpone_event(
            session, "manager", event, "host request", new_first_day, Decisions(message="See you then.")
        )
    session.expire_all()
    assert _local_starts(session, event) == [moment + timedelta(weeks=3) for moment in before]  # same local times
    assert event.local_start.replace(tzinfo=None) == datetime.combine(new_first_day, time(9))
    assert sessions_outside_days(session, event) == 0
    settings = session.exec(select(RegistrationSettings)).one()
    assert settings.closes_at.astimezone(ZONE).date() == new_first_day - timedelta(days=1)
    assert settings.opens_at == datetime(2026, 11, 1, tzinfo=ZONE)  # already open: not moved

    mails = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert len(mails) == 30 and len({m.recipient for m in mails}) == 30
    by_language = {r.email: r.language for r in session.exec(select(Registration))}
    french = [m for m in mails if by_language[m.recipient] == "fr"]
    english = [m for m in mails if by_language[m.recipient] == "en"]
    assert all(m.subject.startswith("Postponed: ") for m in english)
    assert all(not m.subject.startswith("Postponed: ") for m in french)
    assert "See you then." in english[0].body and "/registrations/[private-link]?lang=en" in english[0].body
    assert "New dates: 22 March 2027, 09:00" in english[0].body and "(previously 1 March 2027, 09:00" in english[0].body
    assert english[0].attachments[0]["mime_type"] == "text/calendar"
    [notice] = session.exec(select(ChangeNotice)).all()
    assert (notice.kind, notice.recipients) == ("postponed", 30)

    # The private page shows the change at its top (its link was re-issued, the old one still works).
    client = app.test_client()
    page = client.get(f"/registrations/{tokens[0]}").get_data(as_text=True)
    assert "The event has been postponed." in page and "See you then." in page
    assert page.index("change-notice") < page.index("My agenda")


def test_feeds_show_the_moved_programme_with_sequence_raised(app, session):
    with app.test_request_context():
        event = _event(session)
    client = app.test_client()
    old = Calendar.from_ical(client.get("/events/expo/calendar.ics").data)
    with app.test_request_context():
        editing.postpone_event(session, "manager", event, None, FIRST_DAY + timedelta(weeks=3))
    new = Calendar.from_ical(client.get("/events/expo/calendar.ics").data)
    old_items = {str(c["UID"]): c for c in old.walk("VEVENT")}
    moved = 0
    for item in new.walk("VEVENT"):
        was = old_items[str(item["UID"])]
        assert int(item["SEQUENCE"]) > int(was["SEQUENCE"])
        assert str(item["STATUS"]) == "TENTATIVE"  # a postponed event's sessions too
        assert item.decoded("DTSTART").astimezone(ZONE).time() == was.decoded("DTSTART").astimezone(ZONE).time()
        shift = item.decoded("DTSTART").astimezone(timezone.utc) - was.decoded("DTSTART").astimezone(timezone.utc)
        assert shift == timedelta(weeks=3) - timedelta(hours=1)  # the clocks went forward in between
        moved += 1
    assert moved == 10  # the event and its nine sessions


def test_declining_to_move_keeps_sessions_and_warns(app, client, session, signed_in):
    with app.test_request_context():
        event = _event(session)
        editing.postpone_event(
            session, "manager", event, None, FIRST_DAY + timedelta(weeks=3), Decisions(move_sessions=False)
        )
    signed_in("manager")
    session.expire_all()
    assert sessions_outside_days(session, event) == 9
    page = client.get(f"/manage/events/{event.id}").get_data(as_text=True)
    assert "9 sessions fall outside the event’s days" in page
    timetable = client.get(f"/manage/events/{event.id}/agenda").get_data(as_text=True)
    assert "9 sessions fall outside the event’s days" in timetable
    assert session.exec(select(RegistrationSettings)).one().closes_at.astimezone(ZONE).date() == FIRST_DAY - timedelta(
        days=1
    )


def test_cancelling_cancels_registrations_as_such_and_tells_everyone(app, session):
    with app.test_request_context():
        event = _event(session)
        tokens = _register(session, event, 6)
        editing.cancel_event(session, "manager", event, "no host")
    session.expire_all()
    assert {r.status for r in session.exec(select(Registration))} == {Status.EVENT_CANCELLED}
    mails = session.exec(select(OutboxMessage)).all()
    assert len(mails) == 6
    english = next(m for m in mails if m.recipient == "person0@example.org")
    assert english.subject.startswith("Cancelled: ") and "The event has been cancelled." in english.body
    actions = {e.action for e in session.exec(select(AuditEntry))}
    assert {"cancel", "event cancelled", "notice"} <= actions
    client = app.test_client()
    page = client.get(f"/registrations/{tokens[0]}").get_data(as_text=True)
    assert "This event is cancelled." in page and "Cancel my registration" not in page
    feed = Calendar.from_ical(client.get(f"/registrations/{tokens[0]}/calendar.ics").data)
    assert {str(c["STATUS"]) for c in feed.walk("VEVENT")} == {"CANCELLED"}
    assert "This event is cancelled." in client.get("/events/expo/register").get_data(as_text=True)


def test_an_unpublished_event_tells_nobody_but_still_moves_its_programme(app, session):
    with app.test_request_context():
        event = _event(session, published=False)
    before = _local_starts(session, event)
    values = EventValues(
        slug="expo",
        title=event.title,
        kind="expo",
        status="scheduled",
        timezone=ZONE.key,
        city="Geneva",
        country="CH",
        local_start=datetime.combine(FIRST_DAY + timedelta(days=7), time(9)),
        local_end=datetime.combine(FIRST_DAY + timedelta(days=9), time(18)),
    )
    with app.test_request_context():
        editing.update_event(session, "manager", event, values)
    session.expire_all()
    assert _local_starts(session, event) == [moment + timedelta(days=7) for moment in before]
    assert session.exec(select(OutboxMessage)).all() == [] and session.exec(select(ChangeNotice)).all() == []


def test_the_edit_form_previews_then_saves_only_the_change_it_previewed(app, client, session, signed_in):
    with app.test_request_context():
        event = _event(session)
        _register(session, event, 3)
    signed_in("manager")
    edit = f"/manage/events/{event.id}/edit"
    data = dict(
        title=event.title,
        slug="expo",
        kind="expo",
        status="scheduled",
        series_id="",
        edition="",
        timezone=ZONE.key,
        venue_id="",
        country="US",
        city="New York",
        host="",
        theme="",
        description="",
        published="y",
        starts_local="2027-03-08T09:00",
        ends_local="2027-03-10T18:00",
    )
    first = post_form(client, edit, data)
    text = first.get_data(as_text=True)
    assert first.status_code == 200 and "9 sessions move with the new dates" in text
    assert "3 participants will be told by e-mail" in text
    session.expire_all()
    assert session.get(Event, event.id).sequence == 0  # the preview saved nothing
    # A date changed on the preview page is previewed again, not saved unseen.
    stale = post_form(
        client, edit, {**data, "starts_local": "2027-03-09T09:00", "confirmed": field_value(text, "confirmed")}
    )
    assert stale.status_code == 200 and session.get(Event, event.id).sequence == 0
    saved = post_confirmed(client, edit, data, move_sessions="y", notice_message="New dates agreed with the host.")
    assert saved.status_code == 302
    session.expire_all()
    assert session.get(Event, event.id).local_start.day == 8
    assert len(session.exec(select(OutboxMessage)).all()) == 3
    assert session.exec(select(ChangeNotice)).one().message == "New dates agreed with the host."
