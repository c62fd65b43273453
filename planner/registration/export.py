"""CSV export of registrations that opens cleanly in a spreadsheet and cannot inject formulas.

UTF-8 with a byte-order mark (Excel reads accents right only with it) and CRLF row ends. Any
cell that starts with = + - @ (or a tab or carriage return, which some programs skip before
such a sign) gets a leading apostrophe, so a name like "=HYPERLINK(...)" is shown as text and
never evaluated (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io

from flask_babel import force_locale

from planner.registration.models import Registration
from planner.un_states import state_name
from planner.validation import country_name

HEADER = [
    "Position",
    "Status",
    "Category",
    "Honorific",
    "Given name",
    "Family name",
    "E-mail",
    "Organisation",
    "Function",
    "Country",
    "Member State represented",
    "Accessibility needs",
    "Registered (UTC)",
    "Checked in (UTC)",
]
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS_START) else text


def _row(r: Registration) -> list[str]:
    return [
        r.position,
        r.status_label,
        r.category_label,
        r.honorific,
        r.given_name,
        r.family_name,
        r.email or "",
        r.organisation,
        r.function,
        country_name(r.country),
        state_name(r.represents, "en"),
        r.accessibility_needs,
        r.created_at.strftime("%Y-%m-%d %H:%M"),
        r.checked_in_at.strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
    ]


def registrations_csv(registrations: list[Registration]) -> bytes:
    """In English whoever exports, like the header: the same file for every member of staff."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    with force_locale("en"):
        for registration in registrations:
            writer.writerow([neutralise(cell) for cell in _row(registration)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
