"""Each kind of conflict, found by the one function the forms use; and what is not a conflict."""

from planner.agenda.conflicts import ConflictKind, find_conflicts
from planner.agenda.models import AgendaSession
from tests.agenda.helpers import add_session, at, make_event, make_rooms, person

DAY = "2019-03-20"


def _candidate(event, title, start, end, room=None, kind="plenary"):
    return AgendaSession(
        event_id=event.id,
        title=title,
        kind=kind,
        starts_at=at(DAY, start),
        ends_at=at(DAY, end),
        room_id=room.id if room else None,
    )


def test_a_room_booked_twice_names_both_sessions(session):
    event = make_event(session)
    _, (hall, _) = make_rooms(session, "Plenary hall", "Room B")
    add_session(session, event, "Opening plenary", at(DAY, "09:00"), at(DAY, "10:30"), hall)
    conflicts = find_conflicts(session, _candidate(event, "General debate", "10:00", "12:00", hall))
    assert [c.kind for c in conflicts] == [ConflictKind.ROOM]
    assert conflicts[0].message == ("The room is booked twice: “General debate” and “Opening plenary” overlap.")


def test_back_to_back_sessions_in_one_room_are_not_a_conflict(session):
    event = make_event(session)
    _, (hall,) = make_rooms(session, "Plenary hall")
    add_session(session, event, "Opening plenary", at(DAY, "09:00"), at(DAY, "10:00"), hall)
    assert find_conflicts(session, _candidate(event, "General debate", "10:00", "12:00", hall)) == []
    assert find_conflicts(session, _candidate(event, "Early", "08:00", "09:00", hall)) == []


def test_other_rooms_and_the_session_itself_are_not_conflicts(session):
    event = make_event(session)
    _, (hall, room_b) = make_rooms(session, "Plenary hall", "Room B")
    own = add_session(session, event, "Opening plenary", at(DAY, "09:00"), at(DAY, "10:30"), hall)
    assert find_conflicts(session, _candidate(event, "Panel", "09:00", "10:30", room_b)) == []
    assert (
        find_conflicts(session, _candidate(event, "Opening plenary", "09:30", "11:00", hall), exclude_id=own.id) == []
    )


def test_a_person_in_two_overlapping_sessions_across_rooms_and_events(session):
    event = make_event(session)
    other_event = make_event(session, slug="side-meeting")
    _, (hall, room_b) = make_rooms(session, "Plenary hall", "Room B")
    moderator = person(session)
    add_session(
        session,
        other_event,
        "Side meeting",
        at(DAY, "11:00"),
        at(DAY, "12:00"),
        room_b,
        people=[("speaker", moderator)],
    )
    conflicts = find_conflicts(session, _candidate(event, "Panel 1", "11:30", "13:00", hall), person_ids=[moderator.id])
    assert [c.kind for c in conflicts] == [ConflictKind.PERSON]
    assert "“Panel 1” and “Side meeting”" in conflicts[0].message
    assert moderator.name in conflicts[0].message


def test_a_session_outside_the_event_days_in_its_zone(session):
    event = make_event(session)  # 20-22 March 2019, Buenos Aires
    late = AgendaSession(
        event_id=event.id,
        title="Reception",
        kind="side_event",
        starts_at=at("2019-03-22", "23:00"),
        ends_at=at("2019-03-23", "00:30"),
    )
    conflicts = find_conflicts(session, late)
    assert [c.kind for c in conflicts] == [ConflictKind.OUTSIDE_EVENT]
    assert "outside the event's days (20–22 March 2019, America/Argentina" in conflicts[0].message
    inside = AgendaSession(
        event_id=event.id,
        title="Last",
        kind="plenary",
        starts_at=at("2019-03-22", "22:00"),
        ends_at=at("2019-03-23", "00:00"),
    )
    assert find_conflicts(session, inside) == []


def test_a_session_overlapping_a_break_in_the_same_room(session):
    event = make_event(session)
    _, (hall,) = make_rooms(session, "Plenary hall")
    add_session(session, event, "Lunch break", at(DAY, "13:00"), at(DAY, "14:00"), hall, kind="break")
    conflicts = find_conflicts(session, _candidate(event, "Panel 2", "13:30", "15:00", hall))
    assert [c.kind for c in conflicts] == [ConflictKind.BREAK]
    assert conflicts[0].message == "“Panel 2” overlaps the break “Lunch break” in the same room."
