"""Reading events: the public home list, one event by address or by id, its series.

Every package reads events through here (its views, the API, the CLI); changes go through
planner.events.editing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import abort
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from planner import pagecache
from planner.accounts.event_list import KnownEvent
from planner.db import UTCDateTime, get_or_404, get_session
from planner.events.models import Event, EventSeries, EventStatus, EventTranslation, Venue


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
    return published_or_404(get_event(get_session(), slug), slug)


def published_or_404(event: Event | None, slug: str) -> Event:
    """`published_event_or_404` for an event the caller read itself (with other rows, in one query)."""
    if event is None or not event.published:
        # Lazy: the API answers in English (planner._register_error_pages), pages in the reader's.
        abort(404, description=_l("There is no event at /events/%(slug)s.", slug=slug))
    return event


def event_or_404(event_id: int) -> Event:
    """The event with this id, or a 404 page; the management pages of every package use it."""
    return get_or_404(Event, event_id, "event")


def event_id_by_slug(slug: str) -> int | None:
    """The event of a management route that names it by slug (planner.accounts.permissions)."""
    return get_session().exec(select(Event.id).where(Event.slug == slug)).first()


def known_events(session: Session) -> list[KnownEvent]:
    """Every event, by title, as planner.accounts lists them for granting roles."""
    rows = session.exec(select(Event.id, Event.slug, Event.title).order_by(Event.title, Event.id))
    return [KnownEvent(*row) for row in rows]


# --- the event page's fingerprint (planner.pagecache) --------------------------------------------

EVENT_PAGE = "events.show"
# What the parts of EVENT_PAGE's fingerprint may refer to: the page's event (by the slug in its
# address) and the request's time (for what changes with it, such as a registration window
# opening), each given once to the query whatever the number of parts that use it.
_PAGE = (
    select(Event.id, sa.bindparam("now", type_=UTCDateTime).label("now"))
    .where(Event.slug == sa.bindparam("slug"))
    .cte("page")
)
EVENT_ID = select(_PAGE.c.id).scalar_subquery()
NOW = select(_PAGE.c.now).scalar_subquery()


def event_page_statement(contributed: list[sa.Select]) -> sa.Select:
    """The fingerprint query of /events/<slug>: the event's own row (none: no such event) beside
    each part other packages add (`pagecache.add_fingerprint(app, EVENT_PAGE, ...)`). A part is a
    SELECT of exactly one row, aggregates over the rows of the event `EVENT_ID` at `NOW`: each
    table is read once for all of its columns, whatever the number of sessions."""
    own = select(
        Event.id,
        Event.published,
        Event.updated_at,
        select(EventSeries.updated_at).where(EventSeries.id == Event.series_id).scalar_subquery(),
        select(Venue.updated_at).where(Venue.id == Event.venue_id).scalar_subquery(),  # "Where" names it
    ).where(Event.id == EVENT_ID)
    translations = select(*pagecache.count_and_newest(EventTranslation.id, EventTranslation.updated_at)).where(
        EventTranslation.event_id == EVENT_ID
    )
    return _side_by_side([own, translations, *contributed])


def _side_by_side(parts: list[sa.Select]) -> sa.Select:
    """One row holding every part's columns (each part is one row, so joining them on nothing
    pairs them)."""
    tables = [part.subquery() for part in parts]
    statement = select(*tables).select_from(tables[0])
    for table in tables[1:]:
        statement = statement.join(table, sa.true())
    return statement
