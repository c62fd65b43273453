"""Writing delegations: submit one, change it, add, change or withdraw members, credentials,
size limits, and publishing the list of participants.

A focal point (through the public form and then the delegation link) and the secretariat (through
the management pages, `actor` given) use the same functions, so the same rules hold for both: the
size limit, one live delegation per State, members as registrations decided under the event's lock.
Only the secretariat's changes carry an audit entry (a focal point is not an account), and only the
secretariat may act after registration has closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.delegations import notices, queries
from planner.delegations.models import (
    LIVE_STATE_INDEX,
    Delegation,
    DelegationLimit,
    DelegationMember,
    ListEdition,
    ParticipantsList,
)
from planner.events.models import Event
from planner.i18n.languages import DEFAULT, LANGUAGES
from planner.registration import editing as registrations
from planner.registration.editing import Participant, RegistrationError, clean_text
from planner.registration.group import cancel_group, register_group
from planner.registration.models import Category, Registration
from planner.registration.tokens import new_link
from planner.un_states import state_name
from planner.validation import ModelValidationError

DELEGATION_FIELDS = [
    "category",
    "state",
    "organisation",
    "head_level",
    "focal_name",
    "focal_email",
    "focal_mission",
]
CREDENTIALS_FIELDS = ["credentials", "credentials_date", "credentials_note"]
MEMBER_FIELDS = ["honorific", "given_name", "family_name", "function", "listed", "language"]


@dataclass
class DelegationValues:
    """What the delegation form collects (already length-checked)."""

    category: str
    state: str | None
    organisation: str
    head_level: str
    focal_name: str
    focal_email: str
    focal_mission: str
    language: str = DEFAULT

    def clean(self) -> "DelegationValues":
        is_state = self.category in (Category.MEMBER_STATE, Category.OBSERVER_STATE)
        return DelegationValues(
            category=self.category,
            state=(self.state or None) if is_state else None,
            organisation="" if is_state else clean_text(self.organisation),
            head_level=self.head_level,
            focal_name=clean_text(self.focal_name),
            focal_email=self.focal_email.strip().lower(),
            focal_mission=clean_text(self.focal_mission),
            language=self.language if self.language in LANGUAGES else DEFAULT,
        )

    @property
    def member_values(self) -> dict:
        """What every member's registration takes from the delegation (planner.delegations.forms)."""
        return {"category": self.category, "state": self.state, "name": _name(self.state, self.organisation)}


def member_values(delegation: Delegation) -> dict:
    """What a new or changed member's registration takes from their delegation."""
    return {
        "category": delegation.category,
        "state": delegation.state,
        "name": _name(delegation.state, delegation.organisation),
    }


def _name(state: str | None, organisation: str) -> str:
    """A member's organisation as registrations keep it: the State's English UN name, or the
    organisation's name."""
    return state_name(state, "en") if state else organisation


def _limit_problem(session: Session, event_id: int, category: str, size: int) -> str | None:
    limit = queries.limits(session, event_id).get(category)
    if limit is not None and size > limit:
        return _(
            "A delegation of %(category)s may have at most %(limit)d people at this event.",
            category=Category(category).label,
            limit=limit,
        )
    return None


def _state_taken(session: Session, event_id: int, values: DelegationValues) -> None:
    if values.state and queries.live_state_delegation(session, event_id, values.state):
        raise ModelValidationError(
            "state",
            _(
                "%(state)s already has a delegation at this event: its focal point adds people through the "
                "delegation link, or asks the secretariat.",
                state=state_name(values.state),
            ),
        )


