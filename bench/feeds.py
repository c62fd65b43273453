"""Calendar feed benchmarks.

(a) `/events/<slug>/calendar.ics` for an event with 2,000 published sessions, through the Flask
    test client (query, VEVENTs, VTIMEZONE, serialization, HTTP), against bare `icalendar`: the
    same 2,000 VEVENTs with the same properties built directly as icalendar.Event objects from
    plain values already in memory, and serialized. Target: at most 1.5 times.
(b) A conditional GET answered 304 against the full 200. Target: at least 20 times cheaper.
(c) An unconditional GET of the unchanged feed (as Google Calendar polls), served from the feed
    cache, against the 304. Target: at most 2 times.
(d) The GET after one session changed, which rebuilds that session's VEVENT alone and reuses the
    other 2,000 cached ones, against bare `icalendar`. Target: at most 0.15 times.
(e) Whether the cached and the rebuilt feed are byte for byte the feed built whole.

(a) is measured on an app with the feed cache off (FEED_CACHE_BYTES=0), (b) to (e) on one with
it on, both on the same SQLite file database migrated with planner.migrate.upgrade, in a
temporary folder; each time is the median of several repetitions (time.perf_counter), after one
warm-up round.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as VEvent
from sqlalchemy.engine import make_url
from sqlmodel import Session

from planner import create_app, migrate
from planner.agenda.models import AgendaSession
from planner.calendar.uids import item_uid
from planner.events.models import Event, Room, Venue
from planner.mandates.links import add_link

SESSIONS = 2000
REPEAT = 9
ZONE = "America/New_York"
SLUG = "bench-conference"


def median_times(actions: dict, repeat: int = REPEAT, prepare: dict | None = None) -> dict[str, float]:
    """Median seconds of each action. The actions take turns within every repetition, so that a
    busy moment of the machine slows all of them rather than skewing one ratio. `prepare` maps an
    action's name to what runs, untimed, before each run of it."""
    prepare = prepare or {}
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat + 1):  # the first round is a warm-up: caches, first-query costs
        for name, action in actions.items():
            prepare.get(name, lambda: None)()
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values[1:]) for name, values in times.items()}


