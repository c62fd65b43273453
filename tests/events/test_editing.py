"""The event-editing services: one transaction each, sequence rules, audit entries."""

from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from planner.audit.models import AuditEntry
from planner.audit.trail import trail_for
from planner.events import editing
from planner.events.editing import EventValues, event_problems
from planner.events.models import Event
from planner.localtime import local_to_utc
from planner.validation import ModelValidationError


def _values(**changes) -> EventValues:
    base = dict(
        slug="expo-2026",
        title="Global South-South Development Expo 2026",
        kind="expo",
        status="scheduled",
        timezone="Asia/Dubai",
        city="Dubai",
        country="AE",
        all_day=True,
        first_day=date(2026, 10, 31),
        last_day=date(2026, 11, 3),
    )
    return EventValues(**{**base, **changes})


@pytest.fixture
def event(session):
    return editing.create_event(session, "ana@un.example", _values())


def _entries(session):
    return session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_create_stores_utc_instants_of_the_local_days_and_records_who(session, event):
    assert event.id and event.sequence == 0
    assert event.starts_at == datetime(2026, 10, 30, 20, 0, tzinfo=timezone.utc)  # midnight in Dubai
    assert event.last_day == date(2026, 11, 3)
    [entry] = trail_for(session, event)
    assert (entry.actor, entry.action, entry.object_type, entry.object_id) == (
        "ana@un.example",
        "create",
        "event",
        str(event.id),
    )
    assert entry.before is None and entry.after["slug"] == "expo-2026"


def test_timed_event_is_converted_from_its_zone(session):
    event = editing.create_event(
        session,
        "t",
        _values(
            all_day=False,
            timezone="America/New_York",
            local_start=datetime(2026, 5, 18, 10, 0),
            local_end=datetime(2026, 5, 18, 13, 0),
        ),
    )
    assert event.starts_at == datetime(2026, 5, 18, 14, 0, tzinfo=timezone.utc)
    assert event.local_end.hour == 13


@pytest.mark.parametrize(
    "change, raises_sequence",
    [
        (dict(title="A new title"), False),
        (dict(description="More words", host="UAE", theme="New theme", published=True), False),
        (dict(first_day=date(2026, 11, 1)), True),  # time
        (dict(last_day=date(2026, 11, 4)), True),
        (dict(timezone="Asia/Riyadh"), True),  # same days, other instants
        (dict(city="Abu Dhabi"), True),  # place
        (dict(country="SA"), True),
        (dict(status="postponed"), True),  # status
        (dict(yearly=True), True),  # recurrence is time
    ],
)
def test_sequence_rises_on_time_place_status_only(session, event, change, raises_sequence):
    changed = editing.update_event(session, "t", event, _values(**change))
    assert changed
    session.expire_all()
    stored = session.get(Event, event.id)
    assert stored.sequence == (1 if raises_sequence else 0)
    latest = trail_for(session, stored)[0]
    assert latest.action == "update"
    assert ("sequence" in latest.after) == raises_sequence
    assert set(latest.after) - {"sequence"} <= set(editing.EVENT_FIELDS)


def test_saving_unchanged_values_writes_nothing(session, event):
    before = event.updated_at
    assert editing.update_event(session, "t", event, _values()) is False
    session.expire_all()
    assert session.get(Event, event.id).updated_at == before
    assert len(_entries(session)) == 1


def test_update_sets_updated_at(session, event):
    before = event.updated_at
    editing.update_event(session, "t", event, _values(title="Renamed"))
    assert event.updated_at > before


def test_cancel_keeps_the_event_raises_sequence_and_records_the_reason(session, event):
    editing.cancel_event(session, "ana@un.example", event, reason="venue unavailable")
    session.expire_all()
    stored = session.get(Event, event.id)
    assert (stored.status, stored.sequence) == ("cancelled", 1)
    assert stored.starts_at is not None  # the dates stay: calendars show it cancelled
    entry = trail_for(session, stored)[0]
    assert (entry.action, entry.reason) == ("cancel", "venue unavailable")
    assert entry.before == {"status": "scheduled", "sequence": 0}
    assert entry.after == {"status": "cancelled", "sequence": 1}
    with pytest.raises(ModelValidationError, match="already cancelled"):
        editing.cancel_event(session, "t", stored)


def test_postpone_then_cancel_each_raise_sequence(session, event):
    editing.postpone_event(session, "t", event)
    editing.cancel_event(session, "t", event)
    assert (event.status, event.sequence) == ("cancelled", 2)
    assert [e.action for e in trail_for(session, event)] == ["cancel", "postpone", "create"]
    with pytest.raises(ModelValidationError):
        editing.postpone_event(session, "t", event)


def test_a_taken_slug_is_refused_with_the_address_and_nothing_is_half_saved(session, event):
    other = editing.create_event(session, "t", _values(slug="other", title="Other"))
    with pytest.raises(ModelValidationError) as error:
        editing.update_event(session, "t", other, _values(slug="expo-2026", title="Changed too", city="Sharjah"))
    assert error.value.field == "slug"
    assert "/events/expo-2026" in error.value.message
    session.expire_all()
    stored = session.get(Event, other.id)
    assert (stored.slug, stored.title, stored.city, stored.sequence) == ("other", "Other", "Dubai", 0)
    assert [e.action for e in _entries(session)] == ["create", "create"]


