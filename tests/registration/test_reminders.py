"""The reminder N days before an event: once per live registration, in its language."""

import logging
import threading
from datetime import timedelta

import pytest
from babel.dates import format_date
from sqlmodel import Session, select

from planner.audit.models import AuditEntry
from planner.events.models import EventTranslation
from planner.registration import editing, mailer, reminders
from planner.registration.models import OutboxMessage, Registration, RegistrationSettings
from tests.forms import field_error, field_value, post_form
from tests.registration.helpers import open_event, participant

FRENCH_TITLE = "Séance d’information (exemple)"


def _event(app, session, days=7, **settings):
    """Two seats and five registrations: confirmed (fr), confirmed, waitlisted, cancelled, anonymised."""
    event = open_event(session, capacity=2, reminder_days=days, **settings)
    session.add(EventTranslation(event_id=event.id, language="fr", title=FRENCH_TITLE))
    session.commit()
    with app.test_request_context():
        for n in range(1, 6):
            editing.register(session, event, participant(n, language="fr" if n == 1 else "en"))
    four = session.exec(select(Registration).where(Registration.email == "person4@example.org")).one()
    editing.cancel(session, event, four)  # person3 (waitlisted) takes the seat; person5 waits
    five = session.exec(select(Registration).where(Registration.email == "person5@example.org")).one()
    five.email, five.given_name, five.family_name, five.anonymised = None, "", "", True
    session.add(five)
    session.commit()
    return event


def _reminders(session) -> list[OutboxMessage]:
    session.expire_all()
    return list(
        session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.subject.startswith("Rappel") | OutboxMessage.subject.startswith("Reminder"))
            .order_by(OutboxMessage.id)
        )
    )


def _queue(app, session, now) -> int:
    with app.app_context():
        return reminders.queue_due_reminders(session, now)


def test_a_due_event_reminds_each_live_registration_once(app, session):
    event = _event(app, session, days=7)
    now = event.starts_at - timedelta(days=6)
    assert _queue(app, session, now) == 3  # persons 1, 2, 3; not the cancelled or the anonymised
    mails = {m.recipient: m for m in _reminders(session)}
    assert sorted(mails) == ["person1@example.org", "person2@example.org", "person3@example.org"]
    french = mails["person1@example.org"]
    assert FRENCH_TITLE in french.subject and format_date(event.first_day, "long", locale="fr") in french.body
    english = mails["person2@example.org"]
    assert english.subject == "Reminder: Sample briefing (not a real meeting)"
    assert "https://localhost/events/sample-briefing?lang=en" in english.body  # the programme
    assert "/registrations/[private-link]?lang=en" in english.body and english.link_nonce
    assert "New York, United States" in english.body
    session.expire_all()
    reminded = session.exec(select(Registration.email, Registration.reminded_at).order_by(Registration.id)).all()
    assert [email for email, at in reminded if at == now] == [
        "person1@example.org",
        "person2@example.org",
        "person3@example.org",
    ]
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "reminder")).all()
    assert (entry.object_id, entry.after) == (str(event.id), {"recipients": 3, "reminder_days": 7})
    # Called again (the next round of the sender, a cron job): nothing more.
    assert _queue(app, session, now + timedelta(minutes=1)) == 0
    assert len(_reminders(session)) == 3


def test_not_yet_due_started_cancelled_or_unset_events_get_none(app, session):
    event = _event(app, session, days=7)
    assert _queue(app, session, event.starts_at - timedelta(days=7, minutes=1)) == 0  # not yet
    assert _queue(app, session, event.starts_at) == 0  # started
    event.status = "cancelled"
    session.add(event)
    session.commit()
    assert _queue(app, session, event.starts_at - timedelta(days=1)) == 0
    event.status, event.published = "scheduled", False
    session.add(event)
    session.commit()
    assert _queue(app, session, event.starts_at - timedelta(days=1)) == 0
    event.published = True
    settings = session.exec(select(RegistrationSettings)).one()
    settings.reminder_days = None
    session.add_all([event, settings])
    session.commit()
    assert _queue(app, session, event.starts_at - timedelta(days=1)) == 0
    assert _reminders(session) == []


