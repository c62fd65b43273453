"""How the audit trail reads documents (filled into planner.audit.labels at start-up): their
actions, fields and types, and a deadline's closing fields (its entries are written by
planner.mandates.deadlines, whose own labels module names the status)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.audit.labels import add_actions, add_fields, add_value_labels
from planner.documents.models import TYPE_LABELS, Document

add_actions(
    {
        "upload": _l("File uploaded"),
        "remove file": _l("File removed"),
        "attach to sessions": _l("Attached to sessions"),
    }
)
add_fields(
    {
        "doc_type": _l("type"),
        "issued_on": _l("issued on"),
        "link": _l("link"),
        "file": _l("file"),
    }
)
add_value_labels("doc_type", TYPE_LABELS, Document.__tablename__)
