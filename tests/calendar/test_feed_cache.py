"""The feed cache (issue 21): an unchanged feed is served as kept, a changed one is assembled from
the VEVENTs kept for the rows that did not change, and either way the bytes are those of a feed
built whole (an app with FEED_CACHE_BYTES=0 on the same database), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from planner import create_app
from planner.agenda.models import AgendaSession
from planner.bytecache import ByteLRU
from planner.calendar import builder, feeds
from planner.calendar.cache import DEFAULT_BYTES, ENTRY_OVERHEAD, feed_cache
from planner.db import utcnow
from planner.events import editing
from planner.events.models import Event, Room, Venue
from planner.mandates.links import add_link
from planner.mandates.models import LinkRole
from tests.calendar.test_http import _count_queries

FEED = "/calendar.ics"
NY_SUMMER = "/events/ny-summer-2019/calendar.ics"
PANEL = "Panel on triangular cooperation"
# Every kind of feed, with and without a language; in this order later feeds find VEVENTs that
# earlier ones left in the cache.
URLS = [
    FEED,
    f"{FEED}?lang=fr",
    f"{FEED}?kind=briefing",
    "/events/bapa-40/calendar.ics",
    "/events/bapa-40/calendar.ics?lang=ar",
    "/events/bapa-40/event.ics",
    "/mandates/A-RES-71-244/calendar.ics",
    "/mandates/A-RES-71-244/calendar.ics?lang=zh",
    NY_SUMMER,
]


@pytest.fixture
def make_app(database_url):
    """Another app on the test's database, with a cache of its own: make_app(FEED_CACHE_BYTES=0)."""
    apps = []

    def make(**config):
        settings = {"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production", "PUBLIC_HOST": "localhost"}
        apps.append(create_app({**settings, "DATABASE_URL": database_url, **config}))
        return apps[-1]

    yield make
    for app in apps:
        app.extensions["planner.engine"].dispose()


@pytest.fixture
def cold(make_app):
    """A client of an app without the cache: every feed built whole, as builder.feed_calendar does."""
    return make_app(FEED_CACHE_BYTES=0).test_client()


@pytest.fixture
def builds(monkeypatch) -> Counter:
    """How many VEVENTs of each kind the builder makes from now on (its own functions, counted)."""
    counts: Counter = Counter()

    def counting(name: str, build):
        def counted(*args, **kwargs):
            counts[name] += 1
            return build(*args, **kwargs)

        return counted

    for name in ("event_vevent", "session_vevent", "deadline_vevent"):
        monkeypatch.setattr(builder, name, counting(name, getattr(builder, name)))
    return counts


def _store(app) -> ByteLRU:
    with app.app_context():
        return feed_cache()


def _touch(session, row, **changes) -> None:
    """Change a row as the editing functions do: with a new update time."""
    for name, value in {**changes, "updated_at": utcnow()}.items():
        setattr(row, name, value)
    session.add(row)
    session.commit()


def _published_session(session, slug: str) -> AgendaSession:
    return session.exec(
        select(AgendaSession)
        .join(Event, Event.id == AgendaSession.event_id)
        .where(Event.slug == slug, AgendaSession.published == sa.true())
        .order_by(AgendaSession.id)
    ).first()


def test_an_unchanged_feed_is_served_as_kept_without_loading_or_building(app, client, feed_data, builds):
    first = client.get(FEED)
    assert builds["event_vevent"] > 0
    builds.clear()
    assert _count_queries(app, client, FEED) == 1  # the fingerprint, as for a 304
    again = client.get(FEED)
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert not builds


def test_every_feed_is_the_bytes_of_a_cold_build_assembled_and_as_kept(client, cold, feed_data):
    for url in URLS:
        expected = cold.get(url).data
        assert client.get(url).data == expected, url  # assembled, partly from other feeds' VEVENTs
        assert client.get(url).data == expected, url  # as kept
    assert len(_store(cold.application)) == 0


def test_one_changed_session_is_the_one_vevent_built_again(client, cold, session, feed_data, builds):
    url = "/events/bapa-40/calendar.ics"
    assert client.get(url).data.count(b"BEGIN:VEVENT") > 3
    builds.clear()
    _touch(session, _published_session(session, "bapa-40"), title="Opening plenary, renamed")
    response = client.get(url)
    assert dict(builds) == {"session_vevent": 1}
    assert b"SUMMARY:Opening plenary\\, renamed\r\n" in response.data
    assert response.data == cold.get(url).data


def test_a_renamed_room_rebuilds_the_sessions_held_in_it(client, cold, session, feed_data, builds):
    client.get(NY_SUMMER)
    builds.clear()
    room = session.exec(select(Room).where(Room.name == "Conference Room 4")).one()
    venue = session.get(Venue, room.venue_id)
    editing.save_room(session, "test", venue, room, dict(name="Conference Room 1", capacity=None))
    response = client.get(NY_SUMMER)
    assert dict(builds) == {"session_vevent": 1}
    assert b"LOCATION:Conference Room 1\\," in response.data
    assert response.data == cold.get(NY_SUMMER).data


def test_a_new_mandate_link_rebuilds_the_session_it_names(client, cold, session, feed_data, builds):
    client.get(NY_SUMMER)
    builds.clear()
    panel = feed_data.sessions[PANEL]
    add_link(session, symbol="A/RES/71/244", number=20, role=LinkRole.REQUESTS_BRIEFING, agenda_session=panel)
    session.commit()
    response = client.get(NY_SUMMER)
    assert dict(builds) == {"session_vevent": 1}
    assert response.data == cold.get(NY_SUMMER).data


