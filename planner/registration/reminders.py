"""The reminder before an event: one e-mail per live registration, N days before it starts.

An event manager chooses N in the registration settings (`RegistrationSettings.reminder_days`,
1 to 60; none: no reminder). The mail sender's loop calls `queue_due_reminders` once per round
(planner.registration.mailer), and `flask --app app send-reminders` does the same from cron.
Reminders before a meeting, with its programme and practical details, are what UN conference
secretariats send registered participants ahead of a session (an information note for
participants); here they repeat the event's dates and place, since delegates plan travel on them.

Why these shapes:
- Once per participant, however many processes call it at once: registrations are claimed by a
  conditional `UPDATE registration SET reminded_at = :now WHERE id IN (...) AND reminded_at IS
  NULL ... RETURNING id`, and e-mails are queued only for the rows that UPDATE changed, in the
  same transaction. Of two callers, PostgreSQL makes the second wait for the first's row locks
  and re-check the condition (which then fails); SQLite lets one writer at a time.
- Only a scheduled, published event that has not started gets reminders: a postponed event's
  dates are not to be relied on, and a cancelled one has told its participants already. A
  reminder left unsent while the event was postponed goes out once it is scheduled again.
- One transaction per event, with the audit entry ("reminder", how many) on the event: the
  e-mails are composed before it, so it holds the database for a few statements per BATCH
  registrations, not for the composing.
- Each e-mail carries the participant's own private link (planner.registration.tokens.mail_link).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.db import transaction
from planner.events.formatting import event_place, event_when
from planner.events.models import Event, EventStatus, Venue
from planner.events.translations import localized, translations_for
from planner.registration.models import OutboxMessage, Registration, RegistrationSettings, Status
from planner.registration.notices import STATUS_SENTENCES, private_link
from planner.registration.outbox import new_mail
from planner.registration.salutation import salutation
from planner.registration.tokens import mail_link
from planner.urls import site_root

LIVE = (Status.CONFIRMED, Status.WAITLISTED, Status.PENDING)
LONGEST = timedelta(days=60)  # the most reminder_days allows (the schema's CHECK)
BATCH = 500  # registrations claimed by one UPDATE
ACTOR = "cli"  # who the audit trail says queued the reminders: the sender or the command, not a person


def due_events(session: Session, now: datetime) -> list[tuple[Event, int]]:
    """(event, reminder days) of scheduled, published events that have not started and whose
    reminder is due by `now`."""
    rows = session.exec(
        select(Event, RegistrationSettings.reminder_days)
        .join(RegistrationSettings, RegistrationSettings.event_id == Event.id)
        .where(
            RegistrationSettings.reminder_days.is_not(None),
            Event.published.is_(True),
            Event.status == EventStatus.SCHEDULED,
            Event.starts_at > now,
            Event.starts_at <= now + LONGEST,
        )
        .order_by(Event.starts_at, Event.id)
    ).all()
    return [(event, days) for event, days in rows if event.starts_at - timedelta(days=days) <= now]


def queue_due_reminders(session: Session, now: datetime) -> int:
    """Queue every reminder due by `now`; returns how many were queued by this call.

    Needs an app context (the e-mails are composed with the catalogue and the site's address)."""
    return sum(_remind(session, event, days, now) for event, days in due_events(session, now))


def _remind(session: Session, event: Event, days: int, now: datetime) -> int:
    """Queue the event's due reminders in one transaction, with the audit entry on the event."""
    waiting = session.exec(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status.in_(LIVE),
            Registration.reminded_at.is_(None),
            Registration.email.is_not(None),
            Registration.anonymised.is_(False),
        )
        .order_by(Registration.id)
    ).all()
    if not waiting:
        return 0
    composer = _Composer(session, event)
    prepared = {}  # registration id -> (the link columns to set, if any, the outbox row's values)
    for registration in waiting:  # composed before the transaction: nobody waits for it
        nonce, link_columns = mail_link(registration)
        subject, body = composer.compose(registration)
        row = new_mail(registration.email, subject, body, link_nonce=nonce).model_dump(exclude={"id"})
        prepared[registration.id] = (link_columns, row)
    with transaction(session, ACTOR) as tx:
        connection = session.connection()
        claimed = []
        ids = sorted(prepared)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            rows = connection.execute(
                _table.update()
                .where(
                    _table.c.id.in_(chunk),
                    _table.c.reminded_at.is_(None),
                    _table.c.status.in_([str(s) for s in LIVE]),
                    _table.c.anonymised.is_(False),
                )
                .values(reminded_at=now)
                .returning(_table.c.id)
            )
            claimed += rows.scalars().all()  # the rows this UPDATE changed: this caller's, no other's
        if not claimed:
            return 0
        new_links = [{"claimed_id": rid, **prepared[rid][0]} for rid in claimed if prepared[rid][0]]
        if new_links:  # only registrations taken before link nonces were kept get a (pending) link
            connection.execute(_SET_PENDING_LINK, new_links)
        connection.execute(sa.insert(OutboxMessage.__table__), [prepared[rid][1] for rid in claimed])
        tx.record(event, "reminder", None, {"recipients": len(claimed), "reminder_days": days})
    return len(claimed)


_table = Registration.__table__
_SET_PENDING_LINK = (
    _table.update()
    .where(_table.c.id == sa.bindparam("claimed_id"))
    .values(
        pending_token_hash=sa.bindparam("pending_token_hash"), pending_link_nonce=sa.bindparam("pending_link_nonce")
    )
)


class _Composer:
    """One event's reminders, the parts shared by all its participants composed once per language."""

    def __init__(self, session: Session, event: Event):
        self.session, self.event = session, event
        self.venue = session.get(Venue, event.venue_id) if event.venue_id else None
        self._titles: dict[str, str] = {}

    def _title(self, code: str) -> str:
        if code not in self._titles:
            self._titles[code] = localized(self.event, "title", translations_for(self.session, code, [self.event.id]))
        return self._titles[code]

    def compose(self, registration: Registration) -> tuple[str, str]:
        """(subject, body) in the participant's language."""
        code = registration.language
        with force_locale(code):
            title = self._title(code)
            place = ", ".join(part for part in (self.venue.name if self.venue else "", event_place(self.event)) if part)
            lines = [
                _("Dear %(name)s,", name=salutation(registration)),
                "",
                _("This is a reminder of the event you registered for."),
                "",
                _("Event: %(title)s", title=title),
                _("When: %(when)s", when=event_when(self.event)),
            ]
            if place:
                lines.append(_("Where: %(place)s", place=place))
            lines += [
                "",
                str(STATUS_SENTENCES[Status(registration.status)]),
                "",
                _("The programme:"),
                f"{site_root()}/events/{self.event.slug}?lang={code}",
                "",
                _(
                    "Your private link to view, change or cancel the registration "
                    "(keep it to yourself; anyone with it can change your registration):"
                ),
                private_link(code),
                "",
                _("United Nations Office for South-South Cooperation: event secretariat"),
                "",
            ]
            subject = _("Reminder: %(title)s", title=title)
        return subject, "\n".join(lines)
