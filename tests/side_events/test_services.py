"""Side events through their service functions: the call's window, a proposal's rules, reviews,
decisions and placement with the agenda's conflict checks, and the proposer's e-mails."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.agenda.editing import ConflictsFound
from planner.agenda.models import AgendaSession, SessionKind
from planner.audit.models import AuditEntry
from planner.registration.models import OutboxMessage
from planner.side_events import editing, queries
from planner.side_events.editing import OrganiserValues, Placement, ProposalError
from planner.side_events.models import Proposal, ProposalReview, ProposalStatus
from planner.validation import ModelValidationError
from tests.forms import PASSWORD
from tests.side_events.conftest import event_today, local, proposal_values


def _submit(session, event, **overrides):
    return editing.submit(session, event, proposal_values(**overrides))


def test_a_proposal_is_taken_while_the_call_is_open_and_its_proposer_gets_the_link(app, session, conference):
    event = conference["event"]
    with app.test_request_context():
        proposal, token = _submit(session, event)
    assert proposal.number == 1 and proposal.status == ProposalStatus.SUBMITTED
    assert queries.find_by_token(session, token).id == proposal.id
    assert queries.find_by_token(session, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    mail = session.exec(select(OutboxMessage)).one()
    assert mail.recipient == "lucia@cancilleria.example"
    assert mail.body.startswith("Estimado/a Lucía Fernández")  # in Spanish, the proposer's language
    assert "propuesta" in mail.subject.lower()
    assert token not in mail.body and "/side-events/[private-link]" in mail.body
    organisers = queries.organisers_of(session, [proposal.id])[proposal.id]
    assert [(o.kind, o.state, o.name, o.co_organiser) for o in organisers] == [
        ("member_state", "AR", "", False),
        ("un_entity", None, "FAO", False),
        ("civil_society", None, "Red de Semillas", True),
    ]


@pytest.mark.parametrize(
    "opens, closes, message",
    [
        (1, 5, "not open yet"),
        (-10, -1, "closed"),
    ],
)
def test_outside_the_call_nothing_is_taken(app, session, conference, opens, closes, message):
    event = conference["event"]
    with app.test_request_context():
        today = event_today(event)
        editing.save_call(session, "setup", event, today + timedelta(days=opens), today + timedelta(days=closes))
        with pytest.raises(ProposalError, match=message):
            _submit(session, event)
    assert session.exec(select(Proposal)).all() == []
    assert session.exec(select(OutboxMessage)).all() == []


@pytest.mark.parametrize(
    "organisers, message",
    [
        ([], "at least one organiser"),
        ([OrganiserValues("civil_society", None, "Red de Semillas")], "Member State or a UN system entity"),
        ([OrganiserValues("member_state", "AR", co_organiser=True)], "Member State or a UN system entity"),
        ([OrganiserValues("observer_state", "PS"), OrganiserValues("igo", None, "OECD")], "Member State or a UN"),
        ([OrganiserValues("member_state", "XX")], "Choose the State"),
        ([OrganiserValues("member_state", "AR"), OrganiserValues("member_state", "AR")], "named once"),
        ([OrganiserValues("un_entity", None, " ")], "Name each organiser"),
    ],
)
def test_organisers_must_include_a_member_state_or_un_entity(app, session, conference, organisers, message):
    with app.test_request_context(), pytest.raises(ModelValidationError, match=message) as raised:
        _submit(session, conference["event"], organisers=organisers)
    assert raised.value.field == "organisers"
    assert session.exec(select(Proposal)).all() == []


def test_other_fields_are_checked(app, session, conference):
    event = conference["event"]
    with app.test_request_context():
        for overrides, field in (
            ({"title": "  "}, "title"),
            ({"format": "circus"}, "format"),
            ({"expected_attendance": 0}, "expected_attendance"),
            ({"preferred_days": [date(2000, 1, 1)]}, "preferred_days"),
            ({"languages": ["de"]}, "languages"),
            ({"proposer_email": "a@b.org, c@d.org"}, "proposer_email"),
        ):
            with pytest.raises(ModelValidationError) as raised:
                _submit(session, event, **overrides)
            assert raised.value.field == field
    assert session.exec(select(Proposal)).all() == []


def test_the_proposer_changes_until_a_decision_and_withdraws(app, session, conference):
    event = conference["event"]
    with app.test_request_context():
        proposal, _token = _submit(session, event)
        assert editing.update(session, event, proposal, proposal_values(title="Food security: a new title"))
        assert not editing.update(session, event, proposal, proposal_values(title="Food security: a new title"))
        assert session.get(Proposal, proposal.id).title == "Food security: a new title"
        editing.decide(session, "ana@un.example", event, proposal, "waitlisted", "Room is tight.")
        with pytest.raises(ProposalError, match="decision was taken"):
            editing.update(session, event, proposal, proposal_values(title="Too late"))
        editing.withdraw(session, event, proposal)
        assert proposal.status == ProposalStatus.WITHDRAWN
        with pytest.raises(ProposalError, match="withdrew"):
            editing.decide(session, "ana@un.example", event, proposal, "accepted")
    subjects = [m.subject for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert len(subjects) == 3  # received, waitlisted, withdrawn


def test_reviews_are_one_per_reviewer_and_averaged(app, session, conference):
    event = conference["event"]
    with app.test_request_context():
        proposal, _token = _submit(session, event)
        first = accounts.create_user(session, "setup", "r1@un.example", PASSWORD, "none", "Reviewer One")
        second = accounts.create_user(session, "setup", "r2@un.example", PASSWORD, "none", "Reviewer Two")
        editing.review(session, first.email, first.id, proposal, 4, "Strong South-South focus.")
        editing.review(session, first.email, first.id, proposal, 5, "On reflection, excellent.")
        editing.review(session, second.email, second.id, proposal, 2, "")
        with pytest.raises(ModelValidationError, match="score from 1 to 5"):
            editing.review(session, second.email, second.id, proposal, 6, "")
        (row,) = queries.proposals(session, event.id, first.id)
    assert len(session.exec(select(ProposalReview)).all()) == 2
    assert (row.reviews, row.mean_score, row.my_score) == (2, 3.5, 5)
    actions = session.exec(select(AuditEntry.action).where(AuditEntry.object_type == "side_event_proposal")).all()
    assert actions.count("side-event review") == 3


def test_an_accepted_side_event_is_placed_with_the_agendas_conflict_checks(app, session, conference):
    event, rooms, meeting = conference["event"], conference["rooms"], conference["meeting"]
    with app.test_request_context():
        first, _t = _submit(session, event)
        second, _t = _submit(session, event, title="Digital public goods in the South")
        with pytest.raises(ProposalError, match="Only an accepted"):
            editing.place(session, "ana@un.example", event, first, Placement(rooms[1].id, local(0, 13), local(0, 14)))
        for proposal in (first, second):
            editing.decide(session, "ana@un.example", event, proposal, "accepted", "Welcome.")
        placed = editing.place(
            session, "ana@un.example", event, first, Placement(rooms[1].id, local(0, 13), local(0, 14, 30))
        )
        assert (placed.kind, placed.published, placed.room_id) == (SessionKind.SIDE_EVENT, True, rooms[1].id)
        assert "Organised by Argentina, FAO; co-organised by Red de Semillas" in placed.description
        with pytest.raises(ConflictsFound) as found:
            editing.place(session, "ana@un.example", event, second, Placement(rooms[1].id, local(0, 14), local(0, 15)))
        assert [c.kind for c in found.value.conflicts] == ["room"]
        assert session.get(Proposal, second.id).session_id is None  # nothing saved
        editing.place(
            session,
            "ana@un.example",
            event,
            second,
            Placement(rooms[1].id, local(0, 14), local(0, 15)),
            override_reason="The room is split in two",
        )
        clashes = queries.debate_clashes(session, event.id, placed.starts_at, placed.ends_at)
        assert clashes == []
        late = queries.debate_clashes(
            session, event.id, meeting.starts_at + timedelta(hours=1), meeting.ends_at + timedelta(hours=1)
        )
        assert [m.id for m in late] == [meeting.id]
        with pytest.raises(ProposalError, match="on the programme"):
            editing.decide(session, "ana@un.example", event, first, "declined")
        days = queries.public_side_events(session, event)
    assert [[item.proposal.title for item in day.side_events] for day in days] == [
        ["Triangular cooperation for food security", "Digital public goods in the South"]
    ]
    reasons = session.exec(select(AuditEntry.reason).where(AuditEntry.object_type == "agenda_session")).all()
    assert any("The room is split in two (saved anyway despite: The room is booked twice" in (r or "") for r in reasons)
    placed_entries = session.exec(select(AuditEntry).where(AuditEntry.action == "side event placed")).all()
    assert len(placed_entries) == 2
    last = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "Sala Sur" in last.body


def test_a_placed_side_event_moves_and_the_session_is_not_duplicated(app, session, conference):
    event, rooms = conference["event"], conference["rooms"]
    with app.test_request_context():
        proposal, _t = _submit(session, event)
        editing.decide(session, "ana@un.example", event, proposal, "accepted")
        first = editing.place(
            session, "ana@un.example", event, proposal, Placement(rooms[1].id, local(1, 9), local(1, 10))
        )
        again = editing.place(
            session, "ana@un.example", event, proposal, Placement(rooms[0].id, local(2, 9), local(2, 10))
        )
    assert first.id == again.id
    sessions = session.exec(select(AgendaSession).where(AgendaSession.kind == SessionKind.SIDE_EVENT)).all()
    assert len(sessions) == 1 and sessions[0].room_id == rooms[0].id


def test_purging_registrations_erases_the_proposers_and_their_links(app, session, conference):
    from planner.registration.retention import purge_registrations
    from planner.side_events.models import ERASED_EMAIL

    event = conference["event"]
    with app.test_request_context():
        proposal, token = _submit(session, event)
        editing.decide(session, "setup", event, proposal, "accepted")
        purge_registrations(session, 30, event.ends_at + timedelta(days=31))
    session.expire_all()
    kept = session.get(Proposal, proposal.id)
    assert (kept.proposer_name, kept.proposer_email) == ("", ERASED_EMAIL)
    assert (kept.title, kept.status) == ("Triangular cooperation for food security", "accepted")  # the record
    assert queries.find_by_token(session, token) is None
    assert not session.exec(select(OutboxMessage).where(OutboxMessage.recipient == "lucia@cancilleria.example")).all()


def test_proposals_sent_in_the_same_instant_each_get_a_number(app, session, conference):
    """Twelve proposers press "Send" together near the deadline: twelve proposals, numbers 1 to 12,
    none refused (a number two of them took at once is taken again by the later one)."""
    import threading

    from planner.db import get_session

    event_id, barrier, failures = conference["event"].id, threading.Barrier(12), []

    def send(n: int) -> None:
        with app.test_request_context():
            own = get_session()
            event = own.get(type(conference["event"]), event_id)
            barrier.wait()
            try:
                editing.submit(own, event, proposal_values(f"Proposal {n}", proposer_email=f"p{n}@example.org"))
            except Exception as error:  # noqa: BLE001 # reported below
                failures.append(repr(error))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    numbers = sorted(session.exec(select(Proposal.number)).all())
    assert numbers == list(range(1, 13))
