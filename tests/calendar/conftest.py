"""The calendar tests' data: the demo events plus events made to probe what clients get wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.calendar.uids import item_uid
from planner.demo.seed import seed_demo
from planner.events import editing
from planner.events.models import Event
from planner.mandates.links import add_link
from planner.mandates.models import Deadline, LinkRole

# Long enough in Arabic and Chinese that folding must fall between multi-byte characters.
MIXED_TITLE = (
    "Briefing, part 1; for delegations\n"
    "إحاطة إعلامية بشأن التعاون فيما بين بلدان الجنوب والتعاون الثلاثي لجميع الوفود — "
    "联合国南南合作办公室关于南南合作和三角合作的情况简报会"
)


def local(zone: str, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


@dataclass
class FeedData:
    """What the tests put in the database, and what a client must show for it."""

    events: dict[str, Event] = field(default_factory=dict)
    expected_utc: dict[str, datetime] = field(default_factory=dict)  # UID -> UTC start
    sessions: dict[str, AgendaSession] = field(default_factory=dict)
    deadline: Deadline | None = None


def _timed(session, data: FeedData, slug: str, title: str, zone: str, start: str, hours: int = 1, **fields) -> Event:
    starts_at = local(zone, start)
    event = Event(
        slug=slug,
        title=title,
        kind=fields.pop("kind", "meeting"),
        status=fields.pop("status", "scheduled"),
        timezone=zone,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        **fields,
    )
    session.add(event)
    session.flush()
    data.events[slug] = event
    return event


def _session(session, data: FeedData, event: Event, title: str, start: str, room=None) -> None:
    starts_at = local(event.timezone, start)
    agenda_session = AgendaSession(
        event_id=event.id,
        title=title,
        kind="interactive_panel",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        room_id=room.id if room else None,
        published=True,
    )
    session.add(agenda_session)
    session.flush()
    data.sessions[title] = agenda_session


def _expected_instants(session, host: str) -> dict[str, datetime]:
    """The UTC start of every timed event and session stored, by the UID feeds give it."""
    expected = {
        item_uid("event", e.id, host): e.starts_at
        for e in session.exec(select(Event).where(Event.starts_at.is_not(None), Event.all_day == sa.false()))
    }
    expected.update({item_uid("session", s.id, host): s.starts_at for s in session.exec(select(AgendaSession))})
    return expected


@pytest.fixture
def feed_data(app, session) -> FeedData:
    """Demo data, plus: New York in summer (13:00Z) and winter (14:00Z), New York in 2006 under
    the old summer-time rule, a cancelled event with a session, an unpublished one, a title with
    commas, semicolons, a newline, Arabic and Chinese, sessions (one linked to a paragraph of its
    own), and a mandated deadline."""
    seed_demo(session)
    data = FeedData()
    ny = "America/New_York"
    summer = _timed(
        session,
        data,
        "ny-summer-2019",
        "Briefing in New York, July 2019",
        ny,
        "2019-07-15T09:00",
        kind="briefing",
        city="New York",
        country="US",
    )
    _timed(
        session,
        data,
        "ny-winter-2020",
        "Briefing in New York, January 2020",
        ny,
        "2020-01-15T09:00",
        kind="briefing",
        city="New York",
        country="US",
    )
    _timed(session, data, "ny-summer-2006", "Briefing in New York, July 2006", ny, "2006-07-10T09:00", kind="briefing")
    _timed(
        session,
        data,
        "ny-march-2006",
        "Briefing in New York, March 2006 (old rule: winter)",
        ny,
        "2006-03-20T09:00",
        kind="briefing",
    )
    cancelled = _timed(
        session,
        data,
        "geneva-cancelled",
        "Cancelled consultation",
        "Europe/Zurich",
        "2019-06-10T10:00",
        hours=3,
        status="cancelled",
        city="Geneva",
        country="CH",
    )
    _timed(
        session,
        data,
        "mixed-title",
        MIXED_TITLE,
        "Asia/Dubai",
        "2016-11-01T10:00",
        description="Line one, with commas; and semicolons.\nLine two: تعاون 合作",
    )
    _timed(session, data, "unpublished", "Unpublished draft meeting", ny, "2019-08-01T09:00", published=False)
    session.commit()
    venue = editing.save_venue(
        session, "test", None, dict(name="UN Headquarters", address="", city="New York", country="US", timezone=ny)
    )
    room = editing.save_room(session, "test", venue, None, dict(name="Conference Room 4", capacity=None))
    _session(session, data, summer, "Panel on triangular cooperation", "2019-07-15T09:15", room)
    _session(session, data, cancelled, "Panel of the cancelled consultation", "2019-06-10T11:00")
    deadline = Deadline(
        title="Comprehensive report of the Secretary-General, 72nd session",
        responsible="Secretary-General",
        due_on=date(2017, 9, 1),
        precision="day",
        phrase="at its seventy-second session",
    )
    session.add(deadline)
    session.flush()
    add_link(session, symbol="A/RES/71/244", number=36, role=LinkRole.REQUESTS_REPORT, deadline=deadline)
    add_link(
        session,
        symbol="A/RES/71/244",
        number=14,
        role=LinkRole.REQUESTS_BRIEFING,
        agenda_session=data.sessions["Panel on triangular cooperation"],
    )
    session.commit()
    data.deadline = deadline
    data.expected_utc = _expected_instants(session, app.config["PUBLIC_HOST"])
    return data
