"""The call for side-event proposals, the proposals, their organisers and their reviews, as stored.

Why these shapes (UN conference practice; see README "Side events"):
- A conference's call opens and closes on dates in the event's own zone (`SideEventCall`); a
  proposer follows and changes their proposal through a private link until the call closes (only
  a hash of the link's token is stored, as for registrations and delegations).
- A side event is organised by Member States, UN system entities and others, with co-organisers:
  UN conferences ask that at least one organiser be a Member State or a UN entity
  (`ORGANISER_KINDS_THAT_QUALIFY`), so a proposal from civil society alone is not accepted.
- Reviewers (a per-event role) give each proposal a score from 1 to 5 and a comment; the
  secretariat decides: accepted, waitlisted or declined, with a message to the proposer. An
  accepted proposal is placed as an agenda session of kind side event (`session_id`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, SQLModel

from planner.db import UTCDateTime, sql_in, utcnow
from planner.registration.models import EMAIL_MAX, ORG_MAX

TITLE_MAX, THEME_MAX, TEXT_MAX, MESSAGE_MAX, NAME_MAX = 200, 200, 4000, 2000, 200
ATTENDANCE_MAX = 5000
SCORE_MIN, SCORE_MAX = 1, 5
# A proposer's address once erased after the event (planner.side_events.retention): the column is
# required, and the reserved .invalid domain reaches no one.
ERASED_EMAIL = "erased@invalid"


class ProposalStatus(StrEnum):
    SUBMITTED = "submitted"  # waiting for review and a decision
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"  # accepted if a slot frees up
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # by the proposer

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    ProposalStatus.SUBMITTED: _l("Under review"),
    ProposalStatus.ACCEPTED: _l("Accepted"),
    ProposalStatus.WAITLISTED: _l("On the waiting list"),
    ProposalStatus.DECLINED: _l("Declined"),
    ProposalStatus.WITHDRAWN: _l("Withdrawn"),
}
# What the secretariat may decide on a proposal (withdrawing is the proposer's).
DECISIONS = (ProposalStatus.ACCEPTED, ProposalStatus.WAITLISTED, ProposalStatus.DECLINED)


class ProposalFormat(StrEnum):
    IN_PERSON = "in_person"
    HYBRID = "hybrid"
    VIRTUAL = "virtual"

    @property
    def label(self) -> str:
        return str(FORMAT_LABELS[self])


FORMAT_LABELS = {
    ProposalFormat.IN_PERSON: _l("In person"),
    ProposalFormat.HYBRID: _l("Hybrid (in person and online)"),
    ProposalFormat.VIRTUAL: _l("Online only"),
}


class Accessibility(StrEnum):
    """What a side event offers so that everyone can take part (the proposer ticks what applies)."""

    STEP_FREE = "step_free"
    SIGN_LANGUAGE = "sign_language"
    CAPTIONS = "captions"
    ACCESSIBLE_DOCUMENTS = "accessible_documents"

    @property
    def label(self) -> str:
        return str(ACCESSIBILITY_LABELS[self])


ACCESSIBILITY_LABELS = {
    Accessibility.STEP_FREE: _l("Step-free access for wheelchair users"),
    Accessibility.SIGN_LANGUAGE: _l("International Sign interpretation"),
    Accessibility.CAPTIONS: _l("Live captions"),
    Accessibility.ACCESSIBLE_DOCUMENTS: _l("Documents in accessible formats"),
}


class OrganiserKind(StrEnum):
    MEMBER_STATE = "member_state"
    OBSERVER_STATE = "observer_state"
    UN_ENTITY = "un_entity"
    IGO = "igo"
    CIVIL_SOCIETY = "civil_society"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(ORGANISER_KIND_LABELS[self])

    @property
    def is_state(self) -> bool:
        return self in (OrganiserKind.MEMBER_STATE, OrganiserKind.OBSERVER_STATE)


ORGANISER_KIND_LABELS = {
    OrganiserKind.MEMBER_STATE: _l("Member State"),
    OrganiserKind.OBSERVER_STATE: _l("Observer State"),
    OrganiserKind.UN_ENTITY: _l("UN system entity"),
    OrganiserKind.IGO: _l("Intergovernmental organization"),
    OrganiserKind.CIVIL_SOCIETY: _l("Civil society or private sector"),
    OrganiserKind.OTHER: _l("Other"),
}
ORGANISER_KINDS_THAT_QUALIFY = (OrganiserKind.MEMBER_STATE, OrganiserKind.UN_ENTITY)


class SideEventCall(SQLModel, table=True):
    """An event's call for side-event proposals. The secretariat gives the first and last days in
    the event's zone; they are kept as the instants the call opens (midnight starting the first
    day) and closes (midnight ending the last), so "is it open?" is one comparison, in SQL too."""

    __tablename__ = "side_event_call"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", unique=True, ondelete="CASCADE")
    opens_at: datetime = Field(sa_type=UTCDateTime)
    closes_at: datetime = Field(sa_type=UTCDateTime)
    guidance: str = Field(default="", sa_type=sa.Text)  # what the call asks for, shown above the form
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (sa.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),)

    def first_day(self, zone: tzinfo) -> date:
        """The day the call opens, in the event's zone `zone`."""
        return self.opens_at.astimezone(zone).date()

    def last_day(self, zone: tzinfo) -> date:
        """The last day proposals are taken, in the event's zone `zone`."""
        return (self.closes_at.astimezone(zone) - timedelta(days=1)).date()


