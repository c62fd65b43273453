"""changes that reach participants: cancelled sessions, registrations cancelled by their event,
change notices, reminders

- `agenda_session.cancelled`: a published session called off stays in feeds as STATUS:CANCELLED.
- `registration.status` may be `event_cancelled`: cancelled because the event was.
- `change_notice`: each change participants were told about, shown on their private pages.
- `registration_settings.reminder_days`, `registration.reminded_at`: one reminder before the event.
- `registration.link_nonce`, `pending_link_nonce`: what the private link's token is derived from, so
  later e-mails carry the same link (registrations taken before have none: they get a pending one).

Revision ID: 0009
Revises: 0008
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0009"
down_revision: Union[str, None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_OLD_STATUSES = "status IN ('confirmed', 'waitlisted', 'pending', 'cancelled', 'rejected')"
_NEW_STATUSES = "status IN ('confirmed', 'waitlisted', 'pending', 'cancelled', 'rejected', 'event_cancelled')"


def upgrade() -> None:
    with op.batch_alter_table("agenda_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_at", planner.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("link_nonce", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("pending_link_nonce", sa.String(length=64), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_registration_status_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_registration_status_known"), _NEW_STATUSES)
    with op.batch_alter_table("registration_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_days", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_registration_settings_reminder_days_range"),
            "reminder_days IS NULL OR reminder_days BETWEEN 1 AND 60",
        )
    op.create_table(
        "change_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("session_ids", sa.JSON(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('redated', 'postponed', 'cancelled', 'moved', 'sessions')",
            name=op.f("ck_change_notice_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_change_notice_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_notice")),
    )
    with op.batch_alter_table("change_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_notice_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("change_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_notice_event_id"))
    op.drop_table("change_notice")
    with op.batch_alter_table("registration_settings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_registration_settings_reminder_days_range"), type_="check")
        batch_op.drop_column("reminder_days")
    op.execute("UPDATE registration SET status = 'cancelled' WHERE status = 'event_cancelled'")
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_registration_status_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_registration_status_known"), _OLD_STATUSES)
        batch_op.drop_column("pending_link_nonce")
        batch_op.drop_column("link_nonce")
        batch_op.drop_column("reminded_at")
    with op.batch_alter_table("agenda_session", schema=None) as batch_op:
        batch_op.drop_column("cancelled")
