"""An object's audit trail as a person reads it: every value in the reader's language.

Instants read in the zone of the event the object belongs to (UTC, said so, when it belongs to
none), dates and numbers as the rest of the site writes them (planner.formatting), enumerations
by their labels, ids by the names of what they point at, countries by name, booleans as Yes/No.
What each package's values mean comes from planner.audit.labels, which the packages fill.

The names behind ids are looked up once per page and per kind of id, whatever the length of
the trail, so a page's query count does not grow with its history.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo
from typing import Any, Iterable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from sqlmodel import Session

from planner.audit import labels
from planner.audit.models import AuditEntry
from planner.db import get_session
from planner.formatting import country, date_and_time, date_long, number, utc_stamp
from planner.i18n.languages import LANGUAGES

# What `_plain` (planner.audit.trail) stores for an instant and for a day.
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY = re.compile(r"[A-Za-z]{2}")


@dataclass
class Change:
    """One field of an entry: its label and the values before and after (None: empty)."""

    label: str
    before: str | None
    after: str | None


@dataclass
class ReadableEntry:
    action: str  # as stored, for data-action and scripts
    label: str
    actor: str
    at: datetime
    stamp: str  # the moment in UTC for machines (<time datetime>)
    when: str  # the moment in the trail's zone, in the reader's language
    reason: str | None
    has_before: bool
    has_after: bool  # False for a deletion: only the values before are shown
    changes: list[Change] = field(default_factory=list)


@dataclass
class ReadableTrail:
    entries: list[ReadableEntry]
    zone: str  # the IANA name the instants are read in ("UTC" when the object has no event)

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def trail_context(session: Session, entries) -> tuple[str | None, str | None, labels.ObjectContext]:
    """(object type, object id, its ObjectContext) of the object whose trail this is
    (planner.audit.trail.Trail names it; for a plain list, the first entry's object)."""
    object_type = getattr(entries, "object_type", None)
    object_id = getattr(entries, "object_id", None)
    if object_type is None and entries:
        object_type, object_id = entries[0].object_type, entries[0].object_id
    loader = labels.CONTEXT_LOADERS.get(object_type) if object_type else None
    context = loader(session, object_id) if loader else None
    return object_type, object_id, context or labels.ObjectContext()


def _ids(value) -> Iterable[int]:
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, bool):
            continue
        if isinstance(item, int) or (isinstance(item, str) and item.isdigit()):
            yield int(item)


