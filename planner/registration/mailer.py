"""Sending the outbox over SMTP, safely from several processes at once, retrying with back-off.

Why this shape: the web request only writes outbox rows (in its own transaction), so a slow or
down SMTP server never loses or delays a registration. A sender claims each row with one
conditional UPDATE (`... WHERE id = :id AND status = 'queued'`): of two senders racing for a
row, exactly one sees rowcount 1 (PostgreSQL makes the second wait and re-check the condition;
SQLite lets one writer at a time). A failed attempt puts the row back with `next_attempt_at`
doubled each time (30 s, 1 min, 2 min... at most an hour); after MAX_ATTEMPTS it is `failed`
and shown as such on /manage/outbox. A claim older than STALE_CLAIM (a sender that died
mid-send) is released, so no row stays stuck in `sending`.

A message that cannot be built or is refused for what it is (a recipient that is not one
address, a header that would not encode) is marked `failed` at once with the reason, and the
others go out: one bad row never stops the sender. Private links are put into the body only
here, from the row's nonce (planner.registration.tokens); once the message is sent or given up,
the nonce is dropped and any link left in the stored body is masked.
"""

from __future__ import annotations

import base64
import logging
import os
import smtplib
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from planner.db import utcnow
from planner.registration.models import OutboxMessage, OutboxStatus
from planner.registration.tokens import PLACEHOLDER, derive_token, mask
from planner.validation import is_email

MAX_ATTEMPTS = 12
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
STALE_CLAIM = timedelta(minutes=15)
BATCH = 50
_table = OutboxMessage.__table__
log = logging.getLogger(__name__)


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def claim(engine: Engine, worker: str, now: datetime, limit: int = BATCH) -> list[int]:
    """Claim due queued rows for `worker`; returns the ids this worker (and no other) now owns."""
    claimed = []
    with engine.begin() as connection:
        connection.execute(
            _table.update()
            .where(_table.c.status == OutboxStatus.SENDING, _table.c.claimed_at < now - STALE_CLAIM)
            .values(status=OutboxStatus.QUEUED, claimed_by=None, claimed_at=None)
        )
        due = (
            connection.execute(
                sa.select(_table.c.id)
                .where(_table.c.status == OutboxStatus.QUEUED, _table.c.next_attempt_at <= now)
                .order_by(_table.c.id)
                .limit(limit)
            )
            .scalars()
            .all()
        )
        for message_id in due:
            result = connection.execute(
                _table.update()
                .where(_table.c.id == message_id, _table.c.status == OutboxStatus.QUEUED)
                .values(status=OutboxStatus.SENDING, claimed_by=worker, claimed_at=now)
            )
            if result.rowcount == 1:
                claimed.append(message_id)
    return claimed


class Undeliverable(ValueError):
    """The message itself is wrong (not the SMTP server): retrying would fail the same way."""


def body_to_send(message: OutboxMessage, secret_key: str) -> str:
    """The body with the private link's token put in (derived from the row's nonce)."""
    if message.link_nonce:
        return message.body.replace(PLACEHOLDER, derive_token(message.link_nonce, secret_key))
    return message.body


def as_email(message: OutboxMessage, sender: str, secret_key: str) -> EmailMessage:
    """The message as sent. The `email` package's default policy refuses a header value with a
    CR or LF, so nothing typed into a title or address can add a header or a recipient."""
    if not is_email(message.recipient):
        raise Undeliverable(f"the recipient {message.recipient!r} is not one e-mail address")
    email = EmailMessage(policy=policy.SMTP)
    try:
        email["From"] = sender
        email["To"] = message.recipient
        email["Subject"] = message.subject
    except (ValueError, TypeError) as error:
        raise Undeliverable(f"a header cannot be written: {error}") from None
    email.set_content(body_to_send(message, secret_key))
    for attachment in message.attachments:
        maintype, subtype = attachment["mime_type"].split("/", 1)
        email.add_attachment(
            base64.b64decode(attachment["content"]), maintype=maintype, subtype=subtype, filename=attachment["name"]
        )
    return email


def deliver(email: EmailMessage, config: dict) -> None:
    """One SMTP conversation; raises on any failure."""
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def send_due(engine: Engine, config: dict, now: datetime | None = None, worker: str | None = None) -> SendReport:
    """Send every due message once. Without MAIL_SERVER nothing is sent (mails wait)."""
    report = SendReport()
    if not config.get("MAIL_SERVER"):
        return report
    now = now or utcnow()
    worker = worker or worker_name()
    for message_id in claim(engine, worker, now):
        with Session(engine) as session:
            message = session.get(OutboxMessage, message_id)
            try:
                deliver(as_email(message, config["MAIL_SENDER"], config["SECRET_KEY"]), config)
            except (OSError, smtplib.SMTPException) as error:
                message.attempts += 1
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = OutboxStatus.FAILED
                    report.failed += 1
                else:
                    message.status = OutboxStatus.QUEUED
                    message.next_attempt_at = now + backoff(message.attempts)
                    report.retrying += 1
            except Exception as error:  # the message itself: give up on it, send the others
                message.attempts += 1
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                message.status = OutboxStatus.FAILED
                report.failed += 1
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = utcnow()
                message.last_error = ""
                report.sent += 1
            message.claimed_by = message.claimed_at = None
            if message.status in (OutboxStatus.SENT, OutboxStatus.FAILED):
                message.link_nonce = None
                message.body = mask(message.body)
            session.add(message)
            session.commit()  # each message's outcome at once, on its own session: never sent twice
    return report


def send_forever(engine: Engine, config: dict, interval: float = 5.0) -> None:
    """`send-mail --loop`: poll the outbox until interrupted. While the database is unreachable
    it waits (longer each time, at most a minute) and tries again instead of dying."""
    outage = 0
    while True:
        try:
            send_due(engine, config)
            outage = 0
        except sa.exc.SQLAlchemyError as error:
            outage += 1
            log.warning("send-mail: database unavailable (%s); retrying", type(error).__name__)
        time.sleep(min(interval * 2**outage, 60.0) if outage else interval)


def waiting(session: Session, limit: int = 200) -> list[OutboxMessage]:
    """The outbox, newest first, for the management page."""
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))
