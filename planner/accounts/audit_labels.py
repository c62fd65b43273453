"""How the audit trail reads accounts (filled into planner.audit.labels when the app starts)."""

from __future__ import annotations

from sqlmodel import Session, select

from planner.accounts.models import ROLE_LABELS, User
from planner.audit.labels import add_names, add_value_labels


def _emails(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(User.id, User.email).where(User.id.in_(ids))).all())


add_value_labels("role", ROLE_LABELS, User.__tablename__)
add_names("user_id", _emails)
