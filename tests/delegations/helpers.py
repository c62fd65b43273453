"""Delegations for the tests: thirty of them, given in an order unlike the list's."""

from __future__ import annotations

from sqlmodel import select

from planner.delegations import accreditation, editing
from planner.delegations.editing import DelegationValues
from planner.registration import editing as registrations
from planner.registration.models import Registration
from tests.registration.helpers import open_event, participant

# 30 delegations given in an order unlike the list's: States by their ISO codes, with names that
# code-point order gets wrong (Türkiye before Tuvalu, Côte d'Ivoire after Costa Rica, Viet Nam).
STATES = ["VN", "TV", "TR", "CI", "CR", "BO", "BR", "IR", "NL", "GB", "US", "AR", "KP", "KR", "RU"]
STATES += ["SY", "LA", "FM", "VE", "TZ", "MD", "CZ", "SZ", "MK", "CV", "ZA"]
OBSERVERS = ["PS", "VA"]
ORGANISATIONS = [("un_system", "United Nations Development Programme"), ("igo", "African Union")]


def _values(category: str, state: str | None = None, organisation: str = "") -> DelegationValues:
    return DelegationValues(category, state, organisation, "minister", "Focal Point", "focal@example.org", "Mission")


def _people(key: str, category: str, state: str | None, count: int = 2) -> list:
    return [
        participant(
            n,
            category=category,
            email=f"{key.lower()}{n}@example.org",
            given_name=f"G{n}",
            family_name=f"{key}{n}",
            function="Minister" if n == 0 else "Adviser",
            represents=state if category == "member_state" else None,
            listed=True,
        )
        for n in range(count)
    ]


def thirty_delegations(session):
    """26 Member States, 2 observer States, a UN entity and an organisation, all accredited; plus
    people who must not appear (not accredited, not listed, refused, cancelled). Call within a
    request context."""
    event = open_event(session, capacity=None)
    for code in STATES:
        editing.submit(session, event, _values("member_state", code), _people(code, "member_state", code))
    for code in OBSERVERS:
        editing.submit(session, event, _values("observer_state", code), _people(code, "observer_state", None))
    for category, name in ORGANISATIONS:
        editing.submit(session, event, _values(category, None, name), _people(name[:3], category, None))
    everyone = list(session.exec(select(Registration)))
    accreditation.decide_many(session, "desk", event, everyone, "accredited")
    # An individual NGO participant, accredited and listed: after the organisations.
    individual, _token = registrations.register(
        session, event, participant(90, category="ngo", organisation="Third World Network", listed=True)
    )
    accreditation.decide(session, "desk", event, individual, "accredited")
    # Not shown: an accredited person who did not agree to be listed, a pending one, a refused one.
    hidden = [
        registrations.register(session, event, participant(91, category="ngo", listed=False))[0],
        registrations.register(session, event, participant(92, category="ngo", listed=True))[0],
        registrations.register(session, event, participant(93, category="ngo", listed=True))[0],
    ]
    accreditation.decide(session, "desk", event, hidden[0], "accredited")
    accreditation.decide(session, "desk", event, hidden[2], "refused", "No nomination letter was received.")
    return event
