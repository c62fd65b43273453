"""How the audit trail names actions, fields and values on pages, in the reader's language.

Entries store stable English keys and plain JSON values ("change role", "starts_at":
"2027-02-15T02:00:00+00:00", "venue_id": 2, "country": "TH"); only their display is translated
and resolved (planner.audit.display), so an entry reads in each reader's language and never goes
stale when a venue is renamed.

The audit package sits below every domain (docs/architecture.md): it knows no event, venue or
status. Each package that records entries says here, when it is imported, how its own values
read: the labels of its enumerations (`add_value_labels`), the names behind its ids (`add_names`,
one batched lookup per page), the zone its objects' instants are read in (`add_zone`,
`add_context`), and any value that needs a rule of its own (`add_formatter`), the way packages add to another page's
fingerprint in planner.pagecache. A key nobody labels is shown readably rather than as stored:
"new_field" reads "new field", "deadline_id" reads "deadline", "send reminder" reads "Send reminder".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any, Callable, Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from planner.i18n.languages import LANGUAGES

ACTIONS = {
    "create": _l("Create"),
    "update": _l("Update"),
    "delete": _l("Delete"),
    "cancel": _l("Cancel"),
    "postpone": _l("Postpone"),
    "restore": _l("Restore"),
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "notice": _l("Notice sent to participants"),
    "message": _l("Message sent to participants"),
    "reminder": _l("Reminder sent to participants"),
    "link": _l("Link to a paragraph"),
    "unlink": _l("Link to a paragraph removed"),
    "change role": _l("Change role"),
    "change password": _l("Change password"),
    "deactivate": _l("Deactivate"),
    "reactivate": _l("Reactivate"),
    "registration settings": _l("Registration settings"),
    "registration confirmed": _l("Registration confirmed"),
    "registration waitlisted": _l("Registration waitlisted"),
    "registration pending": _l("Registration pending"),
    "registration cancelled": _l("Registration cancelled"),
    "registration rejected": _l("Registration rejected"),
    "registration event_cancelled": _l("Registration cancelled with the event"),
    "copy agenda": _l("Copy agenda"),
    "publish agenda": _l("Publish agenda"),
    "imported": _l("Imported"),
    "replaced": _l("Replaced"),
    "created from suggestion": _l("Created from suggestion"),
    "translate": _l("Translate"),
    "move with event": _l("Moved with the event"),
    "event cancelled": _l("Cancelled with the event"),
    "notify participants": _l("Participants told of session changes"),
    "reinstate": _l("Reinstate"),
}

FIELDS = {
    "id": _l("number"),
    "slug": _l("slug"),
    "title": _l("title"),
    "kind": _l("kind"),
    "status": _l("status"),
    "published": _l("published"),
    "cancelled": _l("cancelled"),
    "series_id": _l("series"),
    "edition": _l("edition"),
    "timezone": _l("timezone"),
    "all_day": _l("all day"),
    "starts_at": _l("starts at"),
    "ends_at": _l("ends at"),
    "recurrence": _l("recurrence"),
    "venue_id": _l("venue"),
    "event_id": _l("event"),
    "session_id": _l("agenda session"),  # not "session": that msgid is the Assembly's session
    "session_ids": _l("sessions"),
    "person_id": _l("person"),
    "user_id": _l("account"),
    "registration_id": _l("registration"),
    "deadline_id": _l("deadline"),
    "resolution_id": _l("resolution"),
    "paragraph_id": _l("paragraph"),
    "city": _l("city"),
    "country": _l("country"),
    "host": _l("host"),
    "theme": _l("theme"),
    "description": _l("description"),
    "sequence": _l("calendar sequence"),
    "name": _l("name"),
    "address": _l("address"),
    "capacity": _l("capacity"),
    "email": _l("email"),
    "role": _l("role"),
    "active": _l("active"),
    "honorific": _l("honorific"),
    "given_name": _l("given name"),
    "family_name": _l("family name"),
    "function": _l("function"),
    "organisation": _l("organisation"),
    "category": _l("category"),
    "represents": _l("Member State represented"),
    "accessibility_needs": _l("accessibility needs"),
    "room_id": _l("room"),
    "people": _l("people"),
    "opens_at": _l("opens at"),
    "closes_at": _l("closes at"),
    "requires_approval": _l("requires approval"),
    "categories": _l("categories"),
    "quotas": _l("quotas"),
    "reminder_days": _l("reminder (days before the event)"),
    "symbol": _l("symbol"),
    "resolution_symbol": _l("resolution"),
    "paragraph_kind": _l("paragraph kind"),
    "paragraph_number": _l("paragraph"),
    "adopted_on": _l("adopted on"),
    "body": _l("adopting body"),
    "copied from": _l("copied from"),
    "sessions": _l("sessions"),
    "sessions published": _l("sessions published"),
    "is_sample": _l("sample"),
    "due_on": _l("due on"),
    "precision": _l("precision"),
    "phrase": _l("wording"),
    "session": _l("session"),
    "responsible": _l("responsible"),
    "language": _l("language"),
    "languages": _l("languages"),
    "filters": _l("sent to"),
    "statuses": _l("statuses"),
    "key": _l("message key"),
    "message": _l("message"),
    "recipients": _l("participants told"),
    "subject": _l("subject"),
    "reason": _l("reason"),
    "created_at": _l("created at"),
    "updated_at": _l("last changed"),
}

# Two-letter ISO codes in these fields are countries, named in the reader's language.
COUNTRY_FIELDS = {"country", "represents"}

# (object type or None for any, field) -> {stored value: label}
_VALUE_LABELS: dict[tuple[str | None, str], dict[str, Any]] = defaultdict(dict)
# "venue_id" -> function(session, ids) -> {id: name}
NAME_LOADERS: dict[str, Callable[[Session, set[int]], Mapping[int, str]]] = {}


@dataclass(frozen=True)
class ObjectContext:
    """What a trail's object tells about reading its entries: the IANA zone of the event it
    belongs to (None: UTC), and the current values of fields its entries need but do not repeat
    (an event's `all_day`, which says whether its instants are days)."""

    zone: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ValueContext:
    """What a formatter knows besides the value: the zone the trail reads in, and the other
    values of the same side of the entry (over the object's current ones, for its own entries)."""

    zone: tzinfo
    values: Mapping[str, Any]


# object type -> function(session, object_id) -> ObjectContext or None
CONTEXT_LOADERS: dict[str, Callable[[Session, str], ObjectContext | None]] = {}
# (object type or None, field) -> function(value, ValueContext) -> text, or None to read it the usual way
FORMATTERS: dict[tuple[str | None, str], Callable[[Any, ValueContext], str | None]] = {}


def add_actions(labels: Mapping[str, Any]) -> None:
    """Label actions a package records ({"send notice": _l("Send notice")})."""
    ACTIONS.update(labels)


def add_fields(labels: Mapping[str, Any]) -> None:
    """Label fields a package records ({"reminder_days": _l("reminder")})."""
    FIELDS.update(labels)


def add_value_labels(field: str, labels: Mapping[str, Any], object_type: str | None = None) -> None:
    """Read the stored values of `field` through `labels` (an enumeration's label table): on
    objects of `object_type` only, or on any object when it is None. An event's "kind" and a
    session's "kind" are different enumerations; giving the object type keeps them apart."""
    _VALUE_LABELS[(object_type, field)].update({str(key): label for key, label in labels.items()})


def add_names(field: str, loader: Callable[[Session, set[int]], Mapping[int, str]]) -> None:
    """Show the ids in `field` ("venue_id", and its plural "venue_ids") as names: `loader(session,
    ids)` returns {id: name} for those still there, in one query for the whole page."""
    NAME_LOADERS[field] = loader


def add_context(object_type: str, loader: Callable[[Session, str], ObjectContext | None]) -> None:
    """How an object's trail reads: `loader(session, object_id)` gives its ObjectContext (one
    query per page)."""
    CONTEXT_LOADERS[object_type] = loader


def add_zone(object_type: str, loader: Callable[[Session, str], str | None]) -> None:
    """The zone an object's trail is read in: `loader(session, object_id)` gives the IANA name of
    the zone of the event the object belongs to, or None (the trail then reads in UTC)."""
    add_context(object_type, lambda session, object_id: ObjectContext(loader(session, object_id)))


def add_formatter(
    field: str, formatter: Callable[[Any, ValueContext], str | None], object_type: str | None = None
) -> None:
    """A rule of its own for one field's values (a session's "people" names roles in English
    keywords); `formatter(value, context)` returns the text, or None to read the value the usual
    way."""
    FORMATTERS[(object_type, field)] = formatter


def action_label(action: str) -> str:
    """ "change role" -> "Change role" (translated when known); an unknown one reads as written."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action.replace("_", " ").capitalize()


def field_label(name: str) -> str:
    """ "starts_at" -> "starts at" (translated when known); an event translation's "title_fr" ->
    "title (Français)", the language named in itself as in the language switcher. An unknown id
    field is named after what it points at ("deadline_id" -> "deadline")."""
    field, _sep, code = name.rpartition("_")
    if field in FIELDS and code in LANGUAGES:
        return _("%(field)s (%(language)s)", field=FIELDS[field], language=LANGUAGES[code].native_name)
    label = FIELDS.get(name)
    if label is not None:
        return str(label)
    for suffix in ("_ids", "_id"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)] + ("s" if suffix == "_ids" else "")
    return name.replace("_", " ")


def value_label(object_type: str | None, field: str, value: str) -> str | None:
    """The label of a stored enumeration value: the object type's own table first, then the one
    for any object, then any table of that field that knows the value (a status recorded on
    the event about its registrations, say); None when nobody labels it."""
    for key in ((object_type, field), (None, field)):
        label = _VALUE_LABELS.get(key, {}).get(value)
        if label is not None:
            return str(label)
    for (_type, name), labels in _VALUE_LABELS.items():
        if name == field and value in labels:
            return str(labels[value])
    return None


def formatter_for(object_type: str | None, field: str) -> Callable[[Any, ValueContext], str | None] | None:
    return FORMATTERS.get((object_type, field)) or FORMATTERS.get((None, field))


def reference_field(field: str) -> str | None:
    """ "venue_id" or "venue_ids" -> "venue_id" when its names can be looked up, else None."""
    name = field[:-1] if field.endswith("_ids") else field
    return name if name in NAME_LOADERS else None
