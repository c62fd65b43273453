"""`flask --app app create-user EMAIL --role admin|manager|viewer|none [--password-stdin]` and
`flask --app app grant-event-role EMAIL EVENT_SLUG ROLE`."""

from __future__ import annotations

import sys
from getpass import getpass

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from planner.accounts import editing
from planner.accounts.auth import current_actor
from planner.accounts.event_list import known_events
from planner.accounts.models import EventRole, Role
from planner.console import fail
from planner.db import get_session
from planner.validation import ModelValidationError


def _read_password(from_stdin: bool) -> str:
    """One line from stdin (scripts), or asked twice without echo (people)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass("Password: ")
    if getpass("Password again: ") != first:
        fail("the two passwords differ; nothing was created")
    return first


@click.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="admin manages users too; manager edits events; viewer reads; none: only per-event roles.",
)
@click.option("--name", default="", help="The person's name, shown in the user list.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_appcontext
def create_user(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a secretariat account (the password is asked for, never given as an argument)."""
    password = _read_password(password_stdin)
    try:
        user = editing.create_user(get_session(), current_actor(), email, password, role, name)
    except ModelValidationError as error:
        fail(f"{error.field}: {error.message}; nothing was created")
    except (OperationalError, ProgrammingError) as exc:
        if "no such table" in str(exc) or "does not exist" in str(exc):
            fail("the database has no tables yet; run `flask --app app db-upgrade` first")
        raise
    click.echo(f"Created {Role(user.role).label.lower()} account {user.email}.")


@click.command("grant-event-role")
@click.argument("email")
@click.argument("event_slug")
@click.argument("role", type=click.Choice([r.value for r in EventRole]))
@with_appcontext
def grant_event_role(email: str, event_slug: str, role: str) -> None:
    """Give an account a role on one event (the event by its slug, as in /events/<slug>)."""
    session = get_session()
    user = editing.find_user(session, email)
    if user is None:
        fail(f"no account has the e-mail {email}; nothing was granted")
    event = next((e for e in known_events(session) if e.slug == event_slug), None)
    if event is None:
        fail(f"no event has the slug {event_slug}; nothing was granted")
    try:
        editing.grant_event_role(session, current_actor(), user, event.id, role)
    except ModelValidationError as error:
        fail(f"{error.message}; nothing was granted")
    click.echo(f"{user.email} has the role {role} on {event.slug}.")
