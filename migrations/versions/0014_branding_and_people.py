"""event branding and badge stock; people's biography and photo

- `event.logo_file`, `event.brand_colour`: an event's logo (a file name the planner chose, under
  LOGO_FOLDER) and colour (#rrggbb, its contrast checked on save).
- `event.badge_layout`: the badge stock the event prints on: A6, four per A4, or a 4 x 3 inch
  badge holder.
- `person.biography`, `person.photo_file`: what a speaker page shows when given.

Revision ID: 0014
Revises: 0013
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: Union[str, None] = "0013"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("logo_file", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("brand_colour", sa.String(length=7), nullable=True))
        batch_op.add_column(
            sa.Column("badge_layout", sa.String(length=16), server_default="a4_quarter", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_event_badge_layout_known"), "badge_layout IN ('a6', 'a4_quarter', 'holder_4x3')"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_event_brand_colour_hex"), "brand_colour IS NULL OR length(brand_colour) = 7"
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("biography", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("photo_file", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("photo_file")
        batch_op.drop_column("biography")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_event_brand_colour_hex"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_event_badge_layout_known"), type_="check")
        batch_op.drop_column("badge_layout")
        batch_op.drop_column("brand_colour")
        batch_op.drop_column("logo_file")
