"""a deadline says whose session it falls at: the General Assembly's, or a committee's or board's

"The report of the High-level Committee on South-South Cooperation on its nineteenth session" is
the Committee's session, not the Assembly's; the ask detection tells them apart and the deadline
now keeps which (`deadline.organ`, empty for deadlines made before).

Revision ID: 0019
Revises: 0018
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: Union[str, None] = "0018"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("deadline", sa.Column("organ", sa.String(length=200), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("deadline") as batch:
        batch.drop_column("organ")
