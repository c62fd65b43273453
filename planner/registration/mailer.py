"""Sending the outbox over SMTP, safely from several processes at once, retrying with back-off.

Why this shape: the web request only writes outbox rows (in its own transaction), so a slow or
down SMTP server never loses or delays a registration. A sender claims each row with one
conditional UPDATE (`... WHERE id = :id AND status = 'queued'`): of two senders racing for a
row, exactly one sees rowcount 1 (PostgreSQL makes the second wait and re-check the condition;
SQLite lets one writer at a time). A failed attempt puts the row back with `next_attempt_at`
doubled each time (30 s, 1 min, 2 min... at most an hour); after MAX_ATTEMPTS it is `failed`
and shown as such on /manage/outbox. A claim older than STALE_CLAIM (a sender that died
mid-send) is released, so no row stays stuck in `sending`.

The database may go away at any moment (a restart, a fail-over). The sender then waits for it
instead of dying or guessing: between rounds (send_forever), and in the middle of a message,
where only this process knows whether the message went out (send_due). Every attempt at a row
carries the same Message-ID, so the one duplicate SMTP cannot rule out (sent, then the process
killed before the outcome was saved) can be recognised by the mail systems that receive it.

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
import signal
import smtplib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from planner.db import utcnow
from planner.registration import reminders
from planner.registration.models import OutboxMessage, OutboxStatus
from planner.registration.tokens import PLACEHOLDER, derive_token, mask
from planner.validation import is_email

MAX_ATTEMPTS = 12
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
STALE_CLAIM = timedelta(minutes=15)
# How long a sender waits for the database to come back in the middle of a batch: less than
# STALE_CLAIM, after which another sender may take (and send) a message it still holds.
PATIENCE = STALE_CLAIM - timedelta(minutes=1)
BATCH = 50
_table = OutboxMessage.__table__
log = logging.getLogger(__name__)
T = TypeVar("T")


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
    email["Message-ID"] = stable_message_id(message, sender)
    email.set_content(body_to_send(message, secret_key))
    for attachment in message.attachments:
        maintype, subtype = attachment["mime_type"].split("/", 1)
        email.add_attachment(
            base64.b64decode(attachment["content"]), maintype=maintype, subtype=subtype, filename=attachment["name"]
        )
    return email


def stable_message_id(message: OutboxMessage, sender: str) -> str:
    """The same Message-ID on every attempt at one outbox row, in the sender's domain.

    RFC 5322 asks for one; being stable, it also lets a mail system or a reader's client drop
    the copy should a message ever go out twice (sent, then the database gone before the
    outcome was saved, for longer than the sender waits: see send_due)."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "planner.localhost"
    created = f".{int(message.created_at.timestamp())}" if message.created_at else ""
    return f"<outbox.{message.id}{created}@{domain}>"


def deliver(email: EmailMessage, config: dict) -> None:
    """One SMTP conversation; raises on any failure."""
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def send_due(
    engine: Engine,
    config: dict,
    now: datetime | None = None,
    worker: str | None = None,
    stop: StopFlag | threading.Event | None = None,
) -> SendReport:
    """Send every due message once. Without MAIL_SERVER nothing is sent (mails wait).

    Each message is read, sent and its outcome saved on its own: a database outage in the middle
    of a batch is waited out (_while_unavailable) rather than leaving claimed rows in `sending`
    until STALE_CLAIM, or (worse) a sent message unrecorded and sent again. `stop` (set by
    SIGTERM in send_forever) ends the batch between two messages, never between sending one and
    recording it."""
    report = SendReport()
    if not config.get("MAIL_SERVER"):
        return report
    now = now or utcnow()
    worker = worker or worker_name()
    patience = time.monotonic() + PATIENCE.total_seconds()
    claimed = claim(engine, worker, now)
    for position, message_id in enumerate(claimed):
        if stop is not None and stop.is_set():
            _release(engine, claimed[position:])  # back to the queue, for the next sender
            break
        message = _while_unavailable(patience, stop, _load, engine, message_id)
        if message is None:
            continue  # removed since it was claimed (purge-registrations)
        outcome = _attempt(message, config, now, report)
        _while_unavailable(patience, stop, _save, engine, message_id, outcome)
    return report


def _attempt(message: OutboxMessage, config: dict, now: datetime, report: SendReport) -> dict:
    """Build and send `message`; returns the columns that record what happened."""
    attempts = message.attempts + 1
    try:
        deliver(as_email(message, config["MAIL_SENDER"], config["SECRET_KEY"]), config)
    except (OSError, smtplib.SMTPException) as error:  # the server or the network: try again later
        outcome = {"attempts": attempts, "last_error": f"{type(error).__name__}: {error}"[:2000]}
        if attempts >= MAX_ATTEMPTS:
            outcome["status"] = OutboxStatus.FAILED
            report.failed += 1
        else:
            outcome.update(status=OutboxStatus.QUEUED, next_attempt_at=now + backoff(attempts))
            report.retrying += 1
    except Exception as error:  # the message itself: give up on it, send the others
        outcome = {"attempts": attempts, "last_error": f"{type(error).__name__}: {error}"[:2000]}
        outcome["status"] = OutboxStatus.FAILED
        report.failed += 1
    else:
        outcome = {"attempts": attempts, "status": OutboxStatus.SENT, "sent_at": utcnow(), "last_error": ""}
        report.sent += 1
    outcome.update(claimed_by=None, claimed_at=None)
    if outcome["status"] in (OutboxStatus.SENT, OutboxStatus.FAILED):
        outcome.update(link_nonce=None, body=mask(message.body))
    return outcome


