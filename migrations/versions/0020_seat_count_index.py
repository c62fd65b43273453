"""an index that counts an event's confirmed seats without reading its waiting list

A registration decides its seat from the event's confirmed count, in total and in its category,
under the event's lock (planner.registration.capacity). The count used to read every registration
of the event, waiting or cancelled too: with 100 seats and 400 on the waiting list, 500 rows per
registration, all while every other registration of the event waited. On this index the counts
read the confirmed entries alone, and the last position comes from uq_registration_event_position.

Revision ID: 0020
Revises: 0019
"""

from typing import Sequence, Union

from alembic import op

revision: str = "0020"
down_revision: Union[str, None] = "0019"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_registration_event_status_category", "registration", ["event_id", "status", "category"])


def downgrade() -> None:
    op.drop_index("ix_registration_event_status_category", table_name="registration")
