"""What the secretariat does with registrations: find, count, configure (plain functions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.audit.trail import snapshot
from planner.db import raise_first, transaction, utcnow
from planner.events.models import Event
from planner.registration import capacity, notices
from planner.registration.models import CategoryQuota, Registration, RegistrationSettings

SETTINGS_FIELDS = [
    "opens_at",
    "closes_at",
    "capacity",
    "requires_approval",
    "categories",
    "reminder_days",
    "invitation_letters",
]


def find(
    session: Session, event_id: int, status: str | None = None, category: str | None = None, country: str | None = None
) -> list[Registration]:
    query = select(Registration).where(Registration.event_id == event_id)
    if status:
        query = query.where(Registration.status == status)
    if category:
        query = query.where(Registration.category == category)
    if country:
        query = query.where(Registration.country == country)
    return list(session.exec(query.order_by(Registration.position)))


def counts(session: Session, event_id: int, column) -> list[tuple[str, int, int]]:
    """(value, live registrations, confirmed) per value of `column`, most first."""
    live = sa.func.sum(sa.case((Registration.status.in_(["confirmed", "waitlisted", "pending"]), 1), else_=0))
    confirmed = sa.func.sum(sa.case((Registration.status == "confirmed", 1), else_=0))
    rows = session.exec(select(column, live, confirmed).where(Registration.event_id == event_id).group_by(column)).all()
    return sorted(((value or "", int(n or 0), int(c or 0)) for value, n, c in rows), key=lambda r: (-r[1], r[0]))


@dataclass
class SettingsValues:
    opens_at: datetime | None
    closes_at: datetime | None
    capacity: int | None
    requires_approval: bool
    categories: list[str]
    quotas: dict[str, int]  # category -> seats; absent: no quota
    reminder_days: int | None = None  # remind participants this many days before (planner.registration.reminders)
    invitation_letters: bool = False  # the form asks for passport details (planner.registration.letters)


def quotas_of(session: Session, event_id: int) -> dict[str, int]:
    return dict(
        session.exec(
            select(CategoryQuota.category, CategoryQuota.seats).where(CategoryQuota.event_id == event_id)
        ).all()
    )


def save_settings(session: Session, actor: str, event: Event, values: SettingsValues) -> RegistrationSettings:
    """Create or change the event's settings and quotas under the registration lock; seats that
    a larger capacity frees go to the waiting list at once."""
    if values.reminder_days is not None and not 1 <= values.reminder_days <= 60:  # the form's rule, again
        raise_first({"reminder_days": _("Enter a number of days from 1 to 60.")})
    with transaction(session, actor) as tx:
        settings = capacity.lock_event(session, event.id)
        before = snapshot(settings, SETTINGS_FIELDS) if settings else None
        before_quotas = quotas_of(session, event.id)
        if settings is None:
            settings = RegistrationSettings(event_id=event.id)
        settings.opens_at, settings.closes_at = values.opens_at, values.closes_at
        settings.capacity, settings.requires_approval = values.capacity, values.requires_approval
        settings.categories = ",".join(values.categories)
        settings.reminder_days = values.reminder_days
        settings.invitation_letters = values.invitation_letters
        settings.updated_at = utcnow()
        session.add(settings)
        for quota in session.exec(select(CategoryQuota).where(CategoryQuota.event_id == event.id)):
            if quota.category not in values.quotas:
                session.delete(quota)
            else:
                quota.seats = values.quotas[quota.category]
                session.add(quota)
        for category, seats in values.quotas.items():
            if category not in before_quotas:
                session.add(CategoryQuota(event_id=event.id, category=category, seats=seats))
        session.flush()
        after = snapshot(settings, SETTINGS_FIELDS)
        tx.record(
            settings,
            "registration settings",
            {**(before or {}), "quotas": before_quotas},
            {**after, "quotas": values.quotas},
        )
        for promoted in capacity.fill_seats(session, settings):
            notices.status_changed(session, promoted, event)
    return settings
