"""How the audit trail reads registrations, their settings and what was sent to participants
(filled into planner.audit.labels when the app starts): statuses and categories by their labels,
a registration's or its settings' instants in the event's zone, participants by name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from planner.audit.labels import add_actions, add_fields, add_formatter, add_names, add_value_labels, add_zone
from planner.events.models import Event
from planner.registration.models import (
    CATEGORY_LABELS,
    LETTER_STATUS_LABELS,
    STATUS_LABELS,
    ChangeKind,
    ChangeNotice,
    OutboxMessage,
    OutboxStatus,
    Registration,
    RegistrationSettings,
)
from planner.un_states import is_un_state, state_name

OUTBOX_LABELS = {
    OutboxStatus.QUEUED: _l("Waiting to be sent"),
    OutboxStatus.SENDING: _l("Being sent"),
    OutboxStatus.SENT: _l("Sent"),
    OutboxStatus.FAILED: _l("Failed"),
}

CHANGE_LABELS = {
    ChangeKind.REDATED: _l("New dates"),
    ChangeKind.POSTPONED: _l("Postponed"),
    ChangeKind.CANCELLED: _l("Cancelled"),
    ChangeKind.MOVED: _l("New place"),
    ChangeKind.SESSIONS: _l("Sessions changed"),
}


def _zone_through(model):
    """The zone of the event a row of `model` (which has an event_id) belongs to."""

    def zone(session: Session, object_id: str) -> str | None:
        return session.exec(
            select(Event.timezone).join(model, model.event_id == Event.id).where(model.id == int(object_id))
        ).first()

    return zone


def _participants(session: Session, ids: set[int]) -> dict[int, str]:
    rows = session.exec(
        select(Registration.id, Registration.honorific, Registration.given_name, Registration.family_name).where(
            Registration.id.in_(ids)
        )
    ).all()
    return {row[0]: " ".join(part for part in row[1:] if part) for row in rows}


add_value_labels("status", STATUS_LABELS, Registration.__tablename__)
add_value_labels("status", OUTBOX_LABELS, OutboxMessage.__tablename__)
add_value_labels("kind", CHANGE_LABELS, ChangeNotice.__tablename__)
add_value_labels("statuses", STATUS_LABELS)
for field in ("category", "categories", "quotas"):
    add_value_labels(field, CATEGORY_LABELS)
add_names("registration_id", _participants)
# The State a delegate represents reads under its UN short name, like on the registration's pages.
add_formatter(
    "represents",
    lambda value, _context: state_name(value) if isinstance(value, str) and is_un_state(value) else None,
    Registration.__tablename__,
)
for model in (Registration, RegistrationSettings, ChangeNotice):
    add_zone(model.__tablename__, _zone_through(model))
add_actions(
    {
        "undo check-in": _l("Check-in undone"),
        "letter issued": _l("Letter of invitation issued"),
        "letter sent": _l("Letter of invitation announced to the participant"),
        "letter wording": _l("Text of the letter of invitation"),
    }
)
add_fields(
    {
        "checked_in_at": _l("checked in at"),
        "invitation_letters": _l("letters of invitation"),
        "letter": _l("letter of invitation"),
        "wording": _l("text (empty: the built-in one)"),
    }
)
add_value_labels("letter", LETTER_STATUS_LABELS, Registration.__tablename__)
