"""Search: the best matches of each kind of thing the public site shows, and how many there are.

Each kind is a `Kind` in KINDS: its full-text index (planner.search.fulltext), the SELECT of the
rows a visitor may see, how its rows become hits, and the partial that shows one hit
(`templates/search/_<name>.html`). What is public is decided here, in the query, never by the
index, which holds every row:

- events: published events;
- sessions: published sessions of published events;
- people: those with a role in such a session (a name typed into a draft stays private);
- paragraphs: every paragraph of an imported resolution (their pages are public).

Documents come in the same way when they exist: an index in a migration (as 0015 made these),
an `Index` beside the others, one more Kind here with the rule of which documents are public,
and its partial.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.events.models import Event
from planner.mandates.models import Paragraph, Resolution
from planner.search import fulltext
from planner.search.terms import Terms

PER_KIND = 20  # hits shown of each kind, best first; the total is counted beyond them
SESSIONS_PER_PERSON = 3  # a person's sessions named under their name


@dataclass(frozen=True)
class Kind:
    name: str  # the section's id and its partial, templates/search/_<name>.html
    heading: object  # lazy text: the section's heading
    index: fulltext.Index
    visible: Callable[[], sa.Select]  # what the public may see of index.table, with what a hit shows
    hits: Callable[[Session, Sequence[sa.Row]], list]  # the rows found, as the partial's hits


@dataclass(frozen=True)
class Group:
    """The hits of one kind (at most PER_KIND, best first) and how many rows matched in all."""

    kind: Kind
    hits: list
    total: int


@dataclass(frozen=True)
class SessionHit:
    session: AgendaSession
    event: Event


@dataclass(frozen=True)
class Appearance:
    """A published session someone takes part in, and their role in it."""

    session: AgendaSession
    event: Event
    role_label: str


@dataclass
class PersonHit:
    person: Person
    appearances: list[Appearance] = field(default_factory=list)  # the first SESSIONS_PER_PERSON, in time order
    sessions: int = 0  # how many published sessions in all


@dataclass(frozen=True)
class ParagraphHit:
    paragraph: Paragraph
    resolution: Resolution


def search(db_session: Session, terms: Terms) -> list[Group]:
    """One Group per kind, in KINDS' order; no query is made when `terms` is empty."""
    if not terms:
        return []
    dialect = db_session.get_bind().dialect.name
    return [_find(db_session, kind, terms, dialect) for kind in KINDS]


def _find(db_session: Session, kind: Kind, terms: Terms, dialect: str) -> Group:
    # SQLAlchemy's select, not SQLModel's: a row of one entity and its count stays a row.
    statement, rank = fulltext.matching(kind.visible(), kind.index, terms, dialect)
    rows = db_session.exec(
        statement.add_columns(sa.func.count().over().label("total"))
        .order_by(rank, kind.index.table.c.id)
        .limit(PER_KIND)
    ).all()
    return Group(kind, kind.hits(db_session, rows), rows[0].total if rows else 0)


def _public_sessions() -> sa.Select:
    return (
        sa.select(AgendaSession, Event)
        .join(Event, Event.id == AgendaSession.event_id)
        .where(AgendaSession.published.is_(True), Event.published.is_(True))
    )


def _public_people() -> sa.Select:
    in_public_session = (
        sa.select(SessionRole.id)
        .join(AgendaSession, AgendaSession.id == SessionRole.session_id)
        .join(Event, Event.id == AgendaSession.event_id)
        .where(SessionRole.person_id == Person.id, AgendaSession.published.is_(True), Event.published.is_(True))
    )
    return sa.select(Person).where(in_public_session.exists())


def _person_hits(db_session: Session, rows: Sequence[sa.Row]) -> list[PersonHit]:
    """The people found, each with their published sessions (one query for them all)."""
    hits = {row.Person.id: PersonHit(row.Person) for row in rows}
    if not hits:
        return []
    roles = db_session.exec(
        sa.select(SessionRole, AgendaSession, Event)
        .join(AgendaSession, AgendaSession.id == SessionRole.session_id)
        .join(Event, Event.id == AgendaSession.event_id)
        .where(SessionRole.person_id.in_(hits), AgendaSession.published.is_(True), Event.published.is_(True))
        .order_by(AgendaSession.starts_at, AgendaSession.id, SessionRole.id)
    ).all()
    seen: dict[int, set[int]] = defaultdict(set)
    for role, agenda_session, event in roles:
        hit, sessions = hits[role.person_id], seen[role.person_id]
        if agenda_session.id in sessions:  # two roles in one session: named once
            continue
        sessions.add(agenda_session.id)
        hit.sessions += 1
        if len(hit.appearances) < SESSIONS_PER_PERSON:
            hit.appearances.append(Appearance(agenda_session, event, role.role_label))
    return [hit for hit in hits.values() if hit.appearances]  # none: unpublished since the search


KINDS = (
    Kind(
        "events",
        _l("Events"),
        fulltext.EVENTS,
        lambda: sa.select(Event).where(Event.published.is_(True)),
        lambda _db, rows: [row.Event for row in rows],
    ),
    Kind(
        "sessions",
        _l("Sessions"),
        fulltext.SESSIONS,
        _public_sessions,
        lambda _db, rows: [SessionHit(row.AgendaSession, row.Event) for row in rows],
    ),
    Kind("people", _l("People"), fulltext.PEOPLE, _public_people, _person_hits),
    Kind(
        "paragraphs",
        _l("Resolution paragraphs"),
        fulltext.PARAGRAPHS,
        lambda: sa.select(Paragraph, Resolution).join(Resolution, Resolution.id == Paragraph.resolution_id),
        lambda _db, rows: [ParagraphHit(row.Paragraph, row.Resolution) for row in rows],
    ),
)