def test_a_session_moved_to_another_rule_changes_the_vtimezone_as_a_cold_build_does(client, cold, session, feed_data):
    """The VTIMEZONEs cover the years of every VEVENT together: moving one VEVENT to 2006, under New
    York's old summer-time rule, changes them though every other VEVENT is kept."""
    before = client.get(NY_SUMMER).data
    panel = feed_data.sessions[PANEL]
    earlier = timedelta(days=13 * 365)
    _touch(session, panel, starts_at=panel.starts_at - earlier, ends_at=panel.ends_at - earlier)
    after = client.get(NY_SUMMER).data
    assert after == cold.get(NY_SUMMER).data
    assert after.split(b"BEGIN:VEVENT")[0] != before.split(b"BEGIN:VEVENT")[0]


def test_each_language_keeps_its_own_vevents(client, cold, feed_data, builds):
    """Fixed words, country names and LANGUAGE parameters differ by language: no VEVENT of one
    language is reused in another, nor in the feed asked for in none."""
    for url in (f"{FEED}?lang=fr", f"{FEED}?lang=es", f"{FEED}?lang=en", FEED):
        builds.clear()
        data = client.get(url).data
        assert sum(builds.values()) == data.count(b"BEGIN:VEVENT"), url
        assert data == cold.get(url).data, url
    assert b"LOCATION:New York\\, \xc3\x89tats-Unis\r\n" in client.get(f"{FEED}?lang=fr").data
    assert b"LOCATION:New York\\, Estados Unidos\r\n" in client.get(f"{FEED}?lang=es").data


@pytest.mark.parametrize("budget", [DEFAULT_BYTES, 0])
def test_a_session_deleted_while_its_feed_is_read_is_left_out(make_app, session, feed_data, monkeypatch, budget):
    """Its stamp was read, then its row was gone: the feed is served without it."""
    load_rows = feeds.load_session_rows

    def deleted_meanwhile(db_session, items, ids):
        session.execute(sa.delete(AgendaSession).where(AgendaSession.title == PANEL))
        session.commit()
        load_rows(db_session, items, ids)

    monkeypatch.setattr(feeds, "load_session_rows", deleted_meanwhile)
    response = make_app(FEED_CACHE_BYTES=budget).test_client().get(NY_SUMMER)
    assert response.status_code == 200
    assert response.data.count(b"BEGIN:VEVENT") == 1 and PANEL.encode() not in response.data


def test_the_cache_keeps_to_its_budget_dropping_the_least_recently_used(make_app, feed_data, builds):
    other = "/events/ny-winter-2020/calendar.ics"
    roomy = make_app()
    used = {}
    for url in (NY_SUMMER, other):
        roomy.test_client().get(url)
        used[url] = _store(roomy).used - sum(used.values())
    app = make_app(FEED_CACHE_BYTES=used[other] + ENTRY_OVERHEAD // 2)  # room for the other feed alone
    client, store = app.test_client(), _store(app)
    client.get(NY_SUMMER)
    client.get(other)
    assert 0 < store.used <= store.budget
    builds.clear()
    client.get(other)
    assert not builds  # the most recent feed is still kept
    client.get(NY_SUMMER)
    assert builds  # the older one was dropped


def test_concurrent_requests_share_one_cache_and_get_the_cold_bytes(app, cold, feed_data):
    expected = {url: cold.get(url).data for url in URLS}
    with ThreadPoolExecutor(max_workers=6) as pool:
        got = list(pool.map(lambda url: app.test_client().get(url).data, URLS * 4))
    assert got == [expected[url] for url in URLS * 4]


def test_byte_lru_drops_the_least_recently_used_first():
    charge = 100 + ENTRY_OVERHEAD
    lru = ByteLRU(3 * charge, ENTRY_OVERHEAD)
    for key in "abc":
        lru.put(key, key.upper(), 100)
    assert lru.get_all(["a"]) == ["A"]  # a is now the most recently used
    lru.put("d", "D", 100)
    assert lru.get_all(["b", "a", "c", "d"]) == [None, "A", "C", "D"]
    assert lru.used == 3 * charge
    lru.put("a", "A2", 100)  # replaced, charged once
    assert lru.used == 3 * charge and lru.get_all(["a"]) == ["A2"]
    lru.put("huge", "H", lru.budget)  # larger than the whole budget: not kept, nothing dropped
    assert lru.get_all(["huge", "a", "c", "d"]) == [None, "A2", "C", "D"]
    assert lru.remember("e", lambda: "E", len) == "E" and lru.remember("e", lambda: "other", len) == "E"


def test_byte_lru_accounts_exactly_under_many_threads():
    lru = ByteLRU(50 * (10 + ENTRY_OVERHEAD), ENTRY_OVERHEAD)
    start = threading.Barrier(8)

    def churn(thread: int) -> None:
        start.wait()
        for n in range(2000):
            key = (thread + n) % 120
            if lru.get_all([key]) == [None]:
                lru.put(key, n, 10)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(churn, range(8)))
    assert len(lru) == 50 and lru.used == 50 * (10 + ENTRY_OVERHEAD)
