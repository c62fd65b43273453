"""Delegations, their members, credentials, size limits and the published list of participants.

Why these shapes (UN conference practice; see README "Delegations and accreditation"):
- A delegation is announced by its Permanent Mission or office through a focal point; it speaks
  for one Member State or observer State (`state`, an ISO code of planner.un_states) or for one
  organisation (`organisation`). A State has at most one live delegation per event (a partial
  unique index), since a State is represented once.
- Each member is a registration (planner.registration): seats, quotas, the waiting list, the
  participant's own private link and e-mails work for delegates as for anyone. `DelegationMember`
  ties a registration to its delegation; exactly one member is the head of delegation.
- Credentials are the delegation's: issued by the Head of State or Government or the Minister for
  Foreign Affairs (rule 27 of the General Assembly's rules of procedure; README); the secretariat records
  whether it holds the original, a copy or note verbale, or nothing yet. Accreditation is per
  person (`registration.accreditation`), since one member may be refused and the rest accredited.
- The delegation's private link works as a registration's: only a hash of its token is stored.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, SQLModel

from planner.db import UTCDateTime, sql_in, utcnow
from planner.i18n.languages import LANGUAGES
from planner.registration.models import EMAIL_MAX, NAME_MAX, ORG_MAX, Category
from planner.un_states import is_un_state
from planner.validation import ModelValidationError

NOTE_MAX = 1000
STATE_CATEGORIES = (Category.MEMBER_STATE, Category.OBSERVER_STATE)
LIVE_STATE_INDEX = "uq_delegation_event_state_live"
# A focal point's address once erased after the event (planner.delegations.retention): the column
# is required, and the reserved .invalid domain reaches no one.
ERASED_EMAIL = "erased@invalid"


class RepresentationLevel(StrEnum):
    """The level of the head of delegation, highest first: the protocol order of the list of
    speakers and of precedence (Heads of State, then Heads of Government, Vice-Presidents and
    Crown Princes or Princesses, Deputy Prime Ministers, Ministers, Vice-Ministers, then other
    heads of delegation: the customary practice of the General Assembly's general debate)."""

    HEAD_OF_STATE = "head_of_state"
    HEAD_OF_GOVERNMENT = "head_of_government"
    VICE_PRESIDENT = "vice_president"
    DEPUTY_PRIME_MINISTER = "deputy_prime_minister"
    MINISTER = "minister"
    VICE_MINISTER = "vice_minister"
    PERMANENT_REPRESENTATIVE = "permanent_representative"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self])


LEVEL_LABELS = {
    RepresentationLevel.HEAD_OF_STATE: _l("Head of State"),
    RepresentationLevel.HEAD_OF_GOVERNMENT: _l("Head of Government"),
    RepresentationLevel.VICE_PRESIDENT: _l("Vice-President or Crown Prince/Princess"),
    RepresentationLevel.DEPUTY_PRIME_MINISTER: _l("Deputy Prime Minister"),
    RepresentationLevel.MINISTER: _l("Minister"),
    RepresentationLevel.VICE_MINISTER: _l("Vice-Minister"),
    RepresentationLevel.PERMANENT_REPRESENTATIVE: _l("Permanent Representative"),
    RepresentationLevel.OTHER: _l("Other head of delegation"),
}


class CredentialsStatus(StrEnum):
    NONE = "none"
    COPY = "copy"  # a copy, or a note verbale from the Permanent Mission
    ORIGINAL = "original"

    @property
    def label(self) -> str:
        return str(CREDENTIALS_LABELS[self])


CREDENTIALS_LABELS = {
    CredentialsStatus.NONE: _l("Not received yet"),
    CredentialsStatus.COPY: _l("Copy or note verbale received"),
    CredentialsStatus.ORIGINAL: _l("Original received"),
}


