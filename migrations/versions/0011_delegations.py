"""delegations and accreditation: delegations with their members, credentials, size limits, the
list of participants, and each registration's accreditation and consent to be listed

- `delegation`: one State's or organisation's delegation to an event, its focal point, the head's
  level, the private link's hash, credentials; at most one live delegation per State and event.
- `delegation_member`: the registrations that make up a delegation, one of them its head.
- `delegation_limit`: the largest delegation per category an event accepts.
- `participants_list`: whether the list of participants is published, provisional or final.
- `registration.accreditation` (pending, accredited, refused) and `accreditation_reason`;
  `registration.listed`: the person agreed to appear in the list of participants.

Revision ID: 0011
Revises: 0010
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0011"
down_revision: Union[str, None] = "0010"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_CATEGORIES = (
    "category IN ('member_state', 'observer_state', 'un_system', 'igo', 'ngo', 'private_sector', 'academia', 'media')"
)
_LEVELS = (
    "head_level IN ('head_of_state', 'head_of_government', 'vice_president', 'deputy_prime_minister', 'minister', "
    "'vice_minister', 'permanent_representative', 'other')"
)
_LIVE_STATE = "state IS NOT NULL AND withdrawn_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accreditation", sa.String(length=16), server_default="pending", nullable=False))
        batch_op.add_column(sa.Column("accreditation_reason", sa.String(length=500), server_default="", nullable=False))
        batch_op.add_column(sa.Column("listed", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_check_constraint(
            batch_op.f("ck_registration_accreditation_known"), "accreditation IN ('pending', 'accredited', 'refused')"
        )
    op.create_table(
        "delegation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("head_level", sa.String(length=32), nullable=False),
        sa.Column("focal_name", sa.String(length=200), nullable=False),
        sa.Column("focal_email", sa.String(length=254), nullable=False),
        sa.Column("focal_mission", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("link_nonce", sa.String(length=64), nullable=True),
        sa.Column("credentials", sa.String(length=16), nullable=False),
        sa.Column("credentials_date", sa.Date(), nullable=True),
        sa.Column("credentials_note", sa.String(length=1000), nullable=False),
        sa.Column("withdrawn_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_CATEGORIES, name=op.f("ck_delegation_category_known")),
        sa.CheckConstraint(_LEVELS, name=op.f("ck_delegation_head_level_known")),
        sa.CheckConstraint("credentials IN ('none', 'copy', 'original')", name=op.f("ck_delegation_credentials_known")),
        sa.CheckConstraint(
            "language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')", name=op.f("ck_delegation_language_known")
        ),
        sa.CheckConstraint(
            "(category IN ('member_state', 'observer_state')) = (state IS NOT NULL)",
            name=op.f("ck_delegation_state_for_states"),
        ),
        sa.CheckConstraint("focal_email = lower(focal_email)", name=op.f("ck_delegation_focal_email_lower")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_delegation_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_delegation_token_hash")),
    )
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delegation_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            "uq_delegation_event_state_live",
            ["event_id", "state"],
            unique=True,
            sqlite_where=sa.text(_LIVE_STATE),
            postgresql_where=sa.text(_LIVE_STATE),
        )
    op.create_table(
        "delegation_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("is_head", sa.Boolean(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegation.id"],
            name=op.f("fk_delegation_member_delegation_id_delegation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_delegation_member_registration_id_registration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_member")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_delegation_member_registration_id")),
    )
    with op.batch_alter_table("delegation_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delegation_member_delegation_id"), ["delegation_id"], unique=False)
    op.create_table(
        "delegation_limit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.CheckConstraint(_CATEGORIES, name=op.f("ck_delegation_limit_category_known")),
        sa.CheckConstraint("members BETWEEN 1 AND 1000", name=op.f("ck_delegation_limit_members_range")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_delegation_limit_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_limit")),
        sa.UniqueConstraint("event_id", "category", name="uq_delegation_limit_event_category"),
    )
    with op.batch_alter_table("delegation_limit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delegation_limit_event_id"), ["event_id"], unique=False)
    op.create_table(
        "participants_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("edition", sa.String(length=16), nullable=False),
        sa.Column("published_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("edition IN ('provisional', 'final')", name=op.f("ck_participants_list_edition_known")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_participants_list_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants_list")),
        sa.UniqueConstraint("event_id", name=op.f("uq_participants_list_event_id")),
    )


def downgrade() -> None:
    op.drop_table("participants_list")
    with op.batch_alter_table("delegation_limit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_limit_event_id"))
    op.drop_table("delegation_limit")
    with op.batch_alter_table("delegation_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_member_delegation_id"))
    op.drop_table("delegation_member")
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.drop_index("uq_delegation_event_state_live")
        batch_op.drop_index(batch_op.f("ix_delegation_event_id"))
    op.drop_table("delegation")
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_registration_accreditation_known"), type_="check")
        batch_op.drop_column("listed")
        batch_op.drop_column("accreditation_reason")
        batch_op.drop_column("accreditation")
