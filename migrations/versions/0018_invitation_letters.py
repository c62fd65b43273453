"""letters of invitation (visa): the setting that offers them, the requests with their passport
details and generated PDF, and each event's own wording per language

- `registration_settings.invitation_letters`: the event's form asks those who need a visa for
  their passport details.
- `invitation_letter`: one per registration that asked; deleted when registrations are purged.
- `letter_template`: the secretariat's wording of an event's letter in one language.

Revision ID: 0018
Revises: 0017
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0018"
down_revision: Union[str, None] = "0017"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_LANGUAGES = "language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')"


def upgrade() -> None:
    with op.batch_alter_table("registration_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invitation_letters", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "invitation_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=False),
        sa.Column("passport_number", sa.String(length=20), nullable=False),
        sa.Column("passport_expiry", sa.Date(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("birth_place", sa.String(length=120), nullable=False),
        sa.Column("consulate", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("issued_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('requested', 'issued', 'sent')", name=op.f("ck_invitation_letter_status_known")),
        sa.CheckConstraint("status = 'requested' OR pdf IS NOT NULL", name=op.f("ck_invitation_letter_issued_has_pdf")),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_invitation_letter_registration_id_registration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_letter")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_invitation_letter_registration_id")),
    )
    op.create_table(
        "letter_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_LANGUAGES, name=op.f("ck_letter_template_language_known")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_letter_template_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_template")),
        sa.UniqueConstraint("event_id", "language", name="uq_letter_template_event_language"),
    )
    with op.batch_alter_table("letter_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_template_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("letter_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_template_event_id"))
    op.drop_table("letter_template")
    op.drop_table("invitation_letter")
    with op.batch_alter_table("registration_settings", schema=None) as batch_op:
        batch_op.drop_column("invitation_letters")
