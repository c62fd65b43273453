"""Accrediting people: the accreditation desk's decision on each registration of an event.

Accreditation is per person, for delegation members and individual participants alike: the list
of participants shows only accredited people. A refusal carries a reason, which the person
receives as written (the desk is told to write it in the person's language if it can). Every
decision is in the audit trail, and each change of decision reaches the person by e-mail."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session

from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.delegations import notices
from planner.events.models import Event
from planner.registration.editing import LIVE, RegistrationError, clean_text
from planner.registration.models import Accreditation, Registration
from planner.validation import ModelValidationError

FIELDS = ["accreditation", "accreditation_reason"]


def decide(
    session: Session, actor: str, event: Event, registration: Registration, decision: str, reason: str = ""
) -> bool:
    """Record `decision` (accredited, refused, pending) for `registration`; returns whether it
    changed. Only a live registration is accredited; refusing needs a reason."""
    decision = Accreditation(decision)
    reason = clean_text(reason or "", multiline=True) if decision == Accreditation.REFUSED else ""
    if decision == Accreditation.REFUSED and not reason:
        raise ModelValidationError("reason", _("Give the reason the person will read."))
    if decision == Accreditation.ACCREDITED and registration.status not in LIVE:
        raise RegistrationError(
            _("This registration is %(status)s: it cannot be accredited.", status=registration.status_label.lower())
        )
    before = snapshot(registration, FIELDS)
    with transaction(session, actor) as tx:
        registration.accreditation = decision.value
        registration.accreditation_reason = reason
        after = snapshot(registration, FIELDS)
        if after == before:
            tx.discard()
            return False
        registration.updated_at = utcnow()
        session.add(registration)
        tx.record(registration, "accreditation", before, after, reason=reason or None)
        if decision != Accreditation.PENDING:
            notices.accreditation_decided(session, registration, event)
    return True


def decide_many(session: Session, actor: str, event: Event, people: list[Registration], decision: str) -> int:
    """Accredit (or set back to pending) several people at once; refusals go one by one, each
    with its reason. Returns how many changed."""
    if Accreditation(decision) == Accreditation.REFUSED:
        raise ModelValidationError("decision", _("Refuse people one by one, each with a reason."))
    changed = 0
    with transaction(session, actor):
        for registration in people:
            if decision == Accreditation.ACCREDITED and registration.status not in LIVE:
                continue
            changed += decide(session, actor, event, registration, decision)
    return changed
