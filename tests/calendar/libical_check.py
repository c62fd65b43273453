"""Run by Debian's /usr/bin/python3 (the venv has no gi): parse iCalendar files with libical.

Usage: /usr/bin/python3 libical_check.py FILE.ics ...
Prints one JSON object: {file: {"errors": [...], "events": [{uid, summary, start, end}]}}, where a
timed start/end is the Unix time libical computes with the feed's own VTIMEZONE, and an all-day
one is "YYYY-MM-DD". libical reports what it cannot parse as X-LIC-ERROR properties.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def moment(calendar, vevent, kind, getter):
    prop = vevent.get_first_property(kind)
    if prop is None:
        return None
    value = getter(vevent)
    if value.is_date():
        return "%04d-%02d-%02d" % (value.get_year(), value.get_month(), value.get_day())
    tzid = value.get_tzid()
    if tzid is None:
        return None
    zone = calendar.get_timezone(tzid)
    if zone is None:
        raise SystemExit("no VTIMEZONE for %s" % tzid)
    return value.as_timet_with_zone(zone)


def check(path):
    with open(path, encoding="utf-8") as handle:
        calendar = ICalGLib.Component.new_from_string(handle.read())
    if calendar is None:
        return {"errors": ["libical could not parse the file"], "events": []}
    errors = [line for line in calendar.as_ical_string().splitlines() if "X-LIC-ERROR" in line]
    events = []
    vevent = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while vevent is not None:
        events.append(
            {
                "uid": vevent.get_uid(),
                "summary": vevent.get_summary(),
                "start": moment(calendar, vevent, ICalGLib.PropertyKind.DTSTART_PROPERTY, lambda c: c.get_dtstart()),
                "end": moment(calendar, vevent, ICalGLib.PropertyKind.DTEND_PROPERTY, lambda c: c.get_dtend()),
            }
        )
        vevent = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    return {"errors": errors, "events": events}


print(json.dumps({path: check(path) for path in sys.argv[1:]}))
