"""Fresh, migrated databases for each test, on SQLite and on PostgreSQL.

Migrating once per run and copying the result (a file copy for SQLite, `CREATE DATABASE ...
TEMPLATE` for PostgreSQL) gives every test its own database built by Alembic, quickly.

`checkout()` and `checkin()` are what the `database_url` fixture uses. On SQLite they are
`migrated()` and `drop()`: a file copy costs a fraction of a millisecond. On PostgreSQL a copy
and a drop cost about 0.2 s a test, and far more on a loaded machine (the server writes the whole
template, system catalogues included), so a test's database is emptied back to the template's
state when the test ends and handed to the next test instead (PostgresDatabases.checkin).
"""

from __future__ import annotations

import itertools
import shutil
import warnings
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from planner import migrate

_counter = itertools.count()


class SQLiteDatabases:
    def __init__(self, folder: Path):
        self.folder = folder
        self.template = folder / "template.db"
        migrate.upgrade(self.url_for(self.template))

    @staticmethod
    def url_for(path: Path) -> URL:
        return make_url(f"sqlite:///{path}")

    def migrated(self) -> URL:
        path = self.folder / f"test_{next(_counter)}.db"
        shutil.copyfile(self.template, path)
        return self.url_for(path)

    def empty(self) -> URL:
        return self.url_for(self.folder / f"empty_{next(_counter)}.db")

    def drop(self, url: URL) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(url.database + suffix).unlink(missing_ok=True)

    checkout = migrated
    checkin = drop


# Whether a test changed its database other than in the rows of its tables: its schema (tables,
# columns, defaults, constraints, indexes, sequences, triggers, functions, types, rules, row
# security, comments...), its settings or its Alembic revision. Every such change adds or updates
# rows of the system catalogues below, which gives them a newer transaction id (xmin) than any row
# there before: the count and sum of those xmins then differ from what they were when the database
# was a new copy of the template. Deleting rows, setting sequences, ANALYZE and VACUUM (which
# update pg_class in place) leave them alone.
_FINGERPRINT = """
SELECT concat_ws(' ', count(*), sum(xmin::text::bigint), (SELECT string_agg(version_num, ' ') FROM alembic_version))
  FROM (
    SELECT xmin FROM pg_class WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_attribute WHERE attrelid >= 16384
    UNION ALL SELECT xmin FROM pg_attrdef WHERE adrelid >= 16384
    UNION ALL SELECT xmin FROM pg_constraint WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_index WHERE indexrelid >= 16384
    UNION ALL SELECT xmin FROM pg_trigger WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_proc WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_type WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_rewrite WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_description WHERE objoid >= 16384
    UNION ALL SELECT xmin FROM pg_enum
    UNION ALL SELECT xmin FROM pg_sequence
    UNION ALL SELECT xmin FROM pg_namespace
    UNION ALL SELECT xmin FROM pg_policy
    UNION ALL SELECT xmin FROM pg_extension
    UNION ALL SELECT xmin FROM pg_event_trigger
    UNION ALL SELECT xmin FROM pg_database WHERE datname = current_database()
    UNION ALL SELECT xmin FROM pg_db_role_setting
     WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  ) AS catalogue
"""

# The test's database minus the connection that empties it (as DROP DATABASE ... WITH (FORCE)).
_DISCONNECT_OTHERS = """
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
"""


