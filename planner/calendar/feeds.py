"""What each feed contains, as queries: the items to build it from, and its cheap fingerprint.

A `FeedSpec` names a feed and holds the SQL conditions that pick its rows. The same conditions
serve twice: `load_items` fetches the rows to build the feed (a fixed number of queries, whatever
the size: no N+1), and `fingerprint` reads, in one aggregate query, the row count and newest
update time of every table the feed is built from, so that a conditional request is answered
without building anything. A deleted row changes a count; an edited one, a newest update time.

A feed may be asked for in one of the six languages (`?lang=`): its name and description are then
gettext'd in it (the view forces the locale), an event's title comes from its translation, and
the translations are one more table it is built from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload
from sqlmodel import Session, select

from planner.agenda.models import AgendaSession, SessionKind
from planner.events.models import Event, EventKind, EventSeries, EventTranslation, Room, Venue
from planner.events.translations import translations_for
from planner.i18n.languages import LANGUAGES
from planner.mandates import links as mandate_links
from planner.mandates.models import Deadline, MandateLink
from planner.mandates.queries import find_resolution


class FeedError(Exception):
    """A feed URL that names nothing (404) or a filter value that is not allowed (400)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class FeedSpec:
    key: str  # identifies the feed in its ETag
    name: str
    description: str
    event_where: tuple = ()
    deadline_where: tuple | None = None
    with_sessions: bool = True
    session_where: tuple = ()  # sessions picked one by one (a mandate's, an event's side events), beside the events'
    language: str | None = None  # the `?lang=` asked for; None: the original text


# The columns that stand for a published session of a feed until its row is needed: which it is,
# and the id and update time of each row its VEVENT is built from (its own, its room's, the room's
# venue's), which every edit of those rows changes.
SESSION_STAMP = (
    AgendaSession.id,
    AgendaSession.event_id,
    AgendaSession.updated_at,
    AgendaSession.sequence,
    Room.id.label("room_id"),
    Room.updated_at.label("room_updated_at"),
    Venue.id.label("venue_id"),
    Venue.updated_at.label("venue_updated_at"),
)


@dataclass
class FeedItems:
    events: list[Event]
    venues: dict[int, Venue]
    event_refs: dict
    deadlines: list[Deadline] = field(default_factory=list)
    deadline_refs: dict = field(default_factory=dict)
    sessions: list = field(default_factory=list)  # (a row of SESSION_STAMP, its event), in feed order
    session_refs: dict = field(default_factory=dict)
    translations: dict = field(default_factory=dict)  # event id -> EventTranslation
    session_rows: dict = field(default_factory=dict)  # session id -> AgendaSession, as loaded


# --- which rows -------------------------------------------------------------------------------


def feed_language(code: str | None) -> str | None:
    """The language code of `?lang=` (None when not given), or a 400 naming the six."""
    if code is None:
        return None
    if code.strip().lower() not in LANGUAGES:
        raise FeedError(400, f"Unknown language {code!r}; use one of: {', '.join(LANGUAGES)}.")
    return code.strip().lower()


def _listed_events() -> tuple:
    """Published events with dates: "to be scheduled" ones have no time to put in a calendar."""
    return (Event.published == sa.true(), Event.starts_at.is_not(None))


def all_events(session: Session, kind: str | None, series_slug: str | None, language: str | None = None) -> FeedSpec:
    """/calendar.ics, optionally narrowed to one kind or one series."""
    where = _listed_events()
    name, description = _("UN South-South events"), _("Published events of the secretariat planner")
    if kind is not None:
        if kind not in set(EventKind):
            allowed = ", ".join(k.value for k in EventKind)
            raise FeedError(400, f"Unknown kind {kind!r}; use one of: {allowed}.")
        where += (Event.kind == kind,)
        name = _("UN South-South events: %(kind)s", kind=EventKind(kind).label)
    if series_slug is not None:
        series = session.exec(select(EventSeries).where(EventSeries.slug == series_slug)).first()
        if series is None:
            raise FeedError(404, f"There is no event series {series_slug!r}.")
        where += (Event.series_id == series.id,)
        name = _("UN South-South events: %(series)s", series=series.title)
        description = series.description or description
    return FeedSpec(f"all:{kind}:{series_slug}", name, description, where, language=language)


def _published_event(session: Session, slug: str, language: str | None) -> tuple[Event, str]:
    """The published event at /events/<slug> and its title in `language`, in one query."""
    translated = sa.and_(EventTranslation.event_id == Event.id, EventTranslation.language == language)
    row = session.exec(
        select(Event, EventTranslation.title).outerjoin(EventTranslation, translated).where(Event.slug == slug)
    ).first()
    if row is None or not row[0].published:
        raise FeedError(404, f"There is no event at /events/{slug}.")
    event, title = row
    return event, title or event.title


