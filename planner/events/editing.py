"""Changing events, series, venues and rooms: the rules every management page and command obeys.

Each public function here is one transaction: it applies the change, checks it, records it in
the audit trail and commits, or leaves the database untouched and raises ModelValidationError
naming the form field to blame.

Calendar clients only take an update when an event's SEQUENCE grows (RFC 5545, 3.8.7.4), so a
change of time, place or status raises `sequence` by one; a new title or description does not,
since clients replace those anyway and a bump would make them alert the user for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlmodel import Session, SQLModel, select

from planner.audit.trail import snapshot
from planner.db import form_field, raise_first, transaction, utcnow
from planner.events import changes, logos
from planner.events.changes import EventChange
from planner.events.colours import colour_problem
from planner.events.models import Event, EventSeries, EventStatus, Recurrence, Room, Venue, schedule_problems
from planner.localtime import local_to_utc, moved_days
from planner.validation import ModelValidationError

# A change to any of these is a change of time, place or status: calendar clients must update.
SEQUENCE_FIELDS = ("starts_at", "ends_at", "all_day", "timezone", "recurrence", "venue_id", "city", "country", "status")
EVENT_FIELDS = (
    "slug",
    "title",
    "kind",
    "status",
    "published",
    "series_id",
    "edition",
    "timezone",
    "all_day",
    "starts_at",
    "ends_at",
    "recurrence",
    "venue_id",
    "city",
    "country",
    "host",
    "theme",
    "description",
)


@dataclass
class EventValues:
    """What the event form (or any caller) asks an event to become; times are local, naive."""

    slug: str
    title: str
    kind: str
    status: str
    timezone: str
    series_id: int | None = None
    edition: int | None = None
    venue_id: int | None = None
    country: str | None = None
    city: str = ""
    host: str = ""
    theme: str = ""
    description: str = ""
    published: bool = False
    all_day: bool = False
    first_day: date | None = None
    last_day: date | None = None
    local_start: datetime | None = None
    local_end: datetime | None = None
    yearly: bool = False

    @property
    def date_fields(self) -> tuple[str, str]:
        """Names of the two form fields that hold the dates, for this kind of event."""
        return ("first_day", "last_day") if self.all_day else ("starts_local", "ends_local")

    @property
    def given(self) -> tuple:
        return (self.first_day, self.last_day) if self.all_day else (self.local_start, self.local_end)


def event_problems(values: EventValues) -> dict[str, str]:
    """The rules across fields, as {form field: message}; empty when the values are consistent.

    The rules and their messages are the model's (planner.events.models.schedule_problems); only
    the check that a local time exists in the zone belongs to the form's input alone."""
    start_field, end_field = values.date_fields
    start, end = values.given
    rules = schedule_problems(
        status=values.status,
        timezone=values.timezone,
        country=values.country or None,
        all_day=values.all_day,
        start=start,
        end=end,
        yearly=values.yearly,
    )
    names = {"starts_at": start_field, "ends_at": end_field}
    problems = {names.get(field) or form_field(field): message for field, message in rules.items()}
    if start is not None and end is not None and not values.all_day and not {"timezone", end_field} & problems.keys():
        skipped = {}
        for name, local in ((start_field, start), (end_field, end)):
            try:
                local_to_utc(local, ZoneInfo(values.timezone))
            except ValueError as error:
                skipped[name] = f"{str(error)[0].upper()}{str(error)[1:]}."
        # In the order the fields are checked: the times come before the status.
        problems = {**{k: v for k, v in problems.items() if k == "country"}, **skipped, **problems}
    return problems


def instants(values: EventValues) -> tuple[datetime | None, datetime | None]:
    """UTC start and (exclusive, for all-day events) end of the values' dates."""
    start, end = values.given
    if start is None or end is None:
        return None, None
    zone = ZoneInfo(values.timezone)
    if values.all_day:
        return (
            datetime.combine(start, time(), zone).astimezone(timezone.utc),
            datetime.combine(end + timedelta(days=1), time(), zone).astimezone(timezone.utc),
        )
    return local_to_utc(start, zone), local_to_utc(end, zone)