def _load_names(session: Session, entries: list[AuditEntry]) -> dict[str, dict[int, str]]:
    """{"venue_id": {2: "Conference centre"}, ...}: one query per kind of id on the page."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        for values in (entry.before, entry.after):
            for name, value in (values or {}).items():
                reference = labels.reference_field(name)
                if reference is not None:
                    wanted.setdefault(reference, set()).update(_ids(value))
    return {
        reference: dict(labels.NAME_LOADERS[reference](session, ids)) if ids else {}
        for reference, ids in wanted.items()
    }


def _structured(value):
    """Entries recorded before the trail kept dicts as JSON hold their Python text ("{'media': 2}"):
    read back as the dict it was, so old entries read like new ones."""
    if isinstance(value, str) and 2 <= len(value) <= 2000 and value[0] + value[-1] in ("{}", "[]"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return value
        if isinstance(parsed, (dict, list)):
            return parsed
    return value


class _Reader:
    """Turns one stored value into text, with what the page has looked up."""

    def __init__(self, zone: tzinfo, names: dict[str, dict[int, str]]):
        self.zone = zone
        self.names = names

    def text(self, object_type: str, name: str, value: Any, values: Mapping[str, Any] | None = None) -> str | None:
        """The value as a person reads it; None for an empty one (the page says "(empty)").
        `values`: the other values of its side of the entry, for formatters that need them."""
        value = _structured(value)
        if value is None or value == "" or value == [] or value == {}:
            return None
        formatter = labels.formatter_for(object_type, name)
        context = labels.ValueContext(self.zone, values or {})
        if formatter is not None and (text := formatter(value, context)) is not None:
            return text
        reference = labels.reference_field(name)
        if reference is not None:
            return self._names(reference, value)
        if isinstance(value, dict):
            return "; ".join(self._pairs(object_type, name, value)) or None
        if isinstance(value, list):
            return "; ".join(self.text(object_type, name, item) or "—" for item in value)
        return self._plain(object_type, name, value)

    def _pairs(self, object_type: str, name: str, value: dict) -> list[str]:
        """ "Media: 2" for a quota (the key is one of the field's values), "category: NGO" for a
        filter (the key is a field of its own); empty parts are left out."""
        pairs = []
        for key, item in value.items():
            key = str(key)
            label = labels.value_label(object_type, name, key)
            text = self.text(object_type, name if label is not None else key, item)
            if text is not None:
                pairs.append(_("%(key)s: %(value)s", key=label or labels.field_label(key), value=text))
        return pairs

    def _names(self, reference: str, value) -> str:
        found = self.names.get(reference, {})
        items = value if isinstance(value, list) else [value]
        return "; ".join(
            found.get(item_id) or _("deleted (number %(id)s)", id=item_id) for item_id in _ids(items)
        ) or "; ".join(str(item) for item in items)

    def _plain(self, object_type: str, name: str, value) -> str:
        if isinstance(value, str):
            if name in labels.COUNTRY_FIELDS and _COUNTRY.fullmatch(value):
                return country(value.upper())
            if name in ("language", "languages") and value in LANGUAGES:
                return LANGUAGES[value].native_name
            label = labels.value_label(object_type, name, value)
            if label is not None:
                return label
            if "," in value:  # a list kept as text ("member_state,ngo"), when every part is labelled
                parts = [labels.value_label(object_type, name, part) for part in value.split(",")]
                if all(parts):
                    return ", ".join(parts)
        return self._scalar(value)

    def _scalar(self, value) -> str:
        if value is True:
            return _("Yes")
        if value is False:
            return _("No")
        if isinstance(value, (int, float)):
            return number(value)
        if isinstance(value, str):
            if _INSTANT.fullmatch(value):
                try:
                    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
                except ValueError:
                    return value
                return date_and_time(moment, self.zone)
            if _DAY.fullmatch(value):
                try:
                    return date_long(date.fromisoformat(value))
                except ValueError:
                    return value
            return value
        return "" if value is None else str(value)


def readable(entries: list[AuditEntry], zone: str | None = None, session: Session | None = None) -> ReadableTrail:
    """`entries` (planner.audit.trail.trail_for) ready for a page: see the module's docstring.
    `zone` overrides the zone the object's package names."""
    session = session or get_session()
    object_type, object_id, context = trail_context(session, entries) if entries else (None, None, None)
    zone_name = zone or (context.zone if context else None)
    tz = _zone(zone_name)
    if tz is None:
        zone_name, tz = "UTC", timezone.utc
    reader = _Reader(tz, _load_names(session, list(entries)))
    shown = []
    for entry in entries:
        own = context.values if (entry.object_type, entry.object_id) == (object_type, object_id) else {}
        before, after = entry.before, entry.after
        names = list(after or {}) + [name for name in (before or {}) if name not in (after or {})]

        def side(values: dict, name: str, type_=entry.object_type, own=own) -> str | None:
            return reader.text(type_, name, values.get(name), {**own, **values})

        shown.append(
            ReadableEntry(
                action=entry.action,
                label=labels.action_label(entry.action),
                actor=entry.actor,
                at=entry.at,
                stamp=utc_stamp(entry.at),
                when=date_and_time(entry.at, tz),
                reason=entry.reason,
                has_before=before is not None,
                has_after=after is not None or before is None,
                changes=[
                    Change(
                        label=labels.field_label(name),
                        before=side(before, name) if before is not None else None,
                        after=side(after, name) if after is not None else None,
                    )
                    for name in names
                ],
            )
        )
    return ReadableTrail(shown, zone_name)