class Proposal(SQLModel, table=True):
    """A side-event proposal. `number` counts the event's proposals (1, 2, ...), for reference."""

    __tablename__ = "side_event_proposal"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    number: int
    title: str = Field(sa_type=sa.String(TITLE_MAX))
    theme: str = Field(default="", sa_type=sa.String(THEME_MAX))
    description: str = Field(default="", sa_type=sa.Text)
    format: str = Field(sa_type=sa.String(16))
    expected_attendance: int
    preferred_days: str = Field(default="", sa_type=sa.String(400))  # ISO dates, comma-separated
    languages: str = Field(default="", sa_type=sa.String(40))  # language codes, comma-separated
    accessibility: str = Field(default="", sa_type=sa.String(200))  # Accessibility values, comma-separated
    accessibility_notes: str = Field(default="", sa_type=sa.String(1000))
    proposer_name: str = Field(sa_type=sa.String(NAME_MAX))
    proposer_email: str = Field(sa_type=sa.String(EMAIL_MAX))
    proposer_language: str = Field(default="en", sa_type=sa.String(8))
    token_hash: str = Field(sa_type=sa.String(64), unique=True)
    link_nonce: str | None = Field(default=None, sa_type=sa.String(64))
    status: str = Field(default=ProposalStatus.SUBMITTED, sa_type=sa.String(16))
    decision_message: str = Field(default="", sa_type=sa.Text)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    session_id: int | None = Field(default=None, foreign_key="agenda_session.id", unique=True, ondelete="SET NULL")
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("event_id", "number", name="uq_side_event_proposal_event_number"),
        sa.CheckConstraint(sql_in("status", ProposalStatus), name="status_known"),
        sa.CheckConstraint(sql_in("format", ProposalFormat), name="format_known"),
        sa.CheckConstraint(f"expected_attendance BETWEEN 1 AND {ATTENDANCE_MAX}", name="attendance_range"),
        sa.CheckConstraint("title <> ''", name="title_not_empty"),
    )

    @property
    def status_label(self) -> str:
        return ProposalStatus(self.status).label

    @property
    def format_label(self) -> str:
        return ProposalFormat(self.format).label

    @property
    def day_list(self) -> list[date]:
        return [date.fromisoformat(day) for day in self.preferred_days.split(",") if day]

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def accessibility_list(self) -> list[Accessibility]:
        return [Accessibility(value) for value in self.accessibility.split(",") if value]


class ProposalOrganiser(SQLModel, table=True):
    """One organiser or co-organiser of a proposal: a State by its code, or an organisation by name."""

    __tablename__ = "side_event_organiser"

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="side_event_proposal.id", index=True, ondelete="CASCADE")
    position: int  # the proposer's order
    co_organiser: bool = Field(default=False)
    kind: str = Field(sa_type=sa.String(16))
    state: str | None = Field(default=None, sa_type=sa.String(3))  # for a State: its code (planner.un_states)
    name: str = Field(default="", sa_type=sa.String(ORG_MAX))  # for an organisation

    __table_args__ = (sa.CheckConstraint(sql_in("kind", OrganiserKind), name="kind_known"),)


class ProposalReview(SQLModel, table=True):
    """One reviewer's score and comment on a proposal; a reviewer changes theirs, never adds a second."""

    __tablename__ = "side_event_review"

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="side_event_proposal.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    score: int
    comment: str = Field(default="", sa_type=sa.Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "user_id", name="uq_side_event_review_proposal_user"),
        sa.CheckConstraint(f"score BETWEEN {SCORE_MIN} AND {SCORE_MAX}", name="score_range"),
    )
