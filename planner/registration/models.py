"""Registration settings, category quotas, registrations and the e-mail outbox.

Why these shapes:
- Seats are decided in planner.registration.capacity under a per-event database lock; the
  `position` column records the order in which registrations were taken (first come, first
  served), unique per event, so promotion from the waiting list never depends on clock ties.
- An e-mail address registers once per event among live registrations: a partial unique index
  on (event_id, email) WHERE status <> 'cancelled' (SQLite and PostgreSQL both have them). The
  address is stored lower-cased (a CHECK keeps it so), which makes that index case-blind.
- Only a SHA-256 hash of the private link's token is stored: a database leak gives no links.
- Outbox rows are written in the same transaction as what they announce, and sent after commit.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, SQLModel

from planner.db import UTCDateTime, sql_in, utcnow
from planner.events.changes import ChangeKind
from planner.i18n.languages import LANGUAGES
from planner.un_states import is_un_state
from planner.validation import ModelValidationError, is_country

NAME_MAX, EMAIL_MAX, ORG_MAX, NEEDS_MAX = 100, 254, 200, 1000
LIVE_EMAIL_INDEX = "uq_registration_event_email_live"
SUBJECT_MAX = 300  # outbox subjects are cut to fit (planner.registration.outbox.one_line)


class Category(StrEnum):
    MEMBER_STATE = "member_state"
    OBSERVER_STATE = "observer_state"
    UN_SYSTEM = "un_system"
    IGO = "igo"
    NGO = "ngo"
    PRIVATE_SECTOR = "private_sector"
    ACADEMIA = "academia"
    MEDIA = "media"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.MEMBER_STATE: _l("Member State"),
    Category.OBSERVER_STATE: _l("Observer State"),
    Category.UN_SYSTEM: _l("UN system entity"),
    Category.IGO: _l("Intergovernmental organisation"),
    Category.NGO: _l("NGO / civil society"),
    Category.PRIVATE_SECTOR: _l("Private sector"),
    Category.ACADEMIA: _l("Academia"),
    Category.MEDIA: _l("Media"),
}


class Status(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PENDING = "pending"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    # Cancelled because the event was: not the participant's doing (pages and mails say which).
    EVENT_CANCELLED = "event_cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.CONFIRMED: _l("Confirmed"),
    Status.WAITLISTED: _l("On the waiting list"),
    Status.PENDING: _l("Pending approval"),
    Status.CANCELLED: _l("Cancelled"),
    Status.REJECTED: _l("Not accepted"),
    Status.EVENT_CANCELLED: _l("Event cancelled"),
}


class RegistrationSettings(SQLModel, table=True):
    """Whether, when and for whom an event takes registrations. No row: no registration."""

    __tablename__ = "registration_settings"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", unique=True, ondelete="CASCADE")
    opens_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closes_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    capacity: int | None = Field(default=None)  # None: no limit on the total
    requires_approval: bool = Field(default=False)
    categories: str = Field(default=",".join(Category), sa_type=sa.String(200))
    # Remind every live registration this many days before the event starts (None: no reminder).
    reminder_days: int | None = Field(default=None)
    # The registration form asks those who need a visa for their passport details, and the
    # secretariat issues them letters of invitation (planner.registration.letters).
    invitation_letters: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        sa.CheckConstraint(
            "closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at", name="closes_after_opening"
        ),
        sa.CheckConstraint("reminder_days IS NULL OR reminder_days BETWEEN 1 AND 60", name="reminder_days_range"),
    )

    @property
    def offered(self) -> list[Category]:
        """The offered categories, in the canonical order."""
        chosen = set(self.categories.split(","))
        return [c for c in Category if c.value in chosen]

    def check(self) -> None:
        if self.capacity is not None and self.capacity < 0:
            raise ModelValidationError("capacity", _("cannot be negative"))
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ModelValidationError("closes_at", _("registration must close after it opens"))
        if not self.offered or len(self.offered) != len([c for c in self.categories.split(",") if c]):
            raise ModelValidationError("categories", _("offer at least one known category"))


class CategoryQuota(SQLModel, table=True):
    """At most `seats` confirmed registrations of one category for one event."""

    __tablename__ = "category_quota"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    category: str = Field(sa_type=sa.String(32))
    seats: int

    __table_args__ = (
        sa.UniqueConstraint("event_id", "category", name="uq_category_quota_event_category"),
        sa.CheckConstraint(sql_in("category", Category), name="category_known"),
        sa.CheckConstraint("seats >= 0", name="seats_not_negative"),
    )


class Registration(SQLModel, table=True):
    """One participant's registration for one event."""

    __tablename__ = "registration"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(sa_type=sa.String(64), unique=True)
    # A re-sent link waits here until it is first used; the old link keeps working until then,
    # so asking for a new link on someone else's behalf cannot break theirs (planner.registration.tokens).
    pending_token_hash: str | None = Field(default=None, sa_type=sa.String(64), unique=True)
    # The nonces the two tokens are derived from (with SECRET_KEY, planner.registration.tokens), so
    # every later e-mail (a change notice, a message, a reminder) carries the participant's same
    # link rather than a new one that would end the old link and their calendar subscription.
    # Without the key a nonce opens nothing, as the outbox's `link_nonce` (NULL: registered before).
    link_nonce: str | None = Field(default=None, sa_type=sa.String(64))
    pending_link_nonce: str | None = Field(default=None, sa_type=sa.String(64))
    status: str = Field(sa_type=sa.String(16), index=True)
    category: str = Field(sa_type=sa.String(32))
    position: int
    honorific: str = Field(default="", sa_type=sa.String(20))
    given_name: str = Field(default="", sa_type=sa.String(NAME_MAX))
    family_name: str = Field(default="", sa_type=sa.String(NAME_MAX))
    email: str | None = Field(default=None, sa_type=sa.String(EMAIL_MAX))  # None once anonymised
    organisation: str = Field(default="", sa_type=sa.String(ORG_MAX))
    function: str = Field(default="", sa_type=sa.String(ORG_MAX))
    country: str | None = Field(default=None, sa_type=sa.String(2))
    represents: str | None = Field(default=None, sa_type=sa.String(2))
    accessibility_needs: str = Field(default="", sa_type=sa.String(NEEDS_MAX))
    consent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    checked_in_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    anonymised: bool = Field(default=False)
    # The language the participant registered in: later e-mails (promotion, approval) use it too.
    language: str = Field(default="en", sa_type=sa.String(8), sa_column_kwargs={"server_default": "en"})
    # When the reminder before the event was queued: it is sent once per registration.
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Accreditation by the secretariat, and the reason a refused person is sent.
    accreditation: str = Field(default="pending", sa_type=sa.String(16), sa_column_kwargs={"server_default": "pending"})
    accreditation_reason: str = Field(default="", sa_type=sa.String(500), sa_column_kwargs={"server_default": ""})
    # The person agreed to appear in the published list of participants.
    listed: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})

    __table_args__ = (
        sa.UniqueConstraint("event_id", "position", name="uq_registration_event_position"),
        # The seat counts under the event's lock read the confirmed entries of this index alone
        # (planner.registration.capacity.seats), not the event's waiting list.
        sa.Index("ix_registration_event_status_category", "event_id", "status", "category"),
        sa.Index(
            LIVE_EMAIL_INDEX,
            "event_id",
            "email",
            unique=True,
            sqlite_where=sa.text("status <> 'cancelled'"),
            postgresql_where=sa.text("status <> 'cancelled'"),
        ),
        sa.CheckConstraint(sql_in("status", Status), name="status_known"),
        sa.CheckConstraint(sql_in("category", Category), name="category_known"),
        sa.CheckConstraint(sql_in("language", LANGUAGES), name="language_known"),
        sa.CheckConstraint("accreditation IN ('pending', 'accredited', 'refused')", name="accreditation_known"),
        sa.CheckConstraint("email IS NULL OR email = lower(email)", name="email_lower"),
        sa.CheckConstraint("anonymised OR email IS NOT NULL", name="email_unless_anonymised"),
        sa.CheckConstraint(
            "category <> 'member_state' OR represents IS NOT NULL OR anonymised", name="delegate_represents"
        ),
    )

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    @property
    def accreditation_label(self) -> str:
        return Accreditation(self.accreditation).label

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.honorific, self.given_name, self.family_name) if p)

    def check(self) -> None:
        if self.anonymised:
            return
        if not self.given_name or not self.family_name:
            raise ModelValidationError("family_name", _("given and family names are needed"))
        if not self.email or "@" not in self.email:
            raise ModelValidationError("email", _("an e-mail address is needed"))
        if self.country is not None and not is_country(self.country):
            raise ModelValidationError("country", _("“%(code)s” is not an ISO 3166 alpha-2 code", code=self.country))
        if self.represents is not None and not is_un_state(self.represents):
            raise ModelValidationError(
                "represents", _("“%(code)s” is not a UN Member State or observer State", code=self.represents)
            )
        if self.category == Category.MEMBER_STATE and not self.represents:
            raise ModelValidationError("represents", _("a Member State delegate names the State represented"))


