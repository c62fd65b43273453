"""Alembic owns the schema: upgrading an empty database gives exactly the models' schema."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from planner import migrate
from planner.db import SQLModel, make_engine
import planner.models  # noqa: F401


def _differences(url):
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()


def _tables(url):
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_gives_the_models_schema_and_downgrade_empties_it(databases):
    url = databases.empty()
    try:
        migrate.upgrade(url)
        assert _differences(url) == []
        assert set(SQLModel.metadata.tables) <= _tables(url)

        migrate.downgrade(url, "base")
        assert _tables(url) <= {"alembic_version"}

        migrate.upgrade(url)   # and back up again: the downgrade left nothing behind
        assert _differences(url) == []
    finally:
        databases.drop(url)