def test_two_senders_at_once_queue_each_reminder_once(app, session):
    event = _event(app, session, days=7)
    now = event.starts_at - timedelta(days=1)
    engine = app.extensions["planner.engine"]
    barrier, counts, errors = threading.Barrier(2), [], []

    def run():
        with app.app_context(), Session(engine, expire_on_commit=False) as own:
            barrier.wait()
            try:
                counts.append(reminders.queue_due_reminders(own, now))
            except Exception as error:  # reported below, not lost in the thread
                errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(counts) == [0, 3]
    assert sorted(m.recipient for m in _reminders(session)) == [
        "person1@example.org",
        "person2@example.org",
        "person3@example.org",
    ]


def test_the_sender_loop_queues_reminders_and_survives_a_failure(app, session, monkeypatch, caplog):
    event = _event(app, session, days=7)
    engine = app.extensions["planner.engine"]
    with app.app_context():
        assert mailer.queue_reminders(engine, event.starts_at - timedelta(days=1)) == 3

        def broken(_session, _now):
            raise RuntimeError("composing failed")

        monkeypatch.setattr(reminders, "queue_due_reminders", broken)
        with caplog.at_level(logging.ERROR, logger="planner.registration.mailer"):
            assert mailer.queue_reminders(engine) == 0
    assert "reminders not queued this round" in caplog.text


def test_send_reminders_command(app, session):
    event = _event(app, session, days=60)  # six weeks ahead: due now
    runner = app.test_cli_runner()
    assert "queued 3 reminders" in runner.invoke(args=["send-reminders"]).output
    assert "queued 0 reminders" in runner.invoke(args=["send-reminders"]).output
    assert event.id


SETTINGS = {"capacity": "3", "categories": ["ngo", "media"]}


def test_settings_form_saves_reminder_days(app, session, signed_in):
    event = open_event(session)
    client = signed_in("manager")
    url = f"/manage/events/{event.id}/registration-settings"
    assert post_form(client, url, {**SETTINGS, "reminder_days": "7"}).status_code == 302
    session.expire_all()
    assert session.exec(select(RegistrationSettings.reminder_days)).one() == 7
    assert field_value(client.get(url).get_data(as_text=True), "reminder_days") == "7"
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "registration settings")).all()[-1]
    assert entry.after["reminder_days"] == 7
    assert post_form(client, url, {**SETTINGS, "reminder_days": ""}).status_code == 302  # no reminder
    session.expire_all()
    assert session.exec(select(RegistrationSettings.reminder_days)).one() is None


@pytest.mark.parametrize(
    "value, message",
    [("0", "Enter a number of days from 1 to 60."), ("61", "Enter a number of days from 1 to 60."), ("abc", None)],
)
def test_settings_form_refuses_bad_reminder_days(app, session, signed_in, value, message):
    event = open_event(session, reminder_days=5)
    client = signed_in("manager")
    url = f"/manage/events/{event.id}/registration-settings"
    response = post_form(client, url, {**SETTINGS, "reminder_days": value})
    assert response.status_code == 422
    error = field_error(response.get_data(as_text=True), "reminder_days")
    assert error == message if message else error
    session.expire_all()
    assert session.exec(select(RegistrationSettings.reminder_days)).one() == 5


def test_each_round_of_the_sender_loop_queues_reminders_first(app, monkeypatch):
    """send_forever (send-mail --loop) calls queue_reminders once a round, before sending."""
    calls = []

    class Stop(Exception):
        pass

    def send_due(*_args, **_kwargs):
        calls.append("send")
        raise Stop

    monkeypatch.setattr(mailer, "queue_reminders", lambda engine: calls.append("reminders"))
    monkeypatch.setattr(mailer, "send_due", send_due)
    failures = []

    def run():  # in a thread: send_forever then leaves the process's signal handlers alone
        try:
            mailer.send_forever(app.extensions["planner.engine"], app.config, interval=0)
        except Stop:
            failures.append("stopped")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=10)
    assert calls == ["reminders", "send"] and failures == ["stopped"]
