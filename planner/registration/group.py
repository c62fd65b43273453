"""Registering several people in one go (a delegation's members), as one transaction.

A focal point submits a whole delegation: its members are taken together or not at all, under one
take of the event's lock, each decided by the same rule as a registration on the public form
(`capacity.decide`, in the order given), each told in their own language with their own private
link. The caller may open the transaction itself (planner.db.transaction joins it) to write its
own rows after the members, as long as it writes nothing before: the lock must come first.

`secretariat=True` is the secretariat entering people itself: the registration window is not
consulted (entering a late delegate is its decision), and each registration gets an audit entry.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.events.models import Event
from planner.registration import capacity, notices
from planner.registration.editing import (
    LIVE,
    WINDOW_SENTENCES,
    AlreadyRegistered,
    Participant,
    RegistrationError,
    Window,
    _is_live_duplicate,
    live_registration,
    window,
)
from planner.registration.models import OutboxMessage, Registration, Status
from planner.registration.tokens import new_link
from planner.validation import ModelValidationError

ENTERED_FIELDS = ["status", "category", "given_name", "family_name", "email", "function", "represents"]


def register_group(
    session: Session,
    event: Event,
    participants: list[Participant],
    *,
    actor: str | None = None,
    secretariat: bool = False,
    now: datetime | None = None,
) -> list[tuple[Registration, str]]:
    """Take every registration in `participants` or none: [(registration, private token)].

    Raises AlreadyRegistered naming the address when one of them is registered already (or given
    twice), RegistrationError when the window is closed (unless `secretariat`), and
    ModelValidationError for a person whose details a registration cannot hold."""
    now = now or utcnow()
    participants = [participant.clean() for participant in participants]
    seen: set[str] = set()
    prepared = []
    for participant in participants:
        if participant.email in seen or live_registration(session, event.id, participant.email):
            raise AlreadyRegistered(_("%(email)s is already registered for this event.", email=participant.email))
        seen.add(participant.email)
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
        prepared.append((registration, token, notices.compose_confirmation(session, registration, event, nonce)))
    try:
        with transaction(session, actor) as tx:
            settings = capacity.lock_for_registration(session, event.id)
            state = window(event, settings, now)
            if state == Window.NONE or (state != Window.OPEN and not secretariat):
                raise RegistrationError(str(WINDOW_SENTENCES[state]))
            for registration, _token, mails in prepared:
                if registration.category not in settings.offered:
                    raise ModelValidationError("category", _("this category is not offered for this event"))
                current = capacity.seats(session, event.id, registration.category)
                registration.status = capacity.decide(settings, current)
                registration.position = current.last_position + 1
                session.add(registration)
                session.flush()
                session.add(OutboxMessage(**mails[registration.status]))
                if secretariat:
                    tx.record(registration, "registration entered", None, snapshot(registration, ENTERED_FIELDS))
    except IntegrityError as error:
        if not _is_live_duplicate(error):
            raise
        raise AlreadyRegistered(_("One of these people was registered for this event a moment ago.")) from None
    return [(registration, token) for registration, token, _mails in prepared]


def cancel_group(session: Session, event: Event, people: list[Registration]) -> list[Registration]:
    """Cancel several registrations at once (a delegation withdrawn), under one take of the lock:
    each person is told, and freed seats go to the waiting list in order. Returns who moved up."""
    ids = [registration.id for registration in people]
    with transaction(session):
        settings = capacity.lock_event(session, event.id)
        fresh = session.exec(
            select(Registration).where(Registration.id.in_(ids)).execution_options(populate_existing=True)
        ).all()
        for registration in fresh:
            if registration.status not in LIVE:
                continue
            registration.status = Status.CANCELLED
            registration.updated_at = utcnow()
            session.add(registration)
            session.flush()
            notices.status_changed(session, registration, event)
        promoted = capacity.fill_seats(session, settings) if settings is not None else []
        for other in promoted:
            notices.status_changed(session, other, event)
    return promoted
