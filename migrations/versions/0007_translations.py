"""event translations (title, theme, description per language) and each registration's language

Revision ID: 0007
Revises: 0006
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0007"
down_revision: Union[str, None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

LANGUAGES = "language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')"


def upgrade() -> None:
    op.create_table(
        "event_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("theme", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(LANGUAGES, name=op.f("ck_event_translation_language_known")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_translation_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_translation")),
        sa.UniqueConstraint("event_id", "language", name="uq_event_translation_event_language"),
    )
    with op.batch_alter_table("event_translation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_translation_event_id"), ["event_id"], unique=False)

    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), server_default="en", nullable=False))
        batch_op.create_check_constraint(batch_op.f("ck_registration_language_known"), LANGUAGES)


def downgrade() -> None:
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_registration_language_known"), type_="check")
        batch_op.drop_column("language")
    with op.batch_alter_table("event_translation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_translation_event_id"))
    op.drop_table("event_translation")
