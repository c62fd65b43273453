"""Recording and reading the audit trail.

`record_change` only adds an entry to the caller's session: the entry is committed together
with the change it describes, or not at all.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from datetime import date, datetime
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from planner.audit.models import AuditEntry
from planner.db import use_audit_recorder

# Never copied into the trail, whatever a caller passes.
SECRET_FIELDS = frozenset({"password", "password_hash"})


def _plain(value):
    """A JSON-safe form of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):  # a registration's quotas, a message's filters
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    return str(value)


def snapshot(obj, fields=None) -> dict:
    """The object's column values (or just `fields`), JSON-safe and without secrets."""
    columns = [c.key for c in sa.inspect(type(obj)).column_attrs]
    names = fields if fields is not None else columns
    return {name: _plain(getattr(obj, name)) for name in names if name not in SECRET_FIELDS}


def _clean(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {k: _plain(v) for k, v in values.items() if k not in SECRET_FIELDS}


def object_key(obj) -> tuple[str, str]:
    """("event", "12"): the table name and primary key that an entry points at."""
    identity = sa.inspect(obj).identity
    return type(obj).__tablename__, ",".join(str(part) for part in identity)


def record_change(
    session: Session, actor: str, obj, action: str, before: dict | None, after: dict | None, reason: str | None = None
) -> AuditEntry | None:
    """Add an audit entry for `obj` to `session` (the caller commits).

    When both `before` and `after` are given, only the fields that differ are kept, so the trail
    reads as a list of changes; if nothing differs there is nothing to record and None is
    returned. Password fields are always dropped.
    """
    before, after = _clean(before), _clean(after)
    if before is not None and after is not None:
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        if not changed:
            return None
        before = {k: before.get(k) for k in changed}
        after = {k: after.get(k) for k in changed}
    if sa.inspect(obj).identity is None:
        session.flush()  # a new object gets its id here, inside the caller's transaction
    object_type, object_id = object_key(obj)
    entry = AuditEntry(
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        action=action,
        before=before,
        after=after,
        reason=reason,
    )
    session.add(entry)
    return entry


def _record(
    session: Session, actor: str, obj, action: str, before: dict | None, after: dict | None, reason: str | None = None
) -> AuditEntry | None:
    """What planner.db.transaction's `tx.record` calls: `record_change`, looked up at each call."""
    return record_change(session, actor, obj, action, before, after, reason=reason)


use_audit_recorder(_record)


# object type -> functions(object_id) -> a condition on AuditEntry: entries about other objects
# that belong on this object's page (see add_related).
_RELATED: dict[str, list[Callable[[str], ColumnElement[bool]]]] = defaultdict(list)


def add_related(object_type: str, condition: Callable[[str], ColumnElement[bool]]) -> None:
    """Show on the page of every `object_type` the entries `condition(object_id)` selects too.

    For objects that have no page of their own: a deleted session's entry shows on its event's
    page, a deadline created from a suggestion on its resolution's. The package that records
    them adds the condition when it is imported, so this package needs to know none of them."""
    _RELATED[object_type].append(condition)


class Trail(list):
    """The entries of one object's page, newest first, knowing whose they are (the page reads its
    instants in that object's event's zone: planner.audit.display)."""

    def __init__(self, entries, object_type: str, object_id: str):
        super().__init__(entries)
        self.object_type = object_type
        self.object_id = object_id


def trail_for(session: Session, obj) -> Trail:
    """Every entry about `obj`, and those its packages relate to it (`add_related`), newest first."""
    object_type, object_id = object_key(obj)
    own = sa.and_(AuditEntry.object_type == object_type, AuditEntry.object_id == object_id)
    related = [condition(object_id) for condition in _RELATED.get(object_type, [])]
    entries = session.exec(
        select(AuditEntry)
        .where(sa.or_(own, *related) if related else own)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return Trail(entries, object_type, object_id)
