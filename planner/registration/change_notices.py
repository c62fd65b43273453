"""Telling participants that their event changed: one notice each, in their own language.

Subscribed to planner.events.changes. When a published event is cancelled, postponed, re-dated
or moved to another place, every participant with a live registration (confirmed, waitlisted,
pending) gets one e-mail per saved change, never one per session touched: what changed, old and
new in the event's zone, the manager's message as written, their private link and the event's
updated .ics. The change is also kept as a `ChangeNotice` row, which their private page shows at
its top. All of it is written in the change's own transaction.

Two more consequences live here because they are registration's:
- a cancelled event cancels its live registrations *as such* (`Status.EVENT_CANCELLED`: not the
  participant's doing, and the pages and feeds say so);
- new dates move the registration window with the programme (when the manager keeps the sessions
  moving): its closing moves by the same days, and its opening too unless registration has
  already opened (an open form must not close again because the event moved later).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlmodel import Session, select

from planner.audit.trail import snapshot
from planner.db import utcnow
from planner.events import changes
from planner.events.changes import DATE_FIELDS, PLACE_FIELDS, ChangeKind, EventChange, PreviewPart
from planner.events.formatting import event_place, event_when
from planner.events.models import Event, EventStatus, Venue
from planner.events.translations import for_reader
from planner.formatting import date_and_time
from planner.i18n.languages import LANGUAGES
from planner.localtime import moved_days
from planner.registration.editing import LIVE, settings_for
from planner.registration.ics import event_ics
from planner.registration.models import AgendaPick, ChangeNotice, Registration, Status
from planner.registration.notices import _body, _in_language, private_link
from planner.registration.outbox import Attachment, queue_mail
from planner.registration.session_notices import describe_session_change
from planner.registration.tokens import mail_link
from planner.urls import site_root

RECENT_NOTICES = 3  # shown at the top of a private page, newest first
WINDOW_FIELDS = ("opens_at", "closes_at")


def _told(db_session: Session, event: Event) -> list[Registration]:
    """The participants a change reaches: live registrations that still have an address."""
    return list(
        db_session.exec(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status.in_(LIVE),
                Registration.email.is_not(None),
            )
            .order_by(Registration.position)
        )
    )


@changes.previewing.connect
def preview_notices(event: Event, db_session: Session, change: EventChange) -> PreviewPart | None:
    if not change.notifies:
        return None
    told = _told(db_session, event)
    if not told:
        return PreviewPart(_("No participant has a live registration: nobody needs to be told."))
    by_language = Counter(r.language for r in told)
    items = tuple(
        _("%(language)s: %(num)d", language=LANGUAGES[code].native_name, num=count)
        for code, count in sorted(by_language.items(), key=lambda pair: (-pair[1], pair[0]))
    )
    if ChangeKind.CANCELLED in change.kinds:
        sentence = ngettext(
            "%(num)d participant will be told by e-mail, in the language they registered in, "
            "and their registration cancelled with the event:",
            "%(num)d participants will be told by e-mail, each in the language they registered in, "
            "and their registrations cancelled with the event:",
            len(told),
        )
    else:
        sentence = ngettext(
            "%(num)d participant will be told by e-mail, in the language they registered in:",
            "%(num)d participants will be told by e-mail, each in the language they registered in:",
            len(told),
        )
    return PreviewPart(sentence, items, len(told))


@changes.previewing.connect
def preview_window(event: Event, db_session: Session, change: EventChange) -> PreviewPart | None:
    settings = settings_for(db_session, event)
    moved = _moved_window(settings, change, utcnow())
    if not moved:
        return None
    zone = change.zones[1]
    items = tuple(
        _(
            "%(what)s: %(old)s → %(new)s",
            what=_("Registration opens") if name == "opens_at" else _("Registration closes"),
            old=date_and_time(getattr(settings, name), zone),
            new=date_and_time(value, zone),
        )
        for name, value in moved.items()
    )
    return PreviewPart(_("The registration window moves with the programme:"), items, len(items))


def _moved_window(settings, change: EventChange, now: datetime) -> dict:
    """The window's new instants (only those that move), when the programme moves with new dates."""
    days = change.day_shift
    if settings is None or not change.move_sessions or not days:
        return {}
    old_zone, new_zone = change.zones
    moved = {}
    if settings.closes_at is not None:
        moved["closes_at"] = moved_days(settings.closes_at, days, old_zone, new_zone)
    if settings.opens_at is not None and settings.opens_at > now:
        moved["opens_at"] = moved_days(settings.opens_at, days, old_zone, new_zone)
    return moved


@changes.applying.connect
def carry_out(event: Event, db_session: Session, change: EventChange, tx) -> None:
    """Move the window, cancel the registrations of a cancelled event, tell every participant."""
    now = utcnow()
    settings = settings_for(db_session, event)
    moved = _moved_window(settings, change, now)
    if moved:
        before = snapshot(settings, WINDOW_FIELDS)
        for name, value in moved.items():
            setattr(settings, name, value)
        settings.updated_at = now
        db_session.add(settings)
        tx.record(settings, "move with event", before, snapshot(settings, WINDOW_FIELDS))
    told = _told(db_session, event) if change.notifies else []
    if not told:
        return
    notice = ChangeNotice(
        event_id=event.id,
        kind=change.kinds[0].value,
        before=_readable_values(db_session, change.before),
        after=_readable_values(db_session, change.after),
        message=change.message,
        recipients=len(told),
        created_at=now,
    )
    db_session.add(notice)
    cancelled = ChangeKind.CANCELLED in change.kinds
    for registration in told:
        if cancelled:
            before = {"status": registration.status}
            registration.status = Status.EVENT_CANCELLED.value
            registration.updated_at = now
            tx.record(registration, "event cancelled", before, {"status": registration.status})
        nonce, link_columns = mail_link(registration)
        for name, value in link_columns.items():
            setattr(registration, name, value)
        db_session.add(registration)
        _queue_notice(db_session, registration, event, notice, nonce)
    tx.record(
        event,
        "notice",
        None,
        {"kind": notice.kind, "recipients": notice.recipients, "message": notice.message or None},
    )