def _load(engine: Engine, message_id: int) -> OutboxMessage | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(OutboxMessage, message_id)


def _save(engine: Engine, message_id: int, outcome: dict) -> None:
    """Record one message's outcome at once, in its own transaction: never sent twice."""
    with Session(engine) as session:
        message = session.get(OutboxMessage, message_id)
        if message is None:
            return
        for column, value in outcome.items():
            setattr(message, column, value)
        session.add(message)
        session.commit()


def _release(engine: Engine, message_ids: list[int]) -> None:
    """Give claimed, unsent messages back to the queue (the sender is stopping)."""
    with engine.begin() as connection:
        connection.execute(
            _table.update()
            .where(_table.c.id.in_(message_ids), _table.c.status == OutboxStatus.SENDING)
            .values(status=OutboxStatus.QUEUED, claimed_by=None, claimed_at=None)
        )


def _database_unavailable(error: BaseException) -> bool:
    """The database did not answer (down, restarting, unreachable, locked): worth trying again.
    The web side's wider rule, with the 503 page, is planner._is_database_unavailable."""
    return isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)) or bool(
        getattr(error, "connection_invalidated", False)
    )


def _while_unavailable(patience: float, stop: StopFlag | threading.Event | None, step: Callable[..., T], *args) -> T:
    """`step(*args)`, tried again while the database is unavailable: 1 s, 2 s, 4 s ... at most
    30 s apart, until the monotonic clock passes `patience` or `stop` is set; then the error is
    raised.

    The step is one of the few statements about a message the sender has claimed. Its outcome
    is known only to this process, so waiting (the database usually comes back within seconds: a
    restart, a fail-over) is what keeps it from being sent twice or held until STALE_CLAIM."""
    pause = 1.0
    while True:
        try:
            return step(*args)
        except sa.exc.SQLAlchemyError as error:
            stopping = stop is not None and stop.is_set()
            if stopping or not _database_unavailable(error) or time.monotonic() + pause > patience:
                raise
            log.warning("send-mail: database unavailable (%s); trying again in %.0f s", type(error).__name__, pause)
        if stop is None:
            time.sleep(pause)
        else:
            stop.wait(pause)  # a stop ends the pause early: one last try
        pause = min(pause * 2, 30.0)


class StopFlag:
    """What a SIGTERM handler sets to end `send_forever`: a plain attribute, no lock.

    Not a threading.Event: its set() takes the lock of a Condition that its wait() holds on the
    way in and out, and a signal handler runs in the main thread between any two bytecodes, so a
    SIGTERM landing there deadlocked the sender on its own lock (it ignored every later stop and
    `make serve` had to kill it). The same hazard is CPython issues 121649 and 126434. `wait`
    sleeps in short slices instead, so a stop ends a pause within a tenth of a second."""

    SLICE = 0.1

    def __init__(self) -> None:
        self._set = False

    def set(self) -> None:
        self._set = True

    def is_set(self) -> bool:
        return self._set

    def wait(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not self._set and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, self.SLICE))
        return self._set


def send_forever(engine: Engine, config: dict, interval: float = 5.0) -> None:
    """`send-mail --loop`: poll the outbox until SIGTERM or SIGINT, which end it after the
    message being sent (so a supervisor's stop never leaves one sent but unrecorded). Each round
    first queues the reminders that have fallen due (queue_reminders), so no cron job is needed.

    While the database is unreachable it waits (the interval, then twice as long each time, at
    most a minute) and tries again instead of dying: `make serve` would restart it anyway, but a
    process that stays up keeps its claims and does not pay for start-up again and again."""
    stop = StopFlag()
    if threading.current_thread() is threading.main_thread():  # where Python lets signals be handled
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    outage = 0
    while not stop.is_set():
        queue_reminders(engine)  # once a round, before sending: a reminder due now leaves in this round
        try:
            send_due(engine, config, stop=stop)
        except sa.exc.SQLAlchemyError as error:
            outage += 1
            log.warning("send-mail: database unavailable (%s); retrying", type(error).__name__)
        else:
            if outage:
                log.warning("send-mail: database available again")
            outage = 0
        stop.wait(min(interval * 2 ** (outage - 1), 60.0) if outage else interval)


def queue_reminders(engine: Engine, now: datetime | None = None) -> int:
    """Queue the reminders due by now (planner.registration.reminders); returns how many.

    A failure is logged and the round goes on: sending what is queued matters more, and the next
    round tries the reminders again (each is queued once, whoever calls). Needs an app context
    (the e-mails are composed in each participant's language), which `send-mail` has."""
    try:
        with Session(engine, expire_on_commit=False) as session:
            return reminders.queue_due_reminders(session, now or utcnow())
    except sa.exc.SQLAlchemyError as error:
        log.warning("send-mail: reminders not queued this round (%s)", type(error).__name__)
    except Exception:
        log.exception("send-mail: reminders not queued this round")
    return 0


def waiting(session: Session, limit: int = 200) -> list[OutboxMessage]:
    """The outbox, newest first, for the management page."""
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))
