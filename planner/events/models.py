"""Event, EventSeries, Venue and Room.

Instants are stored in UTC with the event's IANA zone beside them; pages and feeds convert to the
zone. An all-day event stores the local midnights of its first day and of the day after its last
day (an exclusive end, as iCalendar's DTEND), so a date never drifts with the zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, SQLModel

from planner import images
from planner.db import UTCDateTime, sql_in, utcnow
from planner.events.colours import colour_problem
from planner.i18n.languages import LANGUAGES
from planner.validation import ModelValidationError, is_country, is_timezone


class EventKind(StrEnum):
    CONFERENCE = "conference"
    EXPO = "expo"
    COMMITTEE_SESSION = "committee_session"
    BRIEFING = "briefing"
    OBSERVANCE = "observance"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        """The kind as a person reads it, in the reader's language ("Committee session")."""
        return str(KIND_LABELS[self])


class EventStatus(StrEnum):
    TO_BE_SCHEDULED = "to_be_scheduled"
    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The status as a person reads it, in the reader's language ("To be scheduled")."""
        return str(STATUS_LABELS[self])


KIND_LABELS = {
    EventKind.CONFERENCE: _l("Conference"),
    EventKind.EXPO: _l("Expo"),
    EventKind.COMMITTEE_SESSION: _l("Committee session"),
    EventKind.BRIEFING: _l("Briefing"),
    EventKind.OBSERVANCE: _l("Observance"),
    EventKind.MEETING: _l("Meeting"),
}

STATUS_LABELS = {
    EventStatus.TO_BE_SCHEDULED: _l("To be scheduled"),
    EventStatus.SCHEDULED: _l("Scheduled"),
    EventStatus.POSTPONED: _l("Postponed"),
    EventStatus.CANCELLED: _l("Cancelled"),
}


class Recurrence(StrEnum):
    YEARLY = "yearly"


class BadgeLayout(StrEnum):
    """The stock an event's badges print on (planner.registration.badges lays each out)."""

    A6 = "a6"  # one badge per A6 sheet
    A4_QUARTER = "a4_quarter"  # four A6 badges per A4 sheet, 2 x 2, with cut lines
    HOLDER_4X3 = "holder_4x3"  # the common 4 x 3 inch badge holder insert, 102 x 76 mm, six per A4 sheet


BADGE_LAYOUT_LABELS = {
    BadgeLayout.A6: _l("A6, one badge per sheet (105 × 148 mm)"),
    BadgeLayout.A4_QUARTER: _l("A4, four badges per sheet (105 × 148 mm each) with cut lines"),
    BadgeLayout.HOLDER_4X3: _l("Badge holder inserts, 4 × 3 inches (102 × 76 mm), six per A4 sheet"),
}


class EventSeries(SQLModel, table=True):
    """A numbered series of events: Expo editions, sessions of the High-level Committee."""

    __tablename__ = "event_series"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_type=sa.String(80), unique=True)
    title: str = Field(sa_type=sa.String(300))
    description: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (sa.CheckConstraint("slug <> ''", name="slug_not_empty"),)

    def check(self) -> None:
        if not self.slug:
            raise ModelValidationError("slug", _("a series needs a slug"))
        if not self.title:
            raise ModelValidationError("title", _("a series needs a title"))


class Venue(SQLModel, table=True):
    """A building or conference centre that holds rooms."""

    __tablename__ = "venue"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=sa.String(300))
    address: str = Field(default="", sa_type=sa.Text)
    city: str = Field(default="", sa_type=sa.String(120))
    country: str | None = Field(default=None, sa_type=sa.String(2))
    timezone: str = Field(sa_type=sa.String(64))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("name", "city", name="uq_venue_name_city"),
        sa.CheckConstraint("country IS NULL OR length(country) = 2", name="country_alpha2"),
    )

    def check(self) -> None:
        if not self.name:
            raise ModelValidationError("name", _("a venue needs a name"))
        if self.country is not None and not is_country(self.country):
            raise ModelValidationError("country", _("%(code)r is not an ISO 3166 alpha-2 code", code=self.country))
        if not is_timezone(self.timezone):
            raise ModelValidationError("timezone", _("%(zone)r is not an IANA time zone", zone=self.timezone))


