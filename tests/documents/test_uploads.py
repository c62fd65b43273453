"""Issue 16's second "done when": a 30 MB upload, an HTML file renamed .pdf and a name like
`../../x.pdf` each get a clear error and store nothing; a PDF and a DOCX are stored by their
content hash and served by document id and language, with their type and a name from the symbol."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlmodel import select

from planner.documents.models import DocumentVersion
from tests.documents.conftest import PDF_BYTES, add_report, docx_bytes
from tests.forms import csrf_token, field_error, post_form

LIMIT = "20 MB"


@pytest.fixture
def page(client, session, world, signed_in):
    signed_in("manager")
    document = add_report(session, world.event)
    return f"/manage/events/{world.event.id}/documents/{document.id}", document


def _upload(client, url, name, data, language="en"):
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(
        url + "/file",
        data={"csrf_token": token, "language": language, "upload": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        headers={"Referer": "https://localhost" + url},
    )


def _nothing_stored(session, folder) -> bool:
    session.expire_all()
    versions = session.exec(select(DocumentVersion).where(DocumentVersion.file_name.is_not(None))).all()
    return not versions and not (folder.exists() and any(folder.iterdir()))


def test_a_30_mb_upload_is_refused_before_it_is_read(client, session, page, _document_folder):
    url, _document = page
    response = _upload(client, url, "report.pdf", b"%PDF-" + b"0" * (30 * 1024 * 1024))
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert f"The file is larger than {LIMIT}, the most a document may be." in text
    assert "Traceback" not in text and "Files and links" in text  # the document's page, not an error page
    assert _nothing_stored(session, _document_folder)


def test_a_file_just_over_the_limit_is_a_form_error(app, client, session, page, _document_folder):
    url, _document = page
    app.config["DOCUMENT_MAX_BYTES"] = 100 * 1024  # the form allowance lets it through to the check of its bytes
    response = _upload(client, url, "report.pdf", b"%PDF-" + b"0" * (110 * 1024))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "upload") == (
        "The file is larger than 100 KB, the most a document may be."
    )
    assert _nothing_stored(session, _document_folder)


def test_an_html_page_renamed_pdf_is_refused(client, session, page, _document_folder):
    url, _document = page
    response = _upload(client, url, "report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "upload") == (
        "This file is not a PDF or Word (DOCX) document, whatever its name says."
    )
    assert _nothing_stored(session, _document_folder)


@pytest.mark.parametrize("name", ["../../x.pdf", "..\\..\\x.pdf", "/etc/x.pdf", ".hidden.pdf"])
def test_a_name_with_folders_is_refused(client, session, page, _document_folder, name):
    url, _document = page
    response = _upload(client, url, name, PDF_BYTES)
    assert response.status_code == 422
    assert "may not name folders" in field_error(response.get_data(as_text=True), "upload")
    assert _nothing_stored(session, _document_folder)


def test_a_zip_without_a_word_document_is_refused(client, session, page, _document_folder):
    url, _document = page
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("index.html", "<html></html>")
    response = _upload(client, url, "report.docx", zipped.getvalue())
    assert response.status_code == 422
    assert _nothing_stored(session, _document_folder)


def test_pdf_and_docx_are_stored_by_hash_and_served_by_id_and_language(client, session, world, page, _document_folder):
    url, document = page
    assert _upload(client, url, "whatever name.pdf", PDF_BYTES).status_code == 302
    assert _upload(client, url, "rapport.docx", docx_bytes(), language="fr").status_code == 302
    session.expire_all()
    stored = {v.language: v for v in session.exec(select(DocumentVersion)).all()}
    assert stored["en"].media_type == "application/pdf" and stored["en"].file_name.endswith(".pdf")
    assert sorted(p.name for p in _document_folder.iterdir()) == sorted(v.file_name for v in stored.values())

    pdf = client.get(f"/events/{world.event.slug}/documents/{document.id}/en")
    assert pdf.status_code == 200 and pdf.data == PDF_BYTES
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Content-Disposition"] == "inline; filename=A-72-297-en.pdf"
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    word = client.get(f"/events/{world.event.slug}/documents/{document.id}/fr")
    assert word.headers["Content-Type"] == ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert word.headers["Content-Disposition"] == "attachment; filename=A-72-297-fr.docx"
    for missing in ("es", "xx", "../en"):
        assert client.get(f"/events/{world.event.slug}/documents/{document.id}/{missing}").status_code == 404

    # Replacing the English file forgets the old one; removing the French file deletes it.
    assert _upload(client, url, "v2.pdf", PDF_BYTES + b"% v2\n").status_code == 302
    assert post_form(client, url, {}, action=url + "/file/fr/remove").status_code == 302
    session.expire_all()
    [english] = [v for v in session.exec(select(DocumentVersion)).all() if v.file_name]
    assert [p.name for p in _document_folder.iterdir()] == [english.file_name]


def test_a_body_beyond_the_sites_bound_is_refused_on_any_page(app, client):
    """MAX_CONTENT_LENGTH (twice the largest upload limit) backs the upload pages' own limits: a
    body beyond it is a 413 page, not a file spooled to disk."""
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * app.config["DOCUMENT_MAX_BYTES"] + 1024 * 1024
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    declared = client.post("/login", data={"email": "a" * (100 * 1024)})
    assert declared.status_code == 413 and "too large" in declared.get_data(as_text=True)
