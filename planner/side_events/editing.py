"""Writing side events: the call, a proposal (submitted, changed and withdrawn by its proposer
through the private link while the call is open), reviews, the secretariat's decision, and
placing an accepted side event in a room and a slot of the agenda.

Every change the secretariat makes is in the audit trail, recorded on the proposal (the call's
settings on the event); every change that concerns the proposer reaches them by e-mail in the
language they wrote in (planner.side_events.notices), in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from planner.agenda import editing as agenda
from planner.agenda.models import AgendaSession, SessionKind
from planner.audit.trail import snapshot
from planner.db import begin_immediate, transaction, utcnow
from planner.events.models import Event
from planner.i18n.languages import LANGUAGES
from planner.localtime import local_to_utc
from planner.registration.editing import clean_text
from planner.registration.tokens import new_link
from planner.side_events import notices, queries
from planner.side_events.models import (
    ATTENDANCE_MAX,
    DECISIONS,
    MESSAGE_MAX,
    ORGANISER_KINDS_THAT_QUALIFY,
    SCORE_MAX,
    SCORE_MIN,
    TEXT_MAX,
    Accessibility,
    OrganiserKind,
    Proposal,
    ProposalFormat,
    ProposalOrganiser,
    ProposalReview,
    ProposalStatus,
    SideEventCall,
)
from planner.un_states import is_un_state
from planner.validation import ModelValidationError, is_email

ORGANISERS_MAX = 10
PROPOSAL_FIELDS = [
    "title",
    "theme",
    "description",
    "format",
    "expected_attendance",
    "preferred_days",
    "languages",
    "accessibility",
    "accessibility_notes",
    "proposer_name",
    "proposer_email",
]


class ProposalError(Exception):
    """A change a proposal or the call cannot take; the message says why in words."""


class CallState(StrEnum):
    NONE = "none"  # the event has no call for side events
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


def call_state(call: SideEventCall | None, now: datetime) -> CallState:
    if call is None:
        return CallState.NONE
    if now < call.opens_at:
        return CallState.NOT_YET_OPEN
    if now >= call.closes_at:
        return CallState.CLOSED
    return CallState.OPEN


# --- the call ---------------------------------------------------------------------------------------


def save_call(
    session: Session, actor: str, event: Event, first_day: date, last_day: date, guidance: str = ""
) -> SideEventCall:
    """Open the call from the start of `first_day` to the end of `last_day`, in the event's zone."""
    if last_day < first_day:
        raise ModelValidationError("closes_on", _("The call must close on or after the day it opens."))
    call = queries.call_of(session, event.id) or SideEventCall(event_id=event.id)
    before = None if call.id is None else snapshot(call, ["opens_at", "closes_at", "guidance"])
    call.opens_at = local_to_utc(datetime.combine(first_day, time()), event.zone)
    call.closes_at = local_to_utc(datetime.combine(last_day + timedelta(days=1), time()), event.zone)
    call.guidance = clean_text(guidance or "", multiline=True)[:TEXT_MAX]
    with transaction(session, actor) as tx:
        after = snapshot(call, ["opens_at", "closes_at", "guidance"])
        if before == after:
            tx.discard()
            return call
        call.updated_at = utcnow()
        session.add(call)
        tx.record(event, "side-event call", before, after)
    return call


# --- proposals --------------------------------------------------------------------------------------


@dataclass
class OrganiserValues:
    kind: str
    state: str | None = None
    name: str = ""
    co_organiser: bool = False


