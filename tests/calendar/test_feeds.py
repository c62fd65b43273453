"""Every feed the app serves, read by the parsers real clients use (ical.js, libical, vobject,
python-icalendar, recurring-ical-events; README "Calendar feeds").

Runs on SQLite and PostgreSQL (the `backend` fixture under `session`), with the demo data plus
the probe events of tests/calendar/conftest.py.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import recurring_ical_events
from icalendar import Calendar

from tests.calendar import parsers
from tests.calendar.conftest import MIXED_TITLE

EVENT_SLUGS = [
    "ny-summer-2019",
    "ny-winter-2020",
    "ny-summer-2006",
    "geneva-cancelled",
    "mixed-title",
    "gssd-expo-2016",
    "bapa-40",
    "un-day-for-south-south-cooperation",
    "hlc-19",
]
# 09:00 in New York: 13:00 UTC in summer, 14:00 in winter, and in 2006 under the old rule.
NEW_YORK = {
    "Briefing in New York, July 2019": datetime(2019, 7, 15, 13, tzinfo=timezone.utc),
    "Briefing in New York, January 2020": datetime(2020, 1, 15, 14, tzinfo=timezone.utc),
    "Briefing in New York, July 2006": datetime(2006, 7, 10, 13, tzinfo=timezone.utc),
    "Briefing in New York, March 2006 (old rule: winter)": datetime(2006, 3, 20, 14, tzinfo=timezone.utc),
}
FEEDS = (
    [
        "/calendar.ics",
        "/calendar.ics?kind=briefing",
        "/calendar.ics?series=gssd-expo",
        "/mandates/A-RES-71-244/calendar.ics",
    ]
    + [f"/events/{slug}/calendar.ics" for slug in EVENT_SLUGS]
    + [f"/events/{slug}/event.ics" for slug in EVENT_SLUGS]
)


@pytest.fixture
def served(client, feed_data, tmp_path):
    """{url: path of the bytes served}, every one a 200 text/calendar answer."""
    paths = {}
    for number, url in enumerate(FEEDS):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content_type == "text/calendar; charset=utf-8"
        paths[url] = tmp_path / f"feed{number}.ics"
        paths[url].write_bytes(response.data)
    return paths


def test_bytes_follow_rfc5545_line_rules(served):
    for url, path in served.items():
        assert parsers.byte_problems(path.read_bytes()) == [], url
    # The mixed title really was folded inside Arabic and Chinese text.
    assert len(served["/events/mixed-title/calendar.ics"].read_bytes().split(b"\r\n ")) > 3


def test_icaljs_parses_every_feed_to_the_expected_instants(served, feed_data):
    results = parsers.icaljs(list(served.values()))
    for url, path in served.items():
        parsed = results[str(path)]
        assert parsed["events"], url
        for event in parsed["events"]:
            assert event["known_zone"], (url, event["tzid"])
            if not event["is_date"]:
                assert event["start"] == parsers.unix(feed_data.expected_utc[event["uid"]]), (url, event["summary"])
    everything = {e["summary"]: e for e in results[str(served["/calendar.ics"])]["events"]}
    for summary, utc in NEW_YORK.items():
        assert everything[summary]["start"] == parsers.unix(utc), summary
    expo = everything["Eighth annual Global South-South Development Expo"]
    assert (expo["is_date"], expo["start"], expo["end"]) == (True, "2016-10-31", "2016-11-04")
    assert everything["Cancelled consultation"]["status"] == "CANCELLED"
    assert everything[MIXED_TITLE]["summary"] == MIXED_TITLE


def test_libical_parses_every_feed_without_errors(served, feed_data):
    results = parsers.libical(list(served.values()))
    for url, path in served.items():
        result = results[str(path)]
        assert result["errors"] == [], url
        for event in result["events"]:
            if isinstance(event["start"], int):
                assert event["start"] == parsers.unix(feed_data.expected_utc[event["uid"]]), (url, event["summary"])
    starts = {e["summary"]: e["start"] for e in results[str(served["/calendar.ics"])]["events"]}
    for summary, utc in NEW_YORK.items():
        assert starts[summary] == parsers.unix(utc), summary


def test_vobject_validates_every_feed(served, feed_data):
    for url, path in served.items():
        calendar = parsers.vobject_read(path.read_text(encoding="utf-8"))
        for vevent in calendar.vevent_list:
            start = parsers.as_utc(vevent.dtstart.value)
            if isinstance(start, datetime):
                assert start == feed_data.expected_utc[vevent.uid.value], url
                if vevent.summary.value in NEW_YORK:
                    assert start == NEW_YORK[vevent.summary.value]


def test_icalendar_parses_with_every_tzid_defined(served):
    for url, path in served.items():
        calendar = Calendar.from_ical(path.read_bytes())
        defined = {tz["TZID"] for tz in calendar.walk("VTIMEZONE")}
        used = {
            prop.params["TZID"]
            for vevent in calendar.walk("VEVENT")
            for prop in (vevent.get("DTSTART"), vevent.get("DTEND"))
            if "TZID" in prop.params
        }
        assert used <= defined, url
        assert calendar.get_missing_tzids() == set(), url


def test_un_day_recurs_on_12_september_every_year(served):
    calendar = Calendar.from_ical(served["/calendar.ics"].read_bytes())
    for year in range(2020, 2031):
        days = [
            e["DTSTART"].dt
            for e in recurring_ical_events.of(calendar).between(date(year, 1, 1), date(year + 1, 1, 1))
            if e["SUMMARY"] == "United Nations Day for South-South Cooperation"
        ]
        assert days == [date(year, 9, 12)], year


def test_feed_contents(served, feed_data, app):
    everything = Calendar.from_ical(served["/calendar.ics"].read_bytes())
    summaries = {str(e["SUMMARY"]) for e in everything.walk("VEVENT")}
    assert "Unpublished draft meeting" not in summaries
    assert not any(s.startswith("Twentieth session") for s in summaries)  # to be scheduled
    for name in (
        "VERSION",
        "PRODID",
        "CALSCALE",
        "NAME",
        "X-WR-CALNAME",
        "X-WR-CALDESC",
        "REFRESH-INTERVAL",
        "X-PUBLISHED-TTL",
    ):
        assert name in everything, name
    assert "METHOD" not in everything
    text = served["/calendar.ics"].read_bytes().decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text and "X-PUBLISHED-TTL:PT1H\r\n" in text
    assert "RDATE" not in text and "VTODO" not in text

    expo = next(e for e in everything.walk("VEVENT") if e["SUMMARY"].startswith("Eighth annual"))
    assert str(expo["URL"]) == "https://localhost/events/gssd-expo-2016"
    assert str(expo["LOCATION"]) == "Dubai, United Arab Emirates"
    assert expo["CATEGORIES"].cats == ["Expo"]
    assert "Mandate: A/RES/71/244, para. 21" in str(expo["DESCRIPTION"])
    assert "Theme: Enhancing innovation" in str(expo["DESCRIPTION"])
    assert "@" not in str(expo["UID"]) and len(str(expo["UID"])) == 36
    assert expo["DTSTAMP"].dt == expo["LAST-MODIFIED"].dt == feed_data_event(feed_data, app, "gssd-expo-2016")

    bapa = next(e for e in everything.walk("VEVENT") if "BAPA+40" in e["SUMMARY"])
    assert "Mandate: A/RES/71/244, paras. 32–34" in str(bapa["DESCRIPTION"])


def feed_data_event(feed_data, app, slug):
    from sqlmodel import Session, select

    from planner.events.models import Event

    with Session(app.extensions["planner.engine"]) as session:
        return session.exec(select(Event.updated_at).where(Event.slug == slug)).one().replace(microsecond=0)


def test_event_feed_has_sessions_related_to_the_event(served):
    calendar = Calendar.from_ical(served["/events/ny-summer-2019/calendar.ics"].read_bytes())
    event, panel = calendar.walk("VEVENT")
    assert str(panel["SUMMARY"]) == "Panel on triangular cooperation"
    assert str(panel["RELATED-TO"]) == str(event["UID"])
    assert str(panel["LOCATION"]) == "Conference Room 4, UN Headquarters, New York, United States"
    assert panel["CATEGORIES"].cats == ["Interactive panel"]
    download = Calendar.from_ical(served["/events/ny-summer-2019/event.ics"].read_bytes())
    assert [str(e["UID"]) for e in download.walk("VEVENT")] == [str(event["UID"])]


def test_cancelled_event_and_its_sessions_stay_cancelled(served):
    calendar = Calendar.from_ical(served["/events/geneva-cancelled/calendar.ics"].read_bytes())
    assert [str(e["STATUS"]) for e in calendar.walk("VEVENT")] == ["CANCELLED", "CANCELLED"]


def test_mandate_feed_has_events_sessions_and_deadlines(served):
    calendar = Calendar.from_ical(served["/mandates/A-RES-71-244/calendar.ics"].read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Eighth annual Global South-South Development Expo" in summaries
    assert "Briefing in New York, July 2019" not in summaries  # not linked
    panel = next(e for e in calendar.walk("VEVENT") if e["SUMMARY"] == "Panel on triangular cooperation")
    assert "Mandate: A/RES/71/244, para. 14" in str(panel["DESCRIPTION"])  # linked on its own
    deadline = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Due: "))
    assert deadline["DTSTART"].dt == date(2017, 9, 1) and deadline["DTEND"].dt == date(2017, 9, 2)
    assert "Mandate: A/RES/71/244, para. 36" in str(deadline["DESCRIPTION"])
    assert str(deadline["URL"]) == "https://localhost/mandates/A-RES-71-244#op36"