def event_feed(session: Session, slug: str, language: str | None = None) -> FeedSpec:
    """/events/<slug>/calendar.ics: the event and its published sessions."""
    event, title = _published_event(session, slug, language)
    return FeedSpec(
        f"event:{event.id}",
        title,
        _("%(title)s, with its sessions", title=title),
        _listed_events() + (Event.id == event.id,),
        language=language,
    )


def side_events_feed(session: Session, slug: str, language: str | None = None) -> FeedSpec:
    """/events/<slug>/side-events.ics: the event's published side events, without the event itself."""
    event, title = _published_event(session, slug, language)
    name = _("Side events: %(title)s", title=title)
    of_event = sa.and_(AgendaSession.event_id == event.id, AgendaSession.kind == SessionKind.SIDE_EVENT)
    return FeedSpec(f"side-events:{event.id}", name, name, (sa.false(),), session_where=(of_event,), language=language)


def session_download(session: Session, slug: str, session_id: int, language: str | None = None) -> FeedSpec:
    """/events/<slug>/sessions/<id>/session.ics: one published session, to import once."""
    event, title = _published_event(session, slug, language)
    one = sa.and_(AgendaSession.id == session_id, AgendaSession.event_id == event.id)
    found = session.exec(select(AgendaSession.title).where(one, AgendaSession.published == sa.true())).first()
    if found is None:
        raise FeedError(404, f"{event.title} has no published session number {session_id}.")
    return FeedSpec(f"session:{session_id}", found, title, (sa.false(),), session_where=(one,), language=language)


def event_download(session: Session, slug: str, language: str | None = None) -> FeedSpec:
    """/events/<slug>/event.ics: the event alone, to import once."""
    event, title = _published_event(session, slug, language)
    if not event.is_dated:
        raise FeedError(404, f"{event.title} has no date yet, so there is nothing to add to a calendar.")
    return FeedSpec(
        f"download:{event.id}",
        title,
        title,
        _listed_events() + (Event.id == event.id,),
        with_sessions=False,
        language=language,
    )


def mandate_feed(session: Session, slug: str, language: str | None = None) -> FeedSpec:
    """/mandates/<symbol>/calendar.ics: events, sessions and deadlines linked to a resolution."""
    resolution = find_resolution(session, slug)
    if resolution is None:
        raise FeedError(404, f"No resolution with the symbol {slug.replace('-', '/')} is imported.")
    linked = select(MandateLink).where(MandateLink.resolution_symbol == resolution.symbol)
    events = linked.with_only_columns(MandateLink.event_id).where(MandateLink.event_id.is_not(None))
    deadlines = linked.with_only_columns(MandateLink.deadline_id).where(MandateLink.deadline_id.is_not(None))
    sessions = linked.with_only_columns(MandateLink.session_id).where(MandateLink.session_id.is_not(None))
    return FeedSpec(
        f"mandate:{resolution.symbol}",
        f"{resolution.symbol}: {resolution.title}",
        _("Events, sessions and deadlines mandated by %(symbol)s", symbol=resolution.symbol),
        _listed_events() + (Event.id.in_(events),),
        deadline_where=(Deadline.id.in_(deadlines), Deadline.due_on.is_not(None)),
        session_where=(AgendaSession.id.in_(sessions),),
        language=language,
    )


# --- the rows themselves ------------------------------------------------------------------------


def load_items(session: Session, spec: FeedSpec) -> FeedItems:
    """Everything the builder needs, in a fixed number of queries."""
    items = load_outline(session, spec)
    load_session_rows(session, items, [stamp.id for stamp, _ in items.sessions])
    return items


def load_outline(session: Session, spec: FeedSpec) -> FeedItems:
    """Everything the builder needs but the sessions' rows: those are loaded by `load_session_rows`,
    all of them for a feed built whole, only the changed ones for a feed assembled from cached
    VEVENTs (fragments.py). A feed's events and deadlines are tens; its sessions, thousands."""
    events = session.exec(select(Event).where(*spec.event_where).order_by(Event.starts_at, Event.id)).all()
    venue_ids = {e.venue_id for e in events if e.venue_id}
    venues = {v.id: v for v in session.exec(select(Venue).where(Venue.id.in_(venue_ids)))} if venue_ids else {}
    items = FeedItems(events, venues, mandate_links.references_for_events(session, [e.id for e in events]))
    if spec.deadline_where is not None:
        items.deadlines = session.exec(
            select(Deadline).where(*spec.deadline_where).order_by(Deadline.due_on, Deadline.id)
        ).all()
        items.deadline_refs = mandate_links.references_for_deadlines(session, [d.id for d in items.deadlines])
    if spec.with_sessions:
        _load_sessions(session, spec, items)
    if spec.language is not None:
        shown = {e.id for e in items.events} | {e.id for _, e in items.sessions}
        items.translations = translations_for(session, spec.language, sorted(shown))
    return items


