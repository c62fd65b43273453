"""Calendar feed routes. Thin: pick the feed, answer 304, or serve it from the cache or build it.

The feed URLs are a contract: calendar clients keep subscriptions to them for years (README
"Calendar feeds"), so they never move.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_babel import force_locale

from planner.calendar import cache, feeds, fragments, http, links
from planner.db import get_session
from planner.events.formatting import event_place
from planner.events.translations import localized
from planner.i18n.languages import DEFAULT, LANGUAGES
from planner.i18n.selection import current_language
from planner.urls import absolute_url

bp = Blueprint("calendar", __name__)
bp.record_once(lambda state: cache.init_app(state.app))  # the app's feed cache, made as it registers bp


def base_url() -> str:
    """The site's absolute root, which the feeds' URL properties start with."""
    return absolute_url("events.index").rstrip("/")


def _serve(choose, *args, filename: str | None = None):
    """The feed in the language of `?lang=`, or as entered (with English fixed words) without one:
    a feed is shared and cached by URL, so the client's Accept-Language and cookie play no part."""
    try:
        code = feeds.feed_language(request.args.get("lang"))
    except feeds.FeedError as error:
        return http.plain_error(error.status, error.message)
    with force_locale(code or DEFAULT):
        return _serve_in_locale(choose, args, code, filename)


def _serve_in_locale(choose, args, code: str | None, filename: str | None):
    session = get_session()
    try:
        spec = choose(session, *args, language=code)
    except feeds.FeedError as error:
        return http.plain_error(error.status, error.message)
    root, host = base_url(), current_app.config["PUBLIC_HOST"]
    stamp = feeds.fingerprint(session, spec)
    in_language = (code,) if code else ()  # without ?lang=, the ETag is what it always was
    etag = http.make_etag(host, root, spec.key, spec.name, spec.description, stamp.values, *in_language)

    store = cache.feed_cache()

    def build() -> bytes:
        return fragments.feed_bytes(store, session, spec, root, host, LANGUAGES.get(code))

    # The ETag names everything the bytes depend on, so an unchanged feed is served as kept.
    return http.feed_response(
        etag, stamp.last_modified, lambda: store.remember(("feed", etag), build, len), filename=filename
    )


@bp.get("/calendar.ics")
def all_events():
    return _serve(feeds.all_events, request.args.get("kind"), request.args.get("series"))


@bp.get("/events/<slug>/calendar.ics")
def event_feed(slug: str):
    return _serve(feeds.event_feed, slug)


@bp.get("/events/<slug>/side-events.ics")
def side_events_feed(slug: str):
    return _serve(feeds.side_events_feed, slug)


@bp.get("/events/<slug>/sessions/<int:session_id>/session.ics")
def session_download(slug: str, session_id: int):
    return _serve(feeds.session_download, slug, session_id, filename=f"{slug}-session-{session_id}.ics")


@bp.get("/events/<slug>/event.ics")
def event_download(slug: str):
    return _serve(feeds.event_download, slug, filename=f"{slug}.ics")


@bp.get("/mandates/<slug>/calendar.ics")
def mandate_feed(slug: str):
    return _serve(feeds.mandate_feed, slug)


@bp.app_template_global()
def calendar_subscription(endpoint: str, name: str, event=None, **values) -> links.Subscription:
    """Links for the subscribe partial (templates/calendar/_subscribe.html).

    `endpoint` and `values` name the feed ("calendar.event_feed", slug=...); given a dated
    `event`, the partial also offers it as a download and as a Google add-event link. A page read
    in another language than English offers the feeds in that language (`?lang=`).
    """
    code = current_language().code
    if code != DEFAULT:
        values = {**values, "lang": code}
    download = google_event = None
    if event is not None and event.is_dated:
        download = absolute_url(
            "calendar.event_download", slug=event.slug, **({"lang": code} if code != DEFAULT else {})
        )
        page = absolute_url("events.show", slug=event.slug)
        google_event = links.google_event_link(  # in the language of the page it is offered on
            event,
            f"{localized(event, 'description')}\n\n{page}".strip(),
            event_place(event),
            title=localized(event, "title"),
        )
    return links.subscription(absolute_url(endpoint, **values), name, download, google_event)
