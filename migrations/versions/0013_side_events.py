"""side events: the call, proposals, their organisers and reviews; the reviewer role

- `side_event_call`: per event, the instants the call for side-event proposals opens and closes.
- `side_event_proposal`: a proposal, its proposer (private link: only the token's hash), the
  secretariat's decision and, once placed, the agenda session it became.
- `side_event_organiser`: the proposal's organisers and co-organisers (a State or an organisation).
- `side_event_review`: one score and comment per reviewer and proposal.
- `event_role_grant.role` may be `reviewer` (scores side-event proposals of that event).

Revision ID: 0013
Revises: 0012
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0013"
down_revision: Union[str, None] = "0012"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_WITHOUT_REVIEWER = "role IN ('event_manager', 'accreditation', 'protocol', 'check_in', 'event_viewer')"
_WITH_REVIEWER = "role IN ('event_manager', 'accreditation', 'protocol', 'check_in', 'reviewer', 'event_viewer')"


def upgrade() -> None:
    with op.batch_alter_table("event_role_grant", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_event_role_grant_role_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_event_role_grant_role_known"), _WITH_REVIEWER)
    op.create_table(
        "side_event_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closes_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("guidance", sa.Text(), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("closes_at > opens_at", name=op.f("ck_side_event_call_closes_after_opening")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_side_event_call_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_side_event_call")),
        sa.UniqueConstraint("event_id", name=op.f("uq_side_event_call_event_id")),
    )
    op.create_table(
        "side_event_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("expected_attendance", sa.Integer(), nullable=False),
        sa.Column("preferred_days", sa.String(length=400), nullable=False),
        sa.Column("languages", sa.String(length=40), nullable=False),
        sa.Column("accessibility", sa.String(length=200), nullable=False),
        sa.Column("accessibility_notes", sa.String(length=1000), nullable=False),
        sa.Column("proposer_name", sa.String(length=200), nullable=False),
        sa.Column("proposer_email", sa.String(length=254), nullable=False),
        sa.Column("proposer_language", sa.String(length=8), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("link_nonce", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decision_message", sa.Text(), nullable=False),
        sa.Column("decided_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "format IN ('in_person', 'hybrid', 'virtual')", name=op.f("ck_side_event_proposal_format_known")
        ),
        sa.CheckConstraint(
            "status IN ('submitted', 'accepted', 'waitlisted', 'declined', 'withdrawn')",
            name=op.f("ck_side_event_proposal_status_known"),
        ),
        sa.CheckConstraint("title <> ''", name=op.f("ck_side_event_proposal_title_not_empty")),
        sa.CheckConstraint(
            "expected_attendance BETWEEN 1 AND 5000", name=op.f("ck_side_event_proposal_attendance_range")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_side_event_proposal_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["agenda_session.id"],
            name=op.f("fk_side_event_proposal_session_id_agenda_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_side_event_proposal")),
        sa.UniqueConstraint("event_id", "number", name="uq_side_event_proposal_event_number"),
        sa.UniqueConstraint("session_id", name=op.f("uq_side_event_proposal_session_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_side_event_proposal_token_hash")),
    )
    with op.batch_alter_table("side_event_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_side_event_proposal_event_id"), ["event_id"], unique=False)

    op.create_table(
        "side_event_organiser",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("co_organiser", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "kind IN ('member_state', 'observer_state', 'un_entity', 'igo', 'civil_society', 'other')",
            name=op.f("ck_side_event_organiser_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["side_event_proposal.id"],
            name=op.f("fk_side_event_organiser_proposal_id_side_event_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_side_event_organiser")),
    )
    with op.batch_alter_table("side_event_organiser", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_side_event_organiser_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "side_event_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_side_event_review_score_range")),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["side_event_proposal.id"],
            name=op.f("fk_side_event_review_proposal_id_side_event_proposal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_side_event_review_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_side_event_review")),
        sa.UniqueConstraint("proposal_id", "user_id", name="uq_side_event_review_proposal_user"),
    )
    with op.batch_alter_table("side_event_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_side_event_review_proposal_id"), ["proposal_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("side_event_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_side_event_review_proposal_id"))

    op.drop_table("side_event_review")
    with op.batch_alter_table("side_event_organiser", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_side_event_organiser_proposal_id"))

    op.drop_table("side_event_organiser")
    with op.batch_alter_table("side_event_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_side_event_proposal_event_id"))

    op.drop_table("side_event_proposal")
    op.drop_table("side_event_call")
    op.execute("DELETE FROM event_role_grant WHERE role = 'reviewer'")
    with op.batch_alter_table("event_role_grant", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_event_role_grant_role_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_event_role_grant_role_known"), _WITHOUT_REVIEWER)