def _fields(values: EventValues) -> dict:
    starts_at, ends_at = instants(values)
    return dict(
        slug=values.slug,
        title=values.title,
        kind=values.kind,
        status=values.status,
        published=values.published,
        series_id=values.series_id,
        edition=values.edition,
        timezone=values.timezone,
        all_day=values.all_day,
        starts_at=starts_at,
        ends_at=ends_at,
        recurrence=Recurrence.YEARLY.value if values.yearly else None,
        venue_id=values.venue_id,
        city=values.city,
        country=values.country,
        host=values.host,
        theme=values.theme,
        description=values.description,
    )


def _other(session: Session, query, own_id: int | None):
    """The first row of `query` that is not the object being saved (None when free)."""
    model = query.column_descriptions[0]["entity"]
    if own_id is not None:
        query = query.where(model.id != own_id)
    return session.exec(query).first()


def _check_unique_event(session: Session, event_id: int | None, values: EventValues) -> None:
    other = _other(session, select(Event).where(Event.slug == values.slug), event_id)
    if other is not None:
        raise ModelValidationError(
            "slug",
            _(
                "An event already uses the address /events/%(slug)s (“%(title)s”); choose another.",
                slug=values.slug,
                title=other.title,
            ),
        )
    if values.series_id is not None and values.edition is not None:
        other = _other(
            session, select(Event).where(Event.series_id == values.series_id, Event.edition == values.edition), event_id
        )
        if other is not None:
            raise ModelValidationError(
                "edition",
                _(
                    "Edition %(number)s of this series is already “%(title)s”.",
                    number=values.edition,
                    title=other.title,
                ),
            )


def _slug_taken(slug: str) -> str:
    return _("An event already uses the address /events/%(slug)s.", slug=slug)


def create_event(session: Session, actor: str, values: EventValues) -> Event:
    raise_first(event_problems(values))
    _check_unique_event(session, None, values)
    event = Event(**_fields(values))
    with transaction(session, actor, unique=("slug", _slug_taken(values.slug))) as tx:
        session.add(event)
        tx.record(event, "create", None, snapshot(event, EVENT_FIELDS))
    return event


@dataclass(frozen=True)
class Decisions:
    """What the manager chose on the confirmation page of a change participants will hear of."""

    move_sessions: bool = True  # move the programme and the registration window with new dates
    message: str = ""  # added to every participant's notice, as written


def update_change(event: Event, values: EventValues, decisions: Decisions = Decisions()) -> EventChange:
    """The change that saving `values` would make (nothing is written): for the preview."""
    return EventChange.of(event, _fields(values), move_sessions=decisions.move_sessions, message=decisions.message)


def update_event(
    session: Session, actor: str, event: Event, values: EventValues, decisions: Decisions = Decisions()
) -> bool:
    """Apply the form's values; False when they change nothing (then nothing is written).

    New dates move the sessions and the registration window with them (unless the manager
    declined), and participants of a published event are told: see planner.events.changes."""
    raise_first(event_problems(values))
    _check_unique_event(session, event.id, values)
    change = update_change(event, values, decisions)
    before = snapshot(event, EVENT_FIELDS)
    for name, value in _fields(values).items():
        setattr(event, name, value)
    return _save_event_change(session, actor, event, "update", before, change)


def cancel_change(event: Event, decisions: Decisions = Decisions()) -> EventChange:
    if event.status == EventStatus.CANCELLED:
        raise ModelValidationError("status", _("This event is already cancelled."))
    return EventChange.of(event, {"status": EventStatus.CANCELLED.value}, message=decisions.message)


