"""How an event's dates and place read on pages, e-mails and feeds, in the reader's language.

Built on the shared formatters of planner.formatting (which know nothing of events); registered as
the Jinja globals `event_when(event)` and `event_place(event)` by `register`.
"""

from __future__ import annotations

from flask_babel import gettext as _

from planner.events.models import Event, Recurrence
from planner.formatting import country, date_and_time, day_month, day_range, time_range


def event_when(event: Event) -> str:
    """The event's dates as a person reads them, in the event's own zone."""
    if not event.is_dated:
        return _("To be scheduled")
    if event.recurrence == Recurrence.YEARLY:
        return _("%(day)s, every year since %(year)s", day=day_month(event.first_day), year=event.first_day.year)
    days = day_range(event.first_day, event.last_day)
    if event.all_day:
        return days
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return _("%(days)s, %(times)s (%(zone)s)", days=days, times=time_range(start, end), zone=event.timezone)
    return _(
        "%(start)s – %(end)s (%(zone)s)",
        start=date_and_time(start, event.zone),
        end=date_and_time(end, event.zone),
        zone=event.timezone,
    )


def event_place(event: Event) -> str:
    """ "Buenos Aires, Argentina" ("阿根廷布宜诺斯艾利斯" in Chinese); empty when no place is known."""
    city, nation = event.city, country(event.country)
    if city and nation:
        return _("%(city)s, %(country)s", city=city, country=nation)
    return city or nation


def register(app) -> None:
    """The two formatters as Jinja globals (`{{ event_when(event) }}`)."""
    app.jinja_env.globals.update(event_when=event_when, event_place=event_place)
