"""indexes on the two foreign keys that had none (suggestion_decision.event_id, .deadline_id)

Every other foreign key and every column the feeds and lists filter on was indexed already
(checked for issue 9); these two are scanned when an event or deadline is deleted (SET NULL).

Revision ID: 0006
Revises: 0005
"""

from typing import Sequence, Union

from alembic import op

revision: str = "0006"
down_revision: Union[str, None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_suggestion_decision_event_id", "suggestion_decision", ["event_id"])
    op.create_index("ix_suggestion_decision_deadline_id", "suggestion_decision", ["deadline_id"])


def downgrade() -> None:
    op.drop_index("ix_suggestion_decision_deadline_id", table_name="suggestion_decision")
    op.drop_index("ix_suggestion_decision_event_id", table_name="suggestion_decision")
