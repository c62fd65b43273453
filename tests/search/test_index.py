"""The full-text indexes themselves: kept in step with their rows on SQLite (triggers, checked by
FTS5's own integrity check), used by PostgreSQL's planner (the query's tsvector expression is the
index's), and folding accents in SQL as planner.search.terms folds them in Python."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from planner import create_app, migrate
from planner.db import make_engine
from planner.search import fulltext
from planner.search.terms import FOLDING, parse
from tests.search.conftest import found, make_site


def test_every_fts5_table_has_its_columns_and_its_three_triggers(sqlite_databases):
    """A later migration that rebuilds a source table in batch mode drops its triggers with it:
    this fails until that migration creates them again (see migration 0015)."""
    url = sqlite_databases.migrated()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT type, name, tbl_name, sql FROM sqlite_master")).all()
    finally:
        engine.dispose()
        sqlite_databases.drop(url)
    for index in fulltext.INDEXES:
        [table_sql] = [sql for kind, name, _table, sql in rows if kind == "table" and name == index.name]
        columns = ", ".join(index.columns)
        assert f"fts5({columns}, content='{index.table.name}', content_rowid='id'" in table_sql
        triggers = {name for kind, name, table, _sql in rows if kind == "trigger" and table == index.table.name}
        assert {f"{index.name}_insert", f"{index.name}_delete", f"{index.name}_update"} <= triggers


def test_the_index_follows_inserts_updates_and_cascading_deletes(session, site):
    """FTS5's integrity check with rank 1 compares each index with its content table, row by row."""
    session.execute(sa.text("UPDATE person SET organisation = 'Ocean Institute' WHERE name = 'Amina Diallo'"))
    session.execute(sa.text("UPDATE agenda_session SET published = published"))  # not an indexed column
    session.execute(sa.text("DELETE FROM event WHERE slug = 'bapa-40'"))  # its sessions go by ON DELETE CASCADE
    session.execute(sa.text("DELETE FROM resolution"))  # and the paragraphs
    session.commit()
    assert not any(found(session, "island").values()) and not any(found(session, "triangular").values())
    if session.get_bind().dialect.name == "sqlite":
        for index in fulltext.INDEXES:
            session.execute(sa.text(f"INSERT INTO {index.name}({index.name}, rank) VALUES ('integrity-check', 1)"))


def test_postgresql_answers_every_search_from_its_gin_index(postgres_databases):
    url = postgres_databases.checkout()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SET enable_seqscan = off"))
            for index in fulltext.INDEXES:
                statement, _rank = fulltext.matching(
                    sa.select(index.table.c.id), index, parse('cooperación "Jean-Baptiste"'), "postgresql"
                )
                sql = statement.compile(engine, compile_kwargs={"literal_binds": True})
                plan = "\n".join(connection.execute(sa.text(f"EXPLAIN {sql}")).scalars())
                assert f"ix_{index.name}" in plan, plan
    finally:
        engine.dispose()
        postgres_databases.checkin(url)


def test_search_fold_in_postgresql_folds_as_python_does(postgres_databases):
    url = postgres_databases.checkout()
    engine = make_engine(url)
    accented = "".join(chr(code) for code in FOLDING)
    try:
        with engine.connect() as connection:
            folded = connection.execute(sa.text("SELECT search_fold(:text)"), {"text": accented + "A-b/c.d'e"}).scalar()
    finally:
        engine.dispose()
        postgres_databases.checkin(url)
    assert folded == accented.translate(FOLDING) + "A b c d e"


def test_upgrading_a_database_that_has_rows_indexes_them(databases):
    """Migration 0015 on a database in use: FTS5's 'rebuild' reads the rows already there
    (PostgreSQL builds its indexes from them by itself)."""
    url = databases.empty()
    try:
        migrate.upgrade(url, "0014")
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production", "DATABASE_URL": url})
        engine = app.extensions["planner.engine"]
        with app.app_context(), Session(engine, expire_on_commit=False) as session:
            make_site(session)
        engine.dispose()
        migrate.upgrade(url)
        with app.app_context(), Session(engine, expire_on_commit=False) as session:
            assert found(session, "Baptiste")["people"] == ["Jean-Baptiste Ndiaye"]
            assert found(session, "cooperacion island")["sessions"] == ["Interactive panel on the Blue Economy"]
            assert found(session, '"triangular cooperation"')["paragraphs"] == ["A/RES/99/1#op3"]
        engine.dispose()
    finally:
        databases.drop(url)
