"""Events, sessions and deadlines as iCalendar: plain functions, no database, and nothing taken
from the request but its locale (below).

One function per item turns one row into one VEVENT, from the row (and what the caller loaded
for it) alone: the same rows always give the same VEVENT, so `feed_vevents` pairs each with a key
naming those rows by id and update time, and a feed is rebuilt incrementally from cached VEVENT
bytes (fragments.py). Nothing here reads the clock: DTSTAMP and LAST-MODIFIED are the row's
`updated_at`, so identical requests get identical bytes.
`build_calendar` wraps the VEVENTs with a VTIMEZONE (in RRULE form, see timezones.py) for every
zone they use. Every byte is written by the `icalendar` library (escaping, folding, CRLF).

A feed asked for in one of the six languages (`?lang=`) is given that `language` and the events'
`translations` into it: an event's title, theme and description come from its translation where
there is one (the original otherwise, field by field), with a LANGUAGE parameter on the SUMMARY or
DESCRIPTION they make up, and country names follow the language. The fixed words ("Theme:",
"Due:") are gettext'd in the current locale (Flask-Babel's `gettext` and `get_locale`, the one
thing read from the request context), which the view forces to the feed's language (and to
English for a feed asked for in no language, whatever the client's Accept-Language); outside a
request they are English.

VEVENT properties are set as icalendar's typed values (vText, vDDDTypes, ...) rather than with
`Component.add`, which looks the type up by name on every call: the bytes are the same, and
building a 2,000-session feed takes a third of the time (bench/).
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

from babel import Locale
from flask_babel import get_locale
from flask_babel import gettext as _
from icalendar import Calendar, vCategory, vDDDTypes, vDuration, vInt, vRecur, vText, vUri
from icalendar import Event as VEvent

from planner.agenda.models import SessionKind
from planner.calendar.timezones import vtimezone
from planner.calendar.uids import item_uid
from planner.events.models import EventKind, EventStatus, Recurrence
from planner.events.translations import localized
from planner.i18n.languages import Language
from planner.mandates.links import MandateReference
from planner.validation import country_name

PRODID = "-//United Nations Office for South-South Cooperation//Secretariat planner//EN"
REFRESH = timedelta(hours=1)

# RFC 5545 has no "postponed": TENTATIVE tells clients the date is not firm. A postponed event
# that keeps its old dates in the planner is shown there as tentative until it is rescheduled,
# and so are its sessions (a cancelled event's sessions are cancelled with it).
EVENT_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


@dataclass(frozen=True)
class Links:
    """Where a feed's URL properties point: the site's absolute root and the installation's host."""

    base_url: str  # "https://planner.example.org" (no trailing slash)
    uid_host: str  # PUBLIC_HOST, the UID namespace

    def event_url(self, slug: str) -> str:
        return f"{self.base_url}/events/{slug}"

    def mandate_url(self, reference: MandateReference) -> str:
        anchor = f"#{reference.paragraphs[0].anchor}" if reference.paragraphs else ""
        return f"{self.base_url}/mandates/{reference.slug}{anchor}"


def _mandate_line(refs: tuple[MandateReference, ...]) -> str:
    """ "Mandate: A/RES/71/244, paras. 32–34; A/RES/58/220", in the current locale."""
    return _cached_mandate_line(refs, str(get_locale())) if refs else ""


@lru_cache(maxsize=1024)
def _cached_mandate_line(refs: tuple[MandateReference, ...], _locale: str) -> str:
    """Once per distinct set of references and locale: a feed's sessions share theirs."""
    return _("Mandate: %(references)s", references="; ".join(ref.display for ref in refs))


@lru_cache(maxsize=1024)
def _country(code: str | None, locale: str | None = None) -> str:
    """The country's name: ISO 3166's English one, or CLDR's in `locale` for a feed in a language."""
    if code and locale:
        return Locale.parse(locale).territories.get(code.upper()) or country_name(code)
    return country_name(code)


def _locale(language: Language | None) -> str | None:
    return language.locale if language is not None else None


def _in_language(text: str, language: Language | None) -> vText:
    """A text value, tagged with the language it is written in when that is known."""
    value = vText(text)
    if language is not None:
        value.params["LANGUAGE"] = language.tag
    return value


def _translated(event, fields: tuple[str, ...], translations) -> bool:
    """Whether every one of `fields` the event has comes from its translation (so a property made
    of them is in the feed's language, not a mixture)."""
    translation = translations.get(event.id)
    present = [field for field in fields if getattr(event, field)]
    return translation is not None and bool(present) and all(getattr(translation, field) for field in present)


