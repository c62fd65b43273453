"""Fresh, migrated databases for each test, on SQLite and on PostgreSQL.

Migrating once per run and copying the result (a file copy for SQLite, `CREATE DATABASE ...
TEMPLATE` for PostgreSQL) gives every test its own database built by Alembic, quickly.
"""

from __future__ import annotations

import itertools
import shutil
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


class PostgresDatabases:
    TEMPLATE = "planner_template"

    def __init__(self, server_url: str):
        self.server = make_url(server_url)
        self.admin = sa.create_engine(self.server, isolation_level="AUTOCOMMIT")
        self._execute(f"DROP DATABASE IF EXISTS {self.TEMPLATE}")
        self._execute(f"CREATE DATABASE {self.TEMPLATE}")
        template_url = self.server.set(database=self.TEMPLATE)
        migrate.upgrade(template_url)
        # Nobody may stay connected to a template while it is being copied.
        sa.create_engine(template_url).dispose()

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
