"""Writing the list of speakers: inscribe, withdraw, swap, move to the end of a meeting, close, and
the settings (time limit, which meetings are the general debate).

A delegation inscribes through its delegation link (until the list is closed); the secretariat
inscribes for it at any time, with the audit trail. Each change reaches the delegations concerned
by e-mail (planner.speakers.notices), in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from planner.agenda.models import AgendaSession
from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.delegations.models import Delegation, RepresentationLevel
from planner.events.models import Event
from planner.registration.editing import clean_text
from planner.speakers import notices, queries
from planner.speakers.models import ChangeKind, DebateMeeting, Inscription, SpeakerChange, SpeakersList
from planner.validation import ModelValidationError

FIELDS = ["speaker_name", "speaker_title", "level"]


class ListError(Exception):
    """A change the list cannot take; the message says why in words."""


@dataclass
class SpeakerValues:
    speaker_name: str
    speaker_title: str
    level: str

    def clean(self) -> "SpeakerValues":
        name, title = clean_text(self.speaker_name or ""), clean_text(self.speaker_title or "")
        if not name:
            raise ModelValidationError("speaker_name", _("Name the speaker."))
        if self.level not in set(RepresentationLevel):
            raise ModelValidationError("level", _("Choose the speaker's level of representation."))
        return SpeakerValues(name, title, self.level)


def settings(session: Session, event: Event) -> SpeakersList:
    return queries.settings(session, event.id) or SpeakersList(event_id=event.id)


def inscribe(
    session: Session, event: Event, delegation: Delegation, values: SpeakerValues, *, actor: str | None = None
) -> Inscription:
    """Inscribe the delegation's speaker, or change them if the delegation is on the list already
    (its place by order of inscription is kept). A delegation inscribes until the list is closed."""
    values = values.clean()
    if delegation.withdrawn_at is not None or delegation.event_id != event.id:
        raise ListError(_("This delegation is not taking part in the event."))
    current = settings(session, event)
    if current.closed_at is not None and actor is None:
        raise ListError(_("The list of speakers is closed: write to the secretariat."))
    existing = queries.inscription_of(session, delegation.id)
    try:
        with transaction(session, actor) as tx:
            if existing is None:
                number = (
                    session.exec(select(sa.func.max(Inscription.number)).where(Inscription.event_id == event.id)).one()
                    or 0
                ) + 1
                inscription = Inscription(event_id=event.id, delegation_id=delegation.id, number=number, **vars(values))
                session.add(inscription)
                session.flush()
                before = None
            else:
                inscription, before = existing, snapshot(existing, FIELDS)
                for name, value in vars(values).items():
                    setattr(inscription, name, value)
                session.add(inscription)
                session.flush()
            if before is not None and snapshot(inscription, FIELDS) == before:
                tx.discard()
                return inscription
            notices.inscribed(session, event, delegation, inscription)
            if actor:
                action = "inscribe" if before is None else "speaker changed"
                tx.record(delegation, action, before, snapshot(inscription, FIELDS))
    except IntegrityError:
        raise ListError(_("Another inscription was taken at the same moment; please submit again.")) from None
    return inscription


def withdraw(session: Session, event: Event, inscription: Inscription, *, actor: str | None = None) -> None:
    delegation = session.get(Delegation, inscription.delegation_id)
    with transaction(session, actor) as tx:
        if actor:
            tx.record(delegation, "speaker withdrawn", snapshot(inscription, FIELDS), None)
        notices.withdrawn(session, event, delegation, inscription)
        session.exec(
            delete(SpeakerChange).where(
                sa.or_(SpeakerChange.first_id == inscription.id, SpeakerChange.second_id == inscription.id)
            )
        )
        session.delete(inscription)


def swap(session: Session, actor: str, event: Event, first: Inscription, second: Inscription) -> None:
    """Exchange two speakers' places; both delegations agreed (the secretariat says so by acting)."""
    if first.id == second.id:
        raise ListError(_("Choose two different speakers to swap."))
    on_list = {inscription.id for inscription in queries.inscriptions(session, event.id)}
    if first.id not in on_list or second.id not in on_list:
        raise ListError(_("Both speakers must be on this event's list of speakers."))
    with transaction(session, actor) as tx:
        change = SpeakerChange(event_id=event.id, kind=ChangeKind.SWAP, first_id=first.id, second_id=second.id)
        session.add(change)
        session.flush()
        for inscription, other in ((first, second), (second, first)):
            delegation = session.get(Delegation, inscription.delegation_id)
            tx.record(delegation, "swap", None, {"speaker_name": inscription.speaker_name, "with": other.speaker_name})
            notices.order_changed(session, event, delegation, inscription)


def move_to_end(session: Session, actor: str, event: Event, inscription: Inscription) -> None:
    """An absent speaker goes to the end of their meeting's list."""
    if inscription.event_id != event.id:
        raise ListError(_("This speaker is not on this event's list."))
    with transaction(session, actor) as tx:
        session.add(SpeakerChange(event_id=event.id, kind=ChangeKind.TO_END, first_id=inscription.id))
        session.flush()
        delegation = session.get(Delegation, inscription.delegation_id)
        tx.record(delegation, "to end", None, {"speaker_name": inscription.speaker_name})
        notices.order_changed(session, event, delegation, inscription)


def save_settings(
    session: Session, actor: str, event: Event, statement_minutes: int, meeting_ids: set[int], closed: bool
) -> None:
    """The time limit per statement, the general debate's meetings (plenary sessions of the event)
    and whether the list is closed to delegations."""
    sessions = {
        s.id
        for s in session.exec(
            select(AgendaSession).where(AgendaSession.event_id == event.id, AgendaSession.id.in_(meeting_ids))
        )
    }
    if sessions != set(meeting_ids):
        raise ModelValidationError("meetings", _("Choose meetings of this event."))
    row = settings(session, event)
    current = {m.session_id for m in session.exec(select(DebateMeeting).where(DebateMeeting.event_id == event.id))}
    before = {
        "statement_minutes": row.statement_minutes,
        "meetings": sorted(current),
        "closed": row.closed_at is not None,
    }
    with transaction(session, actor) as tx:
        row.statement_minutes = statement_minutes
        if closed and row.closed_at is None:
            row.closed_at = utcnow()
        elif not closed:
            row.closed_at = None
        row.updated_at = utcnow()
        session.add(row)
        session.exec(
            delete(DebateMeeting).where(
                DebateMeeting.event_id == event.id, DebateMeeting.session_id.not_in(meeting_ids)
            )
        )
        for session_id in set(meeting_ids) - current:
            session.add(DebateMeeting(event_id=event.id, session_id=session_id))
        after = {"statement_minutes": statement_minutes, "meetings": sorted(meeting_ids), "closed": closed}
        if after == before:
            tx.discard()
            return
        tx.record(event, "speakers list", before, after)
