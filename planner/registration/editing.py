"""Registering, changing and cancelling: the rules, as plain functions that commit.

Every function that decides seats runs `capacity.lock_event` first, so the registration, the
promotion it may cause and the e-mails it queues are one transaction under the event's lock.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, select

from planner.audit.trail import snapshot
from planner.db import transaction, utcnow, writers_in_turn
from planner.events.models import Event, EventStatus, Venue
from planner.i18n.languages import DEFAULT, LANGUAGES
from planner.registration import capacity, letters, notices
from planner.registration.models import (
    LIVE_EMAIL_INDEX,
    Category,
    InvitationLetter,
    OutboxMessage,
    Registration,
    RegistrationSettings,
    Status,
)
from planner.registration.tokens import new_link
from planner.validation import ModelValidationError

LIVE = (Status.CONFIRMED, Status.WAITLISTED, Status.PENDING)


class Window(StrEnum):
    NONE = "none"  # the event takes no registrations
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


class RegistrationError(Exception):
    """A registration that cannot be taken; the message says why in words."""


class AlreadyRegistered(RegistrationError):
    pass


ALREADY_REGISTERED = _l("You are already registered for this event with this e-mail address.")


@dataclass
class Participant:
    """What the form collects (already length-checked); `clean()` strips control characters.

    `language` is the one the form was shown in: every later e-mail to the participant uses it."""

    honorific: str
    given_name: str
    family_name: str
    email: str
    organisation: str
    function: str
    country: str | None
    category: str
    represents: str | None
    accessibility_needs: str
    listed: bool = False  # agreed to appear in the list of participants
    language: str = DEFAULT

    def clean(self) -> "Participant":
        values = {
            k: clean_text(v, multiline=(k == "accessibility_needs")) if isinstance(v, str) else v
            for k, v in asdict(self).items()
        }
        values["email"] = values["email"].lower()
        values["country"] = values["country"] or None
        values["represents"] = (values["represents"] or None) if values["category"] == Category.MEMBER_STATE else None
        values["language"] = values["language"] if values["language"] in LANGUAGES else DEFAULT
        return Participant(**values)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def clean_text(value: str, multiline: bool = False) -> str:
    """Text as typed, minus control and bidi-override characters, NFC-normalised and trimmed.

    Newlines survive only where a paragraph makes sense (accessibility needs)."""
    value = unicodedata.normalize("NFC", value)
    if multiline:
        value = value.replace("\r\n", "\n")
    else:
        value = " ".join(value.split())
    return _CONTROL.sub("", value).strip()


def settings_for(session: Session, event: Event) -> RegistrationSettings | None:
    return session.exec(select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)).first()


def event_and_settings(session: Session, slug: str) -> tuple[Event | None, RegistrationSettings | None]:
    """The event at `slug` and its registration settings, in one query (the registration form's
    POST, the busiest request when registration opens). The event's venue comes in the same
    query, into the session's identity map, where the confirmation's .ics finds it without a
    query of its own (`session.get`)."""
    row = session.exec(_EVENT_AND_SETTINGS, params={"slug": slug}).first()
    return (row[0], row[1]) if row is not None else (None, None)


_EVENT_AND_SETTINGS = (
    select(Event, RegistrationSettings, Venue)
    .outerjoin(RegistrationSettings, RegistrationSettings.event_id == Event.id)
    .outerjoin(Venue, Venue.id == Event.venue_id)
    .where(Event.slug == sa.bindparam("slug"))
)  # built once, as the other statements of the POST


def window(event: Event, settings: RegistrationSettings | None, now: datetime) -> Window:
    """Whether the form takes registrations now. It closes at `closes_at`, or when the event starts."""
    if settings is None or event.status == EventStatus.CANCELLED or not event.published:
        return Window.NONE
    if settings.opens_at and now < settings.opens_at:
        return Window.NOT_YET_OPEN
    if (settings.closes_at and now >= settings.closes_at) or (event.starts_at and now >= event.starts_at):
        return Window.CLOSED
    return Window.OPEN


def live_registration(session: Session, event_id: int, email: str) -> Registration | None:
    return session.exec(
        select(Registration).where(
            Registration.event_id == event_id,
            Registration.email == email.strip().lower(),
            Registration.status.in_(LIVE),
        )
    ).first()


def register(
    session: Session,
    event: Event,
    participant: Participant,
    now: datetime | None = None,
    letter: letters.LetterRequest | None = None,
) -> tuple[Registration, str]:
    """Take a registration: (the registration, its private token). Commits, or raises and stores nothing.

    On SQLite the transaction first waits its turn on a file lock (planner.db.writers_in_turn),
    which wakes the next registration the moment the last one commits. Under the event's lock
    only what decides the seat runs: the lock, then the settings and the
    counts read as one plain row (capacity.lock_and_count), and the two INSERTs (registration and
    its mail) as plain statements, all prebuilt (compiled once), the
    rows checked (`check()`) and composed beforehand, so no unit-of-work flush or ORM load runs
    while every other registration of the event waits. On PostgreSQL the read and the two INSERTs
    are one statement (`_register_in_one_statement`): one round trip instead of three. Everything
    else comes before: the duplicate check (a partial unique index catches the race it leaves, as
    AlreadyRegistered), the private link, and the whole confirmation e-mail with its .ics.

    `letter`: the passport details of someone who asked for a letter of invitation (the caller
    passes it only when the event offers letters); checked beforehand, inserted after the
    registration in the same transaction, so a request exists exactly when its registration does."""
    now = now or utcnow()
    participant = participant.clean()
    letter_row = None
    if letter is not None:
        letter = letter.clean()
        letters.check_request(event, letter, now.date())
        letter_row = letters.new_letter(letter, now)
    if session.connection().execute(_LIVE_EMAIL, {"event_id": event.id, "email": participant.email}).first():
        raise AlreadyRegistered(ALREADY_REGISTERED)
    nonce, token, token_hash = new_link()
    registration = Registration(
        event_id=event.id,
        token_hash=token_hash,
        link_nonce=nonce,
        consent_at=now,
        created_at=now,
        updated_at=now,
        **asdict(participant),
    )
    registration.check()
    mails = notices.compose_confirmation(session, registration, event, nonce)
    row = registration.model_dump(exclude={"id", "position", "status"})  # decided under the lock
    values = {"event_id": event.id, "category": participant.category, **_in_one_statement_values(row, mails)}
    with writers_in_turn(session), transaction(session):
        settings, current = capacity.lock_and_count(session, event.id, participant.category)
        state = window(event, settings, now)
        if state != Window.OPEN:
            raise RegistrationError(str(WINDOW_SENTENCES[state]))
        if participant.category not in settings.offered:
            raise ModelValidationError("category", _("this category is not offered for this event"))
        connection = session.connection()
        try:
            if connection.dialect.name == "postgresql":
                registration_id, position, status = connection.execute(
                    _REGISTER_IN_ONE_STATEMENT,
                    {**values, "capacity": settings.capacity, "requires_approval": settings.requires_approval},
                ).one()
            else:
                status, position = capacity.decide(settings, current), current.last_position + 1
                registration_id = connection.execute(
                    _INSERT_REGISTRATION, {**row, "position": position, "status": status}
                ).scalar_one()
                connection.execute(_INSERT_MAIL, mails[status])
        except IntegrityError as error:
            if not _is_live_duplicate(error):
                raise
            raise AlreadyRegistered(ALREADY_REGISTERED) from None
        if letter_row is not None:
            try:
                connection.execute(_INSERT_LETTER, {**letter_row, "registration_id": registration_id})
            except sa.exc.StatementError as error:
                error.hide_parameters = True  # the passport details stay out of the traceback in the log
                raise
    return _as_stored(session, registration, registration_id, position, status), token


def _as_stored(session: Session, registration: Registration, id_: int, position: int, status: str) -> Registration:
    """The registration built before the lock, completed with what the INSERT decided, and made
    the session's persistent copy of its row without reading it back: every column of the row
    was written from this object's values (no server defaults left to fill in)."""
    registration.id, registration.position, registration.status = id_, position, str(status)
    make_transient_to_detached(registration)
    session.add(registration)
    return registration


