"""User accounts of the secretariat, and the counters behind login rate limiting."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, SQLModel

from planner.db import UTCDateTime, sql_in, utcnow
from planner.validation import ModelValidationError


class Role(StrEnum):
    """Global roles in increasing power: each one may do everything the ones before it may.

    `none` is an account that acts only through the per-event roles granted to it (EventRole)."""

    NONE = "none"
    VIEWER = "viewer"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def label(self) -> str:
        """The role as a person reads it, in the reader's language."""
        return str(ROLE_LABELS[self])

    def includes(self, other: "Role | str") -> bool:
        """True when this role may do what `other` may (admin > manager > viewer > none)."""
        return self.rank >= Role(other).rank


ROLE_LABELS = {
    Role.NONE: _l("Per-event roles only"),
    Role.VIEWER: _l("Viewer"),
    Role.MANAGER: _l("Event manager"),
    Role.ADMIN: _l("Administrator"),
}


class EventRole(StrEnum):
    """What an account may do on one event it was granted (planner.accounts.permissions says
    which permissions each gives). A conference gives its accreditation desk that role on that
    conference, and nothing on the others."""

    EVENT_MANAGER = "event_manager"
    ACCREDITATION = "accreditation"  # the accreditation desk: delegations, credentials, approvals
    PROTOCOL = "protocol"  # the list of participants, the speakers
    CHECK_IN = "check_in"  # the check-in desk at the door
    REVIEWER = "reviewer"  # scores and comments side-event proposals
    EVENT_VIEWER = "event_viewer"

    @property
    def label(self) -> str:
        return str(EVENT_ROLE_LABELS[self])


EVENT_ROLE_LABELS = {
    EventRole.EVENT_MANAGER: _l("Manager of the event"),
    EventRole.ACCREDITATION: _l("Accreditation desk"),
    EventRole.PROTOCOL: _l("Protocol"),
    EventRole.CHECK_IN: _l("Check-in desk"),
    EventRole.REVIEWER: _l("Side-event reviewer"),
    EventRole.EVENT_VIEWER: _l("Reader of the event"),
}


class User(SQLModel, table=True):
    """A member of the secretariat who signs in to the management side.

    Only an argon2 hash of the password is kept. The e-mail is stored lower-cased so that
    "Ana@UN.org" and "ana@un.org" are one account. Users are deactivated, never deleted, so the
    audit trail keeps pointing at somebody real.
    """

    __tablename__ = "user_account"  # "user" is a reserved word in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=sa.String(254), unique=True)
    name: str = Field(default="", sa_type=sa.String(200))
    password_hash: str = Field(sa_type=sa.String(255))
    role: str = Field(default=Role.VIEWER, sa_type=sa.String(16))
    active: bool = Field(default=True)
    # Raised on sign-out (and deactivation): a session cookie carries the version it was issued
    # under, so a cookie captured before sign-out no longer opens anything (planner.accounts.auth).
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint(f"role IN ({', '.join(repr(str(r)) for r in Role)})", name="role_known"),
        sa.CheckConstraint("email <> '' AND email = lower(email)", name="email_lower"),
    )

    def check(self) -> None:
        if not self.email or "@" not in self.email:
            raise ModelValidationError("email", _("an account needs an e-mail address"))
        if self.email != self.email.lower():
            raise ModelValidationError("email", _("e-mail addresses are stored in lower case"))
        if self.role not in set(Role):
            raise ModelValidationError("role", _("unknown role %(role)r", role=self.role))
        if not self.password_hash:
            raise ModelValidationError("password_hash", _("an account needs a password"))

    # Flask-Login's user protocol ---------------------------------------------------------------

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def has_role(self, role: Role | str) -> bool:
        return self.active and Role(self.role).includes(role)

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class EventRoleGrant(SQLModel, table=True):
    """One per-event role of one account: `user_id` may act as `role` on `event_id`.

    The event is named by its table ("event.id"), not by its model: accounts sit below events
    (docs/architecture.md). Deleting the account or the event deletes its grants.
    """

    __tablename__ = "event_role_grant"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    role: str = Field(sa_type=sa.String(16))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint(sql_in("role", EventRole), name="role_known"),
        sa.UniqueConstraint("user_id", "event_id", "role", name="uq_event_role_grant_user_event_role"),
    )

    def check(self) -> None:
        if self.role not in set(EventRole):
            raise ModelValidationError("role", _("unknown role %(role)r", role=self.role))

    @property
    def role_label(self) -> str:
        return EventRole(self.role).label


class RateLimitCounter(SQLModel, table=True):
    """A fixed-window counter shared by every worker process (see planner.accounts.ratelimit)."""

    __tablename__ = "rate_limit_counter"

    key: str = Field(sa_type=sa.String(255), primary_key=True)
    count: int = Field(default=0)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
