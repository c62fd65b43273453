"""the general debate's list of speakers

- `speakers_list`: per event, the time limit per statement and whether the list is closed.
- `debate_meeting`: the agenda sessions (plenary meetings) that make up the general debate.
- `inscription`: one speaker per delegation, with the level and the order of inscription.
- `speaker_change`: the secretariat's swaps and moves, replayed on the protocol order.

Revision ID: 0012
Revises: 0011
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0012"
down_revision: Union[str, None] = "0011"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "speakers_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("statement_minutes", sa.Integer(), nullable=False),
        sa.Column("closed_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("statement_minutes BETWEEN 1 AND 60", name=op.f("ck_speakers_list_statement_minutes_range")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_speakers_list_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speakers_list")),
        sa.UniqueConstraint("event_id", name=op.f("uq_speakers_list_event_id")),
    )
    op.create_table(
        "debate_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_debate_meeting_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["agenda_session.id"],
            name=op.f("fk_debate_meeting_session_id_agenda_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debate_meeting")),
        sa.UniqueConstraint("session_id", name=op.f("uq_debate_meeting_session_id")),
    )
    with op.batch_alter_table("debate_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_debate_meeting_event_id"), ["event_id"], unique=False)

    op.create_table(
        "inscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("speaker_name", sa.String(length=200), nullable=False),
        sa.Column("speaker_title", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("inscribed_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "level IN ('head_of_state', 'head_of_government', 'vice_president', 'deputy_prime_minister', 'minister', 'vice_minister', 'permanent_representative', 'other')",
            name=op.f("ck_inscription_level_known"),
        ),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegation.id"],
            name=op.f("fk_inscription_delegation_id_delegation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_inscription_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inscription")),
        sa.UniqueConstraint("delegation_id", name=op.f("uq_inscription_delegation_id")),
        sa.UniqueConstraint("event_id", "number", name="uq_inscription_event_number"),
    )
    with op.batch_alter_table("inscription", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inscription_event_id"), ["event_id"], unique=False)

    op.create_table(
        "speaker_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('swap', 'to_end')", name=op.f("ck_speaker_change_kind_known")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_speaker_change_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["first_id"], ["inscription.id"], name=op.f("fk_speaker_change_first_id_inscription"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["second_id"], ["inscription.id"], name=op.f("fk_speaker_change_second_id_inscription"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_change")),
    )
    with op.batch_alter_table("speaker_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speaker_change_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("speaker_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_change_event_id"))

    op.drop_table("speaker_change")
    with op.batch_alter_table("inscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inscription_event_id"))

    op.drop_table("inscription")
    with op.batch_alter_table("debate_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debate_meeting_event_id"))

    op.drop_table("debate_meeting")
    op.drop_table("speakers_list")