def submit(
    session: Session,
    event: Event,
    values: DelegationValues,
    people: list[Participant],
    *,
    actor: str | None = None,
    now: datetime | None = None,
) -> tuple[Delegation, str]:
    """Register a delegation and all its members at once, or nothing: (delegation, its link's token).

    The first person is the head of delegation. Each member gets their registration's own mail, the
    focal point the delegation link. Raises ModelValidationError (a field to blame),
    registrations.AlreadyRegistered or RegistrationError; nothing is saved then."""
    values = values.clean()
    if not people:
        raise ModelValidationError("members", _("Name at least the head of delegation."))
    problem = _limit_problem(session, event.id, values.category, len(people))
    if problem:
        raise ModelValidationError("members", problem)
    _state_taken(session, event.id, values)
    nonce, token, token_hash = new_link()
    delegation = Delegation(event_id=event.id, token_hash=token_hash, link_nonce=nonce, **vars(values))
    delegation.check()
    try:
        with transaction(session, actor) as tx:
            taken = register_group(session, event, people, actor=actor, secretariat=actor is not None, now=now)
            session.add(delegation)
            session.flush()
            for rank, (registration, _token) in enumerate(taken):
                session.add(
                    DelegationMember(
                        delegation_id=delegation.id, registration_id=registration.id, is_head=rank == 0, rank=rank
                    )
                )
            notices.delegation_received(session, delegation, event, [r for r, _t in taken], nonce)
            if actor:
                tx.record(delegation, "delegation entered", None, snapshot(delegation, DELEGATION_FIELDS))
    except IntegrityError as error:
        if LIVE_STATE_INDEX not in str(error.orig) and "delegation.event_id, delegation.state" not in str(error.orig):
            raise
        _state_taken(session, event.id, values)  # raises: another focal point was a moment faster
        raise
    return delegation, token


def update(session: Session, delegation: Delegation, values: DelegationValues, *, actor: str | None = None) -> bool:
    """Change the focal point, the head's level or (secretariat) the organisation's name. What the
    delegation represents stays: a different State is a different delegation."""
    values = values.clean()
    before = snapshot(delegation, DELEGATION_FIELDS)
    with transaction(session, actor) as tx:
        delegation.head_level = values.head_level
        delegation.focal_name, delegation.focal_email = values.focal_name, values.focal_email
        delegation.focal_mission = values.focal_mission
        if not delegation.is_state and actor:
            delegation.organisation = values.organisation
        after = snapshot(delegation, DELEGATION_FIELDS)
        if after == before:
            tx.discard()
            return False
        delegation.updated_at = utcnow()
        session.add(delegation)
        if actor:
            tx.record(delegation, "delegation changed", before, after)
    return True


def _open_for_changes(session: Session, event: Event, delegation: Delegation, actor: str | None) -> None:
    if delegation.withdrawn_at is not None:
        raise RegistrationError(_("This delegation was withdrawn."))
    if actor is None:
        state = registrations.window(event, registrations.settings_for(session, event), utcnow())
        if state != registrations.Window.OPEN:
            raise RegistrationError(
                _("Registration is closed: the delegation can no longer be changed here. Write to the secretariat.")
            )


def add_member(
    session: Session, event: Event, delegation: Delegation, person: Participant, *, actor: str | None = None
) -> Registration:
    """One more member (never the head: `make_head` changes the head)."""
    _open_for_changes(session, event, delegation, actor)
    size = len(queries.members(session, delegation.id, live_only=True)) + 1
    problem = _limit_problem(session, event.id, delegation.category, size)
    if problem:
        raise ModelValidationError("email", problem)
    last = session.exec(
        select(DelegationMember.rank)
        .where(DelegationMember.delegation_id == delegation.id)
        .order_by(DelegationMember.rank.desc())
    ).first()
    with transaction(session, actor) as tx:
        [(registration, _token)] = register_group(session, event, [person], actor=actor, secretariat=actor is not None)
        session.add(
            DelegationMember(delegation_id=delegation.id, registration_id=registration.id, rank=(last or 0) + 1)
        )
        if actor:
            tx.record(delegation, "member added", None, {"member": registration.full_name})
    return registration


def update_member(
    session: Session,
    event: Event,
    delegation: Delegation,
    registration: Registration,
    person: Participant,
    *,
    actor: str | None = None,
) -> bool:
    """Change a member's name, function, language or consent to be listed (the e-mail address is the
    person's: they change it by registering again). Returns whether anything changed."""
    _open_for_changes(session, event, delegation, actor)
    if not registrations.editable(event, registration):
        raise RegistrationError(_("This registration can no longer be changed."))
    person = person.clean()
    before = snapshot(registration, MEMBER_FIELDS)
    with transaction(session, actor) as tx:
        for name in MEMBER_FIELDS:
            setattr(registration, name, getattr(person, name))
        after = snapshot(registration, MEMBER_FIELDS)
        if after == before:
            tx.discard()
            return False
        registration.updated_at = utcnow()
        session.add(registration)
        if actor:
            tx.record(registration, "member changed", before, after)
    return True


