"""The secretariat's mandate pages: import by paste or upload, review and decide on suggestions."""

import io
import re

import pytest
from sqlmodel import func, select

from planner.demo.seed import RESOLUTION
from planner.events.models import Event
from planner.mandates.models import Deadline, MandateLink, Resolution
from tests.forms import BASE, csrf_token, field_value, post_form

SEED_TEXT = RESOLUTION["file"].read_text(encoding="utf-8")
IMPORT = "/manage/mandates/import"


def _count(session, model):
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def test_manager_imports_by_paste_then_accepts_and_dismisses(client, session, signed_in):
    signed_in("manager")
    response = post_form(
        client,
        IMPORT,
        {
            "symbol": "a/res/71/244",
            "title": "South-South cooperation",
            "adopted": "2016-12-21",
            "body": "General Assembly",
            "text": SEED_TEXT,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/manage/mandates/A-RES-71-244")
    page = client.get("/manage/mandates/A-RES-71-244").get_data(as_text=True)
    assert "11 preambular and 36 operative paragraphs" in page
    assert "Eighth annual Global South-South Development Expo" in page

    keys = re.findall(r'name="key"[^>]*value="([^"]+)"', page)
    briefing_key = next(k for k in keys if k.startswith("op14:event"))
    token = csrf_token(page)
    referer = {"Referer": BASE + "/manage/mandates/A-RES-71-244"}
    accepted = client.post(
        "/manage/mandates/A-RES-71-244/accept",
        data={"csrf_token": token, "key": briefing_key, "existing_event": ""},
        headers=referer,
        follow_redirects=True,
    )
    assert "Created: In-depth briefings" in accepted.get_data(as_text=True)
    briefings = session.exec(select(Event).where(Event.kind == "briefing")).all()
    assert len(briefings) == 2
    links = session.exec(select(MandateLink).where(MandateLink.event_id.in_([b.id for b in briefings]))).all()
    assert {link.paragraph_number for link in links} == {14}

    jiu_key = next(k for k in keys if k.startswith("op4:deadline"))
    client.post("/manage/mandates/A-RES-71-244/dismiss", data={"csrf_token": token, "key": jiu_key}, headers=referer)
    again = client.post(
        "/manage/mandates/A-RES-71-244/dismiss",
        data={"csrf_token": token, "key": jiu_key},
        headers=referer,
        follow_redirects=True,
    )
    assert "Nothing done: this suggestion was already dismissed" in again.get_data(as_text=True)
    assert _count(session, Deadline) == 0


def test_manager_imports_by_upload(client, session, signed_in):
    signed_in("manager")
    page = client.get(IMPORT).get_data(as_text=True)
    response = client.post(
        IMPORT,
        data={
            "csrf_token": csrf_token(page),
            "symbol": "A/RES/71/244",
            "title": "South-South cooperation",
            "body": "General Assembly",
            "text": "",
            "upload": (io.BytesIO(SEED_TEXT.encode("utf-8")), "71-244.txt"),
        },
        headers={"Referer": BASE + IMPORT},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert _count(session, Resolution) == 1


@pytest.mark.parametrize(
    "data, field, words",
    [
        ({"symbol": "seventy-one", "text": SEED_TEXT}, "symbol", "Write the symbol like A/RES/71/244."),
        ({"symbol": "A/RES/71/244", "text": ""}, "text", "Paste the text of the resolution or upload a file."),
        (
            {"symbol": "A/RES/71/244", "text": "Just a sentence with no paragraphs."},
            "text",
            "No numbered operative paragraphs",
        ),
        (
            {"symbol": "A/RES/71/244", "text": "", "upload": (b"\x00\x01binary\x00", "scan.pdf")},
            "upload",
            "binary file",
        ),
    ],
)
def test_bad_import_shows_the_error_by_its_field_keeps_input_and_writes_nothing(
    client, session, signed_in, data, field, words
):
    signed_in("manager")
    page = client.get(IMPORT).get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "title": "Typed title", "body": "General Assembly", **data}
    if "upload" in form:
        content, name = form["upload"]
        form["upload"] = (io.BytesIO(content), name)
    response = client.post(IMPORT, data=form, headers={"Referer": BASE + IMPORT}, content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'id="{field}-error"[^>]*>(.*?)</p>', page, re.S)
    assert error and words in error.group(1)
    assert field_value(page, "title") == "Typed title"
    assert _count(session, Resolution) == 0


def test_post_without_csrf_token_is_refused(client, session, signed_in):
    signed_in("manager")
    response = client.post(
        IMPORT, data={"symbol": "A/RES/71/244", "title": "T", "text": SEED_TEXT}, headers={"Referer": BASE + IMPORT}
    )
    assert response.status_code == 400
    assert _count(session, Resolution) == 0
