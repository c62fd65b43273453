"""The credentials report: which delegations the secretariat holds original credentials for,
which a copy or note verbale, which nothing yet (the basis of a conference's credentials
committee report). Live delegations only, States first in English order of their UN names."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import force_locale
from sqlmodel import Session

from planner.collation import sort_key
from planner.delegations import queries
from planner.delegations.models import CredentialsStatus, Delegation
from planner.registration.export import neutralise

ORDER = [CredentialsStatus.ORIGINAL, CredentialsStatus.COPY, CredentialsStatus.NONE]


@dataclass
class Line:
    delegation: Delegation
    english_name: str
    members: int


@dataclass
class Report:
    by_status: dict[CredentialsStatus, list[Line]]

    @property
    def total(self) -> int:
        return sum(len(lines) for lines in self.by_status.values())


def credentials(session: Session, event_id: int) -> Report:
    counts = queries.live_counts(session, event_id)
    english = sort_key("en")
    lines = [
        Line(delegation, queries.delegation_name(delegation, "en"), counts.get(delegation.id, 0))
        for delegation in queries.of_event(session, event_id)
        if delegation.withdrawn_at is None
    ]
    lines.sort(key=lambda line: (not line.delegation.is_state, english(line.english_name)))
    return Report({status: [line for line in lines if line.delegation.credentials == status] for status in ORDER})


HEADER = ["Delegation", "Category", "Credentials", "Received on", "Note", "Head of delegation level", "Members"]


def credentials_csv(session: Session, event_id: int) -> bytes:
    """In English, UTF-8 with a byte-order mark, formula-safe cells (as the registrations export)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    with force_locale("en"):
        for status, lines in credentials(session, event_id).by_status.items():
            for line in lines:
                d = line.delegation
                row = [
                    line.english_name,
                    d.category_label,
                    status.label,
                    d.credentials_date.isoformat() if d.credentials_date else "",
                    d.credentials_note,
                    d.level_label,
                    line.members,
                ]
                writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
