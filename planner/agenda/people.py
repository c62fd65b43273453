"""People as one record per person: the published sessions of one person, the people who may be
the same person under two spellings, and merging two records into one.

Why one record: a speaker clash is found through the person's record (planner.agenda.conflicts),
so "Dr Li Wei" and "Dr. Li Wei" stored as two people would never clash. The secretariat merges
them; every role of the merged record moves to the one kept (a role it already has in the same
session is not doubled), and the history keeps what was merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import joinedload
from sqlmodel import Session, select

from planner.agenda import photos
from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.events.models import Event

# Titles written before a name in programmes, in the forms people type them: a name is compared
# without them (and without dots, case and accents) to find possible duplicates.
_TITLES = {"mr", "mrs", "ms", "mx", "dr", "prof", "he", "amb", "sir", "dame", "hon", "rev"}
_NOT_LETTERS = re.compile(r"[^\w\s]|_")


def name_key(name: str) -> str:
    """ "Dr. Li Wei" and "dr li  wei" -> "li wei": what two spellings of one person share."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii") or name
    words = _NOT_LETTERS.sub(" ", plain.casefold().replace(".", "")).split()  # "H.E." -> "he"
    while words and words[0] in _TITLES:
        words = words[1:]
    return " ".join(words)


def possible_duplicates(people: list[Person]) -> list[list[Person]]:
    """Groups of two or more records whose names differ only by titles, dots, case or accents."""
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        key = name_key(person.name)
        if key:
            groups[key].append(person)
    return [group for group in groups.values() if len(group) > 1]


@dataclass
class PersonSession:
    """A published session of a person, with the person's role in it and its event."""

    session: AgendaSession
    event: Event
    role_label: str


def published_sessions_of(db_session: Session, person_id: int) -> list[PersonSession]:
    """The person's roles in published sessions of published events, in time order (one query)."""
    rows = db_session.exec(
        select(SessionRole, AgendaSession, Event)
        .join(AgendaSession, AgendaSession.id == SessionRole.session_id)
        .join(Event, Event.id == AgendaSession.event_id)
        .where(SessionRole.person_id == person_id, AgendaSession.published.is_(True), Event.published.is_(True))
        .options(joinedload(AgendaSession.room), joinedload(AgendaSession.venue))
        .order_by(AgendaSession.starts_at, AgendaSession.id)
    ).all()
    return [PersonSession(agenda_session, event, role.role_label) for role, agenda_session, event in rows]


def merge_people(db_session: Session, actor: str, kept: Person, merged: Person) -> int:
    """Move every role of `merged` to `kept` and delete `merged`; returns how many roles moved.

    A role `kept` already has in the same session is dropped rather than doubled. What `kept`
    lacks (function, organisation, country, biography, honorific) is taken from `merged`."""
    if kept.id == merged.id:
        raise ValueError("a person cannot be merged into themselves")
    before = snapshot(kept, ["name", "honorific", "function", "organisation", "country", "biography"])
    roles_of = select(SessionRole).where(SessionRole.person_id == kept.id)
    has = {(role.session_id, role.role) for role in db_session.exec(roles_of)}
    moved = 0
    with transaction(db_session, actor) as tx:
        for role in db_session.exec(select(SessionRole).where(SessionRole.person_id == merged.id)).all():
            if (role.session_id, role.role) in has:
                db_session.delete(role)
                continue
            role.person_id = kept.id
            has.add((role.session_id, role.role))
            db_session.add(role)
            moved += 1
        for name in ("honorific", "function", "organisation", "country", "biography"):
            if not getattr(kept, name) and getattr(merged, name):
                setattr(kept, name, getattr(merged, name))
        if not kept.photo_file and merged.photo_file:
            kept.photo_file = merged.photo_file
        kept.updated_at = utcnow()
        db_session.add(kept)
        db_session.flush()
        _touch_sessions(db_session, kept.id)
        tx.record(
            kept,
            "merge people",
            before,
            {**snapshot(kept, list(before)), "merged": f"{merged.name} (no. {merged.id})", "roles moved": moved},
        )
        db_session.delete(merged)
    if merged.photo_file != kept.photo_file:
        photos.RULES.forget_unused(db_session, Person.photo_file, merged.photo_file)
    return moved


def _touch_sessions(db_session: Session, person_id: int) -> None:
    """The sessions of the person show a changed name: a newer update time reaches pages and feeds."""
    now = utcnow()
    session_ids = select(SessionRole.session_id).where(SessionRole.person_id == person_id)
    for agenda_session in db_session.exec(select(AgendaSession).where(AgendaSession.id.in_(session_ids))):
        agenda_session.updated_at = now
        db_session.add(agenda_session)
