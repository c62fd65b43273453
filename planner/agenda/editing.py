"""Changing an agenda: save, cancel, reinstate, delete and publish sessions, each in one
transaction with its audit entry.

As for events (planner.events.editing), calendar clients only take an update when SEQUENCE
grows, so a change of time, room, published or cancelled state raises `sequence`; a new title
does not. Conflicts (planner.agenda.conflicts) do not forbid a save, but saving over them needs a
reason, which the audit entry keeps.

A published session is public (the programme, every feed, personal agendas): it is cancelled,
never deleted, so feeds keep it as STATUS:CANCELLED and subscribed calendars strike it through
(RFC 5545 3.8.1.11; a VEVENT that merely disappears stays in most clients as it was). Only a
draft is deleted outright. A change of time or room of a published session, its cancellation and
its reinstatement are announced (planner.agenda.changes) inside their transaction, so the
participants who picked it are told by the mail committed with the change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from planner.agenda import changes
from planner.agenda.conflicts import Conflict, find_conflicts
from planner.agenda.models import AgendaSession, Person, RoleKind, SessionKind, SessionRole
from planner.audit.trail import snapshot
from planner.db import raise_first, transaction, utcnow
from planner.events.models import Event
from planner.localtime import local_to_utc
from planner.validation import ModelValidationError

SEQUENCE_FIELDS = ("starts_at", "ends_at", "room_id", "published", "cancelled")
SESSION_FIELDS = ("title", "kind", "starts_at", "ends_at", "room_id", "description", "published", "cancelled")


class ConflictsFound(Exception):
    """Saving would create conflicts and no reason to save anyway was given."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__("; ".join(c.message for c in conflicts))
        self.conflicts = conflicts


@dataclass
class SessionValues:
    """What the session form asks a session to become; times are local to the event, naive."""

    title: str
    kind: str
    local_start: datetime
    local_end: datetime
    room_id: int | None = None
    description: str = ""
    people: list[tuple[str, str]] = field(default_factory=list)  # (role, name)


def parse_people(text: str) -> list[tuple[str, str]]:
    """ "Chair: Name" lines -> [("chair", "Name")]; ValueError naming the first bad line."""
    people = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        role, sep, name = line.partition(":")
        role = role.strip().lower()
        if not sep or role not in set(RoleKind) or not name.strip():
            raise ValueError(
                _(
                    "Line %(number)s (“%(line)s”) is not “Role: Name”; roles are %(roles)s",
                    number=number,
                    line=line.strip(),
                    roles=role_keywords(),
                )
            )
        people.append((role, " ".join(name.split())))
    return people


def role_keywords() -> str:
    """ "Chair, Speaker, ...": the role words the People field accepts (English in every language)."""
    return ", ".join(r.keyword for r in RoleKind)


def format_people(agenda_session: AgendaSession) -> str:
    return "\n".join(f"{r.role_keyword}: {r.person.name}" for r in agenda_session.roles)


def session_problems(values: SessionValues, event: Event) -> dict[str, str]:
    """The rules across fields, as {form field: message}; empty when the values are consistent."""
    problems: dict[str, str] = {}
    if values.kind not in set(SessionKind):
        problems["kind"] = _("Choose a kind of session from the list.")
    if values.local_start and values.local_end:
        if values.local_end <= values.local_start:
            problems["ends_local"] = _("The end must be after the start.")
        for name, local in (("starts_local", values.local_start), ("ends_local", values.local_end)):
            try:
                local_to_utc(local, event.zone)
            except ValueError as error:
                problems.setdefault(name, f"{str(error)[0].upper()}{str(error)[1:]}.")
            except OverflowError:
                problems.setdefault(name, _("Enter a date before the year 9999."))
    return problems


def candidate(event: Event, values: SessionValues, cancelled: bool = False) -> AgendaSession:
    """An unsaved session with these values, for the conflict checks (never added to the DB).

    `cancelled`: the values are those of a cancelled session, which occupies no room and no one."""
    return AgendaSession(
        event_id=event.id,
        title=values.title,
        kind=values.kind,
        starts_at=local_to_utc(values.local_start, event.zone),
        ends_at=local_to_utc(values.local_end, event.zone),
        room_id=values.room_id,
        description=values.description,
        cancelled=cancelled,
    )


def people_ids(db_session: Session, people: list[tuple[str, str]]) -> list[int]:
    """Ids of the named people that exist already (new names cannot clash with anyone yet)."""
    names = {name for _role, name in people}
    if not names:
        return []
    return list(db_session.exec(select(Person.id).where(Person.name.in_(names))))


def check_conflicts(
    db_session: Session, event: Event, values: SessionValues, exclude_id: int | None = None, cancelled: bool = False
) -> list[Conflict]:
    return find_conflicts(
        db_session,
        candidate(event, values, cancelled),
        exclude_id=exclude_id,
        person_ids=people_ids(db_session, values.people),
    )