class PostgresDatabases:
    TEMPLATE = "planner_template"

    def __init__(self, server_url: str):
        self.server = make_url(server_url)
        self.admin = sa.create_engine(self.server, isolation_level="AUTOCOMMIT")
        self._execute(f"DROP DATABASE IF EXISTS {self.TEMPLATE}")
        self._execute(f"CREATE DATABASE {self.TEMPLATE}")
        template_url = self.server.set(database=self.TEMPLATE)
        migrate.upgrade(template_url)
        template = sa.create_engine(template_url, poolclass=sa.pool.NullPool)
        try:
            with template.connect() as connection:
                self._reset_sql = _reset_sql(connection)
        finally:
            # Nobody may stay connected to a template while it is being copied.
            template.dispose()
        self._kept: dict[str, _Kept] = {}  # by name: the databases checkout() gave, and checkin() emptied
        self._clean: list[str] = []  # those of them no test is using

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(sa.text(sql))

    def migrated(self) -> URL:
        name = f"planner_test_{next(_counter)}"
        self._execute(f"CREATE DATABASE {name} TEMPLATE {self.TEMPLATE}")
        return self.server.set(database=name)

    def empty(self) -> URL:
        name = f"planner_empty_{next(_counter)}"
        self._execute(f"CREATE DATABASE {name}")
        return self.server.set(database=name)

    def drop(self, url: URL) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {url.database} WITH (FORCE)")

    def checkout(self) -> URL:
        """A database just as a new copy of the template: one that checkin() emptied, or a new copy."""
        if self._clean:
            return self.server.set(database=self._clean.pop())
        url = self.migrated()
        if self._reset_sql is not None:
            try:
                self._kept[url.database] = _Kept(url)
            except sa.exc.SQLAlchemyError:
                pass  # not kept: checkin() drops it
        return url

    def checkin(self, url: URL) -> None:
        """The test is done with `url`: empty it for the next test, or drop it.

        Its other connections are closed first (as DROP ... WITH (FORCE) would), the rows of every
        table are deleted and every sequence is set back to where the template has it, so the next
        test's ids start at 1 again. A database whose schema or settings the test changed (see
        _FINGERPRINT), or that cannot be emptied, is dropped: the next test gets a new copy.
        """
        kept = self._kept.pop(url.database, None)
        if kept is not None and kept.empty(self._reset_sql):
            self._kept[url.database] = kept
            self._clean.append(url.database)
            return
        if kept is not None:
            kept.close()
        self.drop(url)

    def close(self) -> None:
        """Drop the databases kept for reuse (the server may be one that outlives the run)."""
        for name, kept in self._kept.items():
            kept.close()
            self.drop(self.server.set(database=name))
        self._kept.clear()
        self._clean.clear()
        self.admin.dispose()


class _Kept:
    """A database kept for reuse, with the connection that empties it and its fingerprint when new.

    The connection stays open while tests use the database (idle, outside any transaction): opening
    one for each test would cost about as much as the rest of the emptying.
    """

    def __init__(self, url: URL):
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        self.connection = self.engine.connect()
        self.fingerprint = self.connection.execute(sa.text(_FINGERPRINT)).scalar_one()
        self.connection.commit()

    def empty(self, reset_sql: str) -> bool:
        try:
            self.connection.execute(sa.text(_DISCONNECT_OTHERS))
            if self.connection.execute(sa.text(_FINGERPRINT)).scalar_one() != self.fingerprint:
                self.connection.rollback()
                return False
            self.connection.exec_driver_sql(reset_sql)
            self.connection.commit()
            return True
        except sa.exc.SQLAlchemyError:
            return False

    def close(self) -> None:
        try:
            self.connection.close()
        except sa.exc.SQLAlchemyError:
            pass
        self.engine.dispose()


def _reset_sql(template) -> str | None:
    """The statements that bring a used copy of the template back to the template's state.

    Rows are deleted children first (foreign keys), sequences set to the template's values. None
    when the template holds rows (a migration that seeds a table): every test then gets a new copy.
    Should the foreign keys ever form a cycle, a DELETE fails and checkin() drops the database.
    """
    metadata = sa.MetaData()
    metadata.reflect(template)
    tables = [table for table in metadata.tables.values() if table.name != "alembic_version"]
    if any(template.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() for table in tables):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sa.exc.SAWarning)  # a cycle: see above
        ordered = list(reversed(sa.schema.sort_tables(tables)))
    sequences = template.execute(
        sa.text(
            "SELECT format('%I.%I', schemaname, sequencename), coalesce(last_value, start_value),"
            " last_value IS NOT NULL FROM pg_sequences ORDER BY 1"
        )
    ).all()
    quote = template.dialect.identifier_preparer.format_table
    statements = [f"DELETE FROM {quote(table)}" for table in ordered]
    if sequences:
        values = ", ".join(f"setval('{name}', {value}, {str(called).lower()})" for name, value, called in sequences)
        statements.append(f"SELECT {values}")
    return ";\n".join(statements)
