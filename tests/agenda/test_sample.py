"""seed-demo's sample agenda for BAPA+40: published, marked as a sample, loaded idempotently."""

from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.agenda.queries import public_agenda
from planner.demo.seed import seed_demo
from planner.events.models import Event
from planner.mandates.links import references_for_sessions


def _state(session):
    return [
        (s.title, s.starts_at, s.room_id, s.sequence, s.updated_at, len(s.roles))
        for s in session.exec(select(AgendaSession).order_by(AgendaSession.id))
    ]


def test_the_sample_agenda_is_published_in_two_rooms_and_marked(session):
    seed_demo(session)
    bapa = session.exec(select(Event).where(Event.slug == "bapa-40")).one()
    agenda = public_agenda(session, bapa)
    assert [d.day.isoformat() for d in agenda.days] == ["2019-03-20", "2019-03-21", "2019-03-22"]
    sessions = [s for d in agenda.days for s in d.sessions]
    assert agenda.is_sample and all(s.published for s in sessions)
    assert sessions[0].title == "Opening plenary" and sessions[-1].title == "Closing plenary"
    assert sessions[0].starts_at.astimezone(bapa.zone).strftime("%H:%M") == "10:00"
    assert {s.room.name for s in sessions} == {"Plenary hall", "Room B"}
    assert {s.kind for s in sessions} >= {"plenary", "interactive_panel", "break"}
    # The mandate references come from the mandates package (the page asks it), not with the agenda.
    references = references_for_sessions(session, [s.id for s in sessions])
    assert references[sessions[0].id][0].label == "A/RES/71/244, para. 33"


def test_a_second_seed_run_changes_nothing_in_the_agenda(session):
    seed_demo(session)
    before = _state(session)
    report = seed_demo(session)
    assert not report.changed, report
    session.expire_all()
    assert _state(session) == before


def test_the_public_page_shows_the_sample_banner(app, client):
    with app.app_context():
        from planner.db import get_session

        seed_demo(get_session())
    page = client.get("/events/bapa-40").get_data(as_text=True)
    assert "Sample agenda:" in page and "not the official programme" in page
    assert "General debate (1st meeting)" in page


def test_the_mandate_page_lists_the_published_session_under_its_paragraph(app, client):
    with app.app_context():
        from planner.db import get_session

        seed_demo(get_session())
    page = client.get("/mandates/A-RES-71-244").get_data(as_text=True)
    assert "Opening plenary</a>" in page and "(session of Second High-level" in page
