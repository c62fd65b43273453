"""links to paragraphs may also say a paragraph recalls an event or endorses its outcome

A resolution often refers back to an event held under an earlier one ("Recalls the convening of
the second High-level United Nations Conference on South-South Cooperation, held in Buenos Aires
from 20 to 22 March 2019"): such a link is stored with the role `recalls`, and one that endorses
what the event adopted with `endorses_outcome`. Only the CHECK on `mandate_link.role` changes.

Revision ID: 0017
Revises: 0016
"""

from typing import Sequence, Union

from alembic import op

revision: str = "0017"
down_revision: Union[str, None] = "0016"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OLD_ROLES = (
    "convenes",
    "hosts",
    "requests",
    "requests_report",
    "requests_briefing",
    "takes_note",
    "welcomes",
    "proclaims",
)
NEW_ROLES = (*OLD_ROLES, "recalls", "endorses_outcome")


def _role_check(roles: tuple[str, ...]) -> str:
    return "role IN (" + ", ".join(f"'{role}'" for role in roles) + ")"


def upgrade() -> None:
    with op.batch_alter_table("mandate_link", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_mandate_link_role_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_mandate_link_role_known"), _role_check(NEW_ROLES))


def downgrade() -> None:
    # Links with the new roles cannot be kept under the old rule.
    op.execute("DELETE FROM mandate_link WHERE role IN ('recalls', 'endorses_outcome')")
    with op.batch_alter_table("mandate_link", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_mandate_link_role_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_mandate_link_role_known"), _role_check(OLD_ROLES))
