"""Registration commands: send-mail, send-reminders, create-sample-event, purge-registrations."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from planner.console import fail
from planner.db import get_engine, get_session, utcnow
from planner.forms import SLUG_RULE
from planner.registration import mailer
from planner.registration.reminders import queue_due_reminders
from planner.registration.retention import purge_registrations
from planner.registration.sample import create_sample_event
from planner.validation import ModelValidationError


@click.command("send-mail")
@click.option(
    "--loop",
    is_flag=True,
    help="Keep running, sending new mail every few seconds; SIGTERM or SIGINT stops it after the current message.",
)
@click.option(
    "--interval",
    default=5.0,
    show_default=True,
    envvar="MAIL_INTERVAL",  # so that `make serve` (scripts/serve) can be given one
    help="Seconds between rounds with --loop (environment: MAIL_INTERVAL).",
)
@with_appcontext
def send_mail(loop: bool, interval: float) -> None:
    """Send the queued e-mails of the outbox (several senders may run at once)."""
    if not current_app.config["MAIL_SERVER"]:
        fail("MAIL_SERVER is not set; the e-mails stay in the outbox (see /manage/outbox)")
    if loop:
        mailer.send_forever(get_engine(), current_app.config, interval)  # until SIGTERM or SIGINT
        return
    report = mailer.send_due(get_engine(), current_app.config)
    click.echo(f"sent {report.sent}, retrying later {report.retrying}, given up {report.failed}")


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Queue the reminders due now (events' registration settings say how many days before).

    For cron, where no `send-mail --loop` runs (which queues them itself): each participant is
    reminded once, however often this runs. The e-mails then wait in the outbox for send-mail."""
    count = queue_due_reminders(get_session(), utcnow())
    click.echo(f"queued {count} reminder{'' if count == 1 else 's'}")


@click.command("create-sample-event")
@click.option("--slug", required=True, help="Address of the event: /events/<slug>.")
@click.option("--capacity", required=True, type=click.IntRange(min=1, max=100000), help="Seats.")
@with_appcontext
def create_sample_event_command(slug: str, capacity: int) -> None:
    """A sample event (not a real meeting) some weeks ahead, with registration open."""
    if not SLUG_RULE.regex.match(slug) or len(slug) > 80:
        fail(f"--slug: {slug!r} is not an address; {SLUG_RULE.message}")
    try:
        event, created = create_sample_event(get_session(), slug, capacity, utcnow().date())
    except ModelValidationError as error:
        fail(f"{error.field}: {error.message}")
    if created:
        click.echo(f"created sample event /events/{event.slug} with {capacity} seats")
    else:
        click.echo(f"/events/{event.slug} already exists; nothing changed")


@click.command("purge-registrations")
@click.option(
    "--older-than",
    "days",
    required=True,
    type=click.IntRange(min=0),
    help="Anonymise participants of events that ended more than DAYS days ago.",
)
@with_appcontext
def purge_registrations_command(days: int) -> None:
    """Remove participants' personal details after an event, keeping the counts."""
    count = purge_registrations(get_session(), days, utcnow())
    click.echo(f"anonymised {count} registration{'' if count == 1 else 's'}")
