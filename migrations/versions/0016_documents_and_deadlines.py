"""documents by symbol, attached to events, sessions and paragraphs; deadlines editable and closable

- `document`: an event's document, by symbol (none for an information note), type and issue date.
- `document_version`: its title per language and its file (stored by content hash) or link.
- `document_session`, `document_paragraph`: the sessions it serves and the paragraphs it answers.
- `deadline`: a note; how it was closed (delivered by what, superseded by which resolution, the
  closing note, the day); `status` may be `superseded` or `dropped` too.

Revision ID: 0016
Revises: 0015
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0016"
down_revision: Union[str, None] = "0015"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_STATUS_BEFORE = "status IN ('open', 'delivered')"
_STATUS_AFTER = "status IN ('open', 'delivered', 'superseded', 'dropped')"


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=60), nullable=True),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "doc_type IN ('sg_report', 'provisional_agenda', 'secretariat_note', 'information_note', 'outcome', 'other')",
            name=op.f("ck_document_doc_type_known"),
        ),
        sa.CheckConstraint("symbol IS NULL OR symbol <> ''", name=op.f("ck_document_symbol_not_empty")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_document_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("event_id", "symbol", name="uq_document_event_symbol"),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_event_id"), ["event_id"], unique=False)

    op.create_table(
        "document_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("file_name", sa.String(length=80), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.CheckConstraint("file_name IS NULL OR url IS NULL", name=op.f("ck_document_version_file_or_link")),
        sa.CheckConstraint(
            "language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')", name=op.f("ck_document_version_language_known")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_version_document_id_document"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_version")),
        sa.UniqueConstraint("document_id", "language", name="uq_document_version_language"),
    )
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_version_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_version_file_name"), ["file_name"], unique=False)

    op.create_table(
        "document_session",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_session_document_id_document"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["agenda_session.id"],
            name=op.f("fk_document_session_session_id_agenda_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "session_id", name=op.f("pk_document_session")),
    )
    with op.batch_alter_table("document_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_session_session_id"), ["session_id"], unique=False)

    op.create_table(
        "document_paragraph",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_paragraph_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraph.id"],
            name=op.f("fk_document_paragraph_paragraph_id_paragraph"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_paragraph")),
        sa.UniqueConstraint("document_id", "paragraph_id", name="uq_document_paragraph"),
    )
    with op.batch_alter_table("document_paragraph", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_paragraph_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_paragraph_paragraph_id"), ["paragraph_id"], unique=False)

    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("delivered_by", sa.String(length=200), server_default="", nullable=False))
        batch_op.add_column(sa.Column("delivered_by_document", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("superseded_by", sa.String(length=40), server_default="", nullable=False))
        batch_op.add_column(sa.Column("closing_note", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_deadline_status_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_deadline_status_known"), _STATUS_AFTER)


def downgrade() -> None:
    op.execute("UPDATE deadline SET status = 'delivered' WHERE status IN ('superseded', 'dropped')")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_deadline_status_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_deadline_status_known"), _STATUS_BEFORE)
        batch_op.drop_column("closed_on")
        batch_op.drop_column("closing_note")
        batch_op.drop_column("superseded_by")
        batch_op.drop_column("delivered_by_document")
        batch_op.drop_column("delivered_by")
        batch_op.drop_column("note")
    for table, indexes in (
        ("document_paragraph", ["ix_document_paragraph_paragraph_id", "ix_document_paragraph_document_id"]),
        ("document_session", ["ix_document_session_session_id"]),
        ("document_version", ["ix_document_version_file_name", "ix_document_version_document_id"]),
        ("document", ["ix_document_event_id"]),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(batch_op.f(index))
        op.drop_table(table)