@dataclass
class ProposalValues:
    title: str
    theme: str
    description: str
    format: str
    expected_attendance: int | None
    preferred_days: list[date]
    languages: list[str]
    accessibility: list[str]
    accessibility_notes: str
    proposer_name: str
    proposer_email: str
    proposer_language: str
    organisers: list[OrganiserValues] = field(default_factory=list)

    def clean(self, event: Event) -> "ProposalValues":
        """The values trimmed, or ModelValidationError naming the first field to correct."""
        title, name = clean_text(self.title or ""), clean_text(self.proposer_name or "")
        email = (self.proposer_email or "").strip().lower()
        if not title:
            raise ModelValidationError("title", _("Give the side event a title."))
        if self.format not in set(ProposalFormat):
            raise ModelValidationError("format", _("Choose the format."))
        if not self.expected_attendance or not 1 <= self.expected_attendance <= ATTENDANCE_MAX:
            raise ModelValidationError(
                "expected_attendance", _("Enter the expected attendance, 1 to %(max)s.", max=ATTENDANCE_MAX)
            )
        days = sorted(set(self.preferred_days or []))
        if event.is_dated and any(not event.first_day <= day <= event.last_day for day in days):
            raise ModelValidationError("preferred_days", _("Choose preferred days among the event's days."))
        if any(code not in LANGUAGES for code in self.languages or []):
            raise ModelValidationError("languages", _("Choose languages among the six official languages."))
        if any(value not in set(Accessibility) for value in self.accessibility or []):
            raise ModelValidationError("accessibility", _("Choose accessibility arrangements from the list."))
        if not name:
            raise ModelValidationError("proposer_name", _("Enter your name."))
        if not is_email(email):
            raise ModelValidationError("proposer_email", _("Enter an e-mail address such as name@example.org."))
        organisers = [_clean_organiser(o) for o in self.organisers]
        _check_organisers(organisers)
        return ProposalValues(
            title,
            clean_text(self.theme or ""),
            clean_text(self.description or "", multiline=True)[:TEXT_MAX],
            self.format,
            self.expected_attendance,
            days,
            [code for code in LANGUAGES if code in set(self.languages or [])],
            [value.value for value in Accessibility if value in set(self.accessibility or [])],
            clean_text(self.accessibility_notes or "", multiline=True)[:1000],
            name,
            email,
            self.proposer_language if self.proposer_language in LANGUAGES else "en",
            organisers,
        )

    def columns(self) -> dict:
        return {
            "title": self.title,
            "theme": self.theme,
            "description": self.description,
            "format": self.format,
            "expected_attendance": self.expected_attendance,
            "preferred_days": ",".join(day.isoformat() for day in self.preferred_days),
            "languages": ",".join(self.languages),
            "accessibility": ",".join(self.accessibility),
            "accessibility_notes": self.accessibility_notes,
            "proposer_name": self.proposer_name,
            "proposer_email": self.proposer_email,
            "proposer_language": self.proposer_language,
        }


def _clean_organiser(organiser: OrganiserValues) -> OrganiserValues:
    if organiser.kind not in set(OrganiserKind):
        raise ModelValidationError("organisers", _("Choose what each organiser is."))
    kind = OrganiserKind(organiser.kind)
    if kind.is_state:
        if not is_un_state(organiser.state):
            raise ModelValidationError("organisers", _("Choose the State of each organiser that is a State."))
        return OrganiserValues(kind.value, organiser.state, "", organiser.co_organiser)
    name = clean_text(organiser.name or "")
    if not name:
        raise ModelValidationError("organisers", _("Name each organiser that is not a State."))
    return OrganiserValues(kind.value, None, name, organiser.co_organiser)


def _check_organisers(organisers: list[OrganiserValues]) -> None:
    """At least one organiser (not a co-organiser) is a Member State or a UN system entity, as UN
    conferences ask of side events; a State or an organisation is named once."""
    if not organisers:
        raise ModelValidationError("organisers", _("Name at least one organiser."))
    if len(organisers) > ORGANISERS_MAX:
        raise ModelValidationError("organisers", _("Name at most %(max)s organisers.", max=ORGANISERS_MAX))
    if not any(o.kind in set(ORGANISER_KINDS_THAT_QUALIFY) and not o.co_organiser for o in organisers):
        raise ModelValidationError(
            "organisers", _("At least one organiser (not a co-organiser) must be a Member State or a UN system entity.")
        )
    names = [o.state or o.name.casefold() for o in organisers]
    if len(set(names)) != len(names):
        raise ModelValidationError("organisers", _("Each organiser is named once."))


def _set_organisers(session: Session, proposal: Proposal, organisers: list[OrganiserValues]) -> None:
    session.exec(delete(ProposalOrganiser).where(ProposalOrganiser.proposal_id == proposal.id))
    for position, organiser in enumerate(organisers):
        session.add(ProposalOrganiser(proposal_id=proposal.id, position=position, **vars(organiser)))


