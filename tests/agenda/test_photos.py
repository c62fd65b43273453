"""Speakers' photos (issue 19, item 2): uploaded on the person's edit page, checked by their bytes
like logos, stored under their content's name, public only with the person's page, removed or
replaced with the file deleted once nobody uses it, kept through a merge, each change in the
person's history."""

from __future__ import annotations

import hashlib
from io import BytesIO

import pytest
from sqlmodel import Session, select

from planner.agenda import people, photos
from planner.agenda.models import Person
from planner.audit.models import AuditEntry
from planner.validation import ModelValidationError
from tests.agenda.helpers import add_session, at, make_event, person
from tests.events.pictures import png
from tests.forms import field_error, post_form

ACTOR = "ana@un.example"


@pytest.fixture
def folder(app, tmp_path):
    """PHOTO_FOLDER of the test alone."""
    app.config["PHOTO_FOLDER"] = tmp_path / "photos"
    return tmp_path / "photos"


@pytest.fixture
def speaker(app, session, folder):
    """Li Wei, speaker in a published session, and Ana Pérez, only in a draft."""
    with app.test_request_context():
        event = make_event(session)
        li, ana = person(session, "Li Wei"), person(session, "Ana Pérez")
        panel_hours = at("2019-03-20", "09:00"), at("2019-03-20", "10:00")
        add_session(session, event, "Panel", *panel_hours, people=[("speaker", li)], published=True)
        draft_hours = at("2019-03-21", "09:00"), at("2019-03-21", "10:00")
        add_session(session, event, "Draft", *draft_hours, people=[("chair", ana)])
    return li, ana


def _upload(client, person_id, **data):
    return post_form(
        client,
        f"/manage/people/{person_id}/edit",
        data,
        action=f"/manage/people/{person_id}/photo",
        content_type="multipart/form-data",
    )


def _stored(app, person_id) -> Person:
    with Session(app.extensions["planner.engine"]) as fresh:
        return fresh.get(Person, person_id)


def _files(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_a_photo_uploaded_on_the_edit_page_shows_on_the_public_page(app, client, signed_in, speaker, folder, tmp_path):
    li, _ana = speaker
    signed_in("manager")
    data = png(120, 160)
    response = _upload(client, li.id, photo=(BytesIO(data), "../../elsewhere/li.png"))
    assert response.status_code == 302, response.get_data(as_text=True)
    name = f"{hashlib.sha256(data).hexdigest()}.png"
    assert _stored(app, li.id).photo_file == name and _files(folder) == [name]
    assert not (tmp_path / "elsewhere").exists()  # the name typed never reaches the file system

    page = client.get(f"/people/{li.id}").get_data(as_text=True)
    assert f'src="/people/{li.id}/photo?v={name[:16]}"' in page and 'alt="Photo of Li Wei"' in page
    served = client.get(f"/people/{li.id}/photo?v={name[:16]}")
    assert (served.status_code, served.mimetype, served.data) == (200, "image/png", data)
    assert "immutable" in served.headers["Cache-Control"] and "public" in served.headers["Cache-Control"]

    with Session(app.extensions["planner.engine"]) as fresh:
        audit = fresh.exec(select(AuditEntry).where(AuditEntry.action == "photo")).one()
    assert (audit.object_id, audit.before, audit.after) == (str(li.id), {"photo_file": None}, {"photo_file": name})
    history = client.get(f"/manage/people/{li.id}/edit").get_data(as_text=True)
    assert "Photo changed" in history and 'class="person-photo"' in history


def test_the_photo_of_someone_in_no_published_session_is_not_public(app, client, signed_in, speaker, folder):
    _li, ana = speaker
    signed_in("manager")
    assert _upload(client, ana.id, photo=(BytesIO(png()), "ana.png")).status_code == 302
    assert client.get(f"/manage/people/{ana.id}/photo").status_code == 200  # the secretariat sees it
    with app.test_client() as anonymous:
        assert anonymous.get(f"/people/{ana.id}/photo").status_code == 404
        assert anonymous.get("/people/999999/photo").status_code == 404


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<html><script>alert(1)</script></html>", "This file is not a PNG or JPEG image, whatever its name says."),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG files are not accepted as photos: upload a PNG or JPEG."),
        (png()[:40], "This image is damaged or incomplete; export it again."),
    ],
    ids=["html", "svg", "truncated"],
)
def test_a_file_that_is_no_photo_is_refused_beside_the_field(app, client, signed_in, speaker, folder, content, message):
    li, _ana = speaker
    signed_in("manager")
    response = _upload(client, li.id, photo=(BytesIO(content), "photo.png"))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "photo") == message
    assert _stored(app, li.id).photo_file is None and _files(folder) == []


def test_an_oversized_photo_is_refused_and_an_earlier_one_stays(app, client, signed_in, speaker, folder):
    li, _ana = speaker
    signed_in("manager")
    assert _upload(client, li.id, photo=(BytesIO(png()), "a.png")).status_code == 302
    before = _stored(app, li.id).photo_file
    app.config["PHOTO_MAX_BYTES"] = 4096
    big = png(80, 80, noise=True)
    response = _upload(client, li.id, photo=(BytesIO(big), "big.png"))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "photo") == (
        "The file is larger than 4 KB, the most a photo may be."
    )
    assert _stored(app, li.id).photo_file == before and _files(folder) == [before]


def test_removing_replacing_and_merging_delete_only_files_nobody_uses(app, session, speaker, folder):
    li, ana = speaker
    with app.test_request_context():
        assert photos.save_photo(session, ACTOR, li, png(), remove=False)
        assert photos.save_photo(session, ACTOR, ana, png(), remove=False)  # the same picture: one file
        shared = li.photo_file
        assert not photos.save_photo(session, ACTOR, li, png(), remove=False)  # nothing changes
        assert photos.save_photo(session, ACTOR, li, png(10, 10), remove=False)
        assert shared in _files(folder)  # Ana's record still names it
        assert photos.save_photo(session, ACTOR, ana, None, remove=True)
        assert _files(folder) == [li.photo_file] and ana.photo_file is None

        assert photos.save_photo(session, ACTOR, ana, png(20, 20), remove=False)
        anas = ana.photo_file
        people.merge_people(session, ACTOR, li, ana)  # Li keeps their own photo; Ana's is dropped
        assert li.photo_file != anas and _files(folder) == [li.photo_file]

        with pytest.raises(ModelValidationError) as both:
            photos.save_photo(session, ACTOR, li, png(), remove=True)
        assert both.value.field == "remove_photo"
