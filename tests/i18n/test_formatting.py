"""Dates, times, numbers and countries in the reader's language (CLDR data through Babel), always in
the event's own zone."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from planner import formatting
from planner.events import formatting as event_formatting
from planner.events.models import Event


@pytest.fixture
def in_language(seeded_app):
    def enter(code: str):
        return seeded_app.test_request_context(f"/?lang={code}")

    return enter


RANGES = {
    "en": ("16–19 May 2016", "31 October – 3 November 2016", "30 December 2018 – 2 January 2019"),
    "fr": ("16–19 mai 2016", "31 octobre – 3 novembre 2016", "30 décembre 2018 – 2 janvier 2019"),
    "ar": ("16–19 مايو 2016", "31 أكتوبر – 3 نوفمبر 2016", "30 ديسمبر 2018 – 2 يناير 2019"),
    "zh": ("2016年5月16日至19日", "2016年10月31日至11月3日", "2018年12月30日至2019年1月2日"),
    "ru": (
        "16–19 мая 2016\u202fг.",
        "31 октября – 3 ноября 2016\u202fг.",
        "30 декабря 2018\u202fг. – 2 января 2019\u202fг.",
    ),
}


@pytest.mark.parametrize("code", list(RANGES))
def test_day_ranges_follow_the_language(in_language, code):
    with in_language(code):
        got = (
            formatting.day_range(date(2016, 5, 16), date(2016, 5, 19)),
            formatting.day_range(date(2016, 10, 31), date(2016, 11, 3)),
            formatting.day_range(date(2018, 12, 30), date(2019, 1, 2)),
        )
    assert got == RANGES[code]


def test_times_are_shown_in_the_events_zone_whatever_the_language(in_language):
    event = Event(
        slug="x",
        title="x",
        kind="briefing",
        timezone="America/New_York",
        status="scheduled",
        starts_at=datetime(2026, 7, 1, 13, 0, tzinfo=timezone.utc),
        ends_at=datetime(2026, 7, 1, 15, 30, tzinfo=timezone.utc),
    )
    with in_language("en"):
        assert event_formatting.event_when(event) == "1 July 2026, 09:00–11:30 (America/New_York)"
    with in_language("es"):
        assert event_formatting.event_when(event) == "1 de julio de 2026, 9:00–11:30 (America/New_York)"
    with in_language("zh"):
        assert event_formatting.event_when(event) == "2026年7月1日 09:00–11:30（America/New_York）"
    with in_language("ar"):
        assert event_formatting.event_when(event) == "1 يوليو 2026، 09:00–11:30 (America/New_York)"


def test_date_and_time_default_to_utc_and_name_no_zone(in_language):
    moment = datetime(2019, 3, 20, 9, 5, tzinfo=timezone.utc)
    with in_language("en"):
        assert formatting.date_and_time(moment) == "20 March 2019, 09:05"
        assert formatting.date_and_time(moment, ZoneInfo("Asia/Dubai")) == "20 March 2019, 13:05"
    with in_language("fr"):
        assert formatting.date_and_time(moment) == "20 mars 2019, 09:05"


def test_numbers_and_countries_follow_the_language(in_language):
    with in_language("en"):
        assert formatting.number(12345) == "12,345"
        assert formatting.country("AR") == "Argentina"
    with in_language("fr"):
        assert formatting.number(12345) == "12\u202f345"
        assert formatting.country("AE") == "Émirats arabes unis"
    with in_language("ar"):
        assert formatting.country("AR") == "الأرجنتين"
    with in_language("ru"):
        assert formatting.country("CN") == "Китай"


def test_outside_a_request_formatting_is_english(seeded_app):
    with seeded_app.app_context():
        assert formatting.date_long(date(2019, 3, 20)) == "20 March 2019"
    assert formatting.date_long(date(2019, 3, 20)) == "20 March 2019"


def test_event_pages_format_dates_in_the_readers_language(reader):
    page = reader.get("/events/bapa-40?lang=fr").get_data(as_text=True)
    assert "20–22 mars 2019" in page
    assert "Argentine" in page
    page = reader.get("/events/bapa-40?lang=zh").get_data(as_text=True)
    assert "2019年3月20日至22日" in page


def test_places_are_written_the_way_each_language_writes_them(in_language):
    event = Event(
        slug="x",
        title="x",
        kind="briefing",
        timezone="America/Argentina/Buenos_Aires",
        city="Buenos Aires",
        country="AR",
    )
    with in_language("en"):
        assert event_formatting.event_place(event) == "Buenos Aires, Argentina"
    with in_language("ar"):
        assert event_formatting.event_place(event) == "Buenos Aires، الأرجنتين"
    with in_language("zh"):
        assert event_formatting.event_place(event) == "阿根廷Buenos Aires"
    event.city = ""
    with in_language("fr"):
        assert event_formatting.event_place(event) == "Argentine"
