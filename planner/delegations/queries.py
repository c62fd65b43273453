"""Reads about delegations: by event, by private link, with their members in order."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from planner.db import get_session
from planner.delegations.models import Delegation, DelegationLimit, DelegationMember, ParticipantsList
from planner.registration.editing import LIVE
from planner.registration.models import Registration
from planner.registration.tokens import find_holder
from planner.un_states import state_name


@dataclass(frozen=True)
class Member:
    """A member as pages show them: the registration and its place in the delegation."""

    registration: Registration
    is_head: bool
    rank: int

    @property
    def live(self) -> bool:
        return self.registration.status in LIVE


def delegation_name(delegation: Delegation, language: str | None = None) -> str:
    """The State's UN short name (in `language`, the reader's by default) or the organisation."""
    return state_name(delegation.state, language) if delegation.state else delegation.organisation


def find_by_token(session: Session, token: str) -> Delegation | None:
    """The delegation a private link opens, or None (also for a malformed token)."""
    return find_holder(session, Delegation, token)


def members(session: Session, delegation_id: int, live_only: bool = False) -> list[Member]:
    """The members in the focal point's order, the head first."""
    rows = session.exec(
        select(Registration, DelegationMember.is_head, DelegationMember.rank)
        .join(DelegationMember, DelegationMember.registration_id == Registration.id)
        .where(DelegationMember.delegation_id == delegation_id)
        .order_by(DelegationMember.is_head.desc(), DelegationMember.rank)
    ).all()
    found = [Member(registration, is_head, rank) for registration, is_head, rank in rows]
    return [member for member in found if member.live] if live_only else found


def of_event(session: Session, event_id: int) -> list[Delegation]:
    return list(
        session.exec(select(Delegation).where(Delegation.event_id == event_id).order_by(Delegation.created_at)).all()
    )


def live_counts(session: Session, event_id: int) -> dict[int, int]:
    """Live members per delegation of the event, in one query."""
    rows = session.exec(
        select(DelegationMember.delegation_id, Registration.id)
        .join(Registration, Registration.id == DelegationMember.registration_id)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.event_id == event_id, Registration.status.in_(LIVE))
    ).all()
    counts: dict[int, int] = {}
    for delegation_id, _registration_id in rows:
        counts[delegation_id] = counts.get(delegation_id, 0) + 1
    return counts


def delegation_of(session: Session, registration_id: int) -> Delegation | None:
    return session.exec(
        select(Delegation)
        .join(DelegationMember, DelegationMember.delegation_id == Delegation.id)
        .where(DelegationMember.registration_id == registration_id)
    ).first()


def live_state_delegation(session: Session, event_id: int, state: str) -> Delegation | None:
    return session.exec(
        select(Delegation).where(
            Delegation.event_id == event_id, Delegation.state == state, Delegation.withdrawn_at.is_(None)
        )
    ).first()


def limits(session: Session, event_id: int) -> dict[str, int]:
    """The largest delegation per category (categories without a limit are absent)."""
    rows = session.exec(
        select(DelegationLimit.category, DelegationLimit.members).where(DelegationLimit.event_id == event_id)
    ).all()
    return dict(rows)


def publication(session: Session, event_id: int) -> ParticipantsList | None:
    return session.exec(select(ParticipantsList).where(ParticipantsList.event_id == event_id)).first()


# The event a management route's object belongs to, for planner.accounts.permissions.
def event_of_delegation(delegation_id: int, **_other) -> int | None:
    return get_session().exec(select(Delegation.event_id).where(Delegation.id == delegation_id)).first()


def event_of_registration(registration_id: int, **_other) -> int | None:
    return get_session().exec(select(Registration.event_id).where(Registration.id == registration_id)).first()
