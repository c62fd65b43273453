"""The document pages: adding and changing a document through its forms, attaching it to
sessions, and the public lists: the event page's #documents section and each session's own."""

from __future__ import annotations

import re

from sqlmodel import select

from planner.documents import editing
from planner.documents.files import DocumentFile
from planner.documents.models import Document, DocumentVersion
from tests.documents.conftest import PDF_BYTES, add_report
from tests.forms import field_error, post_form

TITLES = {f"title_{code}": "" for code in ("ar", "zh", "en", "fr", "ru", "es")}
LINKS = {f"link_{code}": "" for code in ("ar", "zh", "en", "fr", "ru", "es")}


def _values(**changes) -> dict:
    return {"doc_type": "sg_report", "symbol": "A/72/297", "issued_on": "2017-08-01", **TITLES, **LINKS, **changes}


def test_a_manager_adds_a_document_and_gets_clear_errors(client, session, world, signed_in):
    signed_in("manager")
    new = f"/manage/events/{world.event.id}/documents/new"

    response = post_form(client, new, _values(symbol="", title_en="Report"))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "symbol") == "Only an information note may have no symbol."
    response = post_form(client, new, _values(symbol="a/72/297 x", title_en="Report"))
    assert field_error(response.get_data(as_text=True), "symbol") == "Write the symbol like A/72/297 or A/CONF.235/1."
    response = post_form(client, new, _values())
    assert field_error(response.get_data(as_text=True), "title_en") == "Give the title in at least one language."
    response = post_form(client, new, _values(title_en="Report", link_fr="javascript:alert(1)"))
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "link_fr")

    response = post_form(
        client,
        new,
        _values(
            title_en="South-South cooperation: report of the Secretary-General",
            title_fr="Coopération Sud-Sud : rapport du Secrétaire général",
            link_es="https://documents.un.org/doc/A/72/297",
        ),
    )
    assert response.status_code == 302
    document = session.exec(select(Document)).one()
    assert (document.symbol, document.doc_type) == ("A/72/297", "sg_report")
    show = response.headers["Location"]
    page = client.get(show).get_data(as_text=True)
    assert "Coopération Sud-Sud" in page and "https://documents.un.org/doc/A/72/297" in page
    assert "Create" in page  # the audit trail

    # The same symbol twice in one event is refused at the field.
    response = post_form(client, new, _values(title_en="Again"))
    assert response.status_code == 422
    assert (
        field_error(response.get_data(as_text=True), "symbol") == "This event already has a document with this symbol."
    )

    # An information note needs no symbol.
    response = post_form(
        client, new, _values(doc_type="information_note", symbol="", title_en="Information for participants")
    )
    assert response.status_code == 302


