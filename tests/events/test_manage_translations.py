"""The translations page of an event: managers write, viewers read, typed input survives errors."""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import select

from planner.db import get_session
from planner.events import editing
from planner.events.editing import EventValues
from planner.events.models import Event, EventTranslation
from planner.events.translations import save_translation
from tests.forms import BASE, field_error, field_value, post_form

FR = {
    "language": "fr",
    "fr-title": "Journée des Nations Unies pour la coopération Sud-Sud",
    "fr-theme": "",
    "fr-description": "Célébrée chaque année le 12 septembre.",
}


def _event_id(app) -> int:
    with app.app_context():
        return editing.create_event(
            get_session(),
            "test",
            EventValues(
                slug="un-day",
                title="United Nations Day for South-South Cooperation",
                kind="observance",
                status="scheduled",
                timezone="America/New_York",
                all_day=True,
                first_day=date(2030, 9, 12),
                last_day=date(2030, 9, 12),
                published=True,
            ),
        ).id


def _translations(app) -> dict[str, EventTranslation]:
    with app.app_context():
        return {t.language: t for t in get_session().exec(select(EventTranslation))}


def test_the_page_has_a_form_per_language_with_its_direction(app, client, signed_in):
    event_id = _event_id(app)
    signed_in("manager")
    page = client.get(f"/manage/events/{event_id}/translations").get_data(as_text=True)
    for code in ("ar", "zh", "fr", "ru", "es"):
        assert f'name="{code}-title"' in page and f'id="translation-{code}"' in page
    # The original is entered in English (CONTENT_LANGUAGE): no English form, and none is taken.
    assert 'name="en-title"' not in page
    refused = post_form(client, f"/manage/events/{event_id}/translations", {"language": "en", "en-title": "Other"})
    assert refused.status_code == 422 and "languages the event is translated into" in refused.get_data(as_text=True)
    assert "en" not in _translations(app)
    [arabic] = re.findall(r'<input[^>]*name="ar-title"[^>]*>', page)
    assert 'dir="rtl"' in arabic and 'lang="ar"' in arabic
    [french] = re.findall(r'<textarea[^>]*name="fr-description"[^>]*>', page)
    assert 'dir="ltr"' in french and 'lang="fr"' in french
    assert 'lang="zh-Hans"' in page
    assert f'href="/manage/events/{event_id}/translations"' in client.get(f"/manage/events/{event_id}").get_data(
        as_text=True
    )


def test_a_manager_saves_a_translation_and_sees_it_in_the_history(app, client, signed_in):
    event_id = _event_id(app)
    signed_in("manager")
    url = f"/manage/events/{event_id}/translations"
    response = post_form(client, url, FR)
    assert response.status_code == 302 and response.headers["Location"].endswith("#translation-fr")
    page = client.get(url).get_data(as_text=True)
    assert "The French translation was saved." in page
    assert field_value(page, "fr-title") == FR["fr-title"]
    stored = _translations(app)["fr"]
    assert (stored.title, stored.description) == (FR["fr-title"], FR["fr-description"])
    history = client.get(f"/manage/events/{event_id}").get_data(as_text=True)
    assert "<strong>Translate</strong> by manager@un.example" in history and "title (Français)" in history
    public = client.get("/events/un-day?lang=fr").get_data(as_text=True)
    assert FR["fr-title"] in public


def test_emptying_the_three_fields_removes_the_translation(app, client, signed_in):
    event_id = _event_id(app)
    signed_in("manager")
    url = f"/manage/events/{event_id}/translations"
    post_form(client, url, FR)
    response = post_form(
        client, url, {"language": "fr", "fr-title": "", "fr-theme": "", "fr-description": ""}, follow_redirects=True
    )
    assert "The French translation was removed." in response.get_data(as_text=True)
    assert _translations(app) == {}


def test_errors_keep_what_was_typed(app, client, signed_in):
    event_id = _event_id(app)
    signed_in("manager")
    url = f"/manage/events/{event_id}/translations"
    response = post_form(client, url, {**FR, "fr-title": "T" * 301, "fr-theme": "Thème"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "fr-title")
    assert field_value(page, "fr-title") == "T" * 301 and field_value(page, "fr-theme") == "Thème"
    assert _translations(app) == {}


def test_an_unknown_language_is_refused(app, client, signed_in):
    event_id = _event_id(app)
    signed_in("manager")
    response = post_form(client, f"/manage/events/{event_id}/translations", {"language": "de", "de-title": "Tag"})
    assert response.status_code == 422 and _translations(app) == {}


def test_a_viewer_reads_but_cannot_write(app, client, signed_in):
    event_id = _event_id(app)
    with app.app_context():
        session = get_session()
        save_translation(session, session.get(Event, event_id), "fr", FR["fr-title"], "", "", "test")
    signed_in("viewer")
    url = f"/manage/events/{event_id}/translations"
    page = client.get(url).get_data(as_text=True)
    assert FR["fr-title"] in page and 'name="fr-title"' not in page
    response = post_form(client, f"/manage/events/{event_id}", {**FR, "fr-title": "Autre"}, action=url)
    assert response.status_code == 403
    assert _translations(app)["fr"].title == FR["fr-title"]


def test_a_post_without_the_csrf_token_is_refused(app, client, signed_in):
    event_id = _event_id(app)
    signed_in("manager")
    url = f"/manage/events/{event_id}/translations"
    response = client.post(url, data=FR, headers={"Referer": BASE + url})
    assert response.status_code == 400 and _translations(app) == {}
