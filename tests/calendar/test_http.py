"""Feeds over HTTP: content type, validators, 304s without building, HEAD, errors, and what a
change of an event does to the feed: UIDs, SEQUENCE and validators (README "Calendar feeds")."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from sqlmodel import select
from werkzeug.http import http_date, parse_date

from planner.agenda.models import AgendaSession
from planner.calendar import feeds
from planner.events import editing
from planner.events.editing import EventValues
from planner.events.models import Event
from tests.sql import counted_get

FEED = "/calendar.ics"


def _vevent(data: bytes, summary: str):
    return next(e for e in Calendar.from_ical(data).walk("VEVENT") if str(e["SUMMARY"]) == summary)


def test_content_type_is_calendar_whatever_accept_says(client, feed_data):
    for accept in ("text/html", "application/json", None):
        headers = {"Accept": accept} if accept else {}
        response = client.get(FEED, headers=headers)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert "Cookie" not in response.headers.get("Vary", "")  # shared caches may keep it


def test_identical_requests_get_identical_bytes_and_validators(client, feed_data):
    first, second = client.get(FEED), client.get(FEED)
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["ETag"].startswith('"')  # strong
    assert parse_date(first.headers["Last-Modified"]) is not None


def test_unchanged_feed_answers_304_to_its_own_etag_without_building(client, feed_data, monkeypatch):
    etag = client.get(FEED).headers["ETag"]
    monkeypatch.setattr(feeds, "load_items", lambda *a: pytest.fail("built the feed for a 304"))
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get(FEED, headers={"If-None-Match": sent})
        assert response.status_code == 304, sent
        assert response.data == b""
        assert response.headers["ETag"] == etag
        assert response.headers["Cache-Control"] == "public, max-age=300"


def test_if_modified_since(client, feed_data):
    last_modified = client.get(FEED).headers["Last-Modified"]
    assert client.get(FEED, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = http_date(parse_date(last_modified).timestamp() - 1)
    assert client.get(FEED, headers={"If-Modified-Since": earlier}).status_code == 200
    # If-None-Match wins: a stale ETag gets the feed even with a later If-Modified-Since.
    response = client.get(FEED, headers={"If-None-Match": '"stale"', "If-Modified-Since": last_modified})
    assert response.status_code == 200


def test_head(client, feed_data):
    full = client.get(FEED)
    head = client.head(FEED)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == full.headers["ETag"]
    assert head.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert client.head(FEED, headers={"If-None-Match": full.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize(
    "url, status, words",
    [
        ("/calendar.ics?kind=party", 400, "Unknown kind"),
        ("/calendar.ics?series=nope", 404, "no event series"),
        ("/events/nope/calendar.ics", 404, "no event"),
        ("/events/unpublished/calendar.ics", 404, "no event"),
        ("/events/hlc-20/event.ics", 404, "no date yet"),
        ("/mandates/A-RES-1-1/calendar.ics", 404, "No resolution"),
    ],
)
def test_bad_addresses_get_a_plain_text_reason(client, feed_data, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert words in response.get_data(as_text=True)


def test_filters(client, feed_data):
    expos = Calendar.from_ical(client.get("/calendar.ics?kind=expo").data).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in expos] == ["Eighth annual Global South-South Development Expo"]
    hlc = Calendar.from_ical(client.get("/calendar.ics?series=hlc").data)
    assert [str(e["SUMMARY"]) for e in hlc.walk("VEVENT")] == [
        "Nineteenth session of the High-level Committee on South-South Cooperation"
    ]
    assert "High-level Committee" in str(hlc["X-WR-CALNAME"])


def test_single_event_download_is_an_attachment(client, feed_data):
    response = client.get("/events/bapa-40/event.ics")
    assert response.headers["Content-Disposition"] == 'attachment; filename="bapa-40.ics"'


def _values(event: Event, **changes) -> EventValues:
    local_start, local_end = event.local_start.replace(tzinfo=None), event.local_end.replace(tzinfo=None)
    base = dict(
        slug=event.slug,
        title=event.title,
        kind=event.kind,
        status=event.status,
        timezone=event.timezone,
        city=event.city,
        country=event.country,
        published=event.published,
        local_start=local_start,
        local_end=local_end,
    )
    return EventValues(**{**base, **changes})


def test_editing_the_time_keeps_the_uid_raises_sequence_and_changes_the_etag(client, session, feed_data):
    title = "Briefing in New York, July 2019"
    before = client.get(FEED)
    old = _vevent(before.data, title)
    event = session.exec(select(Event).where(Event.slug == "ny-summer-2019")).one()
    editing.update_event(
        session,
        "test",
        event,
        _values(event, local_start=datetime(2019, 7, 15, 11), local_end=datetime(2019, 7, 15, 12)),
    )
    after = client.get(FEED, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    new = _vevent(after.data, title)
    assert new["UID"] == old["UID"]
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1
    assert new["DTSTART"].dt.hour == 11
    assert new["DTSTAMP"].dt >= old["DTSTAMP"].dt


def test_cancelling_keeps_the_event_with_status_cancelled(client, session, feed_data):
    title = "Briefing in New York, January 2020"
    old = _vevent(client.get(FEED).data, title)
    event = session.exec(select(Event).where(Event.slug == "ny-winter-2020")).one()
    editing.cancel_event(session, "test", event, "no quorum")
    new = _vevent(client.get(FEED).data, title)
    assert (str(old["STATUS"]), str(new["STATUS"])) == ("CONFIRMED", "CANCELLED")
    assert new["UID"] == old["UID"] and new["SEQUENCE"] > old["SEQUENCE"]


def test_postponing_makes_the_event_and_its_sessions_tentative(client, session, feed_data):
    """A postponed event's programme is not firm either: its sessions follow it, SEQUENCE raised
    and the feed's ETag changed, so every subscribed calendar learns of it on its next poll."""
    feed = "/events/ny-summer-2019/calendar.ics"
    before = client.get(feed)
    old = {str(v["SUMMARY"]): v for v in Calendar.from_ical(before.data).walk("VEVENT")}
    event = session.exec(select(Event).where(Event.slug == "ny-summer-2019")).one()
    editing.postpone_event(session, "test", event, "the venue is unavailable")
    after = client.get(feed, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    new = {str(v["SUMMARY"]): v for v in Calendar.from_ical(after.data).walk("VEVENT")}
    panel = "Panel on triangular cooperation"
    assert [str(old[panel]["STATUS"]), str(new[panel]["STATUS"])] == ["CONFIRMED", "TENTATIVE"]
    assert {str(v["STATUS"]) for v in new.values()} == {"TENTATIVE"}
    assert new[panel]["SEQUENCE"] > old[panel]["SEQUENCE"]


def test_deleting_an_older_row_changes_the_etag(client, session, feed_data):
    before = client.get(FEED).headers["ETag"]
    session.execute(sa.delete(Event).where(Event.slug == "hlc-19"))
    session.commit()
    assert client.get(FEED, headers={"If-None-Match": before}).status_code == 200


def test_editing_a_session_changes_its_event_feed(client, session, feed_data):
    url = "/events/ny-summer-2019/calendar.ics"
    before = client.get(url).headers["ETag"]
    panel = feed_data.sessions["Panel on triangular cooperation"]
    panel.title, panel.updated_at = "Panel, renamed", panel.updated_at.replace(year=2030)
    session.add(panel)
    session.commit()
    response = client.get(url, headers={"If-None-Match": before})
    assert response.status_code == 200 and b"Panel\\, renamed" in response.data


def _count_queries(app, client, url, **kwargs) -> int:
    return counted_get(app, client, url, **kwargs)[1]


def test_a_304_costs_one_aggregate_query(app, client, feed_data):
    etag = client.get(FEED).headers["ETag"]
    assert _count_queries(app, client, FEED, headers={"If-None-Match": etag}) == 1
    url = "/events/bapa-40/calendar.ics"
    etag = client.get(url).headers["ETag"]
    assert _count_queries(app, client, url, headers={"If-None-Match": etag}) == 2  # + the event


def test_building_a_feed_costs_the_same_queries_for_more_rows(app, client, session, feed_data):
    url = "/events/ny-summer-2019/calendar.ics"
    few = _count_queries(app, client, url)
    panel = feed_data.sessions["Panel on triangular cooperation"]
    for number in range(30):
        session.add(
            AgendaSession(
                event_id=panel.event_id,
                title=f"Side event {number}",
                kind="side_event",
                starts_at=panel.starts_at,
                ends_at=panel.ends_at,
                room_id=panel.room_id,
                published=True,
            )
        )
    session.commit()
    assert _count_queries(app, client, url) == few
    assert client.get(url).data.count(b"BEGIN:VEVENT") == 32
