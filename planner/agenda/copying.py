"""Copying the agenda of an earlier edition of a series into another edition.

Each session keeps its local wall-clock time and moves by the number of days between the two
events' first days, so a 09:00 opening stays at 09:00 local even when a summer-time change lies
between the editions. Copies are drafts: the secretariat reviews them before publishing.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.agenda.models import AgendaSession, SessionRole
from planner.agenda.queries import event_sessions
from planner.db import transaction
from planner.events.models import Event
from planner.localtime import moved_days
from planner.validation import ModelValidationError


def earlier_editions(db_session: Session, event: Event) -> list[Event]:
    """Other dated events of the same series that start before this one, latest first."""
    if event.series_id is None or not event.is_dated:
        return []
    return list(
        db_session.exec(
            select(Event)
            .where(
                Event.series_id == event.series_id,
                Event.id != event.id,
                Event.starts_at.is_not(None),
                Event.starts_at < event.starts_at,
            )
            .order_by(Event.starts_at.desc())
        )
    )


def shifted(moment: datetime, source: Event, target: Event) -> datetime:
    """`moment` moved from `source`'s calendar to `target`'s, keeping its local time of day."""
    return moved_days(moment, (target.first_day - source.first_day).days, source.zone, target.zone)


def copy_agenda(db_session: Session, actor: str, source: Event, target: Event) -> int:
    """Copy the sessions of `source` into `target` as drafts, with rooms and people; returns how
    many were copied (running it twice copies nothing more)."""
    if source.id == target.id:
        raise ModelValidationError("source_id", _("choose another event than this one"))
    if source.series_id is None or source.series_id != target.series_id:
        raise ModelValidationError("source_id", _("copy only from an edition of the same series"))
    if not (source.is_dated and target.is_dated):
        raise ModelValidationError("source_id", _("both events need their dates first"))
    # A session already copied (same title and start) is not copied twice.
    present = {(s.title, s.starts_at) for s in event_sessions(db_session, target.id)}
    sessions = [
        s
        for s in event_sessions(db_session, source.id)
        if not s.cancelled and (s.title, shifted(s.starts_at, source, target)) not in present
    ]
    if not sessions:
        return 0  # nothing to copy, nothing to record
    with transaction(db_session, actor) as tx:
        for original in sessions:
            db_session.add(
                AgendaSession(
                    event_id=target.id,
                    title=original.title,
                    kind=original.kind,
                    starts_at=shifted(original.starts_at, source, target),
                    ends_at=shifted(original.ends_at, source, target),
                    room_id=original.room_id,
                    description=original.description,
                    is_sample=original.is_sample,
                    roles=[SessionRole(role=r.role, person_id=r.person_id) for r in original.roles],
                )
            )
        tx.record(target, "copy agenda", None, {"copied from": source.title, "sessions": len(sessions)})
    return len(sessions)
