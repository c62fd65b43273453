"""Seats, quotas, the waiting list and promotion, through the plain service functions."""

from datetime import timedelta

import pytest
from sqlmodel import select

from planner.db import utcnow
from planner.registration import editing
from planner.registration.models import OutboxMessage, Registration, Status
from planner.validation import ModelValidationError
from tests.registration.helpers import open_event, participant


def _register(app, session, event, *args, **kwargs):
    with app.test_request_context():
        return editing.register(session, event, participant(*args, **kwargs))


def test_seats_then_waiting_list_in_order(app, session):
    event = open_event(session, capacity=2)
    statuses = [_register(app, session, event, n)[0].status for n in range(1, 5)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    positions = session.exec(select(Registration.position).order_by(Registration.id)).all()
    assert positions == [1, 2, 3, 4]


def test_category_quota_keeps_its_own_waiting_list(app, session):
    event = open_event(session, capacity=3, quotas={"media": 1})
    assert _register(app, session, event, 1, "media")[0].status == Status.CONFIRMED
    assert _register(app, session, event, 2, "media")[0].status == Status.WAITLISTED
    assert _register(app, session, event, 3, "ngo")[0].status == Status.CONFIRMED


def test_cancelling_promotes_the_first_waiting_person_of_that_quota_and_mails_them(app, session):
    event = open_event(session, capacity=2, quotas={"media": 1})
    first, _ = _register(app, session, event, 1, "media")
    _register(app, session, event, 2, "ngo")
    _register(app, session, event, 3, "ngo")  # waits: total full
    fourth, _ = _register(app, session, event, 4, "media")  # waits: quota and total full
    with app.test_request_context():
        promoted = editing.cancel(session, event, first)
    assert [r.email for r in promoted] == ["person4@example.org"]  # the media seat, not ngo's
    session.expire_all()
    assert session.get(Registration, fourth.id).status == Status.CONFIRMED
    mails = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == "person4@example.org")).all()
    assert [m.subject.split(":")[0] for m in mails] == ["Registration received", "Your seat is confirmed"]


def test_approval_queue_then_approve_and_reject(app, session):
    event = open_event(session, capacity=1, requires_approval=True)
    one, _ = _register(app, session, event, 1)
    two, _ = _register(app, session, event, 2)
    assert (one.status, two.status) == ("pending", "pending")
    with app.test_request_context():
        assert editing.approve(session, "ana@un.example", event, one).status == Status.CONFIRMED
        assert editing.approve(session, "ana@un.example", event, two).status == Status.WAITLISTED
        assert editing.reject(session, "ana@un.example", event, two).status == Status.REJECTED


def test_same_email_twice_is_refused_whatever_its_case(app, session):
    event = open_event(session)
    _register(app, session, event, 1)
    with pytest.raises(editing.AlreadyRegistered):
        _register(app, session, event, 1, email="PERSON1@Example.org")
    assert len(session.exec(select(Registration)).all()) == 1


def test_after_cancelling_the_same_email_may_register_again(app, session):
    event = open_event(session)
    first, _ = _register(app, session, event, 1)
    with app.test_request_context():
        editing.cancel(session, event, first)
    assert _register(app, session, event, 1)[0].status == Status.CONFIRMED


def test_category_not_offered_and_closed_form_store_nothing(app, session):
    event = open_event(session, categories="ngo,media")
    with pytest.raises(ModelValidationError):
        _register(app, session, event, 1, "member_state")
    event2 = open_event(session, slug="later", opens_at=utcnow() + timedelta(days=1))
    with pytest.raises(editing.RegistrationError, match="not opened yet"):
        _register(app, session, event2, 2)
    event3 = open_event(
        session, slug="over", closes_at=utcnow() - timedelta(days=1), opens_at=utcnow() - timedelta(days=2)
    )
    with pytest.raises(editing.RegistrationError, match="closed"):
        _register(app, session, event3, 3)
    assert session.exec(select(Registration)).all() == []
    assert session.exec(select(OutboxMessage)).all() == []


def test_control_characters_are_stripped_and_email_lower_cased(app, session):
    event = open_event(session)
    registration, _ = _register(app, session, event, 1, given_name="Ana\x00\u202e\x1b", email="Ana@Example.ORG")
    assert (registration.given_name, registration.email) == ("Ana", "ana@example.org")
