"""Reads of side events: the call, proposals with their organisers and reviews, the side events
on the programme by day, and the general debate's meetings a slot would clash with."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload
from sqlmodel import Session, select

from planner.accounts.models import User
from planner.agenda.models import AgendaSession
from planner.agenda.queries import local_day
from planner.db import get_session
from planner.events.models import Event
from planner.registration.tokens import find_holder
from planner.side_events.models import (
    OrganiserKind,
    Proposal,
    ProposalOrganiser,
    ProposalReview,
    ProposalStatus,
    SideEventCall,
)
from planner.speakers.queries import meetings
from planner.un_states import state_name


def call_of(session: Session, event_id: int) -> SideEventCall | None:
    return session.exec(select(SideEventCall).where(SideEventCall.event_id == event_id)).first()


def find_by_token(session: Session, token: str) -> Proposal | None:
    """The proposal a private link opens, or None (also for a malformed token)."""
    return find_holder(session, Proposal, token)


def event_of_proposal(proposal_id: int) -> int | None:
    """For planner.accounts.permissions: the event a proposal belongs to."""
    return get_session().exec(select(Proposal.event_id).where(Proposal.id == proposal_id)).first()


# --- organisers -------------------------------------------------------------------------------------


def organisers_of(session: Session, proposal_ids: list[int]) -> dict[int, list[ProposalOrganiser]]:
    """{proposal id: its organisers in the proposer's order}, in one query."""
    found: dict[int, list[ProposalOrganiser]] = defaultdict(list)
    if proposal_ids:
        rows = session.exec(
            select(ProposalOrganiser)
            .where(ProposalOrganiser.proposal_id.in_(proposal_ids))
            .order_by(ProposalOrganiser.proposal_id, ProposalOrganiser.position)
        )
        for row in rows:
            found[row.proposal_id].append(row)
    return found


def organiser_name(organiser: ProposalOrganiser, language: str | None = None) -> str:
    """A State by its UN short name in `language` (the reader's by default), an organisation as named."""
    return state_name(organiser.state, language) if OrganiserKind(organiser.kind).is_state else organiser.name


def organisers_line(organisers: list[ProposalOrganiser], language: str | None = None) -> str:
    """ "Organised by Argentina, UNOSSC; co-organised by ..." in the current locale."""
    lead = [organiser_name(o, language) for o in organisers if not o.co_organiser]
    co = [organiser_name(o, language) for o in organisers if o.co_organiser]
    line = _("Organised by %(names)s", names=", ".join(lead)) if lead else ""
    if co:
        line += ("; " if line else "") + _("co-organised by %(names)s", names=", ".join(co))
    return line


# --- proposals for the secretariat and the reviewers ------------------------------------------------


@dataclass
class ProposalRow:
    proposal: Proposal
    organisers: list[ProposalOrganiser]
    reviews: int
    mean_score: float | None
    my_score: int | None
    placed: AgendaSession | None


def proposals(session: Session, event_id: int, user_id: int | None = None) -> list[ProposalRow]:
    """The event's proposals, newest last, with organisers, review counts, mean scores and the
    reader's own score: three queries whatever their number."""
    rows = session.exec(
        select(Proposal, AgendaSession)
        .outerjoin(AgendaSession, AgendaSession.id == Proposal.session_id)
        .where(Proposal.event_id == event_id)
        .order_by(Proposal.number)
    ).all()
    ids = [proposal.id for proposal, _placed in rows]
    stats = {}
    if ids:
        stats = {
            proposal_id: (count, mean, mine)
            for proposal_id, count, mean, mine in session.exec(
                select(
                    ProposalReview.proposal_id,
                    sa.func.count(),
                    sa.func.avg(ProposalReview.score),
                    sa.func.max(sa.case((ProposalReview.user_id == user_id, ProposalReview.score), else_=None)),
                )
                .where(ProposalReview.proposal_id.in_(ids))
                .group_by(ProposalReview.proposal_id)
            )
        }
    organisers = organisers_of(session, ids)
    found = []
    for proposal, placed in rows:
        count, mean, mine = stats.get(proposal.id, (0, None, None))
        found.append(
            ProposalRow(proposal, organisers.get(proposal.id, []), count, float(mean) if mean else None, mine, placed)
        )
    return found


def placed_session(session: Session, proposal: Proposal) -> AgendaSession | None:
    """The agenda session an accepted proposal was placed as, with its room, or None."""
    if proposal.session_id is None:
        return None
    return session.exec(
        select(AgendaSession)
        .where(AgendaSession.id == proposal.session_id)
        .options(joinedload(AgendaSession.room), joinedload(AgendaSession.venue))
    ).first()


def review_by(session: Session, proposal_id: int, user_id: int) -> ProposalReview | None:
    return session.exec(
        select(ProposalReview).where(ProposalReview.proposal_id == proposal_id, ProposalReview.user_id == user_id)
    ).first()


def reviewer_names(session: Session, proposal_id: int) -> dict[int, str]:
    """{user id: the reviewer's name, or e-mail when unnamed} of a proposal's reviews."""
    rows = session.exec(
        select(User.id, User.name, User.email)
        .join(ProposalReview, ProposalReview.user_id == User.id)
        .where(ProposalReview.proposal_id == proposal_id)
    )
    return {user_id: name or email for user_id, name, email in rows}


def reviews(session: Session, proposal_id: int) -> list[ProposalReview]:
    return list(
        session.exec(
            select(ProposalReview).where(ProposalReview.proposal_id == proposal_id).order_by(ProposalReview.id)
        )
    )


# --- the programme ----------------------------------------------------------------------------------


@dataclass
class SideEvent:
    proposal: Proposal
    session: AgendaSession
    organisers: list[ProposalOrganiser]


@dataclass
class SideEventDay:
    day: date
    side_events: list[SideEvent]


def public_side_events(session: Session, event: Event) -> list[SideEventDay]:
    """The side events on the published programme (not cancelled), by day in the event's zone."""
    rows = session.exec(
        select(Proposal, AgendaSession)
        .join(AgendaSession, AgendaSession.id == Proposal.session_id)
        .where(
            Proposal.event_id == event.id,
            Proposal.status == ProposalStatus.ACCEPTED,
            AgendaSession.published.is_(True),
            AgendaSession.cancelled.is_(False),
        )
        .options(joinedload(AgendaSession.room), joinedload(AgendaSession.venue))
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()
    organisers = organisers_of(session, [proposal.id for proposal, _s in rows])
    days: dict[date, list[SideEvent]] = {}
    for proposal, placed in rows:
        days.setdefault(local_day(placed.starts_at, event), []).append(
            SideEvent(proposal, placed, organisers.get(proposal.id, []))
        )
    return [SideEventDay(day, found) for day, found in days.items()]


def debate_clashes(session: Session, event_id: int, starts_at: datetime, ends_at: datetime) -> list[AgendaSession]:
    """The general debate's meetings (planner.speakers) that overlap the slot, not cancelled."""
    return [
        meeting
        for meeting in meetings(session, event_id)
        if not meeting.cancelled and meeting.starts_at < ends_at and starts_at < meeting.ends_at
    ]