class Room(SQLModel, table=True):
    """A room in a venue, where sessions take place."""

    __tablename__ = "room"

    id: int | None = Field(default=None, primary_key=True)
    venue_id: int = Field(foreign_key="venue.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_type=sa.String(200))
    capacity: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("venue_id", "name", name="uq_room_venue_name"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    def check(self) -> None:
        if not self.name:
            raise ModelValidationError("name", _("a room needs a name"))
        if self.capacity is not None and self.capacity <= 0:
            raise ModelValidationError("capacity", _("must be a positive number of seats"))


class Event(SQLModel, table=True):
    """One event: a conference, an Expo edition, a committee session, a briefing, an observance."""

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_type=sa.String(80), unique=True)
    title: str = Field(sa_type=sa.String(300))
    kind: str = Field(sa_type=sa.String(32), index=True)
    status: str = Field(default=EventStatus.TO_BE_SCHEDULED, sa_type=sa.String(32), index=True)
    published: bool = Field(default=True)
    series_id: int | None = Field(default=None, foreign_key="event_series.id", index=True, ondelete="SET NULL")
    edition: int | None = Field(default=None)
    starts_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    timezone: str = Field(sa_type=sa.String(64))
    all_day: bool = Field(default=False)
    recurrence: str | None = Field(default=None, sa_type=sa.String(16))
    venue_id: int | None = Field(default=None, foreign_key="venue.id", index=True, ondelete="SET NULL")
    city: str = Field(default="", sa_type=sa.String(120))
    country: str | None = Field(default=None, sa_type=sa.String(2))
    host: str = Field(default="", sa_type=sa.String(300))
    theme: str = Field(default="", sa_type=sa.Text)
    description: str = Field(default="", sa_type=sa.Text)
    sequence: int = Field(default=0)
    # Branding (issue 19): the stored logo's file name under LOGO_FOLDER (never a path a user gave),
    # the event's colour as #rrggbb (its contrast checked on save), and the badge stock it prints on.
    logo_file: str | None = Field(default=None, sa_type=sa.String(100))
    brand_colour: str | None = Field(default=None, sa_type=sa.String(7))
    badge_layout: str = Field(
        default="a4_quarter", sa_type=sa.String(16), sa_column_kwargs={"server_default": "a4_quarter"}
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

    __table_args__ = (
        sa.UniqueConstraint("series_id", "edition", name="uq_event_series_edition"),
        sa.CheckConstraint("badge_layout IN ('a6', 'a4_quarter', 'holder_4x3')", name="badge_layout_known"),
        sa.CheckConstraint("brand_colour IS NULL OR length(brand_colour) = 7", name="brand_colour_hex"),
        sa.CheckConstraint("slug <> ''", name="slug_not_empty"),
        sa.CheckConstraint(sql_in("kind", EventKind), name="kind_known"),
        sa.CheckConstraint(sql_in("status", EventStatus), name="status_known"),
        sa.CheckConstraint(f"recurrence IS NULL OR {sql_in('recurrence', Recurrence)}", name="recurrence_known"),
        sa.CheckConstraint("ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at", name="end_not_before_start"),
        sa.CheckConstraint(
            "status <> 'scheduled' OR (starts_at IS NOT NULL AND ends_at IS NOT NULL)", name="scheduled_has_dates"
        ),
        sa.CheckConstraint(
            "status <> 'to_be_scheduled' OR (starts_at IS NULL AND ends_at IS NULL)", name="unscheduled_has_no_dates"
        ),
        sa.CheckConstraint("(starts_at IS NULL) = (ends_at IS NULL)", name="start_and_end_together"),
        sa.CheckConstraint("edition IS NULL OR edition > 0", name="edition_positive"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        sa.CheckConstraint("country IS NULL OR length(country) = 2", name="country_alpha2"),
    )

    # --- validation -------------------------------------------------------------------------

    def check(self) -> None:
        """Raise ModelValidationError naming the first broken rule."""
        if not self.slug:
            raise ModelValidationError("slug", _("an event needs a slug"))
        if not self.title:
            raise ModelValidationError("title", _("an event needs a title"))
        if self.kind not in set(EventKind):
            raise ModelValidationError("kind", _("unknown kind %(kind)r", kind=self.kind))
        if self.status not in set(EventStatus):
            raise ModelValidationError("status", _("unknown status %(status)r", status=self.status))
        if self.recurrence is not None and self.recurrence not in set(Recurrence):
            raise ModelValidationError("recurrence", _("unknown recurrence %(recurrence)r", recurrence=self.recurrence))
        if self.all_day and is_timezone(self.timezone) and self.starts_at and self.ends_at:
            start, end = self.first_day, self.last_day  # as a person gives them: days
        else:
            start, end = self.starts_at, self.ends_at
        for field, message in schedule_problems(
            status=self.status,
            timezone=self.timezone,
            country=self.country,
            all_day=self.all_day,
            start=start,
            end=end,
            yearly=self.recurrence == Recurrence.YEARLY,
        ).items():
            raise ModelValidationError(field, message)
        if self.edition is not None and self.edition <= 0:
            raise ModelValidationError("edition", _("an edition number starts at 1"))
        if self.badge_layout not in set(BadgeLayout):
            raise ModelValidationError("badge_layout", _("unknown badge layout %(layout)r", layout=self.badge_layout))
        if self.brand_colour is not None and (problem := colour_problem(self.brand_colour)):
            raise ModelValidationError("brand_colour", problem)
        if self.logo_file is not None and not images.STORED_NAME.fullmatch(self.logo_file):
            raise ModelValidationError("logo", _("a logo is stored under a name the planner chose"))

    # --- labels for pages ---------------------------------------------------------------------

    @property
    def kind_label(self) -> str:
        return EventKind(self.kind).label

    @property
    def status_label(self) -> str:
        return EventStatus(self.status).label

    @property
    def badge_layout_label(self) -> str:
        return str(BADGE_LAYOUT_LABELS[BadgeLayout(self.badge_layout)])

    # --- dates in the event's own zone --------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_dated(self) -> bool:
        return self.starts_at is not None

    @property
    def local_start(self) -> datetime | None:
        return self.starts_at.astimezone(self.zone) if self.starts_at else None

    @property
    def local_end(self) -> datetime | None:
        return self.ends_at.astimezone(self.zone) if self.ends_at else None

    @property
    def first_day(self) -> date | None:
        return self.local_start.date() if self.starts_at else None

    @property
    def last_day(self) -> date | None:
        """The last calendar day the event takes place on (inclusive)."""
        if not self.ends_at:
            return None
        end = self.local_end
        if self.all_day:
            return end.date() - timedelta(days=1)
        return end.date()

    def set_days(self, first: date, last: date) -> None:
        """Make this an all-day event from `first` to `last` inclusive, in its own zone."""
        if last < first:
            raise ModelValidationError("ends_at", _("the last day is before the first"))
        self.all_day = True
        self.starts_at = datetime.combine(first, time(), self.zone)
        self.ends_at = datetime.combine(last + timedelta(days=1), time(), self.zone)

    def next_occurrence(self, today: date) -> date | None:
        """For a yearly event, the first day of its next occurrence on or after `today`."""
        if self.recurrence != Recurrence.YEARLY or not self.first_day:
            return self.first_day
        first = self.first_day
        candidate = _same_day_in_year(first, today.year)
        if candidate < today:
            candidate = _same_day_in_year(first, today.year + 1)
        return max(candidate, first)


def schedule_problems(
    *, status: str, timezone: str, country: str | None, all_day: bool, start, end, yearly: bool
) -> dict[str, str]:
    """The rules across an event's fields, each with its one message: {model field: message}
    in the order they are checked, empty when the fields agree.

    `start` and `end` are the first and last days (inclusive) of an all-day event, or the start
    and end of a timed one (local or UTC: only their order counts). Event.check raises the first
    problem; the event form shows them all beside its fields (planner.events.editing.event_problems).
    """
    problems: dict[str, str] = {}
    if not is_timezone(timezone):
        problems["timezone"] = _("“%(zone)s” is not an IANA time zone.", zone=timezone)
    if country is not None and not is_country(country):
        problems["country"] = _("“%(code)s” is not a country code.", code=country)
    if (start is None) != (end is None):
        if end is None:
            problems["ends_at"] = _("Give the last day too.") if all_day else _("Give the end too.")
        else:
            problems["starts_at"] = _("Give the first day too.") if all_day else _("Give the start too.")
    elif start is not None:
        if all_day and end < start:
            problems["ends_at"] = _("The last day is before the first day.")
        elif not all_day and end <= start:
            problems["ends_at"] = _("The end must be after the start.")
    dated = start is not None or end is not None
    if status == EventStatus.SCHEDULED and not dated:
        problems.setdefault("starts_at", _("A scheduled event needs its dates."))
    if status == EventStatus.TO_BE_SCHEDULED and dated:
        problems["status"] = _("An event to be scheduled has no dates yet: clear the dates or choose another status.")
    if yearly and not dated:
        problems["recurrence"] = _("A yearly event needs the date of its first occurrence.")
    return problems


def _same_day_in_year(day: date, year: int) -> date:
    """`day` moved to `year`; 29 February falls back to 28 February."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


class EventTranslation(SQLModel, table=True):
    """An event's title, theme and description in one of the six languages.

    The event row holds the original (the language it was entered in); a page or feed in another
    language shows a translated field where one exists and the original otherwise, field by field.
    """

    __tablename__ = "event_translation"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    language: str = Field(sa_type=sa.String(8))
    title: str = Field(default="", sa_type=sa.String(300))
    theme: str = Field(default="", sa_type=sa.Text)
    description: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("event_id", "language", name="uq_event_translation_event_language"),
        sa.CheckConstraint(sql_in("language", LANGUAGES), name="language_known"),
    )

    def check(self) -> None:
        if self.language not in LANGUAGES:
            raise ModelValidationError("language", f"unknown language {self.language!r}")
        if not (self.title or self.theme or self.description):
            raise ModelValidationError("title", "a translation needs at least one translated field")