def _readable_values(db_session: Session, values: dict) -> dict:
    """The watched values as JSON, the venue by its name (it may be renamed or deleted later)."""
    plain = {name: values[name] for name in (*DATE_FIELDS, *PLACE_FIELDS, "status")}
    plain["starts_at"] = plain["starts_at"].isoformat() if plain["starts_at"] else None
    plain["ends_at"] = plain["ends_at"].isoformat() if plain["ends_at"] else None
    venue = db_session.get(Venue, plain.pop("venue_id")) if values["venue_id"] else None
    plain["venue"] = venue.name if venue else ""
    return plain


def _as_event(values: dict) -> Event:
    """A detached Event with a notice's stored values, for the shared date and place formatting."""
    return Event(
        slug="-",
        title="-",
        starts_at=datetime.fromisoformat(values["starts_at"]) if values.get("starts_at") else None,
        ends_at=datetime.fromisoformat(values["ends_at"]) if values.get("ends_at") else None,
        timezone=values["timezone"],
        all_day=values["all_day"],
        recurrence=values.get("recurrence"),
        city=values.get("city") or "",
        country=values.get("country"),
        status=values["status"],
    )


def _place(values: dict) -> str:
    return ", ".join(part for part in (values.get("venue"), event_place(_as_event(values))) if part) or _("not given")


def describe(notice: ChangeNotice, picked: set[int] | None = None) -> list[str]:
    """What the notice told, as sentences in the current locale (dates in the event's zone); for
    a change to sessions, only those in `picked` (a participant's personal agenda) when given."""
    if notice.kind == ChangeKind.SESSIONS:
        return describe_session_change(notice, session_ids=picked)
    before, after = notice.before, notice.after
    lines = []
    if after["status"] != before["status"] and after["status"] == EventStatus.CANCELLED:
        lines.append(_("The event has been cancelled."))
    elif after["status"] != before["status"] and after["status"] == EventStatus.POSTPONED:
        lines.append(_("The event has been postponed."))
    dates_changed = any(before.get(name) != after.get(name) for name in DATE_FIELDS)
    if dates_changed:
        lines.append(
            _(
                "New dates: %(new)s (previously %(old)s).",
                new=event_when(_as_event(after)),
                old=event_when(_as_event(before)),
            )
        )
    elif after["status"] == EventStatus.POSTPONED and before["status"] != EventStatus.POSTPONED:
        lines.append(_("The new dates will be announced; until then the dates below are not confirmed."))
    if any(before.get(name) != after.get(name) for name in ("venue", "city", "country")):
        lines.append(_("New place: %(new)s (previously %(old)s).", new=_place(after), old=_place(before)))
    return lines


_SUBJECTS = {
    ChangeKind.CANCELLED: lambda title: _("Cancelled: %(title)s", title=title),
    ChangeKind.POSTPONED: lambda title: _("Postponed: %(title)s", title=title),
    ChangeKind.REDATED: lambda title: _("New dates: %(title)s", title=title),
    ChangeKind.MOVED: lambda title: _("New place: %(title)s", title=title),
}


def _queue_notice(
    db_session: Session, registration: Registration, event: Event, notice: ChangeNotice, nonce: str
) -> None:
    reader = for_reader(db_session, registration.language, [event.id])
    with _in_language(db_session, registration, event, reader) as title:
        lines = describe(notice)
        if notice.message:
            lines += ["", _("Message from the secretariat:"), notice.message]
        if registration.status == Status.EVENT_CANCELLED:
            lines += ["", _("Your registration is cancelled with the event; there is nothing you need to do.")]
        subject = _SUBJECTS[ChangeKind(notice.kind)](title)
        body = _body(registration, event, title, "\n".join(lines), private_link(registration.language))
        host = current_app.config["PUBLIC_HOST"]
        ics = event_ics(db_session, event, site_root(), host, registration.language, reader)
    attachments = [Attachment(f"{event.slug}.ics", "text/calendar", ics)] if ics is not None else []
    queue_mail(db_session, registration.email, subject, body, attachments, link_nonce=nonce)


def recent_notices(db_session: Session, registration: Registration) -> list[ChangeNotice]:
    """The changes this participant was told of (since registering), newest first: every change
    to the event, and the changes to sessions they had picked."""
    rows = db_session.exec(
        select(ChangeNotice)
        .where(ChangeNotice.event_id == registration.event_id, ChangeNotice.created_at >= registration.created_at)
        .order_by(ChangeNotice.created_at.desc(), ChangeNotice.id.desc())
    ).all()
    picked = None
    shown = []
    for notice in rows:
        if notice.kind == ChangeKind.SESSIONS:
            if picked is None:
                picked = set(
                    db_session.exec(
                        select(AgendaPick.session_id).where(AgendaPick.registration_id == registration.id)
                    ).all()
                )
            if not picked & set(notice.session_ids or ()):
                continue
        shown.append(notice)
        if len(shown) == RECENT_NOTICES:
            break
    return shown
