"""AuditEntry: one change to one object, with the fields before and after."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from planner.db import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    """Who changed what and when.

    `actor` is a plain string (the user's e-mail, or "cli") rather than a foreign key, so the
    trail survives renamed or deactivated accounts and also covers changes made from the command
    line. `object_type`/`object_id` name the object the way pages look it up (e.g. "event", "12").
    """

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor: str = Field(sa_type=sa.String(254))
    object_type: str = Field(sa_type=sa.String(40))
    object_id: str = Field(sa_type=sa.String(80))
    action: str = Field(sa_type=sa.String(40))
    before: dict | None = Field(default=None, sa_type=sa.JSON)
    after: dict | None = Field(default=None, sa_type=sa.JSON)
    reason: str | None = Field(default=None, sa_type=sa.Text)

    __table_args__ = (sa.Index("ix_audit_entry_object", "object_type", "object_id"),)