_LIVE_EMAIL = (
    sa.select(sa.literal(1))
    .select_from(Registration.__table__)
    .where(
        Registration.__table__.c.event_id == sa.bindparam("event_id"),
        Registration.__table__.c.email == sa.bindparam("email"),
        Registration.__table__.c.status.in_([status.value for status in LIVE]),
    )
    .limit(1)
)  # `live_registration` as a plain prebuilt statement, for the check before the lock
_INSERT_REGISTRATION = sa.insert(Registration.__table__).returning(Registration.__table__.c.id)
_INSERT_MAIL = sa.insert(OutboxMessage.__table__)
_INSERT_LETTER = sa.insert(InvitationLetter.__table__)


def _register_in_one_statement() -> sa.Select:
    """On PostgreSQL, what `register` does under the lock after reading the settings, as one
    statement: the seats read (capacity.seats_cte), the status decided from it
    (capacity.decided_status), the registration's INSERT at the next position and its mail's
    INSERT with the body for that status, in data-modifying CTEs; it returns the new id, position and status.

    Why: each round trip to the server under the lock is time every other registration of the
    event waits, and, under a threaded server, a moment where the lock holder gives up Python's
    GIL and may wait for another thread to hand it back. One statement instead of three. It runs
    after the lock statement has returned, so its snapshot (READ COMMITTED) sees everything the
    previous holder committed. SQLite runs the same steps as three statements (no data-modifying
    CTEs there), in-process and without a network round trip. Values come as bound parameters
    named `r_<column>` (the registration) and `m_<column>` (its mail; `m_body_<status>` for each
    body composed beforehand): `_in_one_statement_values`. Built once, so it is compiled once."""
    registration, mail = Registration.__table__, OutboxMessage.__table__
    current = capacity.seats_cte()
    given = [c for c in registration.c if c.name not in ("id", "position", "status")]
    new = (
        sa.insert(registration)
        .from_select(
            [*given, registration.c.position, registration.c.status],
            sa.select(
                *[sa.bindparam(f"r_{c.name}", type_=c.type) for c in given],
                current.c.last_position + 1,
                capacity.decided_status(current),
            ),
        )
        .returning(registration.c.id, registration.c.position, registration.c.status)
        .cte("new_registration")
    )
    body = sa.case(
        *[
            (new.c.status == status.value, sa.bindparam(f"m_body_{status.value}", type_=mail.c.body.type))
            for status in notices.NEW
        ]
    )
    mail_given = [c for c in mail.c if c.name not in ("id", "body")]
    queued = sa.insert(mail).from_select(
        [*mail_given, mail.c.body],
        sa.select(*[sa.bindparam(f"m_{c.name}", type_=c.type) for c in mail_given], body).select_from(new),
    )
    return sa.select(new.c.id, new.c.position, new.c.status).add_cte(queued.cte("new_mail"))


