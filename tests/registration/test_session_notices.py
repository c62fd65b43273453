"""Participants who picked a session are told when it moves, changes room or is cancelled: one
mail per participant per saved change (never one per session), in their language, with their
private link and their personal calendar as it now is.

The French catalogue may not be compiled when these run (tests/registration/test_languages.py),
so "written in French" is checked through what needs none: the event's French title and the
session's date formatted by Babel (CLDR) in French, which only happens under force_locale("fr").
"""

import base64
from datetime import timedelta

from babel.dates import format_date
from icalendar import Calendar
from sqlmodel import select

from planner.agenda import changes, editing
from planner.agenda.editing import SessionValues
from planner.agenda.models import AgendaSession
from planner.audit.models import AuditEntry
from planner.events.models import Event, EventTranslation
from planner.registration import editing as registration_editing
from planner.registration import personal
from planner.registration.mailer import body_to_send
from planner.registration.models import AgendaPick, ChangeNotice, OutboxMessage, Registration
from planner.registration.session_notices import describe_session_change
from planner.registration.tokens import find_by_token
from tests.forms import post_form
from tests.registration.helpers import open_event, participant

FRENCH_TITLE = "Séance d’information (exemple)"


def _programme(app, session, count: int = 5):
    """The sample event (New York) with `count` more published sessions, an hour apart."""
    event = open_event(session, capacity=None)
    session.add(EventTranslation(event_id=event.id, language="fr", title=FRENCH_TITLE))
    sessions = [
        AgendaSession(
            event_id=event.id,
            title=f"Workshop {n}",
            published=True,
            starts_at=event.starts_at + timedelta(hours=n),
            ends_at=event.starts_at + timedelta(hours=n, minutes=50),
        )
        for n in range(1, count + 1)
    ]
    session.add_all(sessions)
    session.commit()
    return event, sessions


def _register(app, session, event, n: int, picks, **overrides) -> Registration:
    with app.test_request_context():
        registration, _token = registration_editing.register(session, event, participant(n, **overrides))
    session.add_all(AgendaPick(registration_id=registration.id, session_id=s.id) for s in picks)
    session.commit()
    return registration


def _notices(session, registration: Registration) -> list[OutboxMessage]:
    """The mails to the participant after their confirmation."""
    session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.recipient == registration.email).order_by(OutboxMessage.id)
    return list(session.exec(query))[1:]


def test_a_change_to_five_picked_sessions_sends_each_participant_one_notice(app, session):
    event, workshops = _programme(app, session)
    everything = _register(app, session, event, 1, workshops)  # picked all five
    one = _register(app, session, event, 2, workshops[:1])
    elsewhere = _register(app, session, event, 3, [])  # picked none of them
    gone = _register(app, session, event, 4, workshops)
    with app.test_request_context():
        registration_editing.cancel(session, event, gone)
    assert changes.audience(session, event, [w.id for w in workshops]) == 2

    with app.app_context():
        editing.cancel_sessions(session, "ana@un.example", event, workshops, "the venue flooded", "We are sorry.")

    [mail] = _notices(session, everything)
    assert mail.subject == f"Session cancelled: {event.title}"
    for workshop in workshops:
        assert f"“{workshop.title}”" in mail.body and "is cancelled." in mail.body
    assert "We are sorry." in mail.body
    [mail_to_one] = _notices(session, one)
    assert "“Workshop 1”" in mail_to_one.body and "Workshop 2" not in mail_to_one.body  # only their picks
    assert _notices(session, elsewhere) == []
    assert [m.subject for m in _notices(session, gone)] == [f"Registration cancelled: {event.title}"]
    [notice] = session.exec(select(ChangeNotice)).all()
    assert (notice.kind, notice.session_ids, notice.recipients) == ("sessions", [w.id for w in workshops], 2)
    assert notice.message == "We are sorry."
    assert notice.after[str(workshops[0].id)]["cancelled"] is True
    with app.test_request_context():
        lines = describe_session_change(notice, event.zone, {workshops[0].id})
        when = changes.when(workshops[0].starts_at, workshops[0].ends_at, event.zone)
        assert describe_session_change(notice, session_ids={workshops[0].id}) == lines  # it keeps the zone
    assert lines == [f"“Workshop 1”, planned for {when}, is cancelled."]
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "notify participants")).all()
    assert (entry.object_type, entry.object_id, entry.after["recipients"]) == ("event", str(event.id), 2)


def test_five_sessions_moved_in_one_saved_change_are_one_notice(app, session):
    """The signal carries every session a saved change touched: a receiver gets them together."""
    event, workshops = _programme(app, session)
    both = _register(app, session, event, 1, workshops)
    with app.app_context():
        befores = [changes.SessionState.of(session, w) for w in workshops]
        for workshop in workshops:
            workshop.starts_at += timedelta(days=1)
            workshop.ends_at += timedelta(days=1)
            session.add(workshop)
        moved = [
            changes.SessionChange(w.id, before, changes.SessionState.of(session, w))
            for w, before in zip(workshops, befores, strict=True)
        ]
        changes.announce(session, event, changes.SessionsChange("ana@un.example", tuple(moved)))
        session.commit()
    [mail] = _notices(session, both)
    assert mail.body.count("now takes place") == 5
    assert len(session.exec(select(ChangeNotice)).all()) == 1


