"""Command-line interface: `flask --app app <command>`.

The command names and options are a contract: `make`, scripts/serve and operators' own scripts call
them (README "Command line"), so a command is added, never renamed or removed.
"""

from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy.exc import OperationalError, ProgrammingError

from planner import migrate
from planner.console import fail
from planner.db import get_session
from planner.mandates.cli import import_resolution_command


def register(app: Flask) -> None:
    app.cli.add_command(db_upgrade)
    app.cli.add_command(seed_demo)
    from planner.accounts.cli import create_user, grant_event_role

    app.cli.add_command(create_user)
    app.cli.add_command(grant_event_role)
    app.cli.add_command(import_resolution_command)
    from planner.registration import cli as registration_cli

    app.cli.add_command(registration_cli.send_mail)
    app.cli.add_command(registration_cli.send_reminders)
    app.cli.add_command(registration_cli.create_sample_event_command)
    app.cli.add_command(registration_cli.purge_registrations_command)


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
            fail("the database has no tables yet; run `flask --app app db-upgrade` first")
        raise
    if not report.changed:
        click.echo("Demo data already up to date; nothing changed.")
        return
    for line in report.created:
        click.echo(f"created {line}")
    for line in report.updated:
        click.echo(f"updated {line}")
