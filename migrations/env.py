"""Alembic environment: the app's database URL and the SQLModel metadata of every model."""

from __future__ import annotations

from contextlib import contextmanager
from logging.config import fileConfig
from pathlib import Path

from alembic import context

from planner import config as planner_config
from planner import models  # noqa: F401  (imports every table into the metadata)
from planner.db import SQLModel, make_engine
from planner.search.schema import include_name  # the search indexes of 0015 are no models

alembic_config = context.config
if alembic_config.config_file_name and not alembic_config.attributes.get("skip_logging"):
    fileConfig(alembic_config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _url():
    """The URL given by the caller (tests, the CLI), else the app's own configuration."""
    given = alembic_config.attributes.get("url")
    if given is not None:
        return given
    return planner_config.database_url(Path(__file__).resolve().parent.parent / "instance")


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = alembic_config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    # Batch mode lets later migrations alter SQLite tables (which has no ALTER COLUMN).
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with _foreign_keys_off_on_sqlite(connection):
        with context.begin_transaction():
            context.run_migrations()


@contextmanager
def _foreign_keys_off_on_sqlite(connection):
    """On SQLite, batch mode alters a table by copying it and dropping the old one; with foreign
    keys enforced (planner.db turns them on for every connection), that DROP deletes every row
    that points at the table through ON DELETE CASCADE: rebuilding `registration` would empty
    `agenda_pick`. SQLite's documented procedure for such changes turns enforcement off around
    them (outside any transaction: the pragma is a no-op inside one) and checks the keys after;
    a violation stops the upgrade with the rows named."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left rows pointing at missing rows (table, rowid, parent): {broken}")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
