"""Public event pages: the home list and one event's page.

The event page also shows what sits in higher layers (its agenda, its mandates, its registration
box): the template asks for them through template globals those packages register
(`public_agenda`, `event_mandates`, `register_box`), and they add what those parts show to the
page's fingerprint (`queries.EVENT_PAGE`), by which anonymous readers are served a kept copy
(planner.pagecache).
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from planner import pagecache
from planner.db import get_session, utcnow
from planner.events import queries
from planner.events.queries import published_event_or_404

bp = Blueprint("events", __name__)


@bp.get("/favicon.ico")
def favicon():
    """Browsers and feed readers ask for /favicon.ico whatever the page says: send them to the
    site's icon (a globe on the planner's blue; no emblem, whose use the UN restricts)."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.get("/")
def index():
    session = get_session()
    listing = queries.list_events(session, today=utcnow().date())
    return render_template("events/index.html", listing=listing)


@bp.get("/events/<slug>")
def show(slug: str):
    def stamp() -> tuple | None:
        return pagecache.fingerprint(queries.EVENT_PAGE, queries.event_page_statement, {"slug": slug, "now": utcnow()})

    def render() -> str:
        event = published_event_or_404(slug)
        series = queries.get_series(get_session(), event.series_id)
        return render_template("events/show.html", event=event, series=series)

    return pagecache.cached_page(stamp, render)
