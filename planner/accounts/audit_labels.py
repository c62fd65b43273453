"""How the audit trail reads accounts (filled into planner.audit.labels when the app starts)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from planner.accounts.models import EVENT_ROLE_LABELS, ROLE_LABELS, User
from planner.audit.labels import add_actions, add_fields, add_names, add_value_labels


def _emails(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(User.id, User.email).where(User.id.in_(ids))).all())


add_actions({"grant event role": _l("Role on an event granted"), "remove event role": _l("Role on an event removed")})
add_fields({"event_role": _l("role on the event")})
add_value_labels("role", ROLE_LABELS, User.__tablename__)
add_value_labels("event_role", EVENT_ROLE_LABELS, User.__tablename__)
add_names("user_id", _emails)
