"""The outbox sender against faults (issue 21), on SQLite and on PostgreSQL, with a real SMTP server:
messages that cannot be built, the database lost in the middle of a batch, a stop mid-batch."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import exc
from sqlmodel import select

from planner.registration import mailer
from planner.registration.models import OutboxMessage
from planner.registration.outbox import queue_mail


def _config(app, smtp) -> dict:
    return {**app.config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port}


def _received(smtp) -> list:
    return [message_from_bytes(raw, policy=policy.default) for raw in smtp.messages]


def _queue(session, *recipients: str) -> list[int]:
    messages = [queue_mail(session, recipient, f"Hello {recipient}", "Body") for recipient in recipients]
    session.commit()
    return [message.id for message in messages]


def test_messages_that_cannot_be_built_fail_with_the_reason_and_the_others_go(app, session, smtp):
    first = _queue(session, "first@example.org")
    bad = [
        OutboxMessage(recipient="victim@example.org\r\nBcc: spam@example.org", subject="Hi", body="x"),
        OutboxMessage(recipient="a@example.org, b@example.org", subject="Hi", body="x"),
        OutboxMessage(recipient="ok@example.org", subject="Hi\nBcc: spam@example.org", body="x"),
    ]
    session.add_all(bad)
    session.commit()
    last = _queue(session, "last@example.org")

    report = mailer.send_due(app.extensions["planner.engine"], _config(app, smtp))

    assert (report.sent, report.retrying, report.failed) == (2, 0, 3)
    assert sorted(str(mail["To"]) for mail in _received(smtp)) == ["first@example.org", "last@example.org"]
    assert all(recipients in (["first@example.org"], ["last@example.org"]) for recipients in smtp.recipients)
    session.expire_all()
    rows = {row.id: row for row in session.exec(select(OutboxMessage))}
    assert [rows[i].status for i in first + last] == ["sent", "sent"]
    assert [rows[m.id].status for m in bad] == ["failed"] * 3
    assert "is not one e-mail address" in rows[bad[0].id].last_error
    assert "is not one e-mail address" in rows[bad[1].id].last_error
    assert "a header cannot be written" in rows[bad[2].id].last_error
    assert all(rows[m.id].claimed_by is None for m in bad)


def test_every_attempt_at_a_message_carries_the_same_message_id(app, session):
    ids = _queue(session, "one@example.org", "two@example.org")
    one, two = (session.get(OutboxMessage, i) for i in ids)
    build = [mailer.as_email(m, "Events <events@un.example>", "k") for m in (one, one, two)]
    assert build[0]["Message-ID"] == build[1]["Message-ID"] != build[2]["Message-ID"]
    assert build[0]["Message-ID"].startswith(f"<outbox.{one.id}.") and build[0]["Message-ID"].endswith("@un.example>")


def _lost_connection() -> exc.OperationalError:
    return exc.OperationalError("UPDATE outbox_message", {}, Exception("server closed the connection unexpectedly"))


def test_the_database_lost_mid_batch_is_waited_out_and_nothing_is_sent_twice(app, session, smtp, monkeypatch):
    ids = _queue(session, "one@example.org", "two@example.org", "three@example.org")
    failures = Counter(load=2, save=3)  # how many times each step finds the database gone
    pauses = []
    real_load, real_save = mailer._load, mailer._save

    def load(*args):
        if failures["load"]:
            failures["load"] -= 1
            raise _lost_connection()
        return real_load(*args)

    def save(*args):
        if failures["save"]:
            failures["save"] -= 1
            raise _lost_connection()
        return real_save(*args)

    monkeypatch.setattr(mailer, "_load", load)
    monkeypatch.setattr(mailer, "_save", save)
    monkeypatch.setattr(mailer.time, "sleep", pauses.append)

    report = mailer.send_due(app.extensions["planner.engine"], _config(app, smtp))

    assert report.sent == 3 and not failures["load"] and not failures["save"]
    assert pauses == [1.0, 2.0, 1.0, 2.0, 4.0]  # backs off within one step, afresh for the next
    ids_sent = Counter(str(mail["Message-ID"]) for mail in _received(smtp))
    assert len(ids_sent) == 3 and set(ids_sent.values()) == {1}
    session.expire_all()
    assert [session.get(OutboxMessage, i).status for i in ids] == ["sent"] * 3


def test_a_database_gone_for_longer_than_the_sender_waits_raises(app, session, smtp, monkeypatch):
    _queue(session, "one@example.org")

    def load(*args):
        raise _lost_connection()

    monkeypatch.setattr(mailer, "PATIENCE", timedelta(seconds=0))
    monkeypatch.setattr(mailer, "_load", load)
    with pytest.raises(exc.OperationalError):
        mailer.send_due(app.extensions["planner.engine"], _config(app, smtp))
    assert smtp.messages == []


def test_a_stop_hands_the_unsent_claims_back(app, session, smtp):
    ids = _queue(session, "one@example.org", "two@example.org")
    stop = threading.Event()
    stop.set()
    report = mailer.send_due(app.extensions["planner.engine"], _config(app, smtp), stop=stop)
    assert report.sent == 0 and smtp.messages == []
    session.expire_all()
    rows = [session.get(OutboxMessage, i) for i in ids]
    assert [(row.status, row.claimed_by) for row in rows] == [("queued", None)] * 2