_REGISTER_IN_ONE_STATEMENT = _register_in_one_statement()


def _in_one_statement_values(row: dict, mails: dict[Status, dict]) -> dict:
    """The bound parameters of `_REGISTER_IN_ONE_STATEMENT` but the settings' (made before the lock)."""
    mail = next(iter(mails.values()))  # the same row for every status, but the body
    return {
        **{f"r_{name}": value for name, value in row.items()},
        **{f"m_{name}": value for name, value in mail.items() if name != "body"},
        **{f"m_body_{status.value}": composed["body"] for status, composed in mails.items()},
    }


def _is_live_duplicate(error: IntegrityError) -> bool:
    """Whether the index of live registrations per address refused the row (PostgreSQL names
    the index; SQLite names its columns)."""
    text = str(error.orig)
    return LIVE_EMAIL_INDEX in text or "registration.event_id, registration.email" in text


def editable(event: Event, registration: Registration, now: datetime | None = None) -> bool:
    """A participant may change details until the event starts, while the registration is live
    and the event is not cancelled."""
    now = now or utcnow()
    if event.status == EventStatus.CANCELLED:
        return False
    return registration.status in LIVE and not (event.starts_at and now >= event.starts_at)


EDITABLE_FIELDS = (
    "honorific",
    "given_name",
    "family_name",
    "organisation",
    "function",
    "country",
    "represents",
    "accessibility_needs",
    "listed",
)


