"""Which language a page is in: ?lang=, then the remembered choice, then Accept-Language."""

from __future__ import annotations

import re

import pytest

from planner.i18n import LANGUAGES


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def test_no_preference_gives_english_left_to_right(reader):
    page = reader.get("/").get_data(as_text=True)
    assert html_tag(page) == '<html lang="en" dir="ltr">'


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_each_language_sets_html_lang_and_dir(reader, code):
    page = reader.get(f"/?lang={code}").get_data(as_text=True)
    language = LANGUAGES[code]
    assert html_tag(page) == f'<html lang="{language.tag}" dir="{language.direction}">'
    assert ("rtl" if code == "ar" else "ltr") == language.direction


def test_accept_language_is_used_when_nothing_was_chosen(reader):
    page = reader.get("/", headers={"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"}).get_data(as_text=True)
    assert 'lang="fr"' in html_tag(page)
    page = reader.get("/", headers={"Accept-Language": "de, ru;q=0.8"}).get_data(as_text=True)
    assert 'lang="ru"' in html_tag(page)
    page = reader.get("/", headers={"Accept-Language": "de, ja"}).get_data(as_text=True)
    assert 'lang="en"' in html_tag(page)


def test_a_chosen_language_is_remembered_and_beats_the_browser(reader):
    response = reader.get("/?lang=ar")
    assert "lang=ar" in response.headers["Set-Cookie"]
    page = reader.get("/mandates/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert html_tag(page) == '<html lang="ar" dir="rtl">'
    page = reader.get("/mandates/?lang=es", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'lang="es"' in html_tag(page)
    assert 'lang="es"' in html_tag(reader.get("/").get_data(as_text=True))


def test_an_unknown_lang_is_ignored_not_an_error(reader):
    response = reader.get("/?lang=xx", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in html_tag(response.get_data(as_text=True))
    assert "Set-Cookie" not in response.headers


def test_pages_say_what_their_language_depends_on(reader):
    vary = reader.get("/").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_feeds_do_not_set_the_language_cookie(reader):
    response = reader.get("/calendar.ics?lang=fr")
    assert "Set-Cookie" not in response.headers
    assert "Accept-Language" not in response.headers.get("Vary", "")


def test_every_page_has_a_switcher_naming_each_language_in_itself(reader):
    page = reader.get("/events/bapa-40?lang=ru").get_data(as_text=True)
    switcher = re.search(r'<nav class="languages".*?</nav>', page, re.S).group(0)
    for code, native in [
        ("ar", "العربية"),
        ("zh", "中文"),
        ("en", "English"),
        ("fr", "Français"),
        ("ru", "Русский"),
        ("es", "Español"),
    ]:
        assert re.search(
            rf'<a href="/events/bapa-40\?lang={code}" lang="[^"]+" hreflang="[^"]+"'
            rf"[^>]*>{native}</a>",
            switcher,
        ), code
    assert re.search(r'lang="ru" hreflang="ru" aria-current="true">Русский', switcher)


def test_the_switcher_keeps_the_other_query_parameters(reader):
    page = reader.get("/?kind=expo&lang=en").get_data(as_text=True)
    assert "?kind=expo&amp;lang=fr" in page


def test_text_shown_as_entered_carries_its_language_on_pages_in_another(reader):
    """WCAG 3.1.2: an untranslated English title on an Arabic page is marked lang="en"; a
    translated one is not, and an English page needs no mark at all."""
    arabic = reader.get("/events/bapa-40?lang=ar").get_data(as_text=True)
    assert re.search(r"<h1><bdi>[^<]*الأمم المتحدة", arabic)  # translated by seed-demo
    assert re.search(r'<p class="pre-line" dir="auto" lang="en">On the occasion', arabic)  # description as entered
    assert re.search(r'<h4 lang="en"><a href="[^"]+"><bdi>Opening plenary', arabic)  # sample session title
    english = reader.get("/events/bapa-40?lang=en").get_data(as_text=True)
    assert "<h4 lang=" not in english and re.search(r"<h4><a href=\"[^\"]+\"><bdi>Opening plenary", english)


def test_content_language_is_checked_at_start_up():
    from planner.config import ConfigError
    from planner.i18n import content_language

    assert content_language({"CONTENT_LANGUAGE": "FR"}) == "fr"
    assert content_language({}) == "en"
    with pytest.raises(ConfigError, match="CONTENT_LANGUAGE: 'de' is not one of ar, zh, en"):
        content_language({"CONTENT_LANGUAGE": "de"})


def test_pages_name_their_language_and_point_to_the_others(reader):
    response = reader.get("/mandates/?lang=ru")
    assert response.headers["Content-Language"] == "ru"
    page = response.get_data(as_text=True)
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page)
    assert alternates == [
        ("ar", "/mandates/?lang=ar"),
        ("zh-Hans", "/mandates/?lang=zh"),
        ("en", "/mandates/?lang=en"),
        ("fr", "/mandates/?lang=fr"),
        ("es", "/mandates/?lang=es"),
    ]
