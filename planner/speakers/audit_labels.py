"""How the audit trail reads the list of speakers (filled into planner.audit.labels at start-up)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.audit.labels import add_actions, add_fields, add_value_labels
from planner.delegations.models import LEVEL_LABELS

add_actions(
    {
        "inscribe": _l("Inscribed on the list of speakers"),
        "speaker changed": _l("Speaker changed"),
        "speaker withdrawn": _l("Taken off the list of speakers"),
        "swap": _l("Swapped on the list of speakers"),
        "to end": _l("Moved to the end of the meeting"),
        "speakers list": _l("List of speakers"),
    }
)
add_fields(
    {
        "speaker_name": _l("speaker"),
        "speaker_title": _l("title"),
        "level": _l("level"),
        "with": _l("with"),
        "statement_minutes": _l("minutes per statement"),
        "meetings": _l("meetings"),
        "closed": _l("closed"),
    }
)
add_value_labels("level", LEVEL_LABELS, "delegation")  # speaker entries are recorded on the delegation
