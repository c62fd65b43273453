"""A feed assembled from cached VEVENT bytes, byte for byte what building it whole gives.

`icalendar` writes a calendar as its own property lines, then each subcomponent's lines in turn,
folding line by line: a VEVENT serialized alone is the very bytes it takes inside the calendar. So
a feed is its header (VCALENDAR properties and the VTIMEZONEs), every VEVENT's bytes, then
END:VCALENDAR. Each VEVENT is still built and written by `icalendar` (builder.py), once per key
(builder.FeedVevent: the rows it reads, by id and update time), and kept in the cache (cache.py)
with the zones and years its times fall in. The VTIMEZONEs depend on the whole feed (which zones,
over which years), so the header is built on every assembly from the VEVENTs' zones together;
it is a few lines per zone, where the VEVENTs are the feed's bulk.
"""

from __future__ import annotations

from flask_babel import get_locale
from sqlmodel import Session

from planner.bytecache import ByteLRU
from planner.calendar import builder, feeds
from planner.calendar.feeds import FeedSpec
from planner.calendar.http import FEED_FORMAT_VERSION
from planner.i18n.languages import Language

FOOTER = b"END:VCALENDAR\r\n"


# A VEVENT as kept: its bytes (BEGIN:VEVENT ... END:VEVENT, folded, CRLF-terminated) and the
# (zone, first year, last year) of its timed values. Plain tuples of bytes, strings and numbers,
# which the garbage collector stops tracking, so the thousands kept do not lengthen its passes.
Fragment = tuple[bytes, tuple[tuple[str, int, int], ...]]


def feed_bytes(
    cache: ByteLRU, db_session: Session, spec: FeedSpec, base_url: str, uid_host: str, language: Language | None
) -> bytes:
    """The bytes of builder.feed_calendar for the feed, from the VEVENTs kept where there are."""
    if not cache.budget:
        items = feeds.load_items(db_session, spec)
        return builder.feed_calendar(spec.name, spec.description, items, base_url, uid_host, language).to_ical()
    fragments = _fragments(cache, db_session, feeds.load_outline(db_session, spec), base_url, uid_host, language)
    header = builder.build_calendar(spec.name, spec.description, [], zones=_zones(fragments)).to_ical()
    return header.removesuffix(FOOTER) + b"".join(ical for ical, _ in fragments) + FOOTER


def _fragments(
    cache: ByteLRU, db_session: Session, items: feeds.FeedItems, base_url: str, uid_host: str, language: Language | None
) -> list[Fragment]:
    """The feed's VEVENTs, as kept or, where missing, built (the rows of the sessions among them
    loaded first, in one query) and kept. Besides the rows each reads (its key), a VEVENT's bytes
    depend on what all those of a request share: the links' root and the UID host, the language,
    the locale its fixed words are gettext'd in, and the format version (http.py)."""
    vevents = builder.feed_vevents(items, base_url, uid_host, language)
    shared = (FEED_FORMAT_VERSION, base_url, uid_host, language.code if language else None, str(get_locale()))
    keys = [("vevent", shared, vevent.key) for vevent in vevents]
    found = cache.get_all(keys)
    missing = [index for index, fragment in enumerate(found) if fragment is None]
    session_ids = [vevents[index].session_id for index in missing if vevents[index].session_id is not None]
    feeds.load_session_rows(db_session, items, session_ids)
    for index in missing:
        fragment = found[index] = _fragment(vevents[index])
        if fragment is not None:
            cache.put(keys[index], fragment, len(fragment[0]))
    return [fragment for fragment in found if fragment is not None]


def _fragment(vevent: builder.FeedVevent) -> Fragment | None:
    component = vevent.build()
    if component is None:
        return None
    zones = tuple((zone, first, last) for zone, (first, last) in builder.zone_spans([component]).items())
    return component.to_ical(), zones


def _zones(fragments: list[Fragment]) -> dict[str, tuple[int, int]]:
    """{zone: (first year, last year)} over all the fragments, as builder.zone_spans gives it."""
    spans: dict[str, tuple[int, int]] = {}
    for _, zones in fragments:
        for zone, first, last in zones:
            low, high = spans.get(zone, (first, last))
            spans[zone] = (min(low, first), max(high, last))
    return spans
