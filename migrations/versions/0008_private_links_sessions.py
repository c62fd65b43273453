"""private links out of the outbox, re-sent links pending until used, session versions

- `outbox_message.link_nonce`: a waiting message keeps the nonce its private link is derived from
  (with SECRET_KEY) instead of the link itself; bodies already sent lose their tokens here.
- `registration.pending_token_hash`: a re-sent link, valid beside the old one until first used.
- `user_account.session_version`: raised on sign-out, so an old session cookie stops working.

Revision ID: 0008
Revises: 0007
"""

import re
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_TOKEN_IN_LINK = re.compile(r"(/registrations/)[A-Za-z0-9_-]{43}")


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_nonce", sa.String(length=64), nullable=True))
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_registration_pending_token_hash"), ["pending_token_hash"])
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))
    # Messages already sent (or given up on) kept their recipients' private links in clear:
    # those links are masked now. Queued ones still need theirs; the sender masks them once sent.
    connection = op.get_bind()
    outbox = sa.table(
        "outbox_message", sa.column("id", sa.Integer), sa.column("body", sa.Text), sa.column("status", sa.String)
    )
    rows = connection.execute(
        sa.select(outbox.c.id, outbox.c.body).where(outbox.c.status.in_(["sent", "failed"]))
    ).all()
    for message_id, body in rows:
        masked = _TOKEN_IN_LINK.sub(r"\1[private link]", body)
        if masked != body:
            connection.execute(outbox.update().where(outbox.c.id == message_id).values(body=masked))


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_version")
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_registration_pending_token_hash"), type_="unique")
        batch_op.drop_column("pending_token_hash")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("link_nonce")
