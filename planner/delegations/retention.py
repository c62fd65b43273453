"""Retention for delegations: when `purge-registrations` anonymises an event's registrations, the
focal points' names, addresses and missions of that event's delegations go too, and the
delegation links stop working. What the credentials report counts (State, category, level,
credentials status and date) is kept, as registrations keep their counts."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlmodel import Session, select

from planner.delegations.models import ERASED_EMAIL, Delegation
from planner.events.models import Event
from planner.registration.retention import forget_mail_to, purging
from planner.registration.tokens import hash_token


@purging.connect
def erase_focal_points(session: Session, cutoff: datetime, now: datetime) -> None:
    delegations = session.exec(
        select(Delegation)
        .join(Event, Event.id == Delegation.event_id)
        .where(Event.ends_at < cutoff, Delegation.focal_email != ERASED_EMAIL)
    ).all()
    emails = {delegation.focal_email for delegation in delegations}
    for delegation in delegations:
        delegation.focal_name = delegation.focal_mission = delegation.credentials_note = ""
        delegation.focal_email = ERASED_EMAIL
        delegation.token_hash = hash_token(secrets.token_urlsafe(32))
        delegation.link_nonce = None
        delegation.updated_at = now
        session.add(delegation)
    forget_mail_to(session, emails)