def why_not_open(state: CallState) -> str:
    """Why a proposal cannot be sent or changed now, in words (empty while the call is open)."""
    if state == CallState.NONE:
        return _("This event has no call for side events.")
    if state == CallState.NOT_YET_OPEN:
        return _("The call for side events is not open yet.")
    if state == CallState.CLOSED:
        return _("The call for side events is closed: proposals can no longer be sent or changed.")
    return ""


def _open_call(session: Session, event: Event, now: datetime) -> None:
    reason = why_not_open(call_state(queries.call_of(session, event.id), now))
    if reason:
        raise ProposalError(reason)


def submit(
    session: Session, event: Event, values: ProposalValues, *, now: datetime | None = None
) -> tuple[Proposal, str]:
    """Take a proposal while the call is open: (the proposal, its private link's token). The
    proposer is sent the link."""
    now = now or utcnow()
    values = values.clean(event)
    _open_call(session, event, now)
    nonce, token, token_hash = new_link()
    proposal = _insert(session, event, values, token_hash, nonce, now)
    return proposal, token


def _insert(session: Session, event: Event, values: ProposalValues, token_hash: str, nonce: str, now) -> Proposal:
    """Number and store the proposal, the event's call locked first (its row on PostgreSQL, the
    database on SQLite), so that proposals sent in the same instant are numbered one after the
    other instead of taking the same number."""
    with transaction(session):
        lock = select(SideEventCall.id).where(SideEventCall.event_id == event.id)
        session.exec(lock if begin_immediate(session.connection()) else lock.with_for_update()).first()
        number = (
            session.exec(select(sa.func.max(Proposal.number)).where(Proposal.event_id == event.id)).one() or 0
        ) + 1
        proposal = Proposal(
            event_id=event.id, number=number, token_hash=token_hash, link_nonce=nonce, **values.columns()
        )
        proposal.submitted_at = proposal.updated_at = now
        session.add(proposal)
        session.flush()
        _set_organisers(session, proposal, values.organisers)
        notices.received(session, event, proposal, nonce)
    return proposal


def update(session: Session, event: Event, proposal: Proposal, values: ProposalValues, *, now=None) -> bool:
    """The proposer changes their proposal: while the call is open and no decision is taken."""
    now = now or utcnow()
    values = values.clean(event)
    _open_call(session, event, now)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ProposalError(_("A decision was taken on this proposal: write to the secretariat to change it."))
    before = (snapshot(proposal, PROPOSAL_FIELDS), _organiser_rows(queries.organisers_of(session, [proposal.id])))
    with transaction(session) as tx:
        for name, value in values.columns().items():
            setattr(proposal, name, value)
        _set_organisers(session, proposal, values.organisers)
        session.flush()
        after = (snapshot(proposal, PROPOSAL_FIELDS), _organiser_rows(queries.organisers_of(session, [proposal.id])))
        if before == after:
            tx.discard()
            return False
        proposal.updated_at = now
        session.add(proposal)
    return True


def _organiser_rows(organisers: dict) -> list:
    return [(o.kind, o.state, o.name, o.co_organiser) for rows in organisers.values() for o in rows]


def withdraw(session: Session, event: Event, proposal: Proposal, *, now: datetime | None = None) -> None:
    """The proposer withdraws a proposal that is not on the programme."""
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ProposalError(_("This proposal was withdrawn already."))
    if proposal.status in (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED):
        raise ProposalError(_("A decision was taken on this proposal: write to the secretariat."))
    with transaction(session):
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.updated_at = now or utcnow()
        session.add(proposal)
        notices.withdrawn(session, event, proposal)


# --- review and decision ----------------------------------------------------------------------------


def review(session: Session, actor: str, user_id: int, proposal: Proposal, score: int, comment: str) -> ProposalReview:
    """A reviewer's score (1 to 5) and comment; a second review by the same reviewer replaces the first."""
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ProposalError(_("This proposal was withdrawn: there is nothing to review."))
    if not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
        raise ModelValidationError("score", _("Give a score from %(low)s to %(high)s.", low=SCORE_MIN, high=SCORE_MAX))
    comment = clean_text(comment or "", multiline=True)[:TEXT_MAX]
    try:
        return _save_review(session, actor, user_id, proposal, score, comment)
    except IntegrityError:  # the same reviewer's other tab saved first: change that review instead
        return _save_review(session, actor, user_id, proposal, score, comment)