def update_details(session: Session, event: Event, registration: Registration, participant: Participant) -> bool:
    """Change the participant's own details (not the e-mail or category: they decide the seat).

    Returns whether a detail changed. The language the participant now reads the page in is kept
    as well (for later e-mails), without counting as a change of their details."""
    if not editable(event, registration):
        raise RegistrationError(_("This registration can no longer be changed."))
    participant = participant.clean()
    changed = False
    with transaction(session):
        if registration.language != participant.language:
            registration.language = participant.language
            session.add(registration)
        for name in EDITABLE_FIELDS:
            if name == "represents" and registration.category != Category.MEMBER_STATE:
                continue
            value = getattr(participant, name)
            if getattr(registration, name) != value:
                setattr(registration, name, value)
                changed = True
        if changed:
            registration.updated_at = utcnow()
            session.add(registration)
    return changed


def _change_status(
    session: Session,
    event: Event,
    registration: Registration,
    new: Status,
    allowed_from: tuple[Status, ...],
    actor: str | None,
    reason: str | None = None,
) -> list[Registration]:
    """Move one registration to `new` under the lock, refill freed seats, queue every e-mail.

    `reason` goes into the audit entry and the participant's e-mail."""
    registration_id = registration.id
    with transaction(session, actor) as tx:
        settings = capacity.lock_event(session, event.id)
        if settings is None:
            raise RegistrationError(str(WINDOW_SENTENCES[Window.NONE]))
        registration = session.exec(
            select(Registration).where(Registration.id == registration_id).execution_options(populate_existing=True)
        ).one()
        if registration.status not in allowed_from:
            raise RegistrationError(
                _("This registration is %(status)s; nothing was changed.", status=registration.status_label.lower())
            )
        before = snapshot(registration, ["status"])
        if new == Status.CONFIRMED and not capacity.has_seat(session, settings, registration.category):
            new = Status.WAITLISTED
        registration.status = new
        registration.updated_at = utcnow()
        session.add(registration)
        session.flush()
        if actor:
            tx.record(registration, f"registration {new}", before, snapshot(registration, ["status"]), reason=reason)
        notices.status_changed(session, registration, event, reason=reason)
        promoted = capacity.fill_seats(session, settings, registration.category)
        for other in promoted:
            notices.status_changed(session, other, event)
    return [registration, *promoted]


def cancel(session: Session, event: Event, registration: Registration) -> list[Registration]:
    """The participant cancels; the first waiting person whose quota now has room is promoted."""
    return _change_status(session, event, registration, Status.CANCELLED, LIVE, None)[1:]


def approve(session: Session, actor: str, event: Event, registration: Registration) -> Registration:
    """Secretariat approval: confirmed when a seat is free, else waitlisted (then promoted in turn)."""
    return _change_status(session, event, registration, Status.CONFIRMED, (Status.PENDING,), actor)[0]


def reject(
    session: Session, actor: str, event: Event, registration: Registration, reason: str | None = None
) -> Registration:
    """Secretariat rejection; `reason` (the secretariat's words) reaches the participant and the trail."""
    reason = clean_text(reason, multiline=True) if reason else None
    return _change_status(session, event, registration, Status.REJECTED, LIVE, actor, reason or None)[0]


RESTORABLE = (Status.REJECTED, Status.CANCELLED)


