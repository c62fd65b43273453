"""Public pages of one session and one person, and merging two records of one person (issue 19,
item 2): a session page with its time, room, venue, people, description, mandate references and
.ics; a person page with their published sessions only; "Dr Li Wei" and "Dr. Li Wei" merged, after
which a clash is found through the one record."""

from __future__ import annotations

from icalendar import Calendar
from sqlmodel import select

from planner.agenda import people
from planner.agenda.conflicts import find_conflicts
from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.audit.models import AuditEntry
from planner.mandates.importing import import_resolution
from planner.mandates.links import add_link
from tests.agenda.helpers import add_session, at, make_event, make_rooms, person
from tests.forms import post_form


def _conference(session):
    venue, (hall, room_b) = make_rooms(session, "Plenary hall", "Room B")
    venue.name, venue.address = "Centro Cultural Kirchner", "Sarmiento 151\nC1041 Buenos Aires"
    session.add(venue)
    session.commit()
    event = make_event(session, venue_id=venue.id)
    return event, hall, room_b


def test_a_session_page_shows_what_a_participant_needs(app, client, session):
    with app.test_request_context():
        event, hall, _room_b = _conference(session)
        chair = person(session, "Jean-Baptiste Ndiaye")
        opening = add_session(
            session,
            event,
            "Opening plenary",
            at("2019-03-20", "09:00"),
            at("2019-03-20", "10:30"),
            room=hall,
            people=[("chair", chair)],
            published=True,
        )
        opening.description = "Statements by the President.\n\nAdoption of the agenda."
        session.add(opening)
        session.commit()
        draft = add_session(session, event, "Draft", at("2019-03-20", "11:00"), at("2019-03-20", "12:00"))
    page = client.get(f"/events/bapa-40/sessions/{opening.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for shown in ("Opening plenary", "09:00", "10:30", "Plenary hall", "Centro Cultural Kirchner", "Sarmiento 151"):
        assert shown in text
    assert f'href="/people/{chair.id}"' in text and "Adoption of the agenda." in text
    assert client.get(f"/events/bapa-40/sessions/{draft.id}").status_code == 404
    assert client.get("/events/bapa-40/sessions/999999").status_code == 404
    assert client.get(f"/events/other/sessions/{opening.id}").status_code == 404
    ics = client.get(f"/events/bapa-40/sessions/{opening.id}/session.ics")
    assert ics.status_code == 200 and "attachment" in ics.headers["Content-Disposition"]
    assert [str(v["SUMMARY"]) for v in Calendar.from_ical(ics.data).walk("VEVENT")] == ["Opening plenary"]
    assert client.get(f"/events/bapa-40/sessions/{draft.id}/session.ics").status_code == 404


def test_a_session_page_names_the_paragraphs_that_mandate_it(app, client, session):
    with app.test_request_context():
        event, hall, _room_b = _conference(session)
        opening = add_session(
            session, event, "Opening", at("2019-03-20", "09:00"), at("2019-03-20", "10:00"), room=hall, published=True
        )
        text = "The General Assembly,\n1. Decides to convene a conference;\n2. Decides also;\n3. Requests a report;"
        imported = import_resolution(session, text, symbol="A/RES/71/244", title="South-South", adopted_on=None)
        for number in (1, 2):
            add_link(session, symbol="A/RES/71/244", number=number, role="convenes", agenda_session=opening)
        session.commit()
    page = client.get(f"/events/bapa-40/sessions/{opening.id}").get_data(as_text=True)
    assert "A/RES/71/244, paras. 1, 2" in page and f"/mandates/{imported.resolution.slug}#op1" in page


def test_a_person_page_lists_only_published_sessions(app, client, session):
    with app.test_request_context():
        event, hall, room_b = _conference(session)
        li = person(session, "Li Wei")
        add_session(
            session,
            event,
            "Panel on trade",
            at("2019-03-20", "09:00"),
            at("2019-03-20", "10:00"),
            room=hall,
            kind="interactive_panel",
            people=[("speaker", li)],
            published=True,
        )
        add_session(
            session,
            event,
            "Closed-door draft",
            at("2019-03-21", "09:00"),
            at("2019-03-21", "10:00"),
            room=room_b,
            people=[("speaker", li)],
        )
        only_draft = person(session, "Not yet announced")
        add_session(
            session,
            event,
            "Another draft",
            at("2019-03-22", "09:00"),
            at("2019-03-22", "10:00"),
            people=[("chair", only_draft)],
        )
    page = client.get(f"/people/{li.id}").get_data(as_text=True)
    assert "Panel on trade" in page and "Closed-door draft" not in page and "Speaker" in page
    assert client.get(f"/people/{only_draft.id}").status_code == 404
    assert client.get("/people/999999").status_code == 404


def test_two_spellings_of_one_person_are_found_and_merged(app, client, signed_in, session):
    with app.test_request_context():
        event, hall, room_b = _conference(session)
        dotted, plain = person(session, "Dr. Li Wei"), person(session, "Dr Li Wei")
        first = add_session(
            session,
            event,
            "Panel A",
            at("2019-03-20", "09:00"),
            at("2019-03-20", "10:00"),
            room=hall,
            people=[("speaker", dotted)],
            published=True,
        )
        add_session(
            session,
            event,
            "Panel A bis",
            at("2019-03-20", "09:00"),
            at("2019-03-20", "10:00"),
            room=room_b,
            people=[("speaker", plain), ("chair", plain)],
            published=True,
        )
        shared = add_session(
            session,
            event,
            "Both",
            at("2019-03-21", "09:00"),
            at("2019-03-21", "10:00"),
            room=hall,
            people=[("speaker", dotted), ("speaker", plain)],
            published=True,
        )
        clashes = [c for c in find_conflicts(session, first, exclude_id=first.id) if c.kind == "person"]
        assert clashes == []  # two records of one man: his clash with himself is not seen
        assert [[p.id for p in group] for group in people.possible_duplicates([dotted, plain])] == [
            [dotted.id, plain.id]
        ]
    plain_id, dotted_id, first_id, shared_id = plain.id, dotted.id, first.id, shared.id
    signed_in("manager")
    listing = client.get("/manage/people/").get_data(as_text=True)
    assert "Possibly the same person" in listing
    merged = post_form(client, f"/manage/people/{dotted_id}/merge", {"other": str(plain_id)})
    assert merged.status_code == 302
    session.expunge_all()
    assert session.get(Person, plain_id) is None
    roles = session.exec(select(SessionRole).where(SessionRole.person_id == dotted_id)).all()
    assert sorted((r.session_id, r.role) for r in roles) == sorted(
        [(first_id, "speaker"), (first_id + 1, "speaker"), (first_id + 1, "chair"), (shared_id, "speaker")]
    )
    stored_first = session.get(AgendaSession, first_id)
    clashes = find_conflicts(session, stored_first, exclude_id=stored_first.id)
    assert [c.kind for c in clashes] == ["person"]  # now one record: the clash is found
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "merge people")).one()
    assert "Dr Li Wei" in entry.after["merged"]


def test_merging_a_person_into_themselves_is_refused(app, client, signed_in, session):
    with app.test_request_context():
        lone = person(session, "Ana Pérez")
    signed_in("manager")
    page = f"/manage/people/{lone.id}/merge"
    refused = post_form(client, page, {"other": str(lone.id)})
    assert refused.status_code == 422
    assert session.get(Person, lone.id) is not None
    assert post_form(client, page, {"other": "not-a-number"}).status_code == 422


def test_name_keys_ignore_titles_dots_case_and_accents():
    assert people.name_key("Dr. Li Wei") == people.name_key("dr li  wei") == "li wei"
    assert people.name_key("H.E. Ms. Ana Pérez") == people.name_key("Ana Perez") == "ana perez"
    assert people.name_key("Jean-Baptiste Ndiaye") == "jean baptiste ndiaye"
