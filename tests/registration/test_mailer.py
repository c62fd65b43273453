"""The outbox and its sender against a real SMTP server (aiosmtpd on 127.0.0.1)."""

import os
import signal
import threading
from datetime import timedelta
from email import message_from_bytes, policy

from sqlmodel import select

from planner.db import utcnow
from planner.registration import editing, mailer
from planner.registration.models import OutboxMessage, Registration
from tests.registration.helpers import open_event, participant


def _config(app, smtp):
    return {**app.config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port}


def _register(app, session, n=1):
    event = open_event(session)
    with app.test_request_context():
        return event, *editing.register(session, event, participant(n))


def test_confirmation_arrives_with_private_link_and_ics(app, session, smtp):
    event, registration, token = _register(app, session)
    report = mailer.send_due(app.extensions["planner.engine"], _config(app, smtp))
    assert report.sent == 1
    [raw] = smtp.messages
    mail = message_from_bytes(raw, policy=policy.default)
    assert mail["To"] == "person1@example.org"
    assert f"/registrations/{token}" in mail.get_body(("plain",)).get_content()
    assert "confirmed" in mail.get_body(("plain",)).get_content()
    [ics] = [part for part in mail.iter_attachments()]
    assert ics.get_content_type() == "text/calendar"
    assert b"SUMMARY:Sample briefing (not a real meeting)" in ics.get_payload(decode=True)
    session.expire_all()
    assert session.exec(select(OutboxMessage.status)).all() == ["sent"]


def test_smtp_outage_keeps_registration_and_mail_then_delivers(app, session, smtp):
    smtp.stop()
    event, registration, token = _register(app, session)
    engine = app.extensions["planner.engine"]
    report = mailer.send_due(engine, _config(app, smtp))
    assert (report.sent, report.retrying) == (0, 1)
    session.expire_all()
    message = session.exec(select(OutboxMessage)).one()
    assert (message.status, message.attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at > utcnow()  # backs off, not hammering the server
    assert mailer.send_due(engine, _config(app, smtp)).sent == 0  # not due yet
    assert session.get(Registration, registration.id).status == "confirmed"
    smtp.start()
    report = mailer.send_due(engine, _config(app, smtp), now=utcnow() + timedelta(minutes=1))
    assert report.sent == 1
    assert len(smtp.messages) == 1
    session.expire_all()
    assert session.get(OutboxMessage, message.id).status == "sent"
    assert session.get(Registration, registration.id).status == "confirmed"


def test_a_row_is_claimed_by_one_sender_only(app, session):
    _register(app, session)
    engine = app.extensions["planner.engine"]
    now = utcnow()
    first = mailer.claim(engine, "a", now)
    second = mailer.claim(engine, "b", now)
    assert len(first) == 1 and second == []
    # a sender that died mid-send releases its claim after STALE_CLAIM
    assert mailer.claim(engine, "c", now + mailer.STALE_CLAIM + timedelta(seconds=1)) == first


def test_backoff_doubles_up_to_an_hour():
    assert [mailer.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert mailer.backoff(30) == timedelta(hours=1)


def test_a_stop_signal_ends_the_senders_pause_from_its_handler():
    """The stop flag is set from a signal handler in the main thread, as `send-mail --loop`'s
    SIGTERM handler does, while the main thread waits on it: the wait ends set, long before its
    minute (a threading.Event could deadlock here on its own lock)."""
    previous = signal.getsignal(signal.SIGUSR1)
    try:
        for _ in range(20):  # signals landing at different moments of the wait
            flag = mailer.StopFlag()
            signal.signal(signal.SIGUSR1, lambda *_, flag=flag: flag.set())
            threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGUSR1)).start()
            assert flag.wait(60) is True
    finally:
        signal.signal(signal.SIGUSR1, previous)
    assert mailer.StopFlag().wait(0.01) is False  # unset: the pause runs out and says so


def test_without_mail_server_mails_wait_in_the_outbox(app, session):
    _register(app, session)
    assert mailer.send_due(app.extensions["planner.engine"], {**app.config, "MAIL_SERVER": ""}).sent == 0
    assert session.exec(select(OutboxMessage.status)).all() == ["queued"]


def test_send_mail_command_delivers_the_outbox(app, session, smtp):
    _register(app, session)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0 and "sent 1, retrying later 0" in result.output
    assert len(smtp.messages) == 1
