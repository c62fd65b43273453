"""SQL queries run by the public agenda page `/events/<slug>` with 10 and with 1,000 published
sessions, each with a chair and a mandate link (target: equal, i.e. no query per session).

Counted with SQLAlchemy's `before_cursor_execute` event on the app's engine, as
tests/agenda/test_query_budget.py does, so a lazy load anywhere in the page shows up here.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlmodel import Session

from bench import feeds
from planner import create_app, migrate
from planner.events.models import Event, Room
from tests.agenda.helpers import bulk_add_sessions
from tests.sql import counted_get


def add_sessions(session: Session, first: int, count: int) -> None:
    """Published sessions `first`..`first+count-1` of the benchmark conference, ten minutes apart,
    each with a chair and a mandate link."""
    event = session.query(Event).filter_by(slug=feeds.SLUG).one()
    rooms = [room.id for room in session.query(Room)]
    bulk_add_sessions(session, event.id, rooms, event.starts_at, first, count, timedelta(minutes=10))


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
