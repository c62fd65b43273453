"""Saving, publishing and copying sessions: sequence rules, conflicts with a reason, DST-safe copies."""

from datetime import date, datetime

import pytest
from sqlmodel import select

from planner.agenda import copying, editing
from planner.agenda.editing import ConflictsFound, SessionValues
from planner.agenda.models import AgendaSession, Person
from planner.audit.trail import trail_for
from planner.events import editing as event_editing
from tests.agenda.helpers import add_session, at, make_event, make_rooms


def _values(title="Opening plenary", start="2019-03-20 09:00", end="2019-03-20 10:00", room=None, people=()):
    return SessionValues(
        title=title,
        kind="plenary",
        local_start=datetime.fromisoformat(start),
        local_end=datetime.fromisoformat(end),
        room_id=room.id if room else None,
        people=list(people),
    )


def test_local_times_are_stored_in_utc_and_people_are_reused_by_name(session):
    event = make_event(session)
    first = editing.save_session(
        session, "ana", event, None, _values(people=[("chair", "President of the Conference (sample)")])
    )
    assert first.starts_at == at("2019-03-20", "09:00")  # 12:00 UTC
    assert first.starts_at.hour == 12 and first.sequence == 0 and not first.published
    editing.save_session(
        session,
        "ana",
        event,
        None,
        _values(
            "Closing",
            "2019-03-22 17:00",
            "2019-03-22 18:00",
            people=[("chair", "President of the Conference (sample)")],
        ),
    )
    assert len(session.exec(select(Person)).all()) == 1


def test_sequence_rises_on_time_and_room_changes_not_on_a_title_change(session):
    event = make_event(session)
    _, (hall, room_b) = make_rooms(session, "Plenary hall", "Room B")
    saved = editing.save_session(session, "ana", event, None, _values(room=hall))
    editing.save_session(session, "ana", event, saved, _values("Opening plenary meeting", room=hall))
    assert saved.sequence == 0
    editing.save_session(
        session,
        "ana",
        event,
        saved,
        _values("Opening plenary meeting", "2019-03-20 09:30", "2019-03-20 10:30", room=hall),
    )
    assert saved.sequence == 1
    editing.save_session(
        session,
        "ana",
        event,
        saved,
        _values("Opening plenary meeting", "2019-03-20 09:30", "2019-03-20 10:30", room=room_b),
    )
    assert saved.sequence == 2
    assert [e.action for e in trail_for(session, saved)] == ["update", "update", "update", "create"]


def test_a_conflict_stops_the_save_until_a_reason_is_given_and_the_trail_keeps_it(session):
    event = make_event(session)
    _, (hall,) = make_rooms(session, "Plenary hall")
    add_session(session, event, "Opening plenary", at("2019-03-20", "09:00"), at("2019-03-20", "10:30"), hall)
    clash = _values("General debate", "2019-03-20 10:00", "2019-03-20 12:00", room=hall)
    with pytest.raises(ConflictsFound) as raised:
        editing.save_session(session, "ana", event, None, clash)
    assert "“General debate” and “Opening plenary”" in raised.value.conflicts[0].message
    assert len(session.exec(select(AgendaSession)).all()) == 1
    saved = editing.save_session(session, "ana", event, None, clash, override_reason="room shared on purpose")
    entry = trail_for(session, saved)[0]
    assert entry.reason.startswith("room shared on purpose (saved anyway despite: The room is booked twice")


def test_a_time_that_does_not_exist_is_refused(session):
    event = make_event(session, slug="ny", first=date(2026, 3, 8), last=date(2026, 3, 8), timezone="America/New_York")
    with pytest.raises(Exception) as raised:
        editing.save_session(session, "ana", event, None, _values(start="2026-03-08 02:30", end="2026-03-08 03:30"))
    assert "does not exist in America/New_York" in str(raised.value)


def test_publishing_the_agenda_publishes_every_draft_in_one_action(session):
    event = make_event(session)
    add_session(session, event, "A", at("2019-03-20", "09:00"), at("2019-03-20", "10:00"))
    add_session(session, event, "B", at("2019-03-20", "10:00"), at("2019-03-20", "11:00"), published=True)
    assert editing.publish_agenda(session, "ana", event) == 1
    sessions = session.exec(select(AgendaSession).order_by(AgendaSession.title)).all()
    assert [(s.published, s.sequence) for s in sessions] == [(True, 1), (True, 0)]
    assert trail_for(session, event)[0].action == "publish agenda"
    assert editing.publish_agenda(session, "ana", event) == 0


def test_copying_keeps_local_times_across_a_summer_time_change(session):
    series = event_editing.save_series(session, "t", None, dict(slug="expo", title="Expo", description=""))
    zone = "Europe/Zurich"  # summer time starts on 31 March 2024
    last_year = make_event(session, "expo-1", date(2024, 3, 25), date(2024, 3, 26), zone, series.id, 1)
    this_year = make_event(session, "expo-2", date(2024, 4, 1), date(2024, 4, 2), zone, series.id, 2)
    _, (hall,) = make_rooms(session, "Hall", timezone=zone)
    speaker = Person(name="Moderator (sample)")
    add_session(
        session,
        last_year,
        "Opening",
        at("2024-03-25", "09:00", zone),
        at("2024-03-25", "10:00", zone),
        hall,
        people=[("moderator", speaker)],
        published=True,
    )
    assert copying.earlier_editions(session, this_year) == [last_year]
    assert copying.copy_agenda(session, "ana", last_year, this_year) == 1
    copy = session.exec(select(AgendaSession).where(AgendaSession.event_id == this_year.id)).one()
    assert copy.starts_at == at("2024-04-01", "09:00", zone)  # 07:00 UTC, not 08:00
    assert copy.starts_at.hour == 7
    assert (copy.published, copy.room_id, [r.person.name for r in copy.roles]) == (
        False,
        hall.id,
        ["Moderator (sample)"],
    )
    assert copying.copy_agenda(session, "ana", last_year, this_year) == 0  # nothing twice


def test_copying_needs_the_same_series(session):
    one, two = make_event(session, "a"), make_event(session, "b")
    with pytest.raises(Exception, match="same series"):
        copying.copy_agenda(session, "ana", one, two)
