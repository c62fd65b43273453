"""A published conference with one published session, resolution 71/244 imported, and the report
its paragraph 36 requests as an open deadline; documents stored under the test's own folder."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest
from sqlmodel import Session, select

from planner.agenda.models import AgendaSession
from planner.demo.seed import RESOLUTION
from planner.documents import editing
from planner.documents.editing import DocumentValues
from planner.documents.models import Document
from planner.events.editing import EventValues, create_event
from planner.events.models import Event
from planner.mandates.importing import import_resolution
from planner.mandates.links import add_link
from planner.mandates.models import Deadline, LinkRole, Paragraph

SEED_TEXT = RESOLUTION["file"].read_text(encoding="utf-8")
PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes() -> bytes:
    """The smallest archive a DOCX check accepts: a ZIP with word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@dataclass
class World:
    event: Event
    meeting: AgendaSession
    other_meeting: AgendaSession
    deadline: Deadline
    paragraph: Paragraph


@pytest.fixture(autouse=True)
def _document_folder(app, tmp_path):
    app.config["DOCUMENT_FOLDER"] = tmp_path / "documents"
    return tmp_path / "documents"


@pytest.fixture
def world(session: Session) -> World:
    event = create_event(
        session,
        "setup",
        EventValues(
            slug="ssc-2017",
            title="High-level Committee on South-South Cooperation",
            kind="meeting",
            status="scheduled",
            timezone="America/New_York",
            published=True,
            all_day=True,
            first_day=date(2030, 5, 16),
            last_day=date(2030, 5, 19),
        ),
    )
    meetings = [
        AgendaSession(
            event_id=event.id,
            title=title,
            starts_at=datetime(2030, 5, 16, hour, tzinfo=timezone.utc),
            ends_at=datetime(2030, 5, 16, hour + 2, tzinfo=timezone.utc),
            published=True,
        )
        for title, hour in (("Item 3: Report of the Secretary-General", 14), ("Item 4: Other matters", 17))
    ]
    session.add_all(meetings)
    report = import_resolution(
        session, SEED_TEXT, symbol="A/RES/71/244", title="South-South cooperation", adopted_on=date(2016, 12, 21)
    )
    deadline = Deadline(
        title="Comprehensive report of the Secretary-General",
        responsible="Secretary-General",
        due_on=date(2017, 9, 1),
        precision="day",
    )
    session.add(deadline)
    session.flush()
    add_link(session, symbol="A/RES/71/244", number=36, role=LinkRole.REQUESTS_REPORT, deadline=deadline)
    session.commit()
    paragraph = session.exec(
        select(Paragraph).where(
            Paragraph.resolution_id == report.resolution.id, Paragraph.kind == "operative", Paragraph.number == 36
        )
    ).one()
    return World(event, meetings[0], meetings[1], deadline, paragraph)


def add_report(session: Session, event: Event, symbol: str = "A/72/297", **titles) -> Document:
    return editing.save_document(
        session,
        "setup",
        event,
        None,
        DocumentValues(
            doc_type="sg_report",
            symbol=symbol,
            issued_on=date(2017, 8, 1),
            titles=titles or {"en": "South-South cooperation: report of the Secretary-General"},
            links={},
        ),
    )