def test_a_rule_broken_at_flush_rolls_back_the_change_and_its_audit_entry(session, event):
    bad = _values(kind="picnic")  # no form would send it; the model's check() refuses it
    with pytest.raises(ModelValidationError) as error:
        editing.update_event(session, "t", event, bad)
    assert error.value.field == "kind"
    session.expire_all()
    assert session.get(Event, event.id).kind == "expo"
    assert len(_entries(session)) == 1


def test_series_edition_must_be_unique(session):
    series = editing.save_series(session, "t", None, dict(slug="expo", title="Expo", description=""))
    editing.create_event(session, "t", _values(series_id=series.id, edition=8))
    with pytest.raises(ModelValidationError) as error:
        editing.create_event(session, "t", _values(slug="expo-b", series_id=series.id, edition=8))
    assert error.value.field == "edition" and "Edition 8" in error.value.message


@pytest.mark.parametrize(
    "values, problems",
    [
        (_values(), {}),
        (_values(status="to_be_scheduled", first_day=None, last_day=None), {}),
        (_values(timezone="Mars/Olympus"), {"timezone": "“Mars/Olympus” is not an IANA time zone."}),
        (_values(country="XX"), {"country": "“XX” is not a country code."}),
        (_values(last_day=date(2026, 10, 30)), {"last_day": "The last day is before the first day."}),
        (_values(last_day=None), {"last_day": "Give the last day too."}),
        (_values(first_day=None, last_day=None), {"first_day": "A scheduled event needs its dates."}),
        (
            _values(status="to_be_scheduled"),
            {"status": "An event to be scheduled has no dates yet: clear the dates or choose another status."},
        ),
        (
            _values(all_day=False, local_start=datetime(2026, 5, 1, 12), local_end=datetime(2026, 5, 1, 12)),
            {"ends_local": "The end must be after the start."},
        ),
        (_values(all_day=False, first_day=None, last_day=None), {"starts_local": "A scheduled event needs its dates."}),
        (
            _values(status="postponed", first_day=None, last_day=None, yearly=True),
            {"yearly": "A yearly event needs the date of its first occurrence."},
        ),
    ],
)
def test_event_problems(values, problems):
    assert event_problems(values) == problems


def test_a_wall_clock_time_skipped_by_daylight_saving_is_refused():
    with pytest.raises(ValueError, match="does not exist in America/New_York"):
        local_to_utc(datetime(2026, 3, 8, 2, 30), editing.ZoneInfo("America/New_York"))
    problems = event_problems(
        _values(
            all_day=False,
            timezone="America/New_York",
            local_start=datetime(2026, 3, 8, 2, 30),
            local_end=datetime(2026, 3, 8, 5, 0),
        )
    )
    assert "does not exist" in problems["starts_local"]


def test_find_events_filters_by_kind_status_and_local_year(session):
    editing.create_event(session, "t", _values())
    # 1 January 2027 in Kiribati is still 31 December 2026 in UTC: the year is the local one.
    editing.create_event(
        session,
        "t",
        _values(
            slug="kiritimati",
            title="K",
            kind="meeting",
            timezone="Pacific/Kiritimati",
            first_day=date(2027, 1, 1),
            last_day=date(2027, 1, 1),
        ),
    )
    editing.create_event(
        session, "t", _values(slug="later", title="L", status="to_be_scheduled", first_day=None, last_day=None)
    )
    slugs = lambda **f: [e.slug for e in editing.find_events(session, **f)]  # noqa: E731
    assert slugs() == ["expo-2026", "kiritimati", "later"]
    assert slugs(kind="meeting") == ["kiritimati"]
    assert slugs(status="to_be_scheduled") == ["later"]
    assert slugs(year=2027) == ["kiritimati"]
    assert slugs(year=2026, kind="expo") == ["expo-2026"]
    assert editing.event_years(session) == [2027, 2026]


def test_places_are_saved_with_their_trail_and_unique_names(session):
    venue = editing.save_venue(
        session, "t", None, dict(name="Expo Centre", address="", city="Dubai", country="AE", timezone="Asia/Dubai")
    )
    editing.save_venue(
        session, "t", venue, dict(name="Expo Centre", address="", city="Dubai", country="AE", timezone="Asia/Dubai")
    )  # no change
    room = editing.save_room(session, "t", venue, None, dict(name="Hall A", capacity=500))
    editing.save_room(session, "t", venue, room, dict(name="Hall A", capacity=800))
    assert [e.action for e in trail_for(session, venue)] == ["create"]
    [update, create] = trail_for(session, room)
    assert (update.before, update.after) == ({"capacity": 500}, {"capacity": 800})
    with pytest.raises(ModelValidationError, match="already has a room called “Hall A”"):
        editing.save_room(session, "t", venue, None, dict(name="Hall A", capacity=None))
    with pytest.raises(ModelValidationError) as error:
        editing.save_venue(
            session, "t", None, dict(name="Expo Centre", address="", city="Dubai", country=None, timezone="Asia/Dubai")
        )
    assert error.value.field == "name"