def save_session(
    db_session: Session,
    actor: str,
    event: Event,
    agenda_session: AgendaSession | None,
    values: SessionValues,
    override_reason: str | None = None,
    message: str = "",
) -> AgendaSession:
    """Create or update a session; raise ConflictsFound when it clashes and no reason is given.

    A published session that moves or changes room is announced (planner.agenda.changes) in the
    same transaction, with the manager's `message` to the participants who picked it."""
    raise_first(session_problems(values, event))
    conflicts = check_conflicts(
        db_session,
        event,
        values,
        agenda_session.id if agenda_session else None,
        cancelled=bool(agenda_session and agenda_session.cancelled),
    )
    if conflicts and not (override_reason or "").strip():
        raise ConflictsFound(conflicts)
    reason = None
    if conflicts:
        with force_locale("en"):  # the audit trail stays in English, whoever saves
            despite = " ".join(c.message for c in conflicts)
        reason = f"{override_reason.strip()} (saved anyway despite: {despite})"
    is_new = agenda_session is None
    agenda_session = agenda_session or AgendaSession(event_id=event.id)
    before = None if is_new else _snapshot(agenda_session)
    was = None if is_new or not agenda_session.published else changes.SessionState.of(db_session, agenda_session)
    fields = candidate(event, values)
    with transaction(db_session, actor) as tx:
        for name in ("title", "kind", "starts_at", "ends_at", "room_id", "description"):
            setattr(agenda_session, name, getattr(fields, name))
        _set_people(db_session, agenda_session, values.people)
        after = _snapshot(agenda_session)
        if before == after:
            tx.discard()
            return agenda_session
        if is_new:
            db_session.add(agenda_session)
        else:
            _touch(agenda_session, before, after)
            after = _snapshot(agenda_session)
        tx.record(agenda_session, "create" if is_new else "update", before, after, reason=reason)
        if was is not None:
            change = changes.SessionChange(agenda_session.id, was, changes.SessionState.of(db_session, agenda_session))
            changes.announce(db_session, event, changes.SessionsChange(actor, changes.noticeable([change]), message))
    return agenda_session


def _set_people(db_session: Session, agenda_session: AgendaSession, people: list[tuple[str, str]]) -> None:
    """Make the session's roles exactly `people`, reusing Person rows by name."""
    wanted = list(dict.fromkeys(people))
    current = {(r.role, r.person.name): r for r in agenda_session.roles}
    for key, role in current.items():
        if key not in wanted:
            agenda_session.roles.remove(role)
    # Newest first, so that of two people with one name the first recorded wins.
    existing = (
        {
            p.name: p
            for p in db_session.exec(
                select(Person).where(Person.name.in_({name for _role, name in wanted})).order_by(Person.id.desc())
            )
        }
        if wanted
        else {}
    )
    for role, name in wanted:
        if (role, name) in current:
            continue
        person = existing.get(name)
        if person is None:
            person = existing[name] = Person(name=name)
        agenda_session.roles.append(SessionRole(role=role, person=person))


def _snapshot(agenda_session: AgendaSession) -> dict:
    values = snapshot(agenda_session, SESSION_FIELDS)
    values["people"] = "; ".join(f"{r.role_keyword}: {r.person.name}" for r in agenda_session.roles)
    values["sequence"] = agenda_session.sequence
    return values


def _touch(agenda_session: AgendaSession, before: dict, after: dict) -> None:
    """A change: new update time, and a higher sequence when calendar clients must re-read it."""
    agenda_session.updated_at = utcnow()
    if any(before[name] != after[name] for name in SEQUENCE_FIELDS):
        agenda_session.sequence += 1


class PublishedSession(ModelValidationError):
    """A published session cannot be deleted: it is public, so it is cancelled instead."""

    def __init__(self):
        super().__init__(
            "published",
            _(
                "This session is published: the programme, calendar feeds and personal agendas show it, "
                "so it cannot be deleted. Cancel it instead; feeds will then show it as cancelled."
            ),
        )


def delete_session(db_session: Session, actor: str, agenda_session: AgendaSession) -> None:
    """Delete a draft. A published session is refused (PublishedSession): cancel it instead."""
    if agenda_session.published:
        raise PublishedSession()
    with transaction(db_session, actor) as tx:
        # The event's id: a deleted session has no page, its deletion shows on the event's.
        tx.record(agenda_session, "delete", {**_snapshot(agenda_session), "event_id": agenda_session.event_id}, None)
        db_session.delete(agenda_session)


def cancel_session(
    db_session: Session, actor: str, agenda_session: AgendaSession, reason: str | None = None, message: str = ""
) -> None:
    """Cancel one published session (see `cancel_sessions`)."""
    event = db_session.get(Event, agenda_session.event_id)
    cancel_sessions(db_session, actor, event, [agenda_session], reason, message)


