"""create-sample-event, purge-registrations and send-mail from the command line."""

from datetime import timedelta

from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.db import utcnow
from planner.events.models import Event
from planner.registration import editing
from planner.registration.models import Registration, RegistrationSettings
from tests.registration.helpers import open_event, participant


def test_create_sample_event_is_marked_open_and_idempotent(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-sample-event", "--slug", "try-it", "--capacity", "7"])
    assert result.exit_code == 0 and "created sample event /events/try-it with 7 seats" in result.output
    event = session.exec(select(Event).where(Event.slug == "try-it")).one()
    assert "not a real meeting" in event.title
    assert timedelta(weeks=4) < event.starts_at - utcnow() < timedelta(weeks=8)
    settings = session.exec(select(RegistrationSettings)).one()
    assert settings.capacity == 7
    assert editing.window(event, settings, utcnow()) == editing.Window.OPEN
    agenda = session.exec(select(AgendaSession).where(AgendaSession.event_id == event.id)).all()
    assert len(agenda) == 2 and all(s.published and s.is_sample for s in agenda)
    page = app.test_client().get("/events/try-it").get_data(as_text=True)
    assert "Sample agenda" in page and "Questions and answers (sample)" in page
    again = runner.invoke(args=["create-sample-event", "--slug", "try-it", "--capacity", "99"])
    assert again.exit_code == 0 and "nothing changed" in again.output
    session.expire_all()
    assert session.exec(select(RegistrationSettings.capacity)).all() == [7]
    bad = runner.invoke(args=["create-sample-event", "--slug", "Bad Slug!", "--capacity", "3"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_purge_anonymises_past_events_and_keeps_counts(app, session):
    event = open_event(session)
    with app.test_request_context():
        registration, token = editing.register(session, event, participant(1))
    event.starts_at, event.ends_at = utcnow() - timedelta(days=40), utcnow() - timedelta(days=39)
    session.add(event)
    session.commit()
    runner = app.test_cli_runner()
    assert "anonymised 0 registrations" in runner.invoke(args=["purge-registrations", "--older-than", "60"]).output
    assert "anonymised 1 registration" in runner.invoke(args=["purge-registrations", "--older-than", "30"]).output
    session.expire_all()
    row = session.get(Registration, registration.id)
    assert (row.anonymised, row.email, row.given_name, row.status, row.country) == (True, None, "", "confirmed", "KE")
    assert app.test_client().get(f"/registrations/{token}").status_code == 404


def test_send_mail_without_server_says_so(app):
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 2 and "MAIL_SERVER is not set" in result.output