class Accreditation(StrEnum):
    """Whether the secretariat accredited the person (planner.delegations.accreditation): only
    accredited people appear in the list of participants; a refusal comes with a reason."""

    PENDING = "pending"
    ACCREDITED = "accredited"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return str(ACCREDITATION_LABELS[self])


ACCREDITATION_LABELS = {
    Accreditation.PENDING: _l("Accreditation pending"),
    Accreditation.ACCREDITED: _l("Accredited"),
    Accreditation.REFUSED: _l("Accreditation refused"),
}


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(SQLModel, table=True):
    """An e-mail waiting to be sent (or sent). Attachments: [{name, mime_type, content (base64)}]."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(sa_type=sa.String(EMAIL_MAX))
    subject: str = Field(sa_type=sa.String(SUBJECT_MAX))
    body: str = Field(sa_type=sa.Text)
    # The nonce a private link's token is derived from (with SECRET_KEY), while the message waits;
    # the body holds a placeholder instead of the token, and the nonce is dropped once sent.
    link_nonce: str | None = Field(default=None, sa_type=sa.String(64))
    attachments: list = Field(default_factory=list, sa_type=sa.JSON)
    status: str = Field(default=OutboxStatus.QUEUED, sa_type=sa.String(16), index=True)
    attempts: int = Field(default=0)
    last_error: str = Field(default="", sa_type=sa.Text)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    claimed_by: str | None = Field(default=None, sa_type=sa.String(100))
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    __table_args__ = (sa.CheckConstraint(sql_in("status", OutboxStatus), name="status_known"),)


class ChangeNotice(SQLModel, table=True):
    """A saved change that participants were told about, kept so their private pages show it.

    What changed is stored as values, not text (`before`/`after`: instants in ISO 8601 UTC, ids),
    so each page renders it in its reader's language and the event's zone. `session_ids` names
    the sessions of a change to sessions: only participants who picked one of them were told.
    """

    __tablename__ = "change_notice"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=sa.String(16))
    before: dict = Field(default_factory=dict, sa_type=sa.JSON)
    after: dict = Field(default_factory=dict, sa_type=sa.JSON)
    session_ids: list | None = Field(default=None, sa_type=sa.JSON)
    message: str = Field(default="", sa_type=sa.Text)  # the manager's own words, as written
    recipients: int = Field(default=0)  # how many participants were told
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (sa.CheckConstraint(sql_in("kind", ChangeKind), name="kind_known"),)


class AgendaPick(SQLModel, table=True):
    """A session a participant plans to attend: their personal agenda and calendar feed."""

    __tablename__ = "agenda_pick"

    id: int | None = Field(default=None, primary_key=True)
    registration_id: int = Field(foreign_key="registration.id", index=True, ondelete="CASCADE")
    session_id: int = Field(foreign_key="agenda_session.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (sa.UniqueConstraint("registration_id", "session_id", name="uq_agenda_pick_registration_session"),)


PASSPORT_MAX, PLACE_MAX, CONSULATE_MAX, TEMPLATE_MAX = 20, 120, 200, 6000


class LetterStatus(StrEnum):
    """Where a letter of invitation stands: asked for at registration, generated by the
    secretariat (the participant may download it), announced to the participant by e-mail."""

    REQUESTED = "requested"
    ISSUED = "issued"
    SENT = "sent"

    @property
    def label(self) -> str:
        return str(LETTER_STATUS_LABELS[self])


LETTER_STATUS_LABELS = {
    LetterStatus.REQUESTED: _l("Requested"),
    LetterStatus.ISSUED: _l("Issued"),
    LetterStatus.SENT: _l("Sent"),
}


class InvitationLetter(SQLModel, table=True):
    """A participant's request for a letter of invitation (for a visa), with the passport details
    the letter states, and the letter once generated (planner.registration.letters).

    A row of its own rather than columns of `registration`: passport data exists only for those
    who asked, is read only by the accreditation desk and the secretariat (never by the CSV
    export, which reads `registration`), and is deleted whole when registrations are purged
    (planner.registration.retention), the generated PDF with it."""

    __tablename__ = "invitation_letter"

    id: int | None = Field(default=None, primary_key=True)
    registration_id: int = Field(foreign_key="registration.id", unique=True, ondelete="CASCADE")
    nationality: str = Field(sa_type=sa.String(2))
    passport_number: str = Field(sa_type=sa.String(PASSPORT_MAX))
    passport_expiry: date
    birth_date: date
    birth_place: str = Field(sa_type=sa.String(PLACE_MAX))
    consulate: str = Field(sa_type=sa.String(CONSULATE_MAX))
    status: str = Field(default=LetterStatus.REQUESTED, sa_type=sa.String(16))
    pdf: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    issued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint(sql_in("status", LetterStatus), name="status_known"),
        sa.CheckConstraint("status = 'requested' OR pdf IS NOT NULL", name="issued_has_pdf"),
    )

    @property
    def status_label(self) -> str:
        return LetterStatus(self.status).label

    def check(self) -> None:
        if not is_un_state(self.nationality):
            raise ModelValidationError(
                "nationality", _("“%(code)s” is not a UN Member State or observer State", code=self.nationality)
            )
        if not self.passport_number or not self.birth_place or not self.consulate:
            raise ModelValidationError("passport_number", _("the passport details are incomplete"))


class LetterTemplate(SQLModel, table=True):
    """The secretariat's own wording of an event's letter in one language, with placeholders
    (planner.registration.letters.PLACEHOLDERS). No row, or an empty text: the built-in wording."""

    __tablename__ = "letter_template"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    language: str = Field(sa_type=sa.String(8))
    body: str = Field(sa_type=sa.Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint("event_id", "language", name="uq_letter_template_event_language"),
        sa.CheckConstraint(sql_in("language", LANGUAGES), name="language_known"),
    )