def test_the_event_page_and_each_session_list_their_documents_with_languages(client, session, world, signed_in):
    report = add_report(
        session,
        world.event,
        en="South-South cooperation: report of the Secretary-General",
        fr="Coopération Sud-Sud : rapport du Secrétaire général",
    )
    agenda = add_report(session, world.event, "A/AC.264/2030/1", en="Provisional agenda")
    other = add_report(session, world.event, "A/AC.264/2030/2", en="Not yet available anywhere")
    editing.put_file(session, "setup", report, "en", DocumentFile(PDF_BYTES, "pdf"), "x" * 64 + ".pdf")
    editing.save_document(
        session,
        "setup",
        world.event,
        agenda,
        editing.DocumentValues(
            "provisional_agenda",
            "A/AC.264/2030/1",
            None,
            {"en": "Provisional agenda"},
            {"ar": "https://undocs.org/ar/x"},
        ),
    )
    assert other.id

    signed_in("manager")
    show = f"/manage/events/{world.event.id}/documents/{report.id}"
    assert post_form(client, show, {"sessions": [str(world.meeting.id)]}, action=show + "/sessions").status_code == 302
    client.get("/logout")

    page = client.get(f"/events/{world.event.slug}").get_data(as_text=True)
    section = re.search(r'<section class="event-documents" id="documents".*?</section>', page, re.S).group(0)
    assert "A/72/297" in section and "Report of the Secretary-General" in section
    assert f'href="/events/{world.event.slug}/documents/{report.id}/en"' in section and ">English<" in section
    assert ">Français<" not in section  # a French title, but no French file or link
    assert "A/AC.264/2030/1" in section and ">العربية<" in section
    assert "A/AC.264/2030/2" not in section  # nothing to read in any language yet

    served = client.get(f"/events/{world.event.slug}/sessions/{world.meeting.id}").get_data(as_text=True)
    assert "A/72/297" in served and "A/AC.264/2030/1" not in served
    assert "A/72/297" not in client.get(f"/events/{world.event.slug}/sessions/{world.other_meeting.id}").get_data(
        as_text=True
    )
    assert client.get(f"/events/{world.event.slug}/documents/{agenda.id}/ar").headers["Location"] == (
        "https://undocs.org/ar/x"
    )

    # The French reader sees the French title.
    page = client.get(f"/events/{world.event.slug}?lang=fr").get_data(as_text=True)
    assert "Coopération Sud-Sud" in page


def test_a_draft_events_documents_are_not_public(client, session, world):
    document = add_report(session, world.event)
    editing.put_file(session, "setup", document, "en", DocumentFile(PDF_BYTES, "pdf"), "y" * 64 + ".pdf")
    assert client.get(f"/events/{world.event.slug}/documents/{document.id}/en").status_code == 404  # no file on disk
    world.event.published = False
    session.add(world.event)
    session.commit()
    assert client.get(f"/events/{world.event.slug}/documents/{document.id}/en").status_code == 404


def test_deleting_a_document_removes_its_versions(client, session, world, signed_in):
    document = add_report(session, world.event)
    signed_in("manager")
    show = f"/manage/events/{world.event.id}/documents/{document.id}"
    response = post_form(client, show, {}, action=show + "/delete")
    assert response.status_code == 302
    session.expire_all()
    assert session.exec(select(Document)).all() == [] and session.exec(select(DocumentVersion)).all() == []


def test_a_viewer_reads_but_cannot_change(client, session, world, signed_in):
    document = add_report(session, world.event)
    signed_in("viewer")
    show = f"/manage/events/{world.event.id}/documents/{document.id}"
    page = client.get(show).get_data(as_text=True)
    assert "A/72/297" in page and "Upload" not in page
    assert post_form(client, show, {}, action=show + "/delete").status_code == 403


def test_changing_a_document_shows_errors_on_its_page(client, session, world, signed_in):
    document = add_report(session, world.event)
    signed_in("manager")
    show = f"/manage/events/{world.event.id}/documents/{document.id}"
    response = post_form(client, show, _values(symbol="not a symbol", title_en="Report"))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "symbol") == "Write the symbol like A/72/297 or A/CONF.235/1."
    response = post_form(client, show, _values(symbol="A/72/297/Corr.1", title_en="Report (corrected)"))
    assert response.status_code == 302
    session.refresh(document)
    assert document.symbol == "A/72/297/Corr.1"
    assert "A/72/297/Corr.1" in client.get(show).get_data(as_text=True)


def test_the_cached_event_page_shows_a_new_document_at_once(client, session, world):
    assert 'id="documents"' not in client.get(f"/events/{world.event.slug}").get_data(as_text=True)
    document = add_report(session, world.event)
    editing.put_file(session, "setup", document, "en", DocumentFile(PDF_BYTES, "pdf"), "z" * 64 + ".pdf")
    assert 'id="documents"' in client.get(f"/events/{world.event.slug}").get_data(as_text=True)
    editing.delete_document(session, "setup", document)
    assert 'id="documents"' not in client.get(f"/events/{world.event.slug}").get_data(as_text=True)