def load_session_rows(session: Session, items: FeedItems, ids: list[int]) -> None:
    """The rows of sessions `ids` of the feed, with their rooms and venues, into `items.session_rows`,
    in one query (none for no ids)."""
    if ids:
        query = select(AgendaSession).where(AgendaSession.id.in_(ids))
        query = query.options(joinedload(AgendaSession.room), joinedload(AgendaSession.venue))
        items.session_rows.update((row.id, row) for row in session.exec(query))


def _load_sessions(session: Session, spec: FeedSpec, items: FeedItems) -> None:
    """Published sessions of the feed's events, and those linked to the feed directly, as stamps."""
    events = {e.id: e for e in items.events}
    linked: dict[int, int] = {}
    if spec.session_where:
        linked = dict(
            session.exec(
                select(AgendaSession.id, AgendaSession.event_id).where(
                    *spec.session_where, AgendaSession.published == sa.true()
                )
            ).all()
        )
    others = set(linked.values()) - set(events)
    if others:
        events.update({e.id: e for e in session.exec(select(Event).where(Event.id.in_(others), *_listed_events()))})
    own = {e.id for e in items.events}
    for event_id, stamps in _published_stamps(session, list(events)).items():
        items.sessions += [(s, events[event_id]) for s in stamps if event_id in own or s.id in linked]
    items.session_refs = mandate_links.references_for_sessions(session, [s.id for s, _ in items.sessions])


def _published_stamps(session: Session, event_ids: list[int]) -> dict[int, list[sa.Row]]:
    """The rows planner.agenda.queries.published_sessions gives, grouped and ordered the same way, as
    stamps: plain columns, a tenth of the cost of loading 2,000 sessions with their people."""
    if not event_ids:
        return {}
    query = (
        select(*SESSION_STAMP)
        .outerjoin(Room, Room.id == AgendaSession.room_id)
        .outerjoin(Venue, Venue.id == Room.venue_id)
        .where(AgendaSession.event_id.in_(event_ids), AgendaSession.published == sa.true())
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    )
    grouped: dict[int, list[sa.Row]] = defaultdict(list)
    for row in session.exec(query):
        grouped[row.event_id].append(row)
    return dict(grouped)


# --- the fingerprint ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    values: tuple  # counts and newest stamps, in a fixed order
    last_modified: datetime | None


def _stats(model, stamp, where) -> list:
    return [
        select(sa.func.count()).select_from(model).where(*where).scalar_subquery(),
        select(sa.func.max(stamp)).where(*where).scalar_subquery(),
    ]


def fingerprint(session: Session, spec: FeedSpec) -> Fingerprint:
    """Counts and newest update times of every table the feed reads, in one query."""
    event_ids = select(Event.id).where(*spec.event_where)
    shown_events = [EventTranslation.event_id.in_(event_ids)]  # whose titles the feed shows
    columns = _stats(Event, Event.updated_at, spec.event_where)
    columns += _stats(Venue, Venue.updated_at, (Venue.id.in_(select(Event.venue_id).where(*spec.event_where)),))
    link_where = [MandateLink.event_id.in_(event_ids)]
    if spec.deadline_where is not None:
        deadline_ids = select(Deadline.id).where(*spec.deadline_where)
        columns += _stats(Deadline, Deadline.updated_at, spec.deadline_where)
        link_where.append(MandateLink.deadline_id.in_(deadline_ids))
    if spec.with_sessions:
        session_scope = AgendaSession.event_id.in_(event_ids)
        if spec.session_where:
            session_scope = sa.or_(session_scope, *spec.session_where)
        session_where = (session_scope, AgendaSession.published == sa.true())
        session_ids = select(AgendaSession.id).where(*session_where)
        columns += _stats(AgendaSession, AgendaSession.updated_at, session_where)
        rooms = select(AgendaSession.room_id).where(*session_where)
        columns += _stats(Room, Room.updated_at, (Room.id.in_(rooms),))
        columns += _stats(Venue, Venue.updated_at, (Venue.id.in_(select(Room.venue_id).where(Room.id.in_(rooms))),))
        if spec.session_where:  # the events of directly linked sessions
            linked_events = select(AgendaSession.event_id).where(*session_where)
            columns += _stats(Event, Event.updated_at, (Event.id.in_(linked_events),))
            shown_events.append(EventTranslation.event_id.in_(linked_events))
        link_where.append(MandateLink.session_id.in_(session_ids))
    columns += _stats(MandateLink, MandateLink.created_at, (sa.or_(*link_where),))
    if spec.language is not None:
        columns += _stats(
            EventTranslation,
            EventTranslation.updated_at,
            (EventTranslation.language == spec.language, sa.or_(*shown_events)),
        )
    values = tuple(session.exec(select(*columns)).one())
    stamps = [value for value in values if isinstance(value, datetime)]
    return Fingerprint(values, max(stamps) if stamps else None)
