"""Wall-clock times in a named zone turned into the UTC instants the database stores.

Every package that takes a local time from a form or a file (events, agenda sessions, registration
windows, sample data) converts it here, so a time the clocks skip is refused the same way
everywhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from planner.formatting import date_long, time_of_day


def local_to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in `zone`; ValueError when clocks skip that time."""
    aware = local.replace(tzinfo=zone)
    instant = aware.astimezone(timezone.utc)
    if instant.astimezone(zone).replace(tzinfo=None) != local:
        raise ValueError(
            _(
                "%(day)s %(time)s does not exist in %(zone)s (the clocks change that night); pick another time",
                day=date_long(local),
                time=time_of_day(local),
                zone=zone.key,
            )
        )
    return instant


def moved_days(moment: datetime, days: int, zone: ZoneInfo, to_zone: ZoneInfo | None = None) -> datetime:
    """`moment` moved by `days` calendar days keeping its wall-clock time in `zone` (read in
    `to_zone`, when the zone changes too): a 09:00 opening stays at 09:00 local even when a
    summer-time change lies between the two dates, as delegates expect of a programme moved by
    whole days. Where the clocks skip that time on the new day, the instant after the gap is taken.
    """
    local = moment.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
    target = to_zone or zone
    try:
        return local_to_utc(local, target)
    except ValueError:
        return local.replace(tzinfo=target).astimezone(timezone.utc)
