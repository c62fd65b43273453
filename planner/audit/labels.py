"""How the audit trail names actions and fields on pages, in the reader's language.

Entries store stable English keys ("change role", "starts_at"); only their display is translated.
A key without a label here (a new action or field) is shown as it is stored.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.i18n.languages import LANGUAGES

ACTIONS = {
    "create": _l("Create"),
    "update": _l("Update"),
    "delete": _l("Delete"),
    "cancel": _l("Cancel"),
    "postpone": _l("Postpone"),
    "change role": _l("Change role"),
    "deactivate": _l("Deactivate"),
    "reactivate": _l("Reactivate"),
    "registration settings": _l("Registration settings"),
    "registration confirmed": _l("Registration confirmed"),
    "registration waitlisted": _l("Registration waitlisted"),
    "registration pending": _l("Registration pending"),
    "registration cancelled": _l("Registration cancelled"),
    "registration rejected": _l("Registration rejected"),
    "copy agenda": _l("Copy agenda"),
    "publish agenda": _l("Publish agenda"),
    "imported": _l("Imported"),
    "replaced": _l("Replaced"),
    "created from suggestion": _l("Created from suggestion"),
    "translate": _l("Translate"),
}

FIELDS = {
    "slug": _l("slug"),
    "title": _l("title"),
    "kind": _l("kind"),
    "status": _l("status"),
    "published": _l("published"),
    "series_id": _l("series id"),
    "edition": _l("edition"),
    "timezone": _l("timezone"),
    "all_day": _l("all day"),
    "starts_at": _l("starts at"),
    "ends_at": _l("ends at"),
    "recurrence": _l("recurrence"),
    "venue_id": _l("venue id"),
    "city": _l("city"),
    "country": _l("country"),
    "host": _l("host"),
    "theme": _l("theme"),
    "description": _l("description"),
    "sequence": _l("sequence"),
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
    "symbol": _l("symbol"),
    "adopted_on": _l("adopted on"),
    "body": _l("adopting body"),
    "copied from": _l("copied from"),
    "sessions": _l("sessions"),
    "sessions published": _l("sessions published"),
    "is_sample": _l("sample"),
    "due_on": _l("due on"),
    "responsible": _l("responsible"),
    "language": _l("language"),
}


def action_label(action: str) -> str:
    """ "change role" -> "Change role" (translated when known)."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action.capitalize()


def field_label(name: str) -> str:
    """ "starts_at" -> "starts at" (translated when known); an event translation's "title_fr" ->
    "title (Français)", the language named in itself as in the language switcher."""
    field, _sep, code = name.rpartition("_")
    if field in FIELDS and code in LANGUAGES:
        return _("%(field)s (%(language)s)", field=FIELDS[field], language=LANGUAGES[code].native_name)
    label = FIELDS.get(name)
    return str(label) if label is not None else name.replace("_", " ")
