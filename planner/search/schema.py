"""The search indexes are in the schema but are no models: Alembic is told to leave them alone.

Alembic compares the migrated database with the models (tests/test_migrations.py, and
`alembic revision --autogenerate` through migrations/env.py). Migration 0015 alone makes the
indexes: on SQLite an FTS5 table per source table with its shadow tables (`<name>_data`,
`_idx`, `_docsize`, `_config`), on PostgreSQL a GIN expression index `ix_<name>`. Compared as
they are, they would read as tables and indexes to drop.
"""

from __future__ import annotations

from planner.search.fulltext import INDEXES

_FTS5_SHADOWS = ("", "_data", "_idx", "_docsize", "_config", "_content")
_NOT_MODELS = frozenset(
    name for index in INDEXES for name in (f"ix_{index.name}", *(index.name + shadow for shadow in _FTS5_SHADOWS))
)


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's `include_name` hook: False for the search indexes' tables and indexes."""
    return name not in _NOT_MODELS
