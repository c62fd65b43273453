"""Event rules hold twice: in Python (clear messages) and in the database (constraints)."""

import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from planner.events.models import Event, EventKind, EventStatus, Recurrence
from planner.validation import ModelValidationError, is_timezone

UTC = timezone.utc


def _event(**fields) -> Event:
    values = dict(
        slug="sample",
        title="Sample meeting",
        kind=EventKind.MEETING,
        status=EventStatus.SCHEDULED,
        timezone="America/New_York",
        starts_at=datetime(2027, 7, 1, 13, tzinfo=UTC),
        ends_at=datetime(2027, 7, 1, 15, tzinfo=UTC),
    )
    values.update(fields)
    return Event(**values)


@pytest.mark.parametrize(
    "fields, field",
    [
        (dict(timezone="Mars/Olympus_Mons"), "timezone"),
        (dict(country="XX"), "country"),
        (dict(country="ar"), "country"),
        (dict(kind="party"), "kind"),
        (dict(status="maybe"), "status"),
        (dict(recurrence="weekly"), "recurrence"),
        (dict(ends_at=datetime(2027, 7, 1, 12, tzinfo=UTC)), "ends_at"),
        (dict(starts_at=None, ends_at=None), "starts_at"),
        (dict(status=EventStatus.TO_BE_SCHEDULED), "status"),
        (dict(edition=0), "edition"),
        (dict(slug=""), "slug"),
    ],
)
def test_python_rules_name_the_field(session, fields, field):
    session.add(_event(**fields))
    with pytest.raises(ModelValidationError) as error:
        session.flush()
    assert error.value.field == field


INSERT = sa.text(
    "INSERT INTO event (slug, title, kind, status, published, timezone, all_day, city, host, "
    "theme, description, sequence, created_at, updated_at, starts_at, ends_at) VALUES "
    "(:slug, 'T', :kind, :status, true, 'UTC', false, '', '', '', '', 0, :now, :now, :start, :end)"
)


def _raw_insert(session, **values):
    now = datetime(2026, 1, 1)
    params = dict(
        slug="raw", kind="meeting", status="scheduled", now=now, start=datetime(2027, 1, 2), end=datetime(2027, 1, 3)
    )
    params.update(values)
    session.execute(INSERT, params)
    session.flush()


@pytest.mark.parametrize(
    "values",
    [
        dict(start=datetime(2027, 1, 3), end=datetime(2027, 1, 2)),  # end before start
        dict(start=None, end=None),  # scheduled without dates
        dict(status="to_be_scheduled"),  # unscheduled with dates
        dict(kind="party"),
        dict(status="maybe"),
        dict(start=datetime(2027, 1, 3), end=None),
    ],
)
def test_database_refuses_what_python_would(session, values):
    with pytest.raises(IntegrityError):
        _raw_insert(session, **values)


def test_database_refuses_duplicate_slug(session):
    _raw_insert(session)
    with pytest.raises(IntegrityError):
        _raw_insert(session)


def test_instants_come_back_aware_in_utc(session):
    event = _event(
        starts_at=datetime(2027, 7, 1, 9, tzinfo=__import__("zoneinfo").ZoneInfo("America/New_York")),
        ends_at=datetime(2027, 7, 1, 17, tzinfo=UTC),
    )
    session.add(event)
    session.commit()
    session.expire_all()
    stored = session.get(Event, event.id)
    assert stored.starts_at == datetime(2027, 7, 1, 13, tzinfo=UTC)
    assert stored.starts_at.utcoffset().total_seconds() == 0


def test_naive_datetimes_are_refused(session):
    session.add(_event(starts_at=datetime(2027, 7, 1, 9), ends_at=datetime(2027, 7, 1, 10)))
    with pytest.raises(Exception, match="naive datetime"):
        session.flush()


def test_all_day_days_stay_put_in_the_events_zone():
    event = _event(timezone="Asia/Dubai")
    event.set_days(date(2016, 10, 31), date(2016, 11, 3))
    assert event.starts_at == datetime(2016, 10, 30, 20, tzinfo=UTC)  # midnight in Dubai (UTC+4)
    assert (event.first_day, event.last_day) == (date(2016, 10, 31), date(2016, 11, 3))


def test_yearly_next_occurrence():
    event = _event(recurrence=Recurrence.YEARLY)
    event.set_days(date(2012, 9, 12), date(2012, 9, 12))
    assert event.next_occurrence(date(2026, 11, 23)) == date(2027, 9, 12)
    assert event.next_occurrence(date(2027, 9, 12)) == date(2027, 9, 12)
    assert event.next_occurrence(date(2010, 1, 1)) == date(2012, 9, 12)


def test_the_zones_a_time_zone_error_suggests_are_real_zones():
    """The error beside a wrong zone names examples to follow: they must be IANA zones themselves
    (Geneva has none of its own: Europe/Zurich is Switzerland's)."""
    source = (Path(__file__).resolve().parents[2] / "planner" / "events" / "forms.py").read_text()
    examples = re.findall(r"use a name such as (\S+) or (\S+?)\.", source)
    assert examples and all(is_timezone(zone) for pair in examples for zone in pair)
    assert not is_timezone("Europe/Geneva")
