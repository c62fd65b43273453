"""An event's branding (issue 19, item 4): logo uploads checked by their bytes, the colour's contrast
rule, the logo and colour served with their caching, share metadata, the site's name and emblem,
and the audit trail of each change."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date
from io import BytesIO

import pytest
from sqlmodel import Session, select

import planner.audit.trail
from planner import create_app
from planner.audit.models import AuditEntry
from planner.config import ConfigError, branding_settings
from planner.events import colours, editing, logos
from planner.events.editing import BrandingValues, EventValues
from planner.events.models import Event
from planner.validation import ModelValidationError
from tests.events.pictures import jpeg, png
from tests.forms import field_error, post_form

ACTOR = "ana@un.example"


def _values(**changes) -> EventValues:
    base = dict(
        slug="expo-2026",
        title="Global South-South Development Expo 2026",
        kind="expo",
        status="scheduled",
        timezone="Asia/Dubai",
        city="Dubai",
        country="AE",
        published=True,
        all_day=True,
        first_day=date(2026, 10, 31),
        last_day=date(2026, 11, 3),
        description="The Expo showcases Southern development solutions.",
    )
    return EventValues(**{**base, **changes})


@pytest.fixture
def folder(app, tmp_path):
    """LOGO_FOLDER of the test alone."""
    app.config["LOGO_FOLDER"] = tmp_path / "logos"
    return tmp_path / "logos"


@pytest.fixture
def event(app, session, folder):
    return editing.create_event(session, "setup", _values())


def _branding(client, event, **data):
    form = {"brand_colour": "", "badge_layout": "a4_quarter", **data}
    return post_form(
        client,
        f"/manage/events/{event.id}/edit",
        form,
        action=f"/manage/events/{event.id}/branding",
        content_type="multipart/form-data",
    )


def _stored(app, event_id) -> Event:
    with Session(app.extensions["planner.engine"]) as fresh:
        return fresh.get(Event, event_id)


def _files(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# --- uploads --------------------------------------------------------------------------------------


def test_a_png_is_stored_under_its_hash_and_served_with_caching(app, client, signed_in, event, folder, tmp_path):
    signed_in("manager")
    data = png()
    response = _branding(client, event, logo=(BytesIO(data), "../../outside/logo.png"), brand_colour="#0B5EA8")
    assert response.status_code == 302, response.get_data(as_text=True)
    name = f"{hashlib.sha256(data).hexdigest()}.png"
    stored = _stored(app, event.id)
    assert (stored.logo_file, stored.brand_colour) == (name, "#0b5ea8")
    assert _files(folder) == [name] and (folder / name).read_bytes() == data
    assert not (tmp_path / "outside").exists() and not list(tmp_path.rglob("logo.png"))  # the name typed is ignored

    served = client.get(f"/events/{event.slug}/logo")
    assert (served.status_code, served.mimetype, served.data) == (200, "image/png", data)
    assert served.headers["ETag"] == f'"{name[:-4]}"'
    assert "public" in served.headers["Cache-Control"] and "max-age=300" in served.headers["Cache-Control"]
    again = client.get(f"/events/{event.slug}/logo", headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    versioned = client.get(f"/events/{event.slug}/logo?v={name[:16]}")
    assert (
        "immutable" in versioned.headers["Cache-Control"] and "max-age=31536000" in versioned.headers["Cache-Control"]
    )
    private = client.get(f"/manage/events/{event.id}/logo")
    assert private.status_code == 200 and "private" in private.headers["Cache-Control"]


def test_a_jpeg_is_recognised_by_its_bytes_whatever_its_name(app, event):
    with app.test_request_context():
        logo = logos.RULES.accept(jpeg(320, 200))
    assert logo.extension == "jpg" and logo.name.endswith(".jpg")


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b"This is a text file, whatever its name says.\n",
            "This file is not a PNG or JPEG image, whatever its name says.",
        ),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG logos"),
        (png()[:-30], "This image is damaged or incomplete"),
        (png(claimed=(50000, 10)), "The image is 50,000 × 10 pixels; a logo may be at most 4,000 pixels on each side."),
        (b"", "The file is empty."),
        (jpeg()[:12], "This image is damaged or incomplete"),
    ],
    ids=["text", "svg", "truncated", "huge", "empty", "cut-jpeg"],
)
def test_a_file_that_is_no_acceptable_image_is_refused_beside_the_field(
    app, client, signed_in, event, folder, content, message
):
    signed_in("manager")
    response = _branding(client, event, logo=(BytesIO(content), "logo.png"), brand_colour="#0b5ea8")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in field_error(page, "logo")
    assert "Nothing was saved" in page and 'id="branding"' in page
    stored = _stored(app, event.id)
    assert (stored.logo_file, stored.brand_colour) == (None, None)  # the valid colour waits with the form
    assert _files(folder) == []


def test_an_oversized_file_is_refused_without_being_read_whole(app, client, signed_in, event, folder):
    app.config["LOGO_MAX_BYTES"] = 4096
    signed_in("manager")
    big = png(80, 80, noise=True)
    assert len(big) > 4096
    response = _branding(client, event, logo=(BytesIO(big), "big.png"))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "logo") == (
        "The file is larger than 4 KB, the most a logo may be."
    )
    assert _files(folder) == [] and _stored(app, event.id).logo_file is None
    assert "at most 4 KB and 4,000 pixels on each side" in client.get(f"/manage/events/{event.id}/edit").get_data(
        as_text=True
    )


def test_an_earlier_logo_stays_when_a_bad_file_is_sent(app, client, signed_in, event, folder):
    signed_in("manager")
    assert _branding(client, event, logo=(BytesIO(png()), "a.png")).status_code == 302
    before = _stored(app, event.id).logo_file
    assert _branding(client, event, logo=(BytesIO(b"GIF89a..."), "b.png")).status_code == 422
    assert _stored(app, event.id).logo_file == before and _files(folder) == [before]


def test_removing_or_replacing_the_logo_deletes_a_file_no_event_uses(app, session, event, folder):
    other = editing.create_event(session, "setup", _values(slug="other", title="Other"))
    with app.test_request_context():
        editing.save_branding(session, ACTOR, event, BrandingValues(None, "a4_quarter", logo=png()))
        editing.save_branding(session, ACTOR, other, BrandingValues(None, "a4_quarter", logo=png()))
        shared = event.logo_file
        editing.save_branding(session, ACTOR, event, BrandingValues(None, "a4_quarter", logo=png(10, 10)))
        assert shared in _files(folder)  # the other event still shows it
        editing.save_branding(session, ACTOR, other, BrandingValues(None, "a4_quarter", remove_logo=True))
        assert _files(folder) == [event.logo_file]
        assert other.logo_file is None
        with pytest.raises(ModelValidationError) as both:
            editing.save_branding(session, ACTOR, event, BrandingValues(None, "a6", logo=png(), remove_logo=True))
    assert both.value.field == "remove_logo"


def test_the_logo_of_a_draft_or_of_an_event_without_one_is_not_found(app, client, signed_in, session, event):
    assert client.get(f"/events/{event.slug}/logo").status_code == 404
    draft = editing.create_event(session, "setup", _values(slug="draft", title="Draft", published=False))
    with app.test_request_context():
        editing.save_branding(session, ACTOR, draft, BrandingValues(None, "a6", logo=png()))
    assert client.get("/events/draft/logo").status_code == 404
    signed_in("viewer")
    assert client.get(f"/manage/events/{draft.id}/logo").status_code == 200


# --- the colour -----------------------------------------------------------------------------------


def test_contrast_is_wcags_ratio():
    assert round(colours.contrast("#000000", "#ffffff"), 2) == 21
    assert round(colours.contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes
    assert colours.contrast("#0b5ea8", "#ffffff") == colours.contrast("#ffffff", "#0b5ea8")


@pytest.mark.parametrize("colour", ["#767676", "#0b5ea8", "#a40000", "#000000"])
def test_a_colour_white_text_reads_on_is_accepted(app, client, signed_in, event, colour):
    signed_in("manager")
    assert _branding(client, event, brand_colour=colour).status_code == 302
    assert _stored(app, event.id).brand_colour == colour


@pytest.mark.parametrize(
    "colour, message",
    [
        (
            "#ffcc00",
            "White text on #ffcc00 has a contrast of only 1.51:1; at least 4.5:1 is needed (WCAG 2.1 AA). "
            "Choose a darker colour.",
        ),
        ("#777777", "White text on #777777 has a contrast of only 4.47:1"),  # cut, never rounded up to 4.5
        ("blue", "Give the colour as # and six hexadecimal digits"),
        ("#12345", "Give the colour as # and six hexadecimal digits"),
        ("#0b5ea8;}body{x", "A colour is # and six hexadecimal digits."),
    ],
)
def test_a_colour_white_text_does_not_read_on_is_refused_with_its_ratio(app, client, signed_in, event, colour, message):
    signed_in("manager")
    response = _branding(client, event, brand_colour=colour, badge_layout="a6")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in field_error(page, "brand_colour")
    assert html.escape(colour) in page  # the typed value stays in the field
    stored = _stored(app, event.id)
    assert (stored.brand_colour, stored.badge_layout) == (None, "a4_quarter")


def test_the_model_refuses_an_unreadable_colour_from_any_caller(app, session, event):
    event.brand_colour = "#ffff00"
    session.add(event)
    with app.test_request_context(), pytest.raises(ModelValidationError) as refused:
        session.flush()
    assert refused.value.field == "brand_colour"
    session.rollback()


def test_the_colours_stylesheet_is_immutable_and_refuses_unreadable_colours(client):
    response = client.get("/brand/0b5ea8.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "background-color: #0b5ea8" in response.get_data(as_text=True)
    assert "immutable" in response.headers["Cache-Control"] and "public" in response.headers["Cache-Control"]
    for bad in ("ffcc00", "0B5EA8", "red", "0b5ea8%3Bx"):
        assert client.get(f"/brand/{bad}.css").status_code == 404, bad


def test_an_unknown_badge_layout_is_refused(app, client, signed_in, event):
    signed_in("manager")
    response = _branding(client, event, badge_layout="a3")
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "badge_layout")


# --- the pages ------------------------------------------------------------------------------------


def _meta(page: str) -> dict[str, str]:
    return {
        key: html.unescape(value)
        for key, value in re.findall(r'<meta (?:property|name)="([a-z:_]+)" content="([^"]*)">', page)
    }


def test_the_event_page_shows_the_logo_and_the_colour_and_shares_absolute_urls(app, client, session, event):
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    meta = _meta(page)
    assert meta["og:title"] == event.title and meta["og:description"] == event.description
    assert meta["og:url"] == f"https://localhost/events/{event.slug}"
    assert meta["og:image"] == "https://localhost/static/emblem.png" and meta["twitter:card"] == "summary"
    assert "event-brand" not in page and "/brand/" not in page

    with app.test_request_context():
        editing.save_branding(session, ACTOR, event, BrandingValues("#1b7837", "a4_quarter", logo=png()))
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)  # the page cache sees the change
    meta = _meta(page)
    version = event.logo_file[:16]
    assert meta["og:image"] == f"https://localhost/events/{event.slug}/logo?v={version}"
    assert meta["og:image:alt"] == f"Logo of {event.title}"
    assert f'<img class="event-logo" src="/events/{event.slug}/logo?v={version}" alt="">' in page
    assert 'class="event-header event-brand"' in page and 'href="/brand/1b7837.css"' in page
    assert client.get(meta["og:image"].removeprefix("https://localhost")).status_code == 200


def test_a_long_description_is_shortened_for_share_cards(client, session, event):
    event.description = "word " * 100
    session.add(event)
    session.commit()
    description = _meta(client.get(f"/events/{event.slug}").get_data(as_text=True))["og:description"]
    assert len(description) <= 200 and description.endswith("word…")


def test_the_site_name_and_emblem_come_from_the_configuration(database_url):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "SITE_NAME": "UNOSSC Events",
            "SITE_EMBLEM_URL": "/static/favicon.svg",
        }
    )
    page = app.test_client().get("/").get_data(as_text=True)
    assert '<img class="site-emblem" src="/static/favicon.svg" alt="">UNOSSC Events</a>' in page
    assert re.search(r"<title>[^<]* · UNOSSC Events</title>", page)


def test_the_default_header_names_the_planner_with_its_own_emblem(client):
    page = client.get("/").get_data(as_text=True)
    assert '<img class="site-emblem" src="/static/emblem.png" alt="">Secretariat planner</a>' in page
    assert client.get("/static/emblem.png").status_code == 200


@pytest.mark.parametrize("emblem", ["https://example.org/un.png", "//example.org/un.png", "emblem.png", '/a"b.png'])
def test_an_emblem_that_is_not_a_path_on_this_site_stops_the_app(tmp_path, emblem):
    with pytest.raises(ConfigError, match="^SITE_EMBLEM_URL: "):
        branding_settings(tmp_path, {"SITE_EMBLEM_URL": emblem})


@pytest.mark.parametrize("limit", ["abc", "-5", "10", "1e6", "99999999999"])
def test_a_bad_logo_limit_stops_the_app(tmp_path, limit):
    with pytest.raises(ConfigError, match="^LOGO_MAX_BYTES: "):
        branding_settings(tmp_path, {"LOGO_MAX_BYTES": limit})


def test_the_logo_folder_defaults_to_the_instance_folder(tmp_path):
    settings = branding_settings(tmp_path / "instance", {})
    assert settings["LOGO_FOLDER"] == tmp_path / "instance" / "logos" and settings["LOGO_MAX_BYTES"] == 1024 * 1024
    assert branding_settings(tmp_path / "instance", {"LOGO_FOLDER": "data/logos"})["LOGO_FOLDER"] == (
        tmp_path / "data" / "logos"
    )


# --- the audit trail ------------------------------------------------------------------------------


def test_each_change_is_in_the_events_history_as_people_read_it(app, client, signed_in, event):
    signed_in("manager")
    data = png()
    first = _branding(client, event, logo=(BytesIO(data), "a.png"), brand_colour="#0b5ea8", badge_layout="holder_4x3")
    second = _branding(client, event, remove_logo="y", brand_colour="", badge_layout="holder_4x3")
    assert (first.status_code, second.status_code) == (302, 302)
    page = client.get(f"/manage/events/{event.id}").get_data(as_text=True)
    entries = re.findall(r'<li class="audit-entry" data-action="branding">(.*?)</li>', page, re.S)
    assert len(entries) == 2 and all("<strong>Branding and badge stock</strong>" in entry for entry in entries)
    text = " ".join(" ".join(re.sub(r"<[^>]+>", " ", html.unescape(entry)).split()) for entry in entries)
    code = hashlib.sha256(data).hexdigest()[:8]
    assert f"PNG image {code}" in text and "#0b5ea8" in text and "Badge holder inserts" in text
    assert hashlib.sha256(data).hexdigest() not in text  # no raw 64-digit name
    with Session(app.extensions["planner.engine"]) as fresh:
        actions = fresh.exec(select(AuditEntry.action).where(AuditEntry.object_type == "event")).all()
    assert actions.count("branding") == 2


def test_saving_the_same_branding_again_records_nothing(app, client, signed_in, event):
    signed_in("manager")
    _branding(client, event, brand_colour="#0b5ea8")
    response = _branding(client, event, brand_colour="#0b5ea8")
    assert "Nothing was changed." in client.get(response.headers["Location"]).get_data(as_text=True)
    with Session(app.extensions["planner.engine"]) as fresh:
        assert fresh.exec(select(AuditEntry.action).where(AuditEntry.action == "branding")).all() == ["branding"]


def test_a_change_is_not_saved_without_its_audit_entry(app, session, event, monkeypatch):
    def fail(*_args, **_kwargs):
        raise RuntimeError("the audit entry could not be written")

    monkeypatch.setattr(planner.audit.trail, "record_change", fail)
    with app.test_request_context(), pytest.raises(RuntimeError):
        editing.save_branding(session, ACTOR, event, BrandingValues("#0b5ea8", "a6", logo=png()))
    stored = _stored(app, event.id)
    assert (stored.logo_file, stored.brand_colour, stored.badge_layout) == (None, None, "a4_quarter")
