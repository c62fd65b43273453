"""VTIMEZONEs in RRULE form give every parser the same instants as zoneinfo, in every year.

Pure: events are built straight from plain objects (no database), one per probe time, and the
calendar is read back by ical.js, libical, vobject and python-icalendar.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from planner.calendar import builder, timezones
from tests.calendar import parsers

HOST = "planner.test"
BASE = "https://planner.test"

# (zone, local wall-clock times): summers and winters across rule changes (New York 2007,
# Buenos Aires' DST of 2007-2009), a zone without DST, and both hemispheres.
PROBES = {
    "America/New_York": [f"{year}-{month}-15T09:00" for year in range(2005, 2022) for month in ("01", "07")]
    + ["2006-03-20T09:00", "2006-10-31T09:00", "2007-03-20T09:00", "2007-11-02T09:00"],
    "America/Argentina/Buenos_Aires": [
        "2007-12-31T10:00",
        "2008-01-15T10:00",
        "2008-07-15T10:00",
        "2009-01-15T10:00",
        "2009-07-15T10:00",
        "2019-03-20T10:00",
    ],
    "Asia/Dubai": ["2016-10-31T10:00", "2016-11-03T18:00"],
    "Europe/London": ["2020-03-28T12:00", "2020-03-30T12:00", "2021-10-30T12:00", "2021-11-01T12:00"],
    "Australia/Sydney": ["2020-01-15T09:00", "2020-07-15T09:00", "2021-01-15T09:00"],
}


def _event(number: int, zone: str, local: str):
    start = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)
    return SimpleNamespace(
        id=number,
        slug=f"probe-{number}",
        title=f"{zone} {local}",
        kind="meeting",
        status="scheduled",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone=zone,
        all_day=False,
        recurrence=None,
        city="",
        country=None,
        host="",
        theme="",
        description="",
        sequence=0,
        updated_at=datetime(2020, 1, 1, tzinfo=timezone.utc),
        first_day=None,
        last_day=None,
        venue_id=None,
    )


@pytest.fixture(scope="module")
def probes():
    events = [
        _event(n, zone, local)
        for n, (zone, local) in enumerate(((z, t) for z, times in PROBES.items() for t in times), 1)
    ]
    return {e.title: parsers.unix(e.starts_at) for e in events}, events


@pytest.fixture(scope="module")
def feed(probes, tmp_path_factory):
    _, events = probes
    calendar = builder.build_calendar(
        "Probes", "Time zone probes", [builder.event_vevent(e, [], BASE, HOST) for e in events]
    )
    path = tmp_path_factory.mktemp("tz") / "probes.ics"
    path.write_bytes(calendar.to_ical())
    return path


def test_new_york_rules_are_rrules_bounded_by_until():
    text = timezones.vtimezone("America/New_York", 2006, 2019).to_ical().decode()
    assert "RDATE" not in text
    assert "RRULE:FREQ=YEARLY;UNTIL=20060402T070000Z;BYDAY=1SU;BYMONTH=4" in text
    assert "RRULE:FREQ=YEARLY;UNTIL=20061029T060000Z;BYDAY=-1SU;BYMONTH=10" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n" in text  # still in force: open
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\n" in text


@pytest.mark.parametrize("zone", ["Asia/Dubai", "America/Argentina/Buenos_Aires"])
def test_zones_without_dst_get_one_plain_standard(zone):
    text = timezones.vtimezone(zone, 2016, 2019).to_ical().decode()
    assert text.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in text
    assert "RRULE" not in text and "RDATE" not in text


def test_last_week_rules_use_minus_one():
    text = timezones.vtimezone("Europe/London", 2020, 2021).to_ical().decode()
    assert "BYDAY=-1SU;BYMONTH=3" in text and "BYDAY=-1SU;BYMONTH=10" in text


def test_icaljs_gives_zoneinfo_instants(probes, feed):
    expected, _ = probes
    parsed = parsers.icaljs([feed])[str(feed)]
    got = {e["summary"]: e["start"] for e in parsed["events"]}
    assert all(e["known_zone"] for e in parsed["events"])
    assert got == expected


def test_libical_gives_zoneinfo_instants(probes, feed):
    expected, _ = probes
    result = parsers.libical([feed])[str(feed)]
    assert result["errors"] == []
    assert {e["summary"]: e["start"] for e in result["events"]} == expected


def test_vobject_gives_zoneinfo_instants(probes, feed):
    expected, _ = probes
    calendar = parsers.vobject_read(feed.read_text(encoding="utf-8"))
    got = {v.summary.value: parsers.unix(v.dtstart.value) for v in calendar.vevent_list}
    assert got == expected


def test_new_york_summer_is_13_utc_and_winter_14_utc(probes):
    expected, _ = probes
    for year in range(2005, 2022):
        assert datetime.fromtimestamp(expected[f"America/New_York {year}-07-15T09:00"], timezone.utc).hour == 13
        assert datetime.fromtimestamp(expected[f"America/New_York {year}-01-15T09:00"], timezone.utc).hour == 14
    # 2006 ran on the old rule (first Sunday of April to last Sunday of October).
    assert datetime.fromtimestamp(expected["America/New_York 2006-03-20T09:00"], timezone.utc).hour == 14
    assert datetime.fromtimestamp(expected["America/New_York 2006-10-31T09:00"], timezone.utc).hour == 14
    assert datetime.fromtimestamp(expected["America/New_York 2007-03-20T09:00"], timezone.utc).hour == 13
