"""Public event pages: the home list and one event's page.

The event page also shows what sits in higher layers (its agenda, its mandates): the template asks
for them through template globals those packages register (`public_agenda`, `event_mandates`).
"""

from __future__ import annotations

from flask import Blueprint, render_template

from planner.db import get_session, utcnow
from planner.events import queries
from planner.events.queries import published_event_or_404

bp = Blueprint("events", __name__)


@bp.get("/")
def index():
    session = get_session()
    listing = queries.list_events(session, today=utcnow().date())
    return render_template("events/index.html", listing=listing)


@bp.get("/events/<slug>")
def show(slug: str):
    session = get_session()
    event = published_event_or_404(slug)
    series = queries.get_series(session, event.series_id)
    return render_template("events/show.html", event=event, series=series)
