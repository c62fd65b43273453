"""Feeds in the six languages (`?lang=`): translated titles with a LANGUAGE parameter, fixed words
gettext'd, and without `?lang=` the feed as it always was, whatever the client's language."""

from __future__ import annotations

from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest
import vobject
from flask_babel import get_locale
from icalendar import Calendar
from sqlmodel import select

from planner.calendar import builder, feeds
from planner.events.models import Event
from planner.events.translations import save_translation
from planner.i18n.languages import LANGUAGES
from tests.calendar.test_http import _count_queries

FEED = "/calendar.ics"
UN_DAY = "un-day-for-south-south-cooperation"
UN_DAY_FR = "Journée des Nations Unies pour la coopération Sud-Sud"
EXPO_FR = "Huitième Exposition mondiale sur le développement Sud-Sud"


def _unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


def _by_url(data: bytes, slug: str):
    [vevent] = [
        v
        for v in Calendar.from_ical(data).walk("VEVENT")
        if str(v.get("URL", "")).endswith(f"/events/{slug}") and "RELATED-TO" not in v
    ]
    return vevent


def test_a_feed_in_french_gives_the_french_title_with_its_language(client, feed_data):
    response = client.get(f"{FEED}?lang=fr")
    assert response.status_code == 200
    assert f"SUMMARY;LANGUAGE=fr:{UN_DAY_FR}\r\n" in _unfolded(response.data)
    un_day = _by_url(response.data, UN_DAY)
    assert str(un_day["SUMMARY"]) == UN_DAY_FR
    assert un_day["SUMMARY"].params["LANGUAGE"] == "fr"
    parsed = vobject.readOne(response.get_data(as_text=True))
    summaries = {(v.summary.value, tuple(v.summary.params.get("LANGUAGE", ()))) for v in parsed.vevent_list}
    assert (UN_DAY_FR, ("fr",)) in summaries


def test_an_event_without_a_translation_keeps_its_title_and_no_language(client, feed_data):
    data = client.get(f"{FEED}?lang=fr").data
    untranslated = _by_url(data, "ny-summer-2019")
    assert str(untranslated["SUMMARY"]) == "Briefing in New York, July 2019"
    assert "LANGUAGE" not in untranslated["SUMMARY"].params


def test_chinese_uses_its_bcp47_tag(client, feed_data):
    data = _unfolded(client.get(f"{FEED}?lang=zh").data)
    assert "SUMMARY;LANGUAGE=zh-Hans:联合国南南合作日\r\n" in data


def _event(session, slug: str) -> Event:
    return session.exec(select(Event).where(Event.slug == slug)).one()


def test_a_translated_description_is_tagged_too(client, session, feed_data):
    save_translation(
        session,
        _event(session, "gssd-expo-2016"),
        "fr",
        EXPO_FR,
        "Innover pour le Programme 2030",
        "Des solutions du Sud.",
        "test",
    )
    expo = _by_url(client.get(f"{FEED}?lang=fr").data, "gssd-expo-2016")
    assert str(expo["DESCRIPTION"]).startswith("Des solutions du Sud.\n\nThème\u00a0: Innover pour le")
    assert "Mandat\u00a0: A/RES/71/244, par. 21" in str(expo["DESCRIPTION"])  # fixed words in French
    assert expo["DESCRIPTION"].params["LANGUAGE"] == "fr"
    assert str(expo["SUMMARY"]) == EXPO_FR and expo["SUMMARY"].params["LANGUAGE"] == "fr"


@pytest.fixture
def marking_locale(monkeypatch):
    """gettext replaced by one that writes the locale it ran in before the English text."""

    def fake(text, **values):
        return f"[{get_locale()}]" + (text % values if values else text)

    monkeypatch.setattr(builder, "_", fake)
    monkeypatch.setattr(feeds, "_", fake)
    builder._cached_mandate_line.cache_clear()
    yield
    builder._cached_mandate_line.cache_clear()  # no marked line left for the other tests


def test_fixed_words_are_gettexted_in_the_feeds_language(client, feed_data, marking_locale):
    unfolded = _unfolded(client.get("/mandates/A-RES-71-244/calendar.ics?lang=ru").data)
    assert "SUMMARY:[ru]Due: Comprehensive report" in unfolded
    assert "X-WR-CALDESC:[ru]Events\\, sessions and deadlines mandated by A/RES/71/244" in unfolded
    assert "[ru]Mandate: A/RES/71/244" in unfolded


def test_without_lang_fixed_words_are_english_whatever_the_client_asks(client, feed_data, marking_locale):
    data = _unfolded(client.get(FEED, headers={"Accept-Language": "fr", "Cookie": "lang=zh"}).data)
    assert "[en]Theme: Enhancing innovation" in data
    assert "[fr]" not in data and "[zh]" not in data


def test_without_lang_the_feed_ignores_the_clients_language(client, feed_data):
    plain = client.get(FEED)
    for headers in ({"Accept-Language": "fr"}, {"Cookie": "lang=ar"}):
        other = client.get(FEED, headers=headers)
        assert other.data == plain.data and other.headers["ETag"] == plain.headers["ETag"]
    text = _unfolded(plain.data)
    assert "LANGUAGE=" not in text
    assert "SUMMARY:United Nations Day for South-South Cooperation\r\n" in text
    assert "X-WR-CALNAME:UN South-South events\r\n" in text


