"""per-event roles

- `event_role_grant`: an account's role on one event (event manager, accreditation desk,
  protocol, check-in desk, reader), checked on every management route of that event.
- `user_account.role` may be `none`: an account that acts only through its per-event roles.

`user_account` is altered before `event_role_grant` exists: on SQLite the batch alteration
copies the table and drops the old one, which with foreign keys on would delete the grants
pointing at it.

Revision ID: 0010
Revises: 0009
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0010"
down_revision: Union[str, None] = "0009"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_OLD_ROLES = "role IN ('viewer', 'manager', 'admin')"
_NEW_ROLES = "role IN ('none', 'viewer', 'manager', 'admin')"
_EVENT_ROLES = "role IN ('event_manager', 'accreditation', 'protocol', 'check_in', 'event_viewer')"


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_user_account_role_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_user_account_role_known"), _NEW_ROLES)
    op.create_table(
        "event_role_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_EVENT_ROLES, name=op.f("ck_event_role_grant_role_known")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_event_role_grant_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_role_grant_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_role_grant")),
        sa.UniqueConstraint("user_id", "event_id", "role", name="uq_event_role_grant_user_event_role"),
    )
    with op.batch_alter_table("event_role_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_role_grant_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_role_grant_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_role_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_role_grant_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_role_grant_user_id"))
    op.drop_table("event_role_grant")
    # An account without a global role had only the grants just dropped: it may do nothing, so it
    # is deactivated rather than given the viewer's reading of every event.
    op.execute("UPDATE user_account SET role = 'viewer', active = false WHERE role = 'none'")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_user_account_role_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_user_account_role_known"), _OLD_ROLES)
