"""Reads of the list of speakers: the inscriptions, and the list as it stands, by meeting."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from planner.agenda.models import AgendaSession
from planner.db import get_session
from planner.delegations.models import Delegation
from planner.speakers.models import DebateMeeting, Inscription, SpeakerChange, SpeakersList
from planner.speakers.order import Change, Meeting, Speaker, allocate, ordered


def settings(session: Session, event_id: int) -> SpeakersList | None:
    return session.exec(select(SpeakersList).where(SpeakersList.event_id == event_id)).first()


def inscriptions(session: Session, event_id: int) -> list[Inscription]:
    return list(session.exec(select(Inscription).where(Inscription.event_id == event_id)))


def inscription_of(session: Session, delegation_id: int) -> Inscription | None:
    return session.exec(select(Inscription).where(Inscription.delegation_id == delegation_id)).first()


def meetings(session: Session, event_id: int) -> list[AgendaSession]:
    """The general debate's meetings, in time order."""
    return list(
        session.exec(
            select(AgendaSession)
            .join(DebateMeeting, DebateMeeting.session_id == AgendaSession.id)
            .where(DebateMeeting.event_id == event_id)
            .order_by(AgendaSession.starts_at)
        )
    )


@dataclass
class Entry:
    """A speaker as the list shows them: place, delegation, speaker, level."""

    place: int
    inscription: Inscription
    delegation: Delegation


@dataclass
class Block:
    """One meeting of the general debate with its speakers (meeting None: not yet allocated)."""

    meeting: AgendaSession | None
    entries: list[Entry]


def speakers_list(session: Session, event_id: int) -> tuple[SpeakersList | None, list[Block]]:
    """The list as it stands: the rule, the secretariat's changes, the allocation to meetings."""
    current = settings(session, event_id)
    minutes = current.statement_minutes if current else 5
    rows = session.exec(
        select(Inscription, Delegation)
        .join(Delegation, Delegation.id == Inscription.delegation_id)
        .where(
            Inscription.event_id == event_id, Delegation.withdrawn_at.is_(None)
        )  # a withdrawn delegation has no speaker
    ).all()
    by_id = {inscription.id: (inscription, delegation) for inscription, delegation in rows}
    speakers = [Speaker(i.id, d.category, i.level, i.number) for i, d in rows]
    changes = [
        Change(c.kind, c.first_id, c.second_id)
        for c in session.exec(
            select(SpeakerChange).where(SpeakerChange.event_id == event_id).order_by(SpeakerChange.id)
        )
    ]
    sessions = meetings(session, event_id)
    plain = [Meeting(s.id, s.starts_at, s.ends_at) for s in sessions]
    order = ordered(speakers, changes, plain, minutes)
    by_session = {s.id: s for s in sessions}
    blocks, place = [], 0
    for session_id, ids in allocate(order, plain, minutes):
        entries = []
        for inscription_id in ids:
            place += 1
            entries.append(Entry(place, *by_id[inscription_id]))
        blocks.append(Block(by_session.get(session_id), entries))
    return current, blocks


def event_of_inscription(inscription_id: int, **_other) -> int | None:
    """The event of a management route that names an inscription (planner.accounts.permissions)."""
    return get_session().exec(select(Inscription.event_id).where(Inscription.id == inscription_id)).first()