def withdraw_member(
    session: Session, event: Event, delegation: Delegation, registration: Registration, *, actor: str | None = None
) -> None:
    """Cancel a member's registration (a waiting person may take the seat). The head stays until
    another member is made head, or the whole delegation is withdrawn."""
    _open_for_changes(session, event, delegation, actor)
    member = session.exec(select(DelegationMember).where(DelegationMember.registration_id == registration.id)).one()
    if member.is_head:
        raise RegistrationError(_("The head of delegation cannot be withdrawn alone: make another member head first."))
    with transaction(session, actor) as tx:
        registrations.cancel(session, event, registration)
        if actor:
            tx.record(delegation, "member withdrawn", {"member": registration.full_name}, None)


def make_head(
    session: Session, event: Event, delegation: Delegation, registration: Registration, *, actor: str | None = None
) -> None:
    _open_for_changes(session, event, delegation, actor)
    if registration.status not in registrations.LIVE:
        raise RegistrationError(_("Only a member whose registration is live can head the delegation."))
    rows = session.exec(select(DelegationMember).where(DelegationMember.delegation_id == delegation.id)).all()
    with transaction(session, actor) as tx:
        for member in rows:
            member.is_head = member.registration_id == registration.id
            session.add(member)
        if actor:
            tx.record(delegation, "head changed", None, {"head": registration.full_name})


def withdraw(session: Session, event: Event, delegation: Delegation, *, actor: str | None = None) -> None:
    """Withdraw the whole delegation: every live member's registration is cancelled (freed seats go
    to the waiting list), and the State may then be registered again."""
    _open_for_changes(session, event, delegation, actor)
    people = [member.registration for member in queries.members(session, delegation.id, live_only=True)]
    with transaction(session, actor) as tx:
        cancel_group(session, event, people)
        delegation.withdrawn_at = delegation.updated_at = utcnow()
        session.add(delegation)
        if actor:
            tx.record(delegation, "delegation withdrawn", None, {"withdrawn_at": delegation.withdrawn_at})


def record_credentials(
    session: Session, actor: str, delegation: Delegation, status: str, received: date | None, note: str
) -> bool:
    before = snapshot(delegation, CREDENTIALS_FIELDS)
    with transaction(session, actor) as tx:
        delegation.credentials = status
        delegation.credentials_date = received
        delegation.credentials_note = clean_text(note or "", multiline=True)
        after = snapshot(delegation, CREDENTIALS_FIELDS)
        if after == before:
            tx.discard()
            return False
        delegation.updated_at = utcnow()
        session.add(delegation)
        tx.record(delegation, "credentials", before, after)
    return True


def set_limits(session: Session, actor: str, event: Event, wanted: dict[str, int | None]) -> None:
    """The largest delegation per category (None: no limit). Delegations already larger keep
    their members; the limit applies to the next member added."""
    rows = {
        row.category: row for row in session.exec(select(DelegationLimit).where(DelegationLimit.event_id == event.id))
    }
    before = {category: row.members for category, row in rows.items()}
    with transaction(session, actor) as tx:
        for category, members in wanted.items():
            row = rows.get(category)
            if members is None and row is not None:
                session.delete(row)
            elif members is not None and row is None:
                session.add(DelegationLimit(event_id=event.id, category=category, members=members))
            elif members is not None:
                row.members = members
                session.add(row)
        after = {category: members for category, members in wanted.items() if members is not None}
        if after == before:
            tx.discard()
            return
        tx.record(event, "delegation limits", before, after)


def publish_list(session: Session, actor: str, event: Event, edition: str | None) -> ParticipantsList:
    """Publish the list of participants as `edition` (provisional or final), or take it down (None)."""
    row = queries.publication(session, event.id) or ParticipantsList(event_id=event.id)
    before = {"edition": row.edition if row.published_at else None}
    with transaction(session, actor) as tx:
        if edition is None:
            row.published_at = None
        else:
            row.edition = ListEdition(edition).value
            row.published_at = utcnow()
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
        tx.record(event, "participants list", before, {"edition": edition})
    return row
