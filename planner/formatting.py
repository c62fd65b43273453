"""How dates, times, numbers and places read on pages: in the reader's language (CLDR through
Babel), and always in the event's own zone, with the zone named.

Every function formats for the language of the current request (English outside one), so the same
template reads "16–19 May 2016" in English and "2016年5月16日至19日" in Chinese.

These formatters take dates, times, numbers and codes, never a domain object: the event's own
(`event_when`, `event_place`) are in planner.events.formatting, built on these.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timezone, tzinfo
from typing import Callable

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from planner.i18n.selection import current_language
from planner.un_states import state_name
from planner.validation import country_name


def _locale() -> str:
    try:
        return current_language().locale
    except RuntimeError:  # outside a request or app context: the CLI, the e-mail sender
        return "en_GB"


def _in_zone(moment: datetime | time, zone: tzinfo | None) -> datetime | time:
    if isinstance(moment, datetime) and zone is not None:
        return moment.astimezone(zone)
    return moment


def date_long(day: date | datetime) -> str:
    """ "20 March 2019", "20 mars 2019", "2019年3月20日"."""
    return babel_dates.format_date(day, "long", locale=_locale())


def date_full(day: date | datetime) -> str:
    """With the weekday: "Wednesday 20 March 2019"."""
    return babel_dates.format_date(day, "full", locale=_locale())


def date_short(day: date | datetime) -> str:
    """A day within a known month and year, for tabs and lists: "Wed 20 Mar"."""
    return babel_dates.format_skeleton("MMMEd", day, locale=_locale())


def day_month(day: date) -> str:
    """ "12 September" (a yearly observance)."""
    return babel_dates.format_skeleton("MMMMd", day, locale=_locale())


def time_of_day(moment: datetime | time, zone: tzinfo | None = None) -> str:
    """ "09:05": 24-hour clock as UN programmes print it, in `zone` when given."""
    local = _in_zone(moment, zone)
    return _hour_minute(_locale(), local.hour, local.minute)


def clock(zone: tzinfo | None = None) -> Callable[[datetime | time], str]:
    """`time_of_day` for the many times of one page (a programme of 1,000 sessions shows 2,000):
    the reader's language is looked up once here, through Flask-Babel's request proxies, instead
    of once per time; each time then costs a conversion to `zone` and a table lookup."""
    locale = _locale()

    def time_in_zone(moment: datetime | time) -> str:
        local = _in_zone(moment, zone)
        return _hour_minute(locale, local.hour, local.minute)

    return time_in_zone


@functools.cache  # at most 6 languages × 1,440 minutes of the day
def _hour_minute(locale: str, hour: int, minute: int) -> str:
    """Babel's "HH:mm" of that hour and minute in `locale`, worked out once per process."""
    return babel_dates.format_time(time(hour, minute), "HH:mm", locale=locale)


def time_range(start: datetime, end: datetime, zone: tzinfo | None = None) -> str:
    """ "09:00–13:00" with the locale's own dash and spacing."""
    return babel_dates.format_interval(_in_zone(start, zone), _in_zone(end, zone), "Hm", locale=_locale())


def utc_stamp(moment: datetime) -> str:
    """ "2019-03-20T03:00:00Z": an instant in UTC for machines (`<time datetime>`, scripts)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def date_and_time(moment: datetime, zone: tzinfo | None = None) -> str:
    """ "20 March 2019, 09:05" in `zone` (UTC when none is given)."""
    moment = _in_zone(moment, zone or timezone.utc)
    pattern = babel_dates.get_datetime_format("medium", locale=_locale())
    return pattern.replace("{1}", date_long(moment)).replace("{0}", time_of_day(moment))


def day_range(first: date, last: date) -> str:
    """ "16–19 May 2016", "31 October – 3 November 2016", "2016年5月16日至19日".

    CLDR has interval patterns for abbreviated months only ("31 Oct – 3 Nov"); event pages spell
    months out as UN documents do, so the abbreviated pattern is widened (MMM → MMMM).
    """
    if first == last:
        return date_long(first)
    locale = Locale.parse(_locale())
    field = "y" if first.year != last.year else "M" if first.month != last.month else "d"
    pieces = locale.interval_formats.get("yMMMd", {}).get(field)
    if not pieces or len(pieces) != 2:
        return babel_dates.format_interval(first, last, "yMMMd", locale=locale)
    text = "".join(
        babel_dates.parse_pattern(_full_months(piece)).apply(day, locale)
        for piece, day in zip(pieces, (first, last), strict=False)
    )
    return text.replace("\u2009", " ")  # CLDR's thin spaces around the dash, as plain spaces


def _full_months(pattern: str) -> str:
    """ "d MMM – " → "d MMMM – ", leaving quoted literals alone."""
    parts = pattern.split("'")
    parts[::2] = [re.sub(r"(?<!M)MMM(?!M)", "MMMM", part) for part in parts[::2]]
    return "'".join(parts)


def number(value: int | float) -> str:
    """ "1,234" / "1 234" / "1.234", as the reader's language writes it."""
    return babel_numbers.format_decimal(value, locale=_locale())


def country(code: str | None) -> str:
    """A country's name in the reader's language (CLDR), ISO 3166's English name otherwise."""
    if not code:
        return ""
    try:
        name = Locale.parse(_locale()).territories.get(code.upper())
    except (UnknownLocaleError, ValueError):
        name = None
    return name or country_name(code)


# Arabic and Chinese write their own comma and semicolon (UN Arabic and Chinese documents do):
# a list of references read in Arabic is "A/RES/71/244، الفقرة 33؛ A/RES/72/237"; other languages
# use the Latin marks.
_COMMAS = {"ar": "، ", "zh": "，"}
_SEMICOLONS = {"ar": "؛ ", "zh": "；"}


def comma() -> str:
    """The comma and space between the items of a list, in the reader's language."""
    return _COMMAS.get(_locale().split("_")[0], ", ")


def list_separator() -> str:
    """The semicolon and space between items that contain commas (mandate references)."""
    return _SEMICOLONS.get(_locale().split("_")[0], "; ")


def register(app) -> None:
    """The formatters as Jinja filters (`{{ day|date_long }}`) and globals (`time_range(a, b, zone)`)."""
    app.jinja_env.filters.update(
        date_long=date_long,
        date_full=date_full,
        date_short=date_short,
        day_month=day_month,
        number=number,
        country=country,
        state_name=state_name,
    )
    app.jinja_env.globals.update(
        comma=comma,
        list_separator=list_separator,
        time_of_day=time_of_day,
        time_range=time_range,
        date_and_time=date_and_time,
        day_range=day_range,
    )