def restore_problem(session: Session, event: Event, registration: Registration) -> str | None:
    """Why `registration` cannot be restored, in words; None when it can.

    Registrations the event's cancellation cancelled (EVENT_CANCELLED) come back only with the
    event, never one by one. An anonymised registration has lost the details a seat is given to.
    Another registration of the same address that holds the live-address index (LIVE_EMAIL_INDEX:
    any status but cancelled) keeps the slot: restoring would make two registrations of one person.
    """
    status = Status(registration.status)
    if registration.anonymised:
        return _("This registration was anonymised: its details are gone, so it cannot be restored.")
    if event.status == EventStatus.CANCELLED:
        return _("The event is cancelled: its registrations cannot be restored.")
    if status == Status.EVENT_CANCELLED:
        return _("This registration was cancelled with the event: it can only come back with the event.")
    if status not in RESTORABLE:
        return _(
            "This registration is %(status)s: only a rejected or cancelled registration can be restored.",
            status=registration.status_label.lower(),
        )
    other = session.exec(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.email == registration.email,
            Registration.status != Status.CANCELLED,
            Registration.id != registration.id,
        )
    ).first()
    if other is not None:
        return _(
            "%(email)s already has another registration for this event (%(status)s), so this one cannot be restored.",
            email=registration.email,
            status=other.status_label.lower(),
        )
    return None


def restore(
    session: Session, actor: str, event: Event, registration: Registration, reason: str | None = None
) -> Registration:
    """Give a rejected or cancelled registration back its place: confirmed when a seat is free in
    the total and in its category's quota, otherwise at the end of the waiting list.

    Decided under the event's lock from the same reading a new registration is decided from
    (capacity.seats); the restored registration is taken again now, so it gets a new `position`
    at the end (positions are unique per event and order the waiting list: it does not jump the
    queue). It is never put back to "pending" when the event requires approval: the secretariat
    is who approves, and restoring is its decision. The registration window is not consulted
    either: the secretariat may restore after registration has closed.

    Raises RegistrationError (nothing saved) when `restore_problem` finds a reason, checked again
    under the lock. The audit entry ("restore", with the optional reason, kept in the trail only)
    and the participant's e-mail are in the same transaction."""
    registration_id, email = registration.id, registration.email
    reason = clean_text(reason, multiline=True) if reason else None
    try:
        with transaction(session, actor) as tx:
            settings = capacity.lock_event(session, event.id)
            if settings is None:
                raise RegistrationError(str(WINDOW_SENTENCES[Window.NONE]))
            event = session.exec(
                select(Event).where(Event.id == event.id).execution_options(populate_existing=True)
            ).one()
            registration = session.exec(
                select(Registration).where(Registration.id == registration_id).execution_options(populate_existing=True)
            ).one()
            problem = restore_problem(session, event, registration)
            if problem is not None:
                raise RegistrationError(problem)
            before = snapshot(registration, ["status"])
            current = capacity.seats(session, event.id, registration.category)
            registration.status = Status.CONFIRMED if current.free(settings) else Status.WAITLISTED
            registration.position = current.last_position + 1
            registration.updated_at = utcnow()
            session.add(registration)
            session.flush()
            tx.record(registration, "restore", before, snapshot(registration, ["status"]), reason=reason or None)
            notices.status_changed(session, registration, event)
    except IntegrityError as error:
        # Another registration of the address was committed between the check and the write.
        if not _is_live_duplicate(error):
            raise
        raise RegistrationError(
            _("%(email)s already has another registration for this event, so this one cannot be restored.", email=email)
        ) from None
    return registration


def resend_link(session: Session, event: Event, email: str) -> bool:
    """Mail a fresh private link to a live registration of this address. The old link keeps
    working until the new one is first used (planner.registration.tokens), so a stranger who
    types someone's address here cannot break their link or calendar subscription.

    Returns False when there is none; the caller says the same words either way."""
    registration = live_registration(session, event.id, email)
    if registration is None:
        return False
    with transaction(session):
        nonce, _token, registration.pending_token_hash = new_link()
        registration.pending_link_nonce = nonce
        session.add(registration)
        notices.new_link(session, registration, event, nonce)
    return True


WINDOW_SENTENCES = {
    Window.NONE: _l("This event does not take registrations online."),
    Window.NOT_YET_OPEN: _l("Registration has not opened yet."),
    Window.CLOSED: _l("Registration is closed."),
    Window.OPEN: _l("Registration is open."),
}
