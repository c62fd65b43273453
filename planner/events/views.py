"""Public event pages: the home list and one event's page."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import lazy_gettext as _l

from planner.db import get_session, utcnow
from planner.events import services
from planner.events.models import Event
from planner.mandates.links import references_for_events

bp = Blueprint("events", __name__)


@bp.get("/")
def index():
    session = get_session()
    listing = services.list_events(session, today=utcnow().date())
    return render_template("events/index.html", listing=listing)


def published_event_or_404(slug: str) -> Event:
    """The published event at /events/<slug>, or a 404 (JSON under /api/): drafts stay private."""
    event = services.get_event(get_session(), slug)
    if event is None or not event.published:
        # Lazy: the API answers in English (planner._register_error_pages), pages in the reader's.
        abort(404, description=_l("There is no event at /events/%(slug)s.", slug=slug))
    return event


@bp.get("/events/<slug>")
def show(slug: str):
    session = get_session()
    event = published_event_or_404(slug)
    series = services.get_series(session, event.series_id)
    references = references_for_events(session, [event.id]).get(event.id, [])
    return render_template("events/show.html", event=event, series=series, references=references)