def test_unknown_language_is_a_plain_400_naming_the_six(client, feed_data):
    response = client.get(f"{FEED}?lang=xx")
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert "ar, zh, en, fr, ru, es" in response.get_data(as_text=True)
    assert client.get("/events/bapa-40/calendar.ics?lang=klingon").status_code == 400


def test_the_etag_differs_by_language_and_follows_the_translations(client, session, feed_data):
    tags = {lang: client.get(f"{FEED}?lang={lang}").headers["ETag"] for lang in ("fr", "es")}
    plain = client.get(FEED).headers["ETag"]
    assert len({plain, *tags.values()}) == 3
    response = client.get(f"{FEED}?lang=fr", headers={"If-None-Match": tags["fr"]})
    assert response.status_code == 304
    save_translation(session, _event(session, UN_DAY), "fr", "Journée Sud-Sud", "", "", "test")
    response = client.get(f"{FEED}?lang=fr", headers={"If-None-Match": tags["fr"]})
    assert response.status_code == 200
    assert "SUMMARY;LANGUAGE=fr:Journée Sud-Sud\r\n" in _unfolded(response.data)


def test_a_304_in_a_language_costs_the_same_single_query(app, client, feed_data):
    for url in (f"{FEED}?lang=fr", "/events/bapa-40/calendar.ics?lang=ru"):
        etag = client.get(url).headers["ETag"]
        expected = 1 if url.startswith(FEED) else 2
        assert _count_queries(app, client, url, headers={"If-None-Match": etag}) == expected


def test_an_event_feed_is_named_in_the_language(client, feed_data):
    data = _unfolded(client.get("/events/bapa-40/calendar.ics?lang=es").data)
    assert "X-WR-CALNAME:Segunda Conferencia de Alto Nivel de las Naciones Unidas" in data
    assert "SUMMARY;LANGUAGE=es:Segunda Conferencia" in data
    download = _unfolded(client.get("/events/bapa-40/event.ics?lang=zh").data)
    assert "X-WR-CALNAME:第二次联合国南南合作高级别会议" in download


@pytest.mark.parametrize("lang", ["ar", "ru"])
def test_sessions_name_their_event_in_the_language(client, feed_data, lang):
    data = client.get(f"/events/bapa-40/calendar.ics?lang={lang}").data
    bapa = _by_url(data, "bapa-40")
    title = str(bapa["SUMMARY"])
    sessions = [v for v in Calendar.from_ical(data).walk("VEVENT") if "RELATED-TO" in v]
    assert sessions and all(title in str(v["DESCRIPTION"]) for v in sessions)


def test_feed_language_parses_the_parameter():
    assert feeds.feed_language(None) is None
    assert feeds.feed_language("FR") == "fr"
    with pytest.raises(feeds.FeedError):
        feeds.feed_language("")


def _row(**fields):
    values = dict(
        id=5,
        slug="expo",
        title="Expo",
        theme="",
        description="",
        host="",
        kind="expo",
        status="scheduled",
        all_day=True,
        first_day=date(2030, 10, 1),
        last_day=date(2030, 10, 3),
        recurrence=None,
        city="Dubai",
        country="AE",
        sequence=0,
        updated_at=datetime(2030, 1, 1, tzinfo=timezone.utc),
    )
    return SimpleNamespace(**{**values, **fields})


def test_the_builder_tags_only_what_is_wholly_in_the_language():
    """A DESCRIPTION mixing a translated theme with an untranslated description gets no LANGUAGE;
    country names follow the language (CLDR)."""
    event = _row(theme="Innovation", description="Solutions.")
    mixed = {5: SimpleNamespace(title="", theme="Innovación", description="")}
    vevent = builder.event_vevent(
        event, [], "https://p.example", "p.example", language=LANGUAGES["es"], translations=mixed
    )
    assert "LANGUAGE" not in vevent["SUMMARY"].params and "LANGUAGE" not in vevent["DESCRIPTION"].params
    assert str(vevent["DESCRIPTION"]) == "Solutions.\n\nTheme: Innovación"
    assert str(vevent["LOCATION"]) == "Dubai, Emiratos Árabes Unidos"
    whole = {5: SimpleNamespace(title="Exposición", theme="Innovación", description="Soluciones.")}
    vevent = builder.event_vevent(
        event, [], "https://p.example", "p.example", language=LANGUAGES["es"], translations=whole
    )
    text = vevent.to_ical().decode()
    assert "SUMMARY;LANGUAGE=es:Exposición\r\n" in text
    assert "DESCRIPTION;LANGUAGE=es:Soluciones.\\n\\nTheme: Innovación\r\n" in text
    plain = builder.event_vevent(event, [], "https://p.example", "p.example").to_ical().decode()
    assert "SUMMARY:Expo\r\n" in plain and "LOCATION:Dubai\\, United Arab Emirates\r\n" in plain
