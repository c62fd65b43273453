"""Command-line interface: `flask --app app <command>` (names are a contract, PRODUCT.md s. 4)."""
from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy.exc import OperationalError, ProgrammingError

from planner import migrate
from planner.db import get_session


def register(app: Flask) -> None:
    app.cli.add_command(db_upgrade)
    app.cli.add_command(seed_demo)


def _fail(message: str) -> None:
    """End a command with one line on stderr and exit status 2 (bad input or state)."""
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(2)


@click.command("db-upgrade")
@click.option("--revision", default="head", show_default=True, help="Alembic revision to reach.")
def db_upgrade(revision: str) -> None:
    """Create or upgrade the database schema with the Alembic migrations."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")


@click.command("seed-demo")
def seed_demo() -> None:
    """Load the demo events drawn from the seed documents (idempotent)."""
    from planner.demo.seed import seed_demo as run_seed

    try:
        report = run_seed(get_session())
    except (OperationalError, ProgrammingError) as exc:
        if "no such table" in str(exc) or "does not exist" in str(exc):
            _fail("the database has no tables yet; run `flask --app app db-upgrade` first")
        raise
    if not report.changed:
        click.echo("Demo data already up to date; nothing changed.")
        return
    for line in report.created:
        click.echo(f"created {line}")
    for line in report.updated:
        click.echo(f"updated {line}")
