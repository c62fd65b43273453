"""Model rules of the agenda, checked in Python (before flush) and by the database."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from planner.agenda.models import AgendaSession
from planner.mandates.links import add_link, references_for_sessions
from planner.mandates.models import MandateLink
from planner.validation import ModelValidationError
from tests.agenda.helpers import add_session, at, make_event


def test_a_session_ends_after_it_starts(session):
    event = make_event(session)
    session.add(
        AgendaSession(
            event_id=event.id,
            title="Backwards",
            kind="plenary",
            starts_at=at("2019-03-20", "10:00"),
            ends_at=at("2019-03-20", "10:00"),
        )
    )
    with pytest.raises(ModelValidationError, match="the end must be after the start"):
        session.flush()
    session.rollback()
    with pytest.raises(IntegrityError):  # the database says the same without Python's check
        session.execute(
            sa.insert(AgendaSession),
            [
                dict(
                    event_id=event.id,
                    title="Backwards",
                    kind="plenary",
                    description="",
                    published=False,
                    is_sample=False,
                    sequence=0,
                    starts_at=at("2019-03-20", "10:00"),
                    ends_at=at("2019-03-20", "09:00"),
                    created_at=at("2019-03-20", "09:00"),
                    updated_at=at("2019-03-20", "09:00"),
                )
            ],
        )


def test_a_mandate_link_points_at_exactly_one_event_session_or_deadline(session):
    event = make_event(session)
    opening = add_session(session, event, "Opening", at("2019-03-20", "10:00"), at("2019-03-20", "11:00"))
    add_link(session, symbol="A/RES/71/244", number=33, role="convenes", agenda_session=opening)
    session.commit()
    assert references_for_sessions(session, [opening.id])[opening.id][0].label == "A/RES/71/244, para. 33"
    session.add(
        MandateLink(
            resolution_symbol="A/RES/71/244",
            paragraph_number=33,
            role="convenes",
            event_id=event.id,
            session_id=opening.id,
        )
    )
    with pytest.raises(ModelValidationError, match="exactly one event, session or deadline"):
        session.flush()
    session.rollback()
    with pytest.raises(IntegrityError):
        session.execute(
            sa.insert(MandateLink),
            [
                dict(
                    resolution_symbol="A/RES/71/244",
                    paragraph_kind="operative",
                    paragraph_number=33,
                    role="convenes",
                    event_id=event.id,
                    session_id=opening.id,
                    created_at=at("2019-03-20", "09:00"),
                )
            ],
        )
