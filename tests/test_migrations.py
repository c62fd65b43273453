"""Alembic owns the schema: upgrading an empty database gives exactly the models' schema."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import planner.models  # noqa: F401
from planner import migrate
from planner.db import SQLModel, make_engine
from planner.search.schema import include_name


def _differences(url):
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            # The search indexes (FTS5 tables, GIN expression indexes) are no models: see planner.search.schema.
            context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_name})
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

        migrate.upgrade(url)  # and back up again: the downgrade left nothing behind
        assert _differences(url) == []
    finally:
        databases.drop(url)


def _check_constraints_in_models() -> set[tuple[str, str]]:
    return {
        (table.name, constraint.name)
        for table in SQLModel.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, sa.CheckConstraint)
    }


def _check_constraints_in(url) -> set[tuple[str, str]]:
    engine = make_engine(url)
    try:
        inspector = sa.inspect(engine)
        return {
            (table, check["name"])
            for table in inspector.get_table_names()
            for check in inspector.get_check_constraints(table)
        }
    finally:
        engine.dispose()


def test_the_migrations_create_exactly_the_models_check_constraints(databases):
    """Autogenerate does not compare CHECK constraints: a rule the models declare but no migration
    creates (or one on the wrong table) would only show when the database is built from the models."""
    url = databases.empty()
    try:
        migrate.upgrade(url)
        in_database = {(table, name) for table, name in _check_constraints_in(url) if table != "alembic_version"}
        assert in_database == _check_constraints_in_models()
    finally:
        databases.drop(url)


def test_rebuilding_a_table_on_sqlite_keeps_the_rows_that_point_at_it(databases, backend):
    """SQLite alters a table by copying and dropping it; with foreign keys enforced the DROP would
    delete, by ON DELETE CASCADE, what points at it (migrations/env.py turns enforcement off
    around migrations). 0009 and 0011 rebuild `registration`, which participants' picks point at."""
    from sqlmodel import Session, select

    from planner import create_app
    from planner.agenda.models import AgendaSession
    from planner.registration import editing, personal
    from planner.registration.models import AgendaPick
    from tests.registration.helpers import open_event, participant

    url = databases.empty()
    try:
        migrate.upgrade(url)
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production", "DATABASE_URL": url})
        with app.test_request_context(), Session(app.extensions["planner.engine"], expire_on_commit=False) as session:
            event = open_event(session)
            registration, _token = editing.register(session, event, participant(1))
            sessions = session.exec(select(AgendaSession).where(AgendaSession.event_id == event.id)).all()
            personal.set_picks(session, event, registration, {s.id for s in sessions})
        app.extensions["planner.engine"].dispose()
        picks = len(sessions)
        assert picks and _count(url, AgendaPick) == picks

        migrate.downgrade(url, "0008")
        migrate.upgrade(url)
        assert _count(url, AgendaPick) == picks
    finally:
        databases.drop(url)


def _count(url, model) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(model.__table__)).scalar_one()
    finally:
        engine.dispose()
