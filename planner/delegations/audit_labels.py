"""How the audit trail reads delegations, credentials and accreditation (filled into
planner.audit.labels when the app starts)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.audit.labels import add_actions, add_fields, add_formatter, add_value_labels
from planner.delegations.models import CREDENTIALS_LABELS, EDITION_LABELS, LEVEL_LABELS, Delegation
from planner.registration.models import ACCREDITATION_LABELS, CATEGORY_LABELS, Registration
from planner.un_states import is_un_state, state_name

add_actions(
    {
        "delegation entered": _l("Delegation entered by the secretariat"),
        "delegation changed": _l("Delegation changed"),
        "delegation withdrawn": _l("Delegation withdrawn"),
        "member added": _l("Member added"),
        "member changed": _l("Member changed"),
        "member withdrawn": _l("Member withdrawn"),
        "head changed": _l("New head of delegation"),
        "credentials": _l("Credentials"),
        "delegation limits": _l("Delegation size limits"),
        "participants list": _l("List of participants"),
        "registration entered": _l("Registration entered by the secretariat"),
        "accreditation": _l("Accreditation"),
    }
)
add_fields(
    {
        "state": _l("Member State or observer State"),
        "head_level": _l("level of the head of delegation"),
        "focal_name": _l("focal point"),
        "focal_email": _l("focal point's e-mail"),
        "focal_mission": _l("Permanent Mission or office"),
        "credentials": _l("credentials"),
        "credentials_date": _l("credentials received on"),
        "credentials_note": _l("note"),
        "withdrawn_at": _l("withdrawn at"),
        "member": _l("member"),
        "head": _l("head of delegation"),
        "accreditation": _l("accreditation"),
        "accreditation_reason": _l("reason"),
        "listed": _l("listed in the list of participants"),
    }
)
add_value_labels("head_level", LEVEL_LABELS, Delegation.__tablename__)
add_value_labels("credentials", CREDENTIALS_LABELS, Delegation.__tablename__)
add_value_labels("accreditation", ACCREDITATION_LABELS, Registration.__tablename__)
add_value_labels("edition", EDITION_LABELS, "event")  # the list is recorded on its event
add_value_labels("category", CATEGORY_LABELS, Delegation.__tablename__)
add_formatter(
    "state",
    lambda value, _context: state_name(value) if isinstance(value, str) and is_un_state(value) else None,
    Delegation.__tablename__,
)
