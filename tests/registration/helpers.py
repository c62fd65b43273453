"""Building events that take registrations, and participants, for the registration tests."""

from __future__ import annotations

from datetime import date, timedelta

from planner.registration.editing import Participant
from planner.registration.letters import LetterRequest
from planner.registration.models import CategoryQuota, RegistrationSettings
from planner.registration.sample import create_sample_event


def open_event(
    session, capacity: int | None = 10, slug: str = "sample-briefing", quotas: dict | None = None, **settings
):
    """A published event six weeks ahead with registration open (and given settings)."""
    event, _ = create_sample_event(session, slug, capacity or 1, date.today())
    row = session.exec(RegistrationSettings.__table__.select().where(RegistrationSettings.event_id == event.id)).first()
    stored = session.get(RegistrationSettings, row.id)
    stored.capacity = capacity
    for key, value in settings.items():
        setattr(stored, key, value)
    session.add(stored)
    for category, seats in (quotas or {}).items():
        session.add(CategoryQuota(event_id=event.id, category=category, seats=seats))
    session.commit()
    return event


def participant(n: int = 1, category: str = "ngo", **overrides) -> Participant:
    values = dict(
        honorific="Ms",
        given_name=f"Given{n}",
        family_name=f"Family{n}",
        email=f"person{n}@example.org",
        organisation="Org",
        function="Officer",
        country="KE",
        category=category,
        represents="KE" if category == "member_state" else None,
        accessibility_needs="",
    )
    values.update(overrides)
    return Participant(**values)


FORM = dict(
    honorific="Ms",
    given_name="Amina",
    family_name="Diallo",
    email="amina@example.org",
    organisation="Ministry of Foreign Affairs",
    function="Counsellor",
    country="SN",
    category="member_state",
    represents="SN",
    accessibility_needs="",
    consent="y",
)


def visa_request(**overrides):
    """A request for a letter of invitation valid for open_event's event (six weeks ahead)."""
    values = dict(
        nationality="KE",
        passport_number="AK0012345",
        passport_expiry=date.today() + timedelta(days=3 * 365),
        birth_date=date(1985, 4, 12),
        birth_place="Mombasa",
        consulate="Consulate General of the United States in Nairobi",
    )
    values.update(overrides)
    return LetterRequest(**values)
