"""How the audit trail reads side events (filled into planner.audit.labels at start-up): actions,
fields, decisions by their labels, and a proposal's instants in its event's zone."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from planner.audit.labels import add_actions, add_fields, add_value_labels, add_zone
from planner.events.models import Event
from planner.side_events.models import STATUS_LABELS, Proposal

add_actions(
    {
        "side-event call": _l("Call for side events"),
        "side-event review": _l("Side-event review"),
        "side-event decision": _l("Side-event decision"),
        "side event placed": _l("Side event placed on the programme"),
    }
)
add_fields(
    {
        "opens_at": _l("opens"),
        "closes_at": _l("closes"),
        "guidance": _l("what the call asks for"),
        "score": _l("score"),
        "comment": _l("comment"),
        "decision_message": _l("message to the proposer"),
    }
)
add_value_labels("status", STATUS_LABELS, Proposal.__tablename__)


def _proposal_zone(session: Session, object_id: str) -> str | None:
    return session.exec(
        select(Event.timezone).join(Proposal, Proposal.event_id == Event.id).where(Proposal.id == int(object_id))
    ).first()


add_zone(Proposal.__tablename__, _proposal_zone)