def test_editing_one_session_tells_its_pickers_once_each_and_nobody_else(app, client, session):
    event, workshops = _programme(app, session, count=2)
    first, second = workshops
    pickers = [_register(app, session, event, n, [first]) for n in (1, 2)]
    other = _register(app, session, event, 3, [second])
    zone = event.zone
    local_start = first.starts_at.astimezone(zone).replace(tzinfo=None) + timedelta(hours=3)
    values = SessionValues(
        title=first.title,
        kind=first.kind,
        local_start=local_start,
        local_end=local_start + timedelta(minutes=50),
    )
    old_start, old_end = first.starts_at, first.ends_at
    with app.app_context():
        editing.save_session(session, "ana@un.example", event, first, values, message="Lunch is served before.")
        editing.save_session(session, "ana@un.example", event, first, values)  # unchanged: nobody told again
        editing.save_session(
            session, "ana@un.example", event, first, SessionValues(**{**values.__dict__, "title": "Workshop one"})
        )  # a new title alone is no news

    for picker in pickers:
        [mail] = _notices(session, picker)
        assert mail.subject == f"Programme change: {event.title}"
        with app.test_request_context():
            old, new = changes.when(old_start, old_end, zone), changes.when(first.starts_at, first.ends_at, zone)
        assert f"“Workshop 1” now takes place {new} (before: {old})." in mail.body
        assert "(America/New_York)" in new and "Lunch is served before." in mail.body
        # The private link in the sent mail opens the participant's own registration...
        token = body_to_send(mail, app.config["SECRET_KEY"]).split("/registrations/", 1)[1].split("?", 1)[0]
        assert find_by_token(session, token).id == picker.id
        # ...and the attached personal calendar has the session at its new time, SEQUENCE raised.
        [attachment] = mail.attachments
        vevents = Calendar.from_ical(base64.b64decode(attachment["content"])).walk("VEVENT")
        [moved] = [v for v in vevents if str(v["SUMMARY"]) == "Workshop 1"]
        assert moved["DTSTART"].dt == first.starts_at and int(moved["SEQUENCE"]) == 1 + event.sequence
    assert _notices(session, other) == []
    assert session.exec(select(ChangeNotice)).one().recipients == 2


def test_a_notice_is_written_in_the_participants_language(app, session):
    event, workshops = _programme(app, session, count=1)
    french = _register(app, session, event, 1, workshops, language="fr")
    english = _register(app, session, event, 2, workshops)
    with app.app_context():
        editing.cancel_session(session, "ana@un.example", workshops[0])
    [mail] = _notices(session, french)
    day = workshops[0].starts_at.astimezone(event.zone)
    assert FRENCH_TITLE in mail.subject and FRENCH_TITLE in mail.body
    [line] = [line for line in mail.body.splitlines() if "Workshop 1" in line]
    assert format_date(day, "long", locale="fr") in line and format_date(day, "long", locale="en_GB") not in line
    assert "?lang=fr" in mail.body
    [english_mail] = _notices(session, english)
    assert event.title in english_mail.subject and FRENCH_TITLE not in english_mail.body
    assert format_date(day, "long", locale="en_GB") in english_mail.body


def test_the_confirmation_page_counts_who_will_be_told_and_a_cancelled_session_cannot_be_picked(
    app, client, signed_in, session
):
    event, (first, second) = _programme(app, session, count=2)
    picker = _register(app, session, event, 1, [first])
    _register(app, session, event, 2, [first, second])
    manager = signed_in("manager")
    page = manager.get(f"/manage/sessions/{first.id}/cancel").get_data(as_text=True)
    assert "2 participants who put it in their personal agenda will be told by e-mail." in page
    edit = manager.get(f"/manage/sessions/{first.id}/edit").get_data(as_text=True)
    assert "2 participants put this session in their personal agenda" in edit
    response = post_form(manager, f"/manage/sessions/{first.id}/cancel", {"confirmed": "yes", "message": "Sorry."})
    assert response.status_code == 302
    assert len(session.exec(select(OutboxMessage).where(OutboxMessage.body.contains("Sorry."))).all()) == 2

    # Picks: the cancelled one cannot be newly picked, and the one made before stays.
    session.expire_all()
    other = session.get(Registration, _register(app, session, event, 3, []).id)
    event = session.get(Event, event.id)
    personal.set_picks(session, event, other, {first.id, second.id})
    assert personal.picked_ids(session, other) == {second.id}
    personal.set_picks(session, event, session.get(Registration, picker.id), {second.id})
    assert personal.picked_ids(session, session.get(Registration, picker.id)) == {first.id, second.id}


def test_changes_of_drafts_tell_nobody(app, session):
    event, (workshop,) = _programme(app, session, count=1)
    draft = AgendaSession(
        event_id=event.id, title="Draft", starts_at=workshop.starts_at, ends_at=workshop.ends_at, published=False
    )
    session.add(draft)
    session.commit()
    _register(app, session, event, 1, [workshop])
    start = workshop.starts_at.astimezone(event.zone).replace(tzinfo=None) + timedelta(hours=2)
    with app.app_context():
        editing.save_session(
            session,
            "ana@un.example",
            event,
            draft,
            SessionValues(title="Draft", kind="plenary", local_start=start, local_end=start + timedelta(hours=1)),
        )
    assert session.exec(select(ChangeNotice)).all() == []
    assert len(session.exec(select(OutboxMessage)).all()) == 1  # the confirmation alone
