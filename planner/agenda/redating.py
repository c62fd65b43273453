"""The programme moves with its event: when an event gets new days, so do its sessions.

Subscribed to planner.events.changes. A re-dated (or postponed-to-new-days) event moves each of
its sessions by the number of days between the old and the new first local day, at the same
wall-clock time in the event's zone: the rule the agenda copy uses (planner.localtime.moved_days),
so a 09:00 opening stays at 09:00 across a summer-time change. The manager sees the moves before
saving and may decline them; sessions then stay where they were, and the event page and the
timetable say how many fall outside the event's days.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlmodel import Session, func, select

from planner.agenda.models import AgendaSession
from planner.agenda.queries import event_sessions
from planner.audit.trail import snapshot
from planner.db import get_session, utcnow
from planner.events import changes
from planner.events.changes import EventChange, PreviewPart
from planner.events.models import Event
from planner.formatting import date_short, time_of_day
from planner.localtime import moved_days

MOVED_FIELDS = ("starts_at", "ends_at", "sequence")
PREVIEW_ITEMS = 30  # sessions listed by name in the preview; the rest are counted


def moves(db_session: Session, change: EventChange) -> list[tuple[AgendaSession, datetime, datetime]]:
    """Each session of the event with the start and end it gets from the change's new dates."""
    days = change.day_shift
    old_zone, new_zone = change.zones
    if days is None or (days == 0 and old_zone == new_zone):
        return []
    return [
        (s, moved_days(s.starts_at, days, old_zone, new_zone), moved_days(s.ends_at, days, old_zone, new_zone))
        for s in event_sessions(db_session, change.event.id)
    ]


def _when(moment: datetime, zone) -> str:
    local = moment.astimezone(zone)
    return f"{date_short(local)} {time_of_day(local)}"


@changes.previewing.connect
def preview_moves(event: Event, db_session: Session, change: EventChange) -> PreviewPart | None:
    planned = moves(db_session, change)
    if not planned:
        return None
    old_zone, new_zone = change.zones
    items = [
        _("%(title)s: %(old)s → %(new)s", title=s.title, old=_when(s.starts_at, old_zone), new=_when(start, new_zone))
        for s, start, _end in planned[:PREVIEW_ITEMS]
    ]
    if len(planned) > PREVIEW_ITEMS:
        items.append(_("… and %(num)d more.", num=len(planned) - PREVIEW_ITEMS))
    sentence = ngettext(
        "%(num)d session moves with the new dates, at the same local time:",
        "%(num)d sessions move with the new dates, at the same local times:",
        len(planned),
    )
    return PreviewPart(sentence, tuple(items), len(planned))


@changes.applying.connect
def move_sessions(event: Event, db_session: Session, change: EventChange, tx) -> None:
    """Move every session with the event (each one's sequence raised, each move in the trail)."""
    if not change.move_sessions:
        return
    now = utcnow()
    for agenda_session, start, end in moves(db_session, change):
        before = snapshot(agenda_session, MOVED_FIELDS)
        agenda_session.starts_at, agenda_session.ends_at = start, end
        agenda_session.sequence += 1
        agenda_session.updated_at = now
        db_session.add(agenda_session)
        tx.record(
            agenda_session, "move with event", before, snapshot(agenda_session, ("starts_at", "ends_at", "sequence"))
        )


def sessions_outside_days(db_session: Session, event: Event) -> int:
    """How many of the event's sessions (not cancelled) lie outside its local days: 0 when all fit,
    or when the event has no fixed days (undated, or a yearly observance)."""
    if not event.is_dated or event.recurrence:
        return 0
    zone = event.zone
    earliest = datetime.combine(event.first_day, time(), zone).astimezone(timezone.utc)
    latest = datetime.combine(event.last_day + timedelta(days=1), time(), zone).astimezone(timezone.utc)
    query = select(func.count()).where(
        AgendaSession.event_id == event.id,
        sa.not_(AgendaSession.cancelled),
        sa.or_(AgendaSession.starts_at < earliest, AgendaSession.ends_at > latest),
    )
    return db_session.exec(query).one()


def register(app) -> None:
    """`sessions_outside_days(event)` for the event page and the timetable (the request's session)."""
    app.jinja_env.globals.update(sessions_outside_days=lambda event: sessions_outside_days(get_session(), event))
