"""The list of speakers' order and its allocation to meetings: the protocol rule, swaps and moves."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from itertools import pairwise

import pytest
from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.delegations import editing as delegations
from planner.delegations.editing import DelegationValues
from planner.delegations.models import RepresentationLevel
from planner.speakers import editing, queries
from planner.speakers.editing import ListError, SpeakerValues
from planner.speakers.models import Inscription
from planner.speakers.order import Change, Meeting, Speaker, allocate, ordered
from tests.registration.helpers import open_event, participant

START = datetime(2030, 3, 20, 13, tzinfo=timezone.utc)
MEETINGS = [
    Meeting(1, START, START + timedelta(hours=3)),
    Meeting(2, START + timedelta(days=1), START + timedelta(days=1, hours=3)),
]
LEVELS = list(RepresentationLevel)


def _forty() -> list[Speaker]:
    """40 speakers of mixed levels and categories, inscribed in a random order."""
    rng = random.Random(71244)
    categories = ["member_state"] * 30 + ["observer_state"] * 2 + ["igo"] * 3 + ["un_system"] * 3 + ["ngo"] * 2
    rng.shuffle(categories)
    return [Speaker(n, category, rng.choice(LEVELS).value, n) for n, category in enumerate(categories, start=1)]


def test_forty_speakers_follow_the_protocol_order_and_fill_two_meetings():
    speakers = _forty()
    by_id = {s.inscription_id: s for s in speakers}
    order = ordered(speakers, [], MEETINGS, 5)
    categories = [by_id[i].category for i in order]
    # Member States, then observer States, intergovernmental organisations, UN system, the rest.
    assert categories == sorted(categories, key=["member_state", "observer_state", "igo", "un_system", "ngo"].index)
    members = [by_id[i] for i in order if by_id[i].category == "member_state"]
    heads_of_state = [s for s in speakers if s.category == "member_state" and s.level == "head_of_state"]
    assert heads_of_state and members[: len(heads_of_state)] == sorted(heads_of_state, key=lambda s: s.number)
    for first, second in pairwise(members):
        # by level, highest first; within a level, by order of inscription
        assert (LEVELS.index(first.level), first.number) < (LEVELS.index(second.level), second.number)
    blocks = allocate(order, MEETINGS, 5)
    assert [(meeting, len(ids)) for meeting, ids in blocks] == [(1, 36), (2, 4)]  # 3 h at 5 minutes: 36
    assert blocks[0][1] + blocks[1][1] == order


def test_overflow_beyond_the_last_meeting_is_not_allocated():
    speakers = _forty()
    blocks = allocate(ordered(speakers, [], MEETINGS, 10), MEETINGS, 10)
    assert [(meeting, len(ids)) for meeting, ids in blocks] == [(1, 18), (2, 18), (None, 4)]


def test_a_swap_and_a_move_to_the_end_of_the_meeting_are_replayed_in_order():
    speakers = [Speaker(n, "member_state", "minister", n) for n in range(1, 41)]
    order = ordered(speakers, [Change("swap", 2, 39)], MEETINGS, 5)
    assert order[:3] == [1, 39, 3] and order[38] == 2
    order = ordered(speakers, [Change("swap", 2, 39), Change("to_end", 1)], MEETINGS, 5)
    assert order[:2] == [39, 3] and order[35] == 1 and order[36] == 37  # end of the first meeting
    assert ordered(speakers, [Change("swap", 2, 99)], MEETINGS, 5)[:2] == [1, 2]  # a speaker not on the list


@pytest.fixture
def event(debate_event):
    return debate_event


def _delegation(session, event, code, category="member_state", level="minister"):
    values = DelegationValues(
        category,
        code if category in ("member_state", "observer_state") else None,
        "" if category in ("member_state", "observer_state") else code,
        level,
        "Focal",
        f"focal@{code.lower()}.example",
        "",
    )
    person = participant(
        1, category, email=f"head@{code.lower()}.example", represents=code if category == "member_state" else None
    )
    return delegations.submit(session, event, values, [person])[0]


def test_inscribed_through_the_service_the_list_reads_by_meeting(app, session, event):
    with app.test_request_context():
        meetings = session.exec(select(AgendaSession).where(AgendaSession.event_id == event.id)).all()
        editing.save_settings(session, "desk", event, 5, {m.id for m in meetings}, closed=False)
        brazil = _delegation(session, event, "BR")
        ghana = _delegation(session, event, "GH")
        palestine = _delegation(session, event, "PS", "observer_state")
        editing.inscribe(session, event, palestine, SpeakerValues("Riyad Mansour", "Ambassador", "head_of_state"))
        editing.inscribe(
            session, event, brazil, SpeakerValues("Mauro Vieira", "Minister for Foreign Affairs", "minister")
        )
        editing.inscribe(session, event, ghana, SpeakerValues("John Mahama", "President", "head_of_state"))
        _settings, blocks = queries.speakers_list(session, event.id)
        assert [e.inscription.speaker_name for e in blocks[0].entries] == [
            "John Mahama",
            "Mauro Vieira",
            "Riyad Mansour",
        ]
        first, second = (queries.inscription_of(session, d.id) for d in (ghana, brazil))
        editing.swap(session, "desk", event, first, second)
        _settings, blocks = queries.speakers_list(session, event.id)
        assert [e.inscription.speaker_name for e in blocks[0].entries][:2] == ["Mauro Vieira", "John Mahama"]
        delegations.withdraw(session, event, palestine, actor="desk")
        _settings, blocks = queries.speakers_list(session, event.id)
        assert "Riyad Mansour" not in [e.inscription.speaker_name for b in blocks for e in b.entries]


def test_bad_input_changes_nothing(app, session, event):
    with app.test_request_context():
        brazil = _delegation(session, event, "BR")
        with pytest.raises(Exception, match="level"):
            editing.inscribe(session, event, brazil, SpeakerValues("Mauro Vieira", "", ""))
        inscription = editing.inscribe(session, event, brazil, SpeakerValues("Mauro Vieira", "", "minister"))
        other_event = open_event(session, slug="other-event", capacity=None)
        chile = _delegation(session, other_event, "CL")
        foreign = editing.inscribe(session, other_event, chile, SpeakerValues("Alberto van Klaveren", "", "minister"))
        with pytest.raises(ListError, match="Both speakers"):
            editing.swap(session, "desk", event, inscription, foreign)
        editing.save_settings(session, "desk", event, 5, set(), closed=True)
        ghana = _delegation(session, event, "GH")
        with pytest.raises(ListError, match="closed"):
            editing.inscribe(session, event, ghana, SpeakerValues("John Mahama", "", "head_of_state"))
    assert len(session.exec(select(Inscription).where(Inscription.event_id == event.id)).all()) == 1