def cancel_sessions(
    db_session: Session,
    actor: str,
    event: Event,
    sessions: list[AgendaSession],
    reason: str | None = None,
    message: str = "",
) -> None:
    """Cancel published sessions of `event` in one transaction: each keeps its place in feeds as
    STATUS:CANCELLED with its SEQUENCE raised, gets its audit entry (with `reason`), and the
    participants who picked any of them are told once, with `message` (planner.agenda.changes)."""
    if not sessions:
        return
    for agenda_session in sessions:
        if agenda_session.event_id != event.id:
            raise ValueError("every session must belong to the event")
        if not agenda_session.published:
            raise ModelValidationError(
                "cancelled",
                _("“%(title)s” is a draft: nobody has seen it, so delete it instead.", title=agenda_session.title),
            )
        if agenda_session.cancelled:
            raise ModelValidationError("cancelled", _("“%(title)s” is already cancelled.", title=agenda_session.title))
    _set_cancelled(db_session, actor, event, sessions, True, "cancel", reason, message)


def reinstate_session(
    db_session: Session,
    actor: str,
    agenda_session: AgendaSession,
    reason: str | None = None,
    message: str = "",
) -> None:
    """Undo a cancellation: the session takes place again, SEQUENCE raised again, and those who
    picked it are told. It occupies its room and people again, so a clash it would now make is
    refused (ConflictsFound) unless a reason is given, as when saving it."""
    if not agenda_session.cancelled:
        raise ModelValidationError("cancelled", _("“%(title)s” is not cancelled.", title=agenda_session.title))
    event = db_session.get(Event, agenda_session.event_id)
    conflicts = reinstate_conflicts(db_session, agenda_session)
    if conflicts and not (reason or "").strip():
        raise ConflictsFound(conflicts)
    if conflicts:
        with force_locale("en"):
            despite = " ".join(c.message for c in conflicts)
        reason = f"{reason.strip()} (reinstated anyway despite: {despite})"
    _set_cancelled(db_session, actor, event, [agenda_session], False, "reinstate", reason, message)


def reinstate_conflicts(db_session: Session, agenda_session: AgendaSession) -> list[Conflict]:
    """The conflicts a cancelled session would have once it takes place again."""
    probe = AgendaSession(
        event_id=agenda_session.event_id,
        title=agenda_session.title,
        kind=agenda_session.kind,
        starts_at=agenda_session.starts_at,
        ends_at=agenda_session.ends_at,
        room_id=agenda_session.room_id,
    )
    person_ids = [role.person_id for role in agenda_session.roles]
    return find_conflicts(db_session, probe, exclude_id=agenda_session.id, person_ids=person_ids)


def _set_cancelled(
    db_session: Session,
    actor: str,
    event: Event,
    sessions: list[AgendaSession],
    cancelled: bool,
    action: str,
    reason: str | None,
    message: str,
) -> None:
    now = utcnow()
    befores = [(s, _snapshot(s), changes.SessionState.of(db_session, s)) for s in sessions]
    with transaction(db_session, actor) as tx:
        session_changes = []
        for agenda_session, before, was in befores:
            agenda_session.cancelled = cancelled
            agenda_session.sequence += 1
            agenda_session.updated_at = now
            db_session.add(agenda_session)
            tx.record(agenda_session, action, before, _snapshot(agenda_session), reason=(reason or "").strip() or None)
            session_changes.append(
                changes.SessionChange(agenda_session.id, was, changes.SessionState.of(db_session, agenda_session))
            )
        change = changes.SessionsChange(actor, tuple(session_changes), (message or "").strip())
        changes.announce(db_session, event, change)


def publish_agenda(db_session: Session, actor: str, event: Event) -> int:
    """Publish every draft session of the event in one transaction; returns how many changed.

    The audit trail gets one entry on the event naming the sessions published.
    """
    drafts = list(
        db_session.exec(
            select(AgendaSession)
            .where(AgendaSession.event_id == event.id, AgendaSession.published.is_(False))
            .order_by(AgendaSession.starts_at)
        )
    )
    if not drafts:
        return 0
    now = utcnow()
    with transaction(db_session, actor) as tx:
        for agenda_session in drafts:
            agenda_session.published = True
            agenda_session.sequence += 1
            agenda_session.updated_at = now
        tx.record(event, "publish agenda", None, {"sessions published": "; ".join(s.title for s in drafts)})
    return len(drafts)


PERSON_FIELDS = ("name", "honorific", "function", "organisation", "country", "biography")


def save_person(db_session: Session, actor: str, person: Person, values: dict) -> bool:
    """Update a person's details (their sessions follow); False when nothing changed."""
    before = snapshot(person, PERSON_FIELDS)
    with transaction(db_session, actor) as tx:
        for name, value in values.items():
            setattr(person, name, value)
        after = snapshot(person, PERSON_FIELDS)
        if before == after:
            tx.discard()
            return False
        person.updated_at = utcnow()
        tx.record(person, "update", before, after)
    return True
