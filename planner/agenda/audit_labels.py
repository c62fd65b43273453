"""How the audit trail reads sessions and people (filled into planner.audit.labels when the app
starts): session kinds and roles by their labels, a session's instants in its event's zone, and
the sessions deleted from an event on the event's page (they have no page of their own)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from planner import images
from planner.agenda.models import AgendaSession, Person, RoleKind, SessionKind
from planner.audit.labels import add_actions, add_fields, add_formatter, add_names, add_value_labels, add_zone
from planner.audit.models import AuditEntry
from planner.audit.trail import add_related
from planner.events.models import Event


def _people(value, _context) -> str | None:
    """ "Chair: A. Chair; Speaker: B. Speaker" (the People field's English keywords, as stored)
    with each role in the reader's language; None (read as stored) when a part is no role."""
    if not isinstance(value, str):
        return None
    parts = []
    for part in value.split("; "):
        keyword, _sep, name = part.partition(": ")
        try:
            role = RoleKind(keyword.lower())
        except ValueError:
            return None
        parts.append(f"{role.label}: {name}")
    return "; ".join(parts)


def _people_names(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(Person.id, Person.name).where(Person.id.in_(ids))).all())


def _session_titles(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(AgendaSession.id, AgendaSession.title).where(AgendaSession.id.in_(ids))).all())


def _session_zone(session: Session, object_id: str) -> str | None:
    return session.exec(
        select(Event.timezone)
        .join(AgendaSession, AgendaSession.event_id == Event.id)
        .where(AgendaSession.id == int(object_id))
    ).first()


def _deleted_sessions(event_id: str) -> sa.ColumnElement[bool]:
    """Entries of the event's deleted sessions: their deletion records the event's id."""
    return sa.and_(
        AuditEntry.object_type == AgendaSession.__tablename__,
        AuditEntry.action == "delete",
        AuditEntry.before["event_id"].as_integer() == int(event_id),
    )


add_actions({"merge people": _l("Records of one person merged"), "photo": _l("Photo changed")})
add_fields(
    {
        "merged": _l("merged record"),
        "roles moved": _l("session roles moved"),
        "biography": _l("biography"),
        "photo_file": _l("photo"),
    }
)
add_formatter("photo_file", lambda value, _context: images.label(value), "person")
add_value_labels("kind", {kind: kind.label for kind in SessionKind}, AgendaSession.__tablename__)
add_value_labels("role", {role: role.label for role in RoleKind})
add_formatter("people", _people)
add_names("person_id", _people_names)
add_names("session_id", _session_titles)
add_zone(AgendaSession.__tablename__, _session_zone)
add_related(Event.__tablename__, _deleted_sessions)
