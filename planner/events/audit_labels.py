"""How the audit trail reads events, series, venues and rooms (filled into planner.audit.labels
when the app starts): kinds and statuses by their labels, ids by name, an event's instants in its
own zone."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from planner import images
from planner.audit.labels import (
    ObjectContext,
    ValueContext,
    add_actions,
    add_context,
    add_fields,
    add_formatter,
    add_names,
    add_value_labels,
)
from planner.events.models import (
    BADGE_LAYOUT_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    Event,
    EventSeries,
    Recurrence,
    Room,
    Venue,
)
from planner.formatting import date_long


def _titles(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(Event.id, Event.title).where(Event.id.in_(ids))).all())


def _series(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(EventSeries.id, EventSeries.title).where(EventSeries.id.in_(ids))).all())


def _venues(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(Venue.id, Venue.name).where(Venue.id.in_(ids))).all())


def _rooms(session: Session, ids: set[int]) -> dict[int, str]:
    """ "Conference Room 4 (United Nations Headquarters)": a room's name alone is often not enough."""
    rows = session.exec(
        select(Room.id, Room.name, Venue.name).join(Venue, Venue.id == Room.venue_id).where(Room.id.in_(ids))
    ).all()
    return {room_id: _("%(room)s (%(venue)s)", room=room, venue=venue) for room_id, room, venue in rows}


def _event_context(session: Session, object_id: str) -> ObjectContext | None:
    """The event's zone, and whether it is all-day now (for entries that do not say)."""
    row = session.exec(select(Event.timezone, Event.all_day).where(Event.id == int(object_id))).first()
    return ObjectContext(row[0], {"all_day": row[1]}) if row else None


def _all_day(last: bool):
    """An all-day event's instants are the local midnights of its first day and of the day after
    its last (planner.events.models): they read as days, the end as the last day itself."""

    def day(value, context: ValueContext) -> str | None:
        if context.values.get("all_day") is not True or not isinstance(value, str):
            return None
        try:
            local = datetime.fromisoformat(value).astimezone(context.zone)
        except (TypeError, ValueError):
            return None
        return date_long(local.date() - timedelta(days=1) if last else local.date())

    return day


add_actions({"branding": _l("Branding and badge stock")})
add_fields({"logo_file": _l("logo"), "brand_colour": _l("colour"), "badge_layout": _l("badge stock")})
add_value_labels("badge_layout", BADGE_LAYOUT_LABELS, "event")
add_formatter("logo_file", lambda value, _context: images.label(value), "event")
add_value_labels("kind", KIND_LABELS, "event")
add_value_labels("status", STATUS_LABELS, "event")
add_value_labels("recurrence", {Recurrence.YEARLY: _l("Every year")})
add_names("event_id", _titles)
add_names("series_id", _series)
add_names("venue_id", _venues)
add_names("room_id", _rooms)
add_context("event", _event_context)
add_formatter("starts_at", _all_day(last=False), "event")
add_formatter("ends_at", _all_day(last=True), "event")