def _save_review(session: Session, actor: str, user_id: int, proposal: Proposal, score: int, comment: str):
    mine = queries.review_by(session, proposal.id, user_id)
    before = None if mine is None else snapshot(mine, ["score", "comment"])
    with transaction(session, actor) as tx:
        mine = mine or ProposalReview(proposal_id=proposal.id, user_id=user_id, score=score)
        mine.score, mine.comment, mine.updated_at = score, comment, utcnow()
        after = snapshot(mine, ["score", "comment"])
        if before == after:
            tx.discard()
            return mine
        session.add(mine)
        tx.record(proposal, "side-event review", before, after)
    return mine


def decide(session: Session, actor: str, event: Event, proposal: Proposal, status: str, message: str = "") -> None:
    """Accept, waitlist or decline, with a message the proposer receives in their language."""
    if status not in set(DECISIONS):
        raise ModelValidationError("status", _("Choose accept, waiting list or decline."))
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ProposalError(_("The proposer withdrew this proposal."))
    if proposal.session_id is not None and status != ProposalStatus.ACCEPTED:
        raise ProposalError(_("This side event is on the programme: cancel or delete its session in the agenda first."))
    message = clean_text(message or "", multiline=True)[:MESSAGE_MAX]
    before = snapshot(proposal, ["status", "decision_message"])
    with transaction(session, actor) as tx:
        proposal.status, proposal.decision_message = status, message
        after = snapshot(proposal, ["status", "decision_message"])
        if before == after:
            tx.discard()
            return
        proposal.decided_at = proposal.updated_at = utcnow()
        session.add(proposal)
        tx.record(proposal, "side-event decision", before, after)
        notices.decided(session, event, proposal)


# --- placing an accepted side event -----------------------------------------------------------------


@dataclass
class Placement:
    room_id: int | None
    local_start: datetime
    local_end: datetime


def session_values(session: Session, proposal: Proposal, placement: Placement) -> agenda.SessionValues:
    """The agenda session an accepted proposal becomes: its title, kind side event, the organisers
    and the proposal's description as the session's description (in English, as entered)."""
    with force_locale("en"):
        organisers = queries.organisers_line(queries.organisers_of(session, [proposal.id]).get(proposal.id, []))
    description = "\n\n".join(part for part in (organisers, proposal.theme, proposal.description) if part)
    return agenda.SessionValues(
        title=proposal.title,
        kind=SessionKind.SIDE_EVENT,
        local_start=placement.local_start,
        local_end=placement.local_end,
        room_id=placement.room_id,
        description=description,
    )


def place(
    session: Session,
    actor: str,
    event: Event,
    proposal: Proposal,
    placement: Placement,
    override_reason: str | None = None,
) -> AgendaSession:
    """Put an accepted side event on the programme (published) in a room and a slot, or move it.

    The agenda's rules hold (agenda.editing.save_session): a clash of room, person or break, or a
    slot outside the event's days, raises agenda.editing.ConflictsFound unless a reason to save
    anyway is given. A clash with the general debate is only a warning (queries.debate_clashes):
    delegations are expected in the plenary then, which the secretariat may accept."""
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ProposalError(_("Only an accepted side event can be placed on the programme."))
    current = session.get(AgendaSession, proposal.session_id) if proposal.session_id else None
    values = session_values(session, proposal, placement)
    before = None if current is None else _where(current)
    with transaction(session, actor) as tx:
        placed = agenda.save_session(session, actor, event, current, values, override_reason=override_reason)
        if not placed.published:
            placed.published = True
            placed.updated_at = utcnow()
            session.add(placed)
        proposal.session_id = placed.id
        proposal.updated_at = utcnow()
        session.add(proposal)
        session.flush()
        after = _where(placed)
        if before == after:
            tx.discard()
            return placed
        tx.record(proposal, "side event placed", before, after)
        notices.placed(session, event, proposal, placed)
    return placed


def _where(placed: AgendaSession) -> dict:
    return snapshot(placed, ["starts_at", "ends_at", "room_id"])
