"""Wall-clock times in a named zone turned into the UTC instants the database stores.

Every package that takes a local time from a form or a file (events, agenda sessions, registration
windows, sample data) converts it here, so a time the clocks skip is refused the same way
everywhere.
"""

from __future__ import annotations

from datetime import datetime, timezone
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
