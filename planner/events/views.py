"""Public event pages: the home list and one event's page, with the event's logo and the
stylesheet of its colour.

The event page also shows what sits in higher layers (its agenda, its mandates, its registration
box): the template asks for them through template globals those packages register
(`public_agenda`, `event_mandates`, `register_box`), and they add what those parts show to the
page's fingerprint (`queries.EVENT_PAGE`), by which anonymous readers are served a kept copy
(planner.pagecache).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for

from planner import images, pagecache
from planner.db import get_session, utcnow
from planner.events import logos, queries, sharing
from planner.events.colours import colour_problem
from planner.events.models import Venue
from planner.events.queries import published_event_or_404

bp = Blueprint("events", __name__)
bp.add_app_template_global(sharing.share_metadata)
bp.add_app_template_global(sharing.logo_url)


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
        venue = get_session().get(Venue, event.venue_id) if event.venue_id else None
        return render_template("events/show.html", event=event, series=series, venue=venue)

    return pagecache.cached_page(stamp, render)


@bp.get("/events/<slug>/logo")
def logo(slug: str):
    """A published event's logo (share previews fetch it from here); 404 without one."""
    return logos.serve(published_event_or_404(slug), public=True)


@bp.get("/brand/<colour>.css")
def brand_css(colour: str):
    """The band of an event's colour, as a stylesheet: the Content-Security-Policy allows no
    `style=` attribute. The colour is the whole address, so the answer never changes and is kept a
    year; a colour the contrast rule refuses (planner.events.colours) is a 404, so no page can be
    made to show unreadable text through it."""
    hex_colour = f"#{colour}"
    if colour_problem(hex_colour):
        abort(404)
    response = current_app.response_class(render_template("events/brand.css", colour=hex_colour), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = images.YEAR
    response.cache_control.immutable = True
    return response
