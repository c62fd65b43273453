"""SQL queries run by the public agenda page `/events/<slug>` with 10 and with 1,000 published
sessions, each with a chair and a mandate link (target: equal, i.e. no query per session).

Counted with SQLAlchemy's `before_cursor_execute` event on the app's engine, as
tests/agenda/test_query_budget.py does, so a lazy load anywhere in the page shows up here.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import make_url
from sqlmodel import Session

from bench import feeds
from planner import create_app, migrate
from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.db import utcnow
from planner.events.models import Event, Room
from planner.mandates.models import MandateLink
from tests.sql import counted_get


def add_sessions(session: Session, first: int, count: int) -> None:
    """Bulk-insert published sessions `first`..`first+count-1`, each with a chair and a link."""
    event = session.query(Event).filter_by(slug=feeds.SLUG).one()
    rooms = [room.id for room in session.query(Room)]
    now, numbers = utcnow(), range(first, first + count)
    people = (
        session.execute(
            insert(Person).returning(Person.id),
            [
                dict(name=f"Chair {i}", honorific="", function="", organisation="", created_at=now, updated_at=now)
                for i in numbers
            ],
        )
        .scalars()
        .all()
    )
    sessions = (
        session.execute(
            insert(AgendaSession).returning(AgendaSession.id),
            [
                dict(
                    event_id=event.id,
                    title=f"Session {i}",
                    kind="plenary",
                    description="",
                    starts_at=event.starts_at + timedelta(minutes=10 * i),
                    ends_at=event.starts_at + timedelta(minutes=10 * i + 5),
                    room_id=rooms[i % len(rooms)],
                    published=True,
                    is_sample=False,
                    sequence=0,
                    created_at=now,
                    updated_at=now,
                )
                for i in numbers
            ],
        )
        .scalars()
        .all()
    )
    session.execute(
        insert(SessionRole),
        [dict(session_id=s, person_id=p, role="chair") for s, p in zip(sessions, people, strict=False)],
    )
    session.execute(
        insert(MandateLink),
        [
            dict(
                resolution_symbol="A/RES/71/244",
                paragraph_kind="operative",
                paragraph_number=33,
                role="convenes",
                session_id=s,
                created_at=now,
            )
            for s in sessions
        ],
    )
    session.commit()


def count_queries(app, path: str) -> int:
    response, count = counted_get(app, app.test_client(), path)
    assert response.status_code == 200, response.status_code
    return count


def run() -> list[tuple]:
    with tempfile.TemporaryDirectory() as folder:
        url = make_url(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate.upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-key-0123"})
        engine = app.extensions["planner.engine"]
        path = f"/events/{feeds.SLUG}"
        with Session(engine) as session:
            feeds.populate(session, 0)
            add_sessions(session, 0, 10)
            with_10 = count_queries(app, path)
            add_sessions(session, 10, 990)
            with_1000 = count_queries(app, path)
        engine.dispose()
    return [
        ("agenda page SQL queries, 10 / 1,000 sessions", f"{with_10} / {with_1000}", "equal", with_10 == with_1000, "")
    ]
