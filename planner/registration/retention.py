"""Retention: after an event, participants' personal details are removed, their counts kept.

A purged registration keeps its event, status, category, country, represented State and dates
(what the counts and reports need) and loses names, e-mail, organisation, function and needs.
Its request for a letter of invitation is deleted whole: the passport details and the letter.
Its private link stops working (a random hash replaces the token's), and the e-mails sent to
the address, which repeat those details, are deleted too. Packages above that keep personal
details of the same events (delegations' focal points) subscribe to `purging`, sent inside the
purge's transaction with the cutoff: their erasure commits with it or not at all.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from blinker import Namespace
from sqlmodel import Session, col, delete, select

from planner.db import transaction
from planner.events.models import Event
from planner.registration.models import InvitationLetter, OutboxMessage, OutboxStatus, Registration
from planner.registration.tokens import hash_token

purging = Namespace().signal("registrations-purge")  # sender: the session; cutoff=, now=


def purge_registrations(session: Session, older_than_days: int, now: datetime) -> int:
    """Anonymise registrations of events that ended more than `older_than_days` ago; returns how many."""
    cutoff = now - timedelta(days=older_than_days)
    registrations = session.exec(
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(Event.ends_at < cutoff, Registration.anonymised.is_(False))
    ).all()
    emails = {r.email for r in registrations if r.email}
    with transaction(session):
        for registration in registrations:
            registration.honorific = registration.given_name = registration.family_name = ""
            registration.organisation = registration.function = registration.accessibility_needs = ""
            registration.email = None
            registration.token_hash = hash_token(secrets.token_urlsafe(32))
            registration.pending_token_hash = registration.link_nonce = registration.pending_link_nonce = None
            registration.anonymised = True
            registration.updated_at = now
            session.add(registration)
        forget_mail_to(session, emails)
        ids = [registration.id for registration in registrations]
        for start in range(0, len(ids), 500):  # bounded IN lists
            session.exec(
                delete(InvitationLetter).where(col(InvitationLetter.registration_id).in_(ids[start : start + 500]))
            )
        purging.send(session, cutoff=cutoff, now=now)
    return len(registrations)


def forget_mail_to(session: Session, emails: set[str]) -> None:
    """Delete the outbox's messages to these addresses (they repeat the details being erased),
    except one the sender is sending at this moment."""
    if emails:
        session.exec(
            delete(OutboxMessage).where(
                OutboxMessage.recipient.in_(emails), OutboxMessage.status != OutboxStatus.SENDING
            )
        )