def cancel_event(
    session: Session, actor: str, event: Event, reason: str | None = None, decisions: Decisions = Decisions()
) -> None:
    """Keep the event, marked cancelled, so subscribers' calendars show it struck through; its
    live registrations are cancelled as such and every participant is told."""
    change = cancel_change(event, decisions)
    before = snapshot(event, EVENT_FIELDS)
    event.status = EventStatus.CANCELLED.value
    _save_event_change(session, actor, event, "cancel", before, change, reason)


def postpone_change(event: Event, new_first_day: date | None = None, decisions: Decisions = Decisions()) -> EventChange:
    """The postponement, to `new_first_day` when it is known (the event keeps its length and its
    local times of day), otherwise with the dates kept until new ones are announced."""
    if event.status in (EventStatus.POSTPONED, EventStatus.CANCELLED):
        raise ModelValidationError(
            "status",
            _("This event is already postponed.")
            if event.status == EventStatus.POSTPONED
            else _("This event is already cancelled."),
        )
    after = {"status": EventStatus.POSTPONED.value}
    if new_first_day is not None:
        if not event.is_dated:
            raise ModelValidationError("new_first_day", _("This event has no dates yet: give them with Edit."))
        if event.recurrence:
            raise ModelValidationError("new_first_day", _("A yearly observance cannot be moved to other days."))
        days = (new_first_day - event.first_day).days
        if days <= 0:
            raise ModelValidationError(
                "new_first_day",
                _("A postponement moves the event to a later day; to bring it forward, edit its dates."),
            )
        after["starts_at"] = moved_days(event.starts_at, days, event.zone)
        after["ends_at"] = moved_days(event.ends_at, days, event.zone)
    return EventChange.of(event, after, move_sessions=decisions.move_sessions, message=decisions.message)


def postpone_event(
    session: Session,
    actor: str,
    event: Event,
    reason: str | None = None,
    new_first_day: date | None = None,
    decisions: Decisions = Decisions(),
) -> None:
    """Mark the event postponed, to new dates when they are known (see `postpone_change`)."""
    change = postpone_change(event, new_first_day, decisions)
    before = snapshot(event, EVENT_FIELDS)
    for name, value in change.after.items():
        setattr(event, name, value)
    _save_event_change(session, actor, event, "postpone", before, change, reason)


def _save_event_change(
    session: Session,
    actor: str,
    event: Event,
    action: str,
    before: dict,
    change: EventChange,
    reason: str | None = None,
) -> bool:
    with transaction(session, actor, unique=("slug", _slug_taken(event.slug))) as tx:
        after = snapshot(event, EVENT_FIELDS)
        changed = {name for name in EVENT_FIELDS if before[name] != after[name]}
        if not changed:
            tx.discard()
            return False
        if changed & set(SEQUENCE_FIELDS):
            event.sequence += 1
            before["sequence"], after["sequence"] = event.sequence - 1, event.sequence
        event.updated_at = utcnow()
        tx.record(event, action, before, after, reason=reason)
        change.actor = actor
        changes.apply(session, change, tx)
    return True


# --- branding: logo, colour, badge stock ----------------------------------------------------------

BRANDING_FIELDS = ("logo_file", "brand_colour", "badge_layout")


@dataclass
class BrandingValues:
    """What the branding form asks: the colour ("#rrggbb", or None for none), the badge stock, and
    a new logo's bytes as uploaded (None keeps the logo there is) or `remove_logo`."""

    brand_colour: str | None
    badge_layout: str
    logo: bytes | None = None
    remove_logo: bool = False


