"""Events, sessions and deadlines as iCalendar: plain functions, no request, no database.

One function per item turns one row into one VEVENT, from the row (and what the caller loaded
for it) alone: the same row always gives the same VEVENT, so each one could later be cached by
(type, id, updated_at, sequence) and a feed rebuilt incrementally. Nothing here reads the clock:
DTSTAMP and LAST-MODIFIED are the row's `updated_at`, so identical requests get identical bytes.
`build_calendar` wraps the VEVENTs with a VTIMEZONE (in RRULE form, see timezones.py) for every
zone they use. Every byte is written by the `icalendar` library (escaping, folding, CRLF).

VEVENT properties are set as icalendar's typed values (vText, vDDDTypes, ...) rather than with
`Component.add`, which looks the type up by name on every call: the bytes are the same, and
building a 2,000-session feed takes a third of the time (bench/).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo

from icalendar import (Calendar, Event as VEvent, vCategory, vDDDTypes, vDuration, vInt, vRecur,
                       vText, vUri)

from planner.calendar.timezones import vtimezone
from planner.calendar.uids import item_uid
from planner.events.models import EventKind, EventStatus, Recurrence
from planner.mandates.links import MandateReference, description_line
from planner.validation import country_name

PRODID = "-//United Nations Office for South-South Cooperation//Secretariat planner//EN"
REFRESH = timedelta(hours=1)

# RFC 5545 has no "postponed": TENTATIVE tells clients the date is not firm. A postponed event
# that keeps its old dates in the planner is shown there as tentative until it is rescheduled.
EVENT_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


@dataclass(frozen=True)
class Links:
    """Where a feed's URL properties point: the site's absolute root and the installation's host."""

    base_url: str      # "https://planner.example.org" (no trailing slash)
    uid_host: str      # PUBLIC_HOST, the UID namespace

    def event_url(self, slug: str) -> str:
        return f"{self.base_url}/events/{slug}"

    def mandate_url(self, reference: MandateReference) -> str:
        anchor = f"#{reference.paragraphs[0].anchor}" if reference.paragraphs else ""
        return f"{self.base_url}/mandates/{reference.slug}{anchor}"


@lru_cache(maxsize=1024)
def _mandate_line(refs: tuple[MandateReference, ...]) -> str:
    """description_line, once per distinct set of references: a feed's sessions share theirs."""
    return description_line(list(refs))


@lru_cache(maxsize=256)
def _country(code: str | None) -> str:
    return country_name(code)


def _text(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _place(*parts: str | None) -> str:
    return ", ".join(part for part in parts if part)


def _common(vevent: VEvent, uid: str, updated_at: datetime, sequence: int) -> None:
    vevent["UID"] = vText(uid)
    vevent["DTSTAMP"] = vDDDTypes(updated_at)
    vevent["LAST-MODIFIED"] = vDDDTypes(updated_at)
    vevent["SEQUENCE"] = vInt(sequence)


def _describe(vevent: VEvent, summary: str, status: str, location: str, description: str,
              category: str, url: str | None) -> None:
    vevent["SUMMARY"] = vText(summary)
    vevent["STATUS"] = vText(status)
    if location:
        vevent["LOCATION"] = vText(location)
    if description:
        vevent["DESCRIPTION"] = vText(description)
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


def event_vevent(event, refs: list[MandateReference], base_url: str, uid_host: str,
                 venue=None) -> VEvent:
    """One dated event (never a "to be scheduled" one: it has no time to show)."""
    links = Links(base_url, uid_host)
    vevent = VEvent()
    _common(vevent, item_uid("event", event.id, uid_host), event.updated_at, event.sequence)
    if event.all_day:
        _add_days(vevent, event.first_day, event.last_day)
    else:
        _add_instants(vevent, event.starts_at, event.ends_at, event.timezone)
    if event.recurrence == Recurrence.YEARLY:
        vevent["RRULE"] = vRecur({"FREQ": "YEARLY"})
    _describe(vevent, event.title, EVENT_STATUS.get(event.status, "CONFIRMED"),
              _place(venue.name if venue else None, event.city, _country(event.country)),
              _text(event.description, f"Theme: {event.theme}" if event.theme else "",
                    f"Host: {event.host}" if event.host else "", _mandate_line(tuple(refs))),
              _kind_label(event.kind), links.event_url(event.slug))
    return vevent


def session_vevent(agenda_session, event, refs: list[MandateReference], base_url: str,
                   uid_host: str) -> VEvent:
    """One published session of a dated event, in the event's zone, RELATED-TO the event.

    A session is cancelled with its event. Its SEQUENCE adds the event's to its own, so it grows
    whenever either changes (both only ever grow), and its stamp is the later of the two updates.
    """
    links = Links(base_url, uid_host)
    vevent = VEvent()
    _common(vevent, item_uid("session", agenda_session.id, uid_host),
            max(agenda_session.updated_at, event.updated_at),
            agenda_session.sequence + event.sequence)
    _add_instants(vevent, agenda_session.starts_at, agenda_session.ends_at, event.timezone)
    room, venue = agenda_session.room, agenda_session.venue
    _describe(vevent, agenda_session.title,
              "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED",
              _place(room.name if room else None, venue.name if venue else None, event.city,
                     _country(event.country)),
              _text(agenda_session.description, f"Part of: {event.title}",
                    _mandate_line(tuple(refs))),
              _kind_label(agenda_session.kind), links.event_url(event.slug))
    vevent["RELATED-TO"] = vText(item_uid("event", event.id, uid_host))
    return vevent


def deadline_vevent(deadline, refs: list[MandateReference], base_url: str, uid_host: str) -> VEvent:
    """A mandated deliverable with a due date, as an all-day VEVENT ("Due: ...").

    Not a VTODO: subscribed calendars in Google, Outlook and Apple ignore VTODO in feeds.
    """
    links = Links(base_url, uid_host)
    vevent = VEvent()
    _common(vevent, item_uid("deadline", deadline.id, uid_host), deadline.updated_at,
            deadline.sequence)
    _add_days(vevent, deadline.due_on, deadline.due_on)
    _describe(vevent, f"Due: {deadline.title}", "CONFIRMED", "",
              _text(f"Responsible: {deadline.responsible}" if deadline.responsible else "",
                    f"As the text puts it: {deadline.phrase}" if deadline.phrase else "",
                    "Delivered." if deadline.status == "delivered" else "",
                    _mandate_line(tuple(refs))),
              "Deadline", links.mandate_url(refs[0]) if refs else None)
    return vevent


def _kind_label(kind: str) -> str:
    try:
        return EventKind(kind).label
    except ValueError:
        return str(kind).replace("_", " ").capitalize()


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


def build_calendar(name: str, description: str, components: list[VEvent],
                   zones: dict[str, tuple[int, int]] | None = None) -> Calendar:
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


def feed_calendar(name: str, description: str, items, base_url: str, uid_host: str) -> Calendar:
    """A whole feed from loaded rows (planner.calendar.feeds.FeedItems): one VEVENT per row."""
    components = [event_vevent(e, items.event_refs.get(e.id, []), base_url, uid_host,
                               items.venues.get(e.venue_id)) for e in items.events]
    components += [session_vevent(s, e, items.session_refs.get(s.id) or items.event_refs.get(e.id, []),
                                  base_url, uid_host) for s, e in items.sessions]
    components += [deadline_vevent(d, items.deadline_refs.get(d.id, []), base_url, uid_host)
                   for d in items.deadlines]
    return build_calendar(name, description, components)