def populate(session: Session, sessions: int = SESSIONS) -> None:
    """A published conference with `sessions` published sessions in ten rooms, 50 a day."""
    zone = ZoneInfo(ZONE)
    first = datetime(2027, 3, 1, 9, tzinfo=zone)
    event = Event(
        slug=SLUG,
        title="Benchmark conference on South-South cooperation",
        kind="conference",
        status="scheduled",
        timezone=ZONE,
        city="New York",
        country="US",
        starts_at=first.astimezone(timezone.utc),
        ends_at=(first + timedelta(days=40)).astimezone(timezone.utc),
        published=True,
    )
    venue = Venue(name="UN Headquarters", city="New York", country="US", timezone=ZONE)
    session.add_all([event, venue])
    session.flush()
    rooms = [Room(venue_id=venue.id, name=f"Conference Room {n}") for n in range(1, 11)]
    session.add_all(rooms)
    session.flush()
    add_link(session, symbol="A/RES/71/244", number=33, role="convenes", event=event)
    for n in range(sessions):
        day, slot = divmod(n, 50)
        start = (first + timedelta(days=day // 2, minutes=10 * slot)).astimezone(timezone.utc)
        session.add(
            AgendaSession(
                event_id=event.id,
                title=f"Session {n + 1}: South-South and triangular cooperation",
                kind="interactive_panel",
                starts_at=start,
                ends_at=start + timedelta(minutes=45),
                room_id=rooms[n % 10].id,
                published=True,
                description="Member States, UN entities and partners discuss scalable solutions.",
            )
        )
    session.commit()


def bare_rows(session: Session) -> list[dict]:
    """The sessions as plain values in memory: what bare icalendar starts from, with the same
    text the feed carries (a longer DESCRIPTION costs icalendar more to escape and fold)."""
    event = session.query(Event).filter_by(slug=SLUG).one()
    rooms = {r.id: r.name for r in session.query(Room)}
    zone = ZoneInfo(ZONE)
    return [
        dict(
            uid=item_uid("session", s.id, "planner.localhost"),
            stamp=s.updated_at,
            sequence=s.sequence,
            summary=s.title,
            start=s.starts_at.astimezone(zone),
            end=s.ends_at.astimezone(zone),
            description=f"{s.description}\n\nPart of: {event.title}\n\nMandate: A/RES/71/244, para. 33",
            location=f"{rooms[s.room_id]}, UN Headquarters, New York, United States",
            related=item_uid("event", event.id, "planner.localhost"),
            url=f"https://localhost/events/{SLUG}",
        )
        for s in session.query(AgendaSession).order_by(AgendaSession.starts_at)
    ]


def bare_icalendar(rows: list[dict]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    for row in rows:
        vevent = VEvent()
        vevent.add("uid", row["uid"])
        vevent.add("dtstamp", row["stamp"])
        vevent.add("last-modified", row["stamp"])
        vevent.add("sequence", row["sequence"])
        vevent.add("summary", row["summary"])
        vevent.add("dtstart", row["start"])
        vevent.add("dtend", row["end"])
        vevent.add("status", "CONFIRMED")
        vevent.add("location", row["location"])
        vevent.add("description", row["description"])
        vevent.add("categories", ["Interactive panel"])
        vevent.add("related-to", row["related"])
        vevent.add("url", row["url"])
        calendar.add_component(vevent)
    return calendar.to_ical()


class OneSessionChanged:
    """Renames one session before each timed GET, so that the feed's ETag moves and the feed is
    assembled again, from 2,000 cached VEVENTs and the one rebuilt."""

    def __init__(self, engine, client, feed: str):
        self.engine, self.client, self.feed = engine, client, feed
        with Session(engine) as session:
            self.session_id = (
                session.query(AgendaSession.id).order_by(AgendaSession.id).offset(SESSIONS // 2).first()[0]
            )
        self.changes = 0
        self.response = client.get(feed)

    def change(self) -> None:
        self.changes += 1
        with Session(self.engine) as session:
            changed = session.get(AgendaSession, self.session_id)
            changed.title = f"Session renamed {self.changes} times"
            changed.updated_at = datetime.now(timezone.utc)
            session.commit()

    def get(self) -> None:
        self.response = self.client.get(self.feed)
        assert self.response.status_code == 200

    @property
    def etag(self) -> str:
        return self.response.headers["ETag"]


def run() -> list[tuple]:
    """The feed ratios and the cache's byte check as table rows (bench/__main__.py)."""
    with tempfile.TemporaryDirectory() as folder:
        url = make_url(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate.upgrade(url)
        settings = {"DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-key-0123"}
        uncached = create_app({**settings, "FEED_CACHE_BYTES": 0})
        engine = uncached.extensions["planner.engine"]
        with Session(engine) as session:
            populate(session)
            rows = bare_rows(session)
        cold, feed = uncached.test_client(), f"/events/{SLUG}/calendar.ics"
        full = cold.get(feed)
        assert full.status_code == 200 and full.data.count(b"BEGIN:VEVENT") == SESSIONS + 1
        cached = create_app(settings)
        client = cached.test_client()
        changing = OneSessionChanged(engine, client, feed)
        assert client.get(feed, headers={"If-None-Match": changing.etag}).status_code == 304

        medians = median_times(
            {
                "feed": lambda: cold.get(feed),
                "bare": lambda: bare_icalendar(rows),
                "304": lambda: client.get(feed, headers={"If-None-Match": changing.etag}),
                "cached": lambda: client.get(feed),
                "rebuild": changing.get,
            },
            prepare={"rebuild": changing.change},
        )
        identical = changing.response.data == client.get(feed).data == cold.get(feed).data
        for app in (uncached, cached):
            app.extensions["planner.engine"].dispose()
    return _rows(medians, identical)


def _rows(medians: dict[str, float], identical: bool) -> list[tuple]:
    t_feed, t_bare, t_304 = medians["feed"], medians["bare"], medians["304"]
    t_cached, t_rebuild = medians["cached"], medians["rebuild"]
    return [
        (
            "feed of 2,000 sessions / bare icalendar",
            f"{t_feed / t_bare:.2f}",
            "<= 1.5",
            t_feed / t_bare <= 1.5,
            f"medians of {REPEAT}: feed {t_feed * 1000:.0f} ms, bare {t_bare * 1000:.0f} ms",
        ),
        (
            "full 200 / conditional 304",
            f"{t_feed / t_304:.1f}",
            ">= 20",
            t_feed / t_304 >= 20,
            f"304 {t_304 * 1000:.2f} ms",
        ),
        (
            "unconditional GET of unchanged 2,000-session feed / 304",
            f"{t_cached / t_304:.2f}",
            "<= 2",
            t_cached / t_304 <= 2,
            f"cached 200 {t_cached * 1000:.2f} ms",
        ),
        (
            "rebuild after one session changed / bare icalendar",
            f"{t_rebuild / t_bare:.3f}",
            "<= 0.15",
            t_rebuild / t_bare <= 0.15,
            f"rebuild {t_rebuild * 1000:.0f} ms",
        ),
        (
            "bytes identical to cold build",
            "yes" if identical else "no",
            "yes",
            identical,
            "cached and rebuilt feeds against FEED_CACHE_BYTES=0",
        ),
    ]
