"""The list of speakers of an event's general debate, as stored: settings, inscriptions, and the
secretariat's changes to the order the rule gives.

The order itself is never stored: it is the protocol rule (planner.speakers.order) applied to the
inscriptions, then the secretariat's changes (`SpeakerChange`: swaps, moves to the end of a
meeting) replayed in the order they were made. A late inscription therefore takes its place by
the rule, and every change is kept, with who made it, in the audit trail as well.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, SQLModel

from planner.db import UTCDateTime, sql_in, utcnow
from planner.delegations.models import RepresentationLevel

NAME_MAX, TITLE_MAX = 200, 200


class SpeakersList(SQLModel, table=True):
    """An event's list of speakers: the time limit per statement, and whether it is closed."""

    __tablename__ = "speakers_list"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", unique=True, ondelete="CASCADE")
    statement_minutes: int = Field(default=5)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (sa.CheckConstraint("statement_minutes BETWEEN 1 AND 60", name="statement_minutes_range"),)


class DebateMeeting(SQLModel, table=True):
    """An agenda session (a plenary meeting) that is part of the general debate."""

    __tablename__ = "debate_meeting"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    session_id: int = Field(foreign_key="agenda_session.id", unique=True, ondelete="CASCADE")


class Inscription(SQLModel, table=True):
    """A delegation's speaker in the general debate; one per delegation and event."""

    __tablename__ = "inscription"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    delegation_id: int = Field(foreign_key="delegation.id", unique=True, ondelete="CASCADE")
    speaker_name: str = Field(sa_type=sa.String(NAME_MAX))
    speaker_title: str = Field(default="", sa_type=sa.String(TITLE_MAX))
    level: str = Field(sa_type=sa.String(32))
    inscribed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    number: int  # the order of inscription in the event (1, 2, ...): the rule's tie-break

    __table_args__ = (
        sa.UniqueConstraint("event_id", "number", name="uq_inscription_event_number"),
        sa.CheckConstraint(sql_in("level", RepresentationLevel), name="level_known"),
    )


class ChangeKind(StrEnum):
    SWAP = "swap"  # two speakers exchange places (both delegations agreed)
    TO_END = "to_end"  # an absent speaker moves to the end of their meeting's list

    @property
    def label(self) -> str:
        return str(CHANGE_LABELS[self])


CHANGE_LABELS = {ChangeKind.SWAP: _l("Swap"), ChangeKind.TO_END: _l("Moved to the end of the meeting")}


class SpeakerChange(SQLModel, table=True):
    """One change the secretariat made to the rule's order, replayed in `id` order."""

    __tablename__ = "speaker_change"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=sa.String(16))
    first_id: int = Field(foreign_key="inscription.id", ondelete="CASCADE")
    second_id: int | None = Field(default=None, foreign_key="inscription.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (sa.CheckConstraint(sql_in("kind", ChangeKind), name="kind_known"),)