class Delegation(SQLModel, table=True):
    """One State's or organisation's delegation to one event."""

    __tablename__ = "delegation"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    category: str = Field(sa_type=sa.String(32))
    state: str | None = Field(default=None, sa_type=sa.String(2))  # for Member and observer States
    organisation: str = Field(default="", sa_type=sa.String(ORG_MAX))  # for every other category
    head_level: str = Field(default=RepresentationLevel.OTHER, sa_type=sa.String(32))
    focal_name: str = Field(sa_type=sa.String(2 * NAME_MAX))
    focal_email: str = Field(sa_type=sa.String(EMAIL_MAX))
    focal_mission: str = Field(default="", sa_type=sa.String(ORG_MAX))  # Permanent Mission or office
    language: str = Field(default="en", sa_type=sa.String(8))  # the focal point's, for e-mails
    token_hash: str = Field(sa_type=sa.String(64), unique=True)
    link_nonce: str | None = Field(default=None, sa_type=sa.String(64))
    credentials: str = Field(default=CredentialsStatus.NONE, sa_type=sa.String(16))
    credentials_date: date | None = Field(default=None)
    credentials_note: str = Field(default="", sa_type=sa.String(NOTE_MAX))
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.Index(
            LIVE_STATE_INDEX,
            "event_id",
            "state",
            unique=True,
            sqlite_where=sa.text("state IS NOT NULL AND withdrawn_at IS NULL"),
            postgresql_where=sa.text("state IS NOT NULL AND withdrawn_at IS NULL"),
        ),
        sa.CheckConstraint(sql_in("category", Category), name="category_known"),
        sa.CheckConstraint(sql_in("head_level", RepresentationLevel), name="head_level_known"),
        sa.CheckConstraint(sql_in("credentials", CredentialsStatus), name="credentials_known"),
        sa.CheckConstraint(sql_in("language", LANGUAGES), name="language_known"),
        sa.CheckConstraint(
            "(category IN ('member_state', 'observer_state')) = (state IS NOT NULL)", name="state_for_states"
        ),
        sa.CheckConstraint("focal_email = lower(focal_email)", name="focal_email_lower"),
    )

    @property
    def is_state(self) -> bool:
        return self.category in STATE_CATEGORIES

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    @property
    def level_label(self) -> str:
        return RepresentationLevel(self.head_level).label

    @property
    def credentials_label(self) -> str:
        return CredentialsStatus(self.credentials).label

    def check(self) -> None:
        if self.is_state:
            if not self.state or not is_un_state(self.state):
                raise ModelValidationError("state", _("Pick a Member State or observer State from the list."))
        elif not self.organisation.strip():
            raise ModelValidationError("organisation", _("Name the organisation the delegation represents."))
        if self.focal_email == ERASED_EMAIL:
            return
        if not self.focal_name.strip():
            raise ModelValidationError("focal_name", _("Name the focal point."))
        if not self.focal_email or "@" not in self.focal_email:
            raise ModelValidationError("focal_email", _("an e-mail address is needed"))


class DelegationMember(SQLModel, table=True):
    """A registration that belongs to a delegation; `rank` keeps the order the focal point gave."""

    __tablename__ = "delegation_member"

    id: int | None = Field(default=None, primary_key=True)
    delegation_id: int = Field(foreign_key="delegation.id", index=True, ondelete="CASCADE")
    registration_id: int = Field(foreign_key="registration.id", unique=True, ondelete="CASCADE")
    is_head: bool = Field(default=False)
    rank: int = Field(default=0)


class DelegationLimit(SQLModel, table=True):
    """At most `members` live members in one delegation of `category` at one event."""

    __tablename__ = "delegation_limit"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    category: str = Field(sa_type=sa.String(32))
    members: int

    __table_args__ = (
        sa.UniqueConstraint("event_id", "category", name="uq_delegation_limit_event_category"),
        sa.CheckConstraint(sql_in("category", Category), name="category_known"),
        sa.CheckConstraint("members BETWEEN 1 AND 1000", name="members_range"),
    )


class ListEdition(StrEnum):
    PROVISIONAL = "provisional"
    FINAL = "final"

    @property
    def label(self) -> str:
        return str(EDITION_LABELS[self])


EDITION_LABELS = {ListEdition.PROVISIONAL: _l("Provisional list"), ListEdition.FINAL: _l("Final list")}


class ParticipantsList(SQLModel, table=True):
    """Whether an event's list of participants is published, and as which edition.

    The list itself is never stored: it is read from the accredited registrations each time, so a
    late accreditation appears without republishing; `published_at` dates the edition."""

    __tablename__ = "participants_list"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", unique=True, ondelete="CASCADE")
    edition: str = Field(default=ListEdition.PROVISIONAL, sa_type=sa.String(16))
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (sa.CheckConstraint(sql_in("edition", ListEdition), name="edition_known"),)

    @property
    def edition_label(self) -> str:
        return ListEdition(self.edition).label
