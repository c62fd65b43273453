"""How dates, times and places read on pages: in the event's own zone, with the zone named."""
from __future__ import annotations

from datetime import date

from planner.events.models import Event, Recurrence
from planner.validation import country_name


def day_range(first: date, last: date) -> str:
    """"16–19 May 2016", "31 October – 3 November 2016", "30 December 2018 – 2 January 2019"."""
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def event_when(event: Event) -> str:
    """The event's dates as a person reads them, in the event's own zone."""
    if not event.is_dated:
        return "To be scheduled"
    if event.recurrence == Recurrence.YEARLY:
        return f"{event.first_day.day} {event.first_day:%B}, every year since {event.first_day.year}"
    days = day_range(event.first_day, event.last_day)
    if event.all_day:
        return days
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return f"{days}, {start:%H:%M}–{end:%H:%M} ({event.timezone})"
    return f"{start.day} {start:%B %Y} {start:%H:%M} – {end.day} {end:%B %Y} {end:%H:%M} ({event.timezone})"


def event_place(event: Event) -> str:
    """"Buenos Aires, Argentina"; empty when no place is known."""
    return ", ".join(part for part in (event.city, country_name(event.country)) if part)
