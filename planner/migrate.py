"""Run Alembic migrations from Python (the CLI and the tests), without an alembic.ini lookup."""
from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL

from planner import ROOT


def alembic_config(url: URL) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    config.attributes["skip_logging"] = True
    return config


def upgrade(url: URL, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: URL, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)