def save_branding(session: Session, actor: str, event: Event, values: BrandingValues) -> bool:
    """Set the event's logo, colour and badge stock, with one "branding" entry in its history;
    False when nothing changes (then nothing is written).

    The colour must read under white text (planner.events.colours) and the logo be a PNG or JPEG
    within bounds (planner.events.logos). The logo's file is written before the transaction, under
    its content's name: a change that fails leaves at most a file no event names, never an event
    naming a missing file. A logo no event uses any more is deleted once the change is committed.
    Neither the calendar sequence nor participants are concerned: nothing of time or place changes."""
    if values.logo is not None and values.remove_logo:
        raise ModelValidationError("remove_logo", _("Either upload a new logo or remove the logo, not both."))
    if values.brand_colour and (problem := colour_problem(values.brand_colour)):
        raise ModelValidationError("brand_colour", problem)
    new_logo = logos.RULES.store(logos.RULES.accept(values.logo)) if values.logo is not None else None
    before = snapshot(event, BRANDING_FIELDS)
    with transaction(session, actor) as tx:
        if new_logo or values.remove_logo:
            event.logo_file = new_logo
        event.brand_colour = values.brand_colour or None
        event.badge_layout = values.badge_layout
        after = snapshot(event, BRANDING_FIELDS)
        if after == before:
            tx.discard()
            return False
        event.updated_at = utcnow()  # the event page's fingerprint (planner.pagecache) changes with it
        session.add(event)
        tx.record(event, "branding", before, after)
    if before["logo_file"] != after["logo_file"]:
        logos.RULES.forget_unused(session, Event.logo_file, before["logo_file"])
    return True


def find_events(
    session: Session, kind: str | None = None, status: str | None = None, year: int | None = None
) -> list[Event]:
    """Every event (published or not) matching the filters; the year is the local first day's."""
    query = select(Event)
    if kind:
        query = query.where(Event.kind == kind)
    if status:
        query = query.where(Event.status == status)
    events = list(session.exec(query))
    if year is not None:
        events = [e for e in events if e.is_dated and e.first_day.year == year]
    far = datetime.max.replace(tzinfo=timezone.utc)
    return sorted(events, key=lambda e: (e.starts_at or far, e.title))


def event_years(session: Session) -> list[int]:
    """The years that have events, newest first, for the year filter."""
    return sorted(
        {e.first_day.year for e in session.exec(select(Event).where(Event.starts_at.is_not(None)))},
        reverse=True,
    )


# --- series, venues, rooms -----------------------------------------------------------------


def _save_place(
    session: Session, actor: str, obj: SQLModel, values: dict, unique_field: str, unique_message: str
) -> SQLModel:
    """Create or update a series, venue or room in one transaction, with its audit entry."""
    is_new = obj.id is None
    before = None if is_new else snapshot(obj, list(values))
    with transaction(session, actor, unique=(unique_field, unique_message)) as tx:
        for name, value in values.items():
            setattr(obj, name, value)
        after = snapshot(obj, list(values))
        if before == after:
            return obj
        if is_new:
            session.add(obj)
        else:
            obj.updated_at = utcnow()
        tx.record(obj, "create" if is_new else "update", before, after)
    return obj


def save_series(session: Session, actor: str, series: EventSeries | None, values: dict) -> EventSeries:
    series = series or EventSeries()
    message = _("A series already uses the slug “%(slug)s”.", slug=values["slug"])
    if _other(session, select(EventSeries).where(EventSeries.slug == values["slug"]), series.id):
        raise ModelValidationError("slug", message)
    return _save_place(session, actor, series, values, "slug", message)


def save_venue(session: Session, actor: str, venue: Venue | None, values: dict) -> Venue:
    venue = venue or Venue()
    message = (
        _("There is already a venue “%(name)s” in %(city)s.", name=values["name"], city=values["city"])
        if values["city"]
        else _("There is already a venue “%(name)s” in no city.", name=values["name"])
    )
    if _other(session, select(Venue).where(Venue.name == values["name"], Venue.city == values["city"]), venue.id):
        raise ModelValidationError("name", message)
    return _save_place(session, actor, venue, values, "name", message)


def save_room(session: Session, actor: str, venue: Venue, room: Room | None, values: dict) -> Room:
    room = room or Room(venue_id=venue.id)
    message = _("%(venue)s already has a room called “%(name)s”.", venue=venue.name, name=values["name"])
    if _other(session, select(Room).where(Room.venue_id == venue.id, Room.name == values["name"]), room.id):
        raise ModelValidationError("name", message)
    return _save_place(session, actor, room, values, "name", message)
