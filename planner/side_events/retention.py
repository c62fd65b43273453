"""Retention for side events: when `purge-registrations` anonymises an event's registrations, the
proposers' names and addresses of that event's side-event proposals go too, with their mail
still waiting, and the proposal links stop working. The proposals themselves (title, organisers,
decision, the session they became) are the programme's record and stay."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlmodel import Session, select

from planner.events.models import Event
from planner.registration.retention import forget_mail_to, purging
from planner.registration.tokens import hash_token
from planner.side_events.models import ERASED_EMAIL, Proposal


@purging.connect
def erase_proposers(session: Session, cutoff: datetime, now: datetime) -> None:
    proposals = session.exec(
        select(Proposal)
        .join(Event, Event.id == Proposal.event_id)
        .where(Event.ends_at < cutoff, Proposal.proposer_email != ERASED_EMAIL)
    ).all()
    emails = {proposal.proposer_email for proposal in proposals}
    for proposal in proposals:
        proposal.proposer_name = ""
        proposal.proposer_email = ERASED_EMAIL
        proposal.token_hash = hash_token(secrets.token_urlsafe(32))
        proposal.link_nonce = None
        proposal.updated_at = now
        session.add(proposal)
    forget_mail_to(session, emails)