def _text(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _place(*parts: str | None) -> str:
    return ", ".join(part for part in parts if part)


def _common(vevent: VEvent, uid: str, updated_at: datetime, sequence: int) -> None:
    vevent["UID"] = vText(uid)
    vevent["DTSTAMP"] = vDDDTypes(updated_at)
    vevent["LAST-MODIFIED"] = vDDDTypes(updated_at)
    vevent["SEQUENCE"] = vInt(sequence)


def _describe(
    vevent: VEvent,
    summary: str | vText,
    status: str,
    location: str,
    description: str | vText,
    category: str,
    url: str | None,
) -> None:
    vevent["SUMMARY"] = summary if isinstance(summary, vText) else vText(summary)
    vevent["STATUS"] = vText(status)
    if location:
        vevent["LOCATION"] = vText(location)
    if description:
        vevent["DESCRIPTION"] = description if isinstance(description, vText) else vText(description)
    vevent["CATEGORIES"] = vCategory([category])
    if url:
        vevent["URL"] = vUri(url)


def _add_days(vevent: VEvent, first_day: date, last_day: date) -> None:
    """An all-day item: VALUE=DATE, with the exclusive end RFC 5545 wants; it blocks no time."""
    vevent["DTSTART"] = vDDDTypes(first_day)
    vevent["DTEND"] = vDDDTypes(last_day + timedelta(days=1))
    vevent["TRANSP"] = vText("TRANSPARENT")


def _add_instants(vevent: VEvent, starts_at: datetime, ends_at: datetime, zone: str) -> None:
    """A timed item in its zone's wall-clock time with TZID (never floating, never only UTC)."""
    tz = ZoneInfo(zone)
    vevent["DTSTART"] = vDDDTypes(starts_at.astimezone(tz))
    vevent["DTEND"] = vDDDTypes(ends_at.astimezone(tz))


def event_vevent(
    event,
    refs: list[MandateReference],
    base_url: str,
    uid_host: str,
    venue=None,
    language: Language | None = None,
    translations=None,
) -> VEvent:
    """One dated event (never a "to be scheduled" one: it has no time to show).

    `translations` ({event id: EventTranslation}) are the events' translations into `language`.
    """
    links = Links(base_url, uid_host)
    translations = translations or {}
    title, theme, description = (localized(event, field, translations) for field in ("title", "theme", "description"))
    summary_language = language if _translated(event, ("title",), translations) else None
    description_language = language if _translated(event, ("description", "theme"), translations) else None
    country = _country(event.country, _locale(language))
    vevent = VEvent()
    _common(vevent, item_uid("event", event.id, uid_host), event.updated_at, event.sequence)
    if event.all_day:
        _add_days(vevent, event.first_day, event.last_day)
    else:
        _add_instants(vevent, event.starts_at, event.ends_at, event.timezone)
    if event.recurrence == Recurrence.YEARLY:
        vevent["RRULE"] = vRecur({"FREQ": "YEARLY"})
    _describe(
        vevent,
        _in_language(title, summary_language),
        EVENT_STATUS.get(event.status, "CONFIRMED"),
        _place(venue.name if venue else None, event.city, country),
        _in_language(
            _text(
                description,
                _("Theme: %(theme)s", theme=theme) if theme else "",
                _("Host: %(host)s", host=event.host) if event.host else "",
                _mandate_line(tuple(refs)),
            ),
            description_language,
        ),
        _kind_label(event.kind),
        links.event_url(event.slug),
    )
    return vevent


def session_vevent(
    agenda_session,
    event,
    refs: list[MandateReference],
    base_url: str,
    uid_host: str,
    language: Language | None = None,
    translations=None,
) -> VEvent:
    """One published session of a dated event, in the event's zone, RELATED-TO the event.

    A session is cancelled with its event, or on its own (`cancelled`: it stays in every feed that
    had it, as STATUS:CANCELLED, its SEQUENCE raised by the cancellation, so subscribed calendars
    strike it through instead of keeping a stale copy). Its SEQUENCE adds the event's to its own,
    so it grows whenever either changes (both only ever grow), and its stamp is the later of the
    two updates.
    Sessions have no translations: only the event's title they name is the translated one.
    """
    links = Links(base_url, uid_host)
    vevent = VEvent()
    _common(
        vevent,
        item_uid("session", agenda_session.id, uid_host),
        max(agenda_session.updated_at, event.updated_at),
        agenda_session.sequence + event.sequence,
    )
    _add_instants(vevent, agenda_session.starts_at, agenda_session.ends_at, event.timezone)
    room, venue = agenda_session.room, agenda_session.venue
    _describe(
        vevent,
        agenda_session.title,
        # a session is as firm as its event, unless it is itself called off
        "CANCELLED" if agenda_session.cancelled else EVENT_STATUS.get(event.status, "CONFIRMED"),
        _place(
            room.name if room else None,
            venue.name if venue else None,
            event.city,
            _country(event.country, _locale(language)),
        ),
        _text(
            agenda_session.description,
            _("Part of: %(title)s", title=localized(event, "title", translations or {})),
            _mandate_line(tuple(refs)),
        ),
        _kind_label(agenda_session.kind),
        links.event_url(event.slug),
    )
    vevent["RELATED-TO"] = vText(item_uid("event", event.id, uid_host))
    return vevent


def deadline_vevent(deadline, refs: list[MandateReference], base_url: str, uid_host: str) -> VEvent:
    """A mandated deliverable with a due date, as an all-day VEVENT ("Due: ...", or "Delivered:
    ..." once done, with what delivered it; a deadline superseded or dropped is CANCELLED).

    Not a VTODO: subscribed calendars in Google, Outlook and Apple ignore VTODO in feeds, so a
    done deadline says so in its SUMMARY rather than in VTODO's STATUS:COMPLETED.
    """
    links = Links(base_url, uid_host)
    vevent = VEvent()
    _common(vevent, item_uid("deadline", deadline.id, uid_host), deadline.updated_at, deadline.sequence)
    _add_days(vevent, deadline.due_on, deadline.due_on)
    _describe(
        vevent,
        _deadline_summary(deadline),
        "CANCELLED" if deadline.status in ("superseded", "dropped") else "CONFIRMED",
        "",
        _text(
            _("Responsible: %(responsible)s", responsible=deadline.responsible) if deadline.responsible else "",
            _("As the text puts it: %(phrase)s", phrase=deadline.phrase) if deadline.phrase else "",
            _deadline_closing(deadline),
            _mandate_line(tuple(refs)),
        ),
        _("Deadline"),
        links.mandate_url(refs[0]) if refs else None,
    )
    return vevent


def _deadline_summary(deadline) -> str:
    if deadline.status != "delivered":
        return _("Due: %(title)s", title=deadline.title)
    if deadline.delivered_by:
        return _("Delivered: %(title)s (%(what)s)", title=deadline.title, what=deadline.delivered_by)
    return _("Delivered: %(title)s", title=deadline.title)


def _deadline_closing(deadline) -> str:
    """How a closed deadline was closed, as a line of its DESCRIPTION."""
    if deadline.status == "delivered":
        return _("Delivered by %(what)s.", what=deadline.delivered_by) if deadline.delivered_by else _("Delivered.")
    if deadline.status == "superseded":
        return _("Superseded by %(symbol)s.", symbol=deadline.superseded_by)
    if deadline.status == "dropped":
        return _("Dropped: %(reason)s", reason=deadline.closing_note)
    return ""


# Event and session kinds by value (the two enums share no value).
KINDS = {kind.value: kind for kinds in (EventKind, SessionKind) for kind in kinds}


def _kind_label(kind: str) -> str:
    """The event's or session's kind as CATEGORIES, in the current locale."""
    known = KINDS.get(kind)
    return str(known.label) if known else str(kind).replace("_", " ").capitalize()


def zone_spans(components: Iterable[VEvent]) -> dict[str, tuple[int, int]]:
    """{zone name: (first year, last year)} over the timed DTSTART/DTEND of `components`."""
    spans: dict[str, tuple[int, int]] = {}
    for component in components:
        for name in ("DTSTART", "DTEND"):
            value = component.get(name)
            moment = value.dt if value is not None else None
            zone = getattr(moment, "tzinfo", None)
            if not isinstance(zone, ZoneInfo):
                continue
            first, last = spans.get(zone.key, (moment.year, moment.year))
            spans[zone.key] = (min(first, moment.year), max(last, moment.year))
    return spans


def build_calendar(
    name: str, description: str, components: list[VEvent], zones: dict[str, tuple[int, int]] | None = None
) -> Calendar:
    """The VCALENDAR of a feed: its properties, a VTIMEZONE per zone used, then the VEVENTs.

    No METHOD: with one, libical applies iTIP rules and wants an ORGANIZER on every event.
    The name is kept to one line (clients list it as a label). X- properties are given as vText
    explicitly: `icalendar` writes an X- property given as a plain str without escaping it.
    """
    name = " ".join(name.split())
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-caldesc", vText(description))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    spans = zone_spans(components) if zones is None else zones
    for zone_name, (first, last) in sorted(spans.items()):
        calendar.add_component(vtimezone(zone_name, first, last))
    for component in components:
        calendar.add_component(component)
    return calendar


def feed_calendar(
    name: str, description: str, items, base_url: str, uid_host: str, language: Language | None = None
) -> Calendar:
    """A whole feed built cold from loaded rows (planner.calendar.feeds.FeedItems), in `language`
    (with `items.translations` into it) when the feed was asked for in one: what feeds are served
    as when the cache is off, and the bytes the cached assembly (fragments.py) must equal."""
    vevents = [item.build() for item in feed_vevents(items, base_url, uid_host, language)]
    return build_calendar(name, description, [vevent for vevent in vevents if vevent is not None])


@dataclass(frozen=True)
class FeedVevent:
    """One VEVENT of a feed, not built yet. `key` names everything its bytes depend on besides the
    feed's links, language and locale: the rows it reads by (id, updated_at), since every edit sets
    a new `updated_at` (the feed's fingerprint relies on the same), its SEQUENCE, and its mandate
    references by value (adding a link touches no row's `updated_at`)."""

    key: tuple
    build: Callable[[], VEvent | None]
    session_id: int | None = None  # a session's: its row must be in items.session_rows to build it


def _stamp(row) -> tuple | None:
    return None if row is None else (row.id, row.updated_at)


@lru_cache(maxsize=1024)
def _plain(refs: tuple[MandateReference, ...]) -> tuple:
    """Mandate references as plain tuples, which the garbage collector stops tracking once kept in
    a key; once per distinct set of references, since a feed's sessions share their event's."""
    return tuple(astuple(ref) for ref in refs)


def feed_vevents(items, base_url: str, uid_host: str, language: Language | None = None) -> list[FeedVevent]:
    """The VEVENTs of a feed, in feed order: its events, their sessions, then deadlines."""
    return [
        *(_event_item(event, items, base_url, uid_host, language) for event in items.events),
        *(_session_item(stamp, event, items, base_url, uid_host, language) for stamp, event in items.sessions),
        *(_deadline_item(deadline, items, base_url, uid_host) for deadline in items.deadlines),
    ]


def _event_item(event, items, base_url: str, uid_host: str, language: Language | None) -> FeedVevent:
    refs, venue = items.event_refs.get(event.id, []), items.venues.get(event.venue_id)
    return FeedVevent(
        (
            "event",
            _stamp(event),
            event.sequence,
            _stamp(venue),
            _plain(tuple(refs)),
            _stamp(items.translations.get(event.id)),
        ),
        partial(event_vevent, event, refs, base_url, uid_host, venue, language, items.translations),
    )


def _session_item(stamp, event, items, base_url: str, uid_host: str, language: Language | None) -> FeedVevent:
    """A session (a row of planner.calendar.feeds.SESSION_STAMP: its own, its room's and its
    venue's ids and update times) reads its event too (title, zone, place, status)."""
    refs = items.session_refs.get(stamp.id) or items.event_refs.get(event.id, [])
    key = (
        "session",
        tuple(stamp),
        _stamp(event),
        event.sequence,
        _plain(tuple(refs)),
        _stamp(items.translations.get(event.id)),
    )
    build = partial(_session_from_row, items, stamp.id, event, refs, base_url, uid_host, language)
    return FeedVevent(key, build, stamp.id)


def _session_from_row(items, session_id: int, event, refs, base_url: str, uid_host: str, language) -> VEvent | None:
    """The session's VEVENT from its loaded row; none for a session deleted between reading its
    stamp and its row (each query of a request may see a later state of the database)."""
    row = items.session_rows.get(session_id)
    if row is None:
        return None
    return session_vevent(row, event, refs, base_url, uid_host, language, items.translations)


def _deadline_item(deadline, items, base_url: str, uid_host: str) -> FeedVevent:
    refs = items.deadline_refs.get(deadline.id, [])
    return FeedVevent(
        ("deadline", _stamp(deadline), deadline.sequence, _plain(tuple(refs))),
        partial(deadline_vevent, deadline, refs, base_url, uid_host),
    )
