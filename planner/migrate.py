"""Run Alembic migrations from Python (the CLI and the tests), without an alembic.ini lookup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.engine import URL

from planner import ROOT

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config(url: URL) -> "Config":
    # Imported here: Alembic adds a quarter of a second to every CLI start, and only the
    # migration commands need it.
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    config.attributes["skip_logging"] = True
    return config


def upgrade(url: URL, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: URL, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)
