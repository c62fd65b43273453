"""Telling participants that sessions they picked for their personal agenda changed.

Subscribed to planner.agenda.changes (connected when this module is imported, which
planner.registration.views does, so every app has it). A published session that moves, changes
room, is cancelled or reinstated reaches every participant with a live registration (confirmed,
waiting or pending) who picked it: ONE e-mail per participant per saved change, however many of
their sessions it touched (issue 13: "one mail per participant per saved change, never one per
session"), naming only the sessions they picked. Each mail is written in the participant's
language (planner.registration.notices), with old and new times in the event's zone, the
manager's message as written, a fresh private link, and their updated personal calendar.

Everything is written in the transaction of the change: the outbox rows, a `ChangeNotice` row
(kept so the private page can show the change; values, not text, rendered by
`describe_session_change` in the reader's language) and an audit entry on the event.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import tzinfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.agenda import changes
from planner.agenda.changes import SessionChange, SessionsChange, SessionState
from planner.audit import trail
from planner.events.models import Event
from planner.registration.editing import LIVE
from planner.registration.models import AgendaPick, ChangeKind, ChangeNotice, Registration
from planner.registration.notices import _body, _in_language, private_link
from planner.registration.outbox import Attachment, queue_mail
from planner.registration.personal import personal_feed
from planner.registration.tokens import mail_link
from planner.urls import site_root

NOTIFY_ACTION = "notify participants"  # the audit entry's action (on the event)


def _told(event: Event, session_ids: list[int]):
    """The conditions on (AgendaPick joined to Registration) that pick who is told."""
    return (
        AgendaPick.session_id.in_(session_ids),
        Registration.event_id == event.id,
        Registration.status.in_(LIVE),
        Registration.anonymised.is_(False),
        Registration.email.is_not(None),
    )


def recipients(db_session: Session, event: Event, session_ids: list[int]) -> list[tuple[Registration, set[int]]]:
    """Each participant to tell, with the ids of the changed sessions they picked, in
    registration order (two queries, whatever the count)."""
    if not session_ids:
        return []
    picks = db_session.exec(
        select(AgendaPick.registration_id, AgendaPick.session_id)
        .join(Registration, Registration.id == AgendaPick.registration_id)
        .where(*_told(event, session_ids))
    ).all()
    picked: dict[int, set[int]] = defaultdict(set)
    for registration_id, session_id in picks:
        picked[registration_id].add(session_id)
    if not picked:
        return []
    registrations = db_session.exec(
        select(Registration).where(Registration.id.in_(sorted(picked))).order_by(Registration.id)
    ).all()
    return [(registration, picked[registration.id]) for registration in registrations]


@changes.change_audience.connect
def count_recipients(event: Event, db_session: Session, session_ids: list[int], **_ignored) -> int:
    """How many participants a change to these sessions would tell (for the confirmation page)."""
    if not session_ids:
        return 0
    count = sa.func.count(sa.distinct(AgendaPick.registration_id))
    query = select(count).join(Registration, Registration.id == AgendaPick.registration_id)
    return db_session.exec(query.where(*_told(event, session_ids))).one()


@changes.sessions_changing.connect
def queue_session_notices(event: Event, db_session: Session, change: SessionsChange, **_ignored) -> int:
    """Queue one notice per participant who picked a changed session, keep the change notice and
    its audit entry; all in the caller's transaction. Returns how many participants were told."""
    told = recipients(db_session, event, change.session_ids)
    for registration, picked in told:
        _queue_one(db_session, event, registration, [c for c in change.sessions if c.session_id in picked], change)
    db_session.add(
        ChangeNotice(
            event_id=event.id,
            kind=ChangeKind.SESSIONS,
            before={str(c.session_id): {**c.before.as_json(), "zone": event.timezone} for c in change.sessions},
            after={str(c.session_id): {**c.after.as_json(), "zone": event.timezone} for c in change.sessions},
            session_ids=change.session_ids,
            message=change.message,
            recipients=len(told),
        )
    )
    trail.record_change(
        db_session,
        change.actor,
        event,
        NOTIFY_ACTION,
        None,
        {
            "sessions": "; ".join(c.after.title for c in change.sessions),
            "recipients": len(told),
            "message": change.message,
        },
    )
    return len(told)


def _queue_one(
    db_session: Session, event: Event, registration: Registration, picked: list[SessionChange], change: SessionsChange
) -> None:
    """One participant's notice, in their language, with their own private link
    (planner.registration.tokens.mail_link) and their personal calendar as it now is."""
    nonce, link_columns = mail_link(registration)
    for name, value in link_columns.items():
        setattr(registration, name, value)
    db_session.add(registration)
    with _in_language(db_session, registration, event) as title:
        if all(c.after.cancelled and not c.before.cancelled for c in picked):
            subject = _("Session cancelled: %(title)s", title=title)
        else:
            subject = _("Programme change: %(title)s", title=title)
        lines = [_("Sessions in your personal agenda have changed:"), ""]
        for session_change in picked:
            lines += [f"- {line}" for line in changes.describe(session_change, event.zone)]
        if change.message:
            lines += ["", _("Message from the secretariat:"), change.message]
        lines += ["", _("Your personal calendar is attached; a calendar subscribed to it updates by itself.")]
        body = _body(registration, event, title, "\n".join(lines), private_link(registration.language))
        ics = personal_feed(db_session, event, registration, site_root(), current_app.config["PUBLIC_HOST"])
    attachments = [Attachment(f"{event.slug}-my-agenda.ics", "text/calendar", ics)]
    queue_mail(db_session, registration.email, subject, body, attachments, link_nonce=nonce)


def describe_session_change(
    notice: ChangeNotice, zone: tzinfo | str | None = None, session_ids: set[int] | None = None
) -> list[str]:
    """A change notice of kind SESSIONS as sentences in the current locale, one or two per session,
    times in `zone` (default: the event's zone when the change was made, which the notice keeps);
    `session_ids` limits them to those sessions (a participant's picks). Empty for another kind."""
    if notice.kind != ChangeKind.SESSIONS:
        return []
    lines = []
    for key, before in (notice.before or {}).items():
        after = (notice.after or {}).get(key)
        if after is None or (session_ids is not None and int(key) not in session_ids):
            continue
        change = SessionChange(int(key), SessionState.from_json(before), SessionState.from_json(after))
        lines += changes.describe(change, zone or after.get("zone") or "UTC")
    return lines
