"""AgendaSession, Person and SessionRole: the programme of an event and who takes part in it.

The table is called `agenda_session`, not `session`: "session" is the database session
everywhere else in this code. Times are instants in UTC (like Event's); pages convert them to the
event's zone. `sequence` rises on every change a calendar client must take (time, room,
published state), as for events (see planner.events.editing).

No `from __future__ import annotations` here: SQLModel reads the relationship annotations at
class creation.
"""

from datetime import datetime
from enum import StrEnum
from typing import Optional

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, Relationship, SQLModel

from planner import images
from planner.db import UTCDateTime, sql_in, utcnow
from planner.events.models import Room, Venue
from planner.validation import ModelValidationError, is_country


class SessionKind(StrEnum):
    PLENARY = "plenary"
    HIGH_LEVEL_SEGMENT = "high_level_segment"
    INTERACTIVE_PANEL = "interactive_panel"
    SIDE_EVENT = "side_event"
    BILATERAL = "bilateral"
    BREAK = "break"

    @property
    def label(self):
        """The kind as pages show it, in the reader's language (lazy: a form may read it at import)."""
        return _SESSION_KIND_LABELS[self]


_SESSION_KIND_LABELS = {
    SessionKind.PLENARY: _l("Plenary"),
    SessionKind.HIGH_LEVEL_SEGMENT: _l("High-level segment"),
    SessionKind.INTERACTIVE_PANEL: _l("Interactive panel"),
    SessionKind.SIDE_EVENT: _l("Side event"),
    SessionKind.BILATERAL: _l("Bilateral"),
    SessionKind.BREAK: _l("Break"),
}


class RoleKind(StrEnum):
    CHAIR = "chair"
    SPEAKER = "speaker"
    MODERATOR = "moderator"
    RAPPORTEUR = "rapporteur"
    PANELLIST = "panellist"

    @property
    def label(self):
        """The role as pages show it, in the reader's language (lazy, like SessionKind.label)."""
        return _ROLE_LABELS[self]

    @property
    def keyword(self) -> str:
        """ "Chair": the word typed before a name in a session's People field. It is part of
        that field's syntax (and of the audit trail), so it stays English in every language."""
        return self.value.capitalize()


_ROLE_LABELS = {
    RoleKind.CHAIR: _l("Chair"),
    RoleKind.SPEAKER: _l("Speaker"),
    RoleKind.MODERATOR: _l("Moderator"),
    RoleKind.RAPPORTEUR: _l("Rapporteur"),
    RoleKind.PANELLIST: _l("Panellist"),
}


class Person(SQLModel, table=True):
    """Someone who chairs, speaks or moderates; one person can take part in many sessions."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=sa.String(200), index=True)
    honorific: str = Field(default="", sa_type=sa.String(60))
    function: str = Field(default="", sa_type=sa.String(300))
    organisation: str = Field(default="", sa_type=sa.String(300))
    country: str | None = Field(default=None, sa_type=sa.String(2))
    biography: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    photo_file: str | None = Field(default=None, sa_type=sa.String(100))  # under PHOTO_FOLDER, a name we chose
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("name <> ''", name="name_not_empty"),
        sa.CheckConstraint("country IS NULL OR length(country) = 2", name="country_alpha2"),
    )

    @property
    def display_name(self) -> str:
        """ "H.E. Ms. Ana Pérez": the name as printed in a programme."""
        return f"{self.honorific} {self.name}".strip()

    def check(self) -> None:
        if not self.name:
            raise ModelValidationError("name", _("a person needs a name"))
        if self.country is not None and not is_country(self.country):
            raise ModelValidationError("country", _("%(code)r is not an ISO 3166 alpha-2 code", code=self.country))
        if self.photo_file is not None and not images.STORED_NAME.fullmatch(self.photo_file):
            raise ModelValidationError("photo", _("a photo is stored under a name the planner chose"))


class AgendaSession(SQLModel, table=True):
    """One session of an event's programme: a plenary, a panel, a side event, a break."""

    __tablename__ = "agenda_session"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    title: str = Field(sa_type=sa.String(300))
    kind: str = Field(default=SessionKind.PLENARY, sa_type=sa.String(32))
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    room_id: int | None = Field(default=None, foreign_key="room.id", index=True, ondelete="SET NULL")
    description: str = Field(default="", sa_type=sa.Text)
    published: bool = Field(default=False)
    is_sample: bool = Field(default=False)
    sequence: int = Field(default=0)
    # A published session called off: it stays in feeds as STATUS:CANCELLED (only drafts are deleted).
    cancelled: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

    room: Optional[Room] = Relationship()
    # The room's venue, read through the room (view only), so one selectinload brings it along.
    venue: Optional[Venue] = Relationship(
        sa_relationship_kwargs=dict(
            secondary="room",
            primaryjoin="AgendaSession.room_id == Room.id",
            secondaryjoin="Room.venue_id == Venue.id",
            viewonly=True,
            uselist=False,
        )
    )
    roles: list["SessionRole"] = Relationship(
        back_populates="agenda_session",
        sa_relationship_kwargs=dict(cascade="all, delete-orphan", passive_deletes=True, order_by="SessionRole.id"),
    )

    __table_args__ = (
        sa.CheckConstraint("title <> ''", name="title_not_empty"),
        sa.CheckConstraint(sql_in("kind", SessionKind), name="kind_known"),
        sa.CheckConstraint("ends_at > starts_at", name="end_after_start"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    @property
    def kind_label(self) -> str:
        return str(SessionKind(self.kind).label)

    @property
    def is_break(self) -> bool:
        return self.kind == SessionKind.BREAK

    @property
    def version(self) -> str:
        """Which state of the session a page showed, sent back with a move from the timetable so
        that a move made on a stale page is refused (planner.agenda.moving). Every change sets a
        new `updated_at` (the rule the calendar feeds' cache rests on too), so it serves as the
        version without a counter of its own."""
        return self.updated_at.isoformat()

    def check(self) -> None:
        """Raise ModelValidationError naming the first broken rule."""
        if not self.title:
            raise ModelValidationError("title", _("a session needs a title"))
        if self.kind not in set(SessionKind):
            raise ModelValidationError("kind", _("unknown session kind %(kind)r", kind=self.kind))
        if self.starts_at is None or self.ends_at is None:
            raise ModelValidationError("starts_at", _("a session needs a start and an end"))
        if self.ends_at <= self.starts_at:
            raise ModelValidationError("ends_at", _("the end must be after the start"))


class SessionRole(SQLModel, table=True):
    """ "Person P is the chair (speaker, moderator...) of session S"."""

    __tablename__ = "session_role"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="agenda_session.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    role: str = Field(default=RoleKind.SPEAKER, sa_type=sa.String(16))

    agenda_session: Optional[AgendaSession] = Relationship(back_populates="roles")
    person: Optional[Person] = Relationship()

    __table_args__ = (
        sa.UniqueConstraint("session_id", "person_id", "role", name="uq_session_role_person_role"),
        sa.CheckConstraint(sql_in("role", RoleKind), name="role_known"),
    )

    @property
    def role_label(self) -> str:
        return str(RoleKind(self.role).label)

    @property
    def role_keyword(self) -> str:
        return RoleKind(self.role).keyword

    def check(self) -> None:
        if self.role not in set(RoleKind):
            raise ModelValidationError("role", _("unknown role %(role)r", role=self.role))
