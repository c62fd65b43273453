"""Issue 16's first "done when": a report linked to A/RES/71/244 para. 36 shows that paragraph's
deadline delivered, with the report's symbol, on the mandate page, in its coverage view and in the
mandate feed; unlinking it reverts all three. The links are made through the management pages."""

from __future__ import annotations

import re

from icalendar import Calendar
from sqlmodel import select

from planner.documents import editing
from planner.documents.models import DocumentParagraph
from planner.mandates.models import Deadline
from tests.documents.conftest import add_report
from tests.forms import post_form

MANDATE = "/mandates/A-RES-71-244"
FEED = "/mandates/A-RES-71-244/calendar.ics"


def _deadline_vevent(client):
    response = client.get(FEED)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    [deadline] = [e for e in calendar.walk("VEVENT") if "Comprehensive report" in str(e["SUMMARY"])]
    return deadline


def _coverage(page: str) -> str:
    return re.search(r'<section aria-labelledby="coverage-heading".*?</section>', page, re.S).group(0)


def _paragraph(page: str, anchor: str) -> str:
    return re.search(rf'<div class="paragraph operative" id="{anchor}">.*?</div>', page, re.S).group(0)


def test_a_linked_report_delivers_the_deadline_everywhere_and_unlinking_reverts_it(client, session, world, signed_in):
    before = _deadline_vevent(client)
    assert str(before["SUMMARY"]).startswith("Due: ")
    page = client.get(MANDATE).get_data(as_text=True)
    assert "overdue" in _coverage(page) and "A/72/297" not in page

    signed_in("manager")
    document = add_report(session, world.event)
    show = f"/manage/events/{world.event.id}/documents/{document.id}"
    response = post_form(client, show, {"resolution": "a/res/71/244", "number": "36"}, action=show + "/paragraphs")
    assert response.status_code == 302
    assert "1 deadline of that paragraph is now delivered" in client.get(show).get_data(as_text=True)

    session.expire_all()
    deadline = session.get(Deadline, world.deadline.id)
    assert (deadline.status, deadline.delivered_by, deadline.delivered_by_document) == (
        "delivered",
        "A/72/297",
        document.id,
    )
    page = client.get(MANDATE).get_data(as_text=True)
    assert "delivered by A/72/297" in _paragraph(page, "op36")  # the mandate page, at the paragraph
    coverage = _coverage(page)
    assert "delivered by A/72/297" in coverage and "status-overdue" not in coverage  # the coverage view
    delivered = _deadline_vevent(client)  # the mandate feed
    assert str(delivered["SUMMARY"]) == "Delivered: Comprehensive report of the Secretary-General (A/72/297)"
    assert "Delivered by A/72/297." in str(delivered["DESCRIPTION"])
    assert delivered["SEQUENCE"] > before["SEQUENCE"]

    link = session.exec(select(DocumentParagraph).where(DocumentParagraph.document_id == document.id)).one()
    response = post_form(client, show, {}, action=f"{show}/paragraphs/{link.id}/remove")
    assert response.status_code == 302

    session.expire_all()
    deadline = session.get(Deadline, world.deadline.id)
    assert (deadline.status, deadline.delivered_by, deadline.delivered_by_document) == ("open", "", None)
    page = client.get(MANDATE).get_data(as_text=True)
    assert "A/72/297" not in page
    assert "status-overdue" in _coverage(page)
    assert str(_deadline_vevent(client)["SUMMARY"]).startswith("Due: ")


def test_a_second_report_on_the_paragraph_takes_over_when_the_first_is_unlinked(session, world):
    first = add_report(session, world.event, "A/72/297")
    second = add_report(session, world.event, "A/72/297/Add.1")
    editing.link_paragraph(session, "setup", first, world.paragraph)
    assert editing.link_paragraph(session, "setup", second, world.paragraph) == []  # already delivered

    link = session.exec(select(DocumentParagraph).where(DocumentParagraph.document_id == first.id)).one()
    editing.unlink_paragraph(session, "setup", first, link)
    session.refresh(world.deadline)
    assert (world.deadline.status, world.deadline.delivered_by) == ("delivered", "A/72/297/Add.1")

    editing.delete_document(session, "setup", second)
    session.refresh(world.deadline)
    assert world.deadline.status == "open"


def test_a_deadline_closed_by_hand_is_left_alone_by_documents(session, world):
    from planner.mandates import deadlines

    deadlines.close(session, "setup", world.deadline, "delivered", closing_note="Presented orally at the 72nd session")
    document = add_report(session, world.event)
    assert editing.link_paragraph(session, "setup", document, world.paragraph) == []
    link = session.exec(select(DocumentParagraph).where(DocumentParagraph.document_id == document.id)).one()
    editing.unlink_paragraph(session, "setup", document, link)
    session.refresh(world.deadline)
    assert (world.deadline.status, world.deadline.closing_note) == ("delivered", "Presented orally at the 72nd session")


def test_a_corrected_symbol_reaches_the_deadline_it_delivered(session, world):
    document = add_report(session, world.event)
    editing.link_paragraph(session, "setup", document, world.paragraph)
    values = editing.DocumentValues("sg_report", "A/72/297/Rev.1", None, {"en": "Report (revised)"}, {})
    editing.save_document(session, "setup", world.event, document, values)
    session.refresh(world.deadline)
    assert (world.deadline.status, world.deadline.delivered_by) == ("delivered", "A/72/297/Rev.1")
