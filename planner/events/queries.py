"""Reading events: the public home list, one event by address or by id, its series.

Every package reads events through here (its views, the API, the CLI); changes go through
planner.events.editing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from planner.db import get_or_404, get_session
from planner.events.models import Event, EventSeries, EventStatus


@dataclass(frozen=True)
class EventListing:
    """The home page's three lists: upcoming, to be scheduled, past."""

    upcoming: list[tuple[date, Event]]
    unscheduled: list[Event]
    past: list[Event]


def list_events(session: Session, today: date) -> EventListing:
    """Published events split into upcoming (soonest first), to be scheduled, and past (latest first).

    A yearly observance is upcoming on its next occurrence, so the UN Day never drops into the past.
    """
    events = session.exec(select(Event).where(Event.published.is_(True))).all()
    upcoming, unscheduled, past = [], [], []
    for event in events:
        if not event.is_dated:
            unscheduled.append(event)
            continue
        next_day = event.next_occurrence(today)
        if event.last_day >= today or (event.recurrence and event.status != EventStatus.CANCELLED):
            upcoming.append((max(next_day, event.first_day), event))
        else:
            past.append(event)
    upcoming.sort(key=lambda pair: (pair[0], pair[1].title))
    unscheduled.sort(key=lambda e: e.title)
    past.sort(key=lambda e: e.starts_at, reverse=True)
    return EventListing(upcoming, unscheduled, past)


def get_event(session: Session, slug: str) -> Event | None:
    return session.exec(select(Event).where(Event.slug == slug)).first()


def get_series(session: Session, series_id: int | None) -> EventSeries | None:
    return session.get(EventSeries, series_id) if series_id else None


def published_event_or_404(slug: str) -> Event:
    """The published event at /events/<slug>, or a 404 (JSON under /api/): drafts stay private."""
    event = get_event(get_session(), slug)
    if event is None or not event.published:
        # Lazy: the API answers in English (planner._register_error_pages), pages in the reader's.
        abort(404, description=_l("There is no event at /events/%(slug)s.", slug=slug))
    return event


def event_or_404(event_id: int) -> Event:
    """The event with this id, or a 404 page; the management pages of every package use it."""
    return get_or_404(Event, event_id, "event")
