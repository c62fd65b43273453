"""The list of participants: the standard conference document, built from accredited people.

Its order is the one UN conference lists of participants follow:
1. Member States, in English alphabetical order of their UN short names (the order of the
   General Assembly's own lists, whatever the language the list is read in);
2. non-member observer States (Holy See, State of Palestine);
3. United Nations system entities; 4. intergovernmental organisations; 5. every other category
   (non-governmental organisations, private sector, academia, media), each group alphabetical;
within a delegation the head of delegation first, with title and function, then the members in
the order the focal point gave; people who registered on their own come after the delegation of
the State or organisation they belong to, by family name.

Only people the secretariat accredited, whose registration is live, and who agreed to be listed
appear (a consent on the registration and delegation forms).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from planner.collation import sort_key
from planner.delegations.models import Delegation, DelegationMember
from planner.registration.editing import LIVE
from planner.registration.models import Accreditation, Category, Registration
from planner.un_states import state_name

GROUPS = [
    (Category.MEMBER_STATE,),
    (Category.OBSERVER_STATE,),
    (Category.UN_SYSTEM,),
    (Category.IGO,),
    (Category.NGO, Category.PRIVATE_SECTOR, Category.ACADEMIA, Category.MEDIA),
]


@dataclass
class Person:
    name: str
    function: str
    is_head: bool


@dataclass
class Entry:
    """One State or organisation and its people in list order."""

    code: str | None  # the State's ISO code, or None for an organisation
    english_name: str
    people: list[Person] = field(default_factory=list)


@dataclass
class Group:
    categories: tuple[Category, ...]
    entries: list[Entry]

    @property
    def label(self) -> str:
        return " / ".join(str(category.label) for category in self.categories)

    @property
    def headcount(self) -> int:
        return sum(len(entry.people) for entry in self.entries)


def build(session: Session, event_id: int) -> list[Group]:
    """The groups of the list, in order, each with its entries in order (empty groups left out).
    One query: every accredited, listed, live registration with its delegation if any."""
    rows = session.exec(
        select(Registration, DelegationMember.is_head, DelegationMember.rank, Delegation)
        .outerjoin(DelegationMember, DelegationMember.registration_id == Registration.id)
        .outerjoin(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(
            Registration.event_id == event_id,
            Registration.accreditation == Accreditation.ACCREDITED,
            Registration.listed.is_(True),
            Registration.status.in_(LIVE),
            Registration.anonymised.is_(False),
        )
    ).all()
    entries: dict[tuple[str, str], Entry] = {}
    ordered: dict[tuple[str, str], list[tuple]] = {}
    english = sort_key("en")
    for registration, is_head, rank, delegation in rows:
        category = delegation.category if delegation else registration.category
        code = delegation.state if delegation else registration.represents
        name = (
            state_name(code, "en") if code else (delegation.organisation if delegation else registration.organisation)
        )
        key = (category, code or name.casefold())
        entries.setdefault(key, Entry(code, name))
        # The delegation's people first (head, then the focal point's order), then individuals.
        if delegation:
            place = (0, not is_head, rank)
        else:
            place = (1, english(registration.family_name), english(registration.given_name))
        ordered.setdefault(key, []).append((place, registration, bool(is_head)))
    for key, people in ordered.items():
        people.sort(key=lambda item: item[0])
        entries[key].people = [Person(r.full_name, r.function, head) for _place, r, head in people]
    groups = []
    for categories in GROUPS:
        chosen = [entry for (category, _code), entry in entries.items() if category in categories]
        if chosen:
            chosen.sort(key=lambda entry: english(entry.english_name))
            groups.append(Group(categories, chosen))
    return groups


def display_name(entry: Entry, language: str | None = None) -> str:
    """The entry as a reader sees it: a State under its UN short name in their language."""
    return state_name(entry.code, language) if entry.code else entry.english_name
