"""Every management route, for every kind of account, on the event its roles are on and on another.

Two events are built, A and B, each with a session, a registration and a badge code; the six
per-event roles are each granted to an account of their own (no global role) on event A only.
Every rule of the app under /manage is requested by each reader: anonymous, the global viewer,
manager and admin, and the six per-event readers; a route about one event is requested for A
and for B. The expectation comes from this file's tables, not from planner.accounts.permissions:

- a route the reader may use answers neither 403 nor a redirect to the sign-in page (nor a 5xx);
- a route the reader may not use answers 403;
- anonymous readers are sent to /login.

GET is requested where the rule has it (a form's page), POST for POST-only rules (with a valid
CSRF token: the POST may do its work, and nothing here depends on what it did).

**Adding a route**: add one row to ROUTES, the endpoint and what it needs: a Permission (checked
on the route's event: VIEW to read, EDIT to change, ACCREDIT for decisions on registrations,
PROTOCOL for the list of participants, CHECK_IN for the door, REVIEW for side-event proposals), a global role ("viewer",
"manager", "admin": the route is about something every event shares), or ANY_ROLE. A URL
argument this file does not know yet (`delegation_id`) gets its value in `_world`: per event
(`per_event[...]["delegation_id"]`, built like the session and the registration) or shared by
both events (`shared`). An argument whose name means something else on one route goes in
ARGUMENTS (the `slug` of a resolution). `test_every_management_route_is_in_the_table` fails
until a new rule has its row, so no route slips in unclassified.

One app and one database per backend, about 770 requests: some 7 seconds on each backend on an idle
two-core machine.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from flask import url_for
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.accounts.permissions import Permission
from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.db import get_session
from planner.delegations import editing as delegations
from planner.delegations.editing import DelegationValues
from planner.documents import editing as documents
from planner.documents.editing import DocumentValues
from planner.documents.models import DocumentParagraph
from planner.events import editing as events
from planner.events.models import Event
from planner.mandates.importing import import_resolution
from planner.mandates.links import add_link
from planner.mandates.models import Deadline, Paragraph
from planner.registration import editing as registrations
from planner.registration.badges import checkin_code
from planner.registration.queries import letter_of
from planner.side_events import editing as side_events
from planner.speakers import editing as speakers
from planner.speakers.editing import SpeakerValues
from tests.forms import BASE, PASSWORD, csrf_token, sign_in
from tests.registration.helpers import open_event, participant, visa_request
from tests.side_events.conftest import proposal_values

VIEW, EDIT, ACCREDIT, PROTOCOL, CHECK_IN, REVIEW = (
    Permission.VIEW,
    Permission.EDIT,
    Permission.ACCREDIT,
    Permission.PROTOCOL,
    Permission.CHECK_IN,
    Permission.REVIEW,
)
ANY_ROLE = "any role"  # a global role or a per-event role on some event

ROUTES: dict[str, Permission | str] = {
    # events
    "events_manage.index": ANY_ROLE,
    "events_manage.new_event": "manager",
    "events_manage.show_event": VIEW,
    "events_manage.edit_event": EDIT,
    "events_manage.postpone_event": EDIT,
    "events_manage.cancel_event": EDIT,
    "events_manage.save_branding": EDIT,
    "events_manage.event_logo": VIEW,
    "events_manage_translations.translations": VIEW,
    "events_manage_translations.save": EDIT,
    "events_manage_places.series_index": "viewer",
    "events_manage_places.show_series": "viewer",
    "events_manage_places.new_series": "manager",
    "events_manage_places.edit_series": "manager",
    "events_manage_places.venues_index": "viewer",
    "events_manage_places.show_venue": "viewer",
    "events_manage_places.new_venue": "manager",
    "events_manage_places.edit_venue": "manager",
    "events_manage_places.new_room": "manager",
    "events_manage_places.show_room": "viewer",
    "events_manage_places.edit_room": "manager",
    # agenda
    "agenda_manage.timetable": VIEW,
    "agenda_manage.new_session": EDIT,
    "agenda_manage.copy": EDIT,
    "agenda_manage.publish": EDIT,
    "agenda_manage.show_session": VIEW,
    "agenda_manage.edit_session": EDIT,
    "agenda_manage.check_move": EDIT,
    "agenda_manage.move_session": EDIT,
    "agenda_manage.undo_move": EDIT,
    "agenda_manage.cancel_session": EDIT,
    "agenda_manage.reinstate_session": EDIT,
    "agenda_manage.delete_session": EDIT,
    "agenda_manage.people": "viewer",
    "agenda_manage.edit_person": "manager",
    "agenda_manage.merge_person": "manager",
    "agenda_manage.save_photo": "manager",
    "agenda_manage.person_photo": "manager",
    # mandates
    "mandates_manage.index": "viewer",
    "mandates_manage.import_page": "manager",
    "mandates_manage.review": "viewer",
    "mandates_manage.accept": "manager",
    "mandates_manage.dismiss": "manager",
    "mandates_manage.deadline_page": "viewer",
    "mandates_manage.edit_deadline": "manager",
    "mandates_manage.close_deadline": "manager",
    "mandates_manage.reopen_deadline": "manager",
    "mandates_manage.event_links": EDIT,
    "mandates_manage.link_event": EDIT,
    "mandates_manage.remove_event_link": EDIT,
    "mandates_manage.session_links": EDIT,
    "mandates_manage.link_session": EDIT,
    "mandates_manage.remove_session_link": EDIT,
    "mandates_manage.paragraph_page": "viewer",
    "mandates_manage.link_paragraph": "manager",
    # documents
    "documents_manage.index": VIEW,
    "documents_manage.new": EDIT,
    "documents_manage.show": VIEW,
    "documents_manage.edit": EDIT,
    "documents_manage.upload": EDIT,
    "documents_manage.remove_file": EDIT,
    "documents_manage.sessions": EDIT,
    "documents_manage.link_paragraph": EDIT,
    "documents_manage.unlink_paragraph": EDIT,
    "documents_manage.delete": EDIT,
    # registration
    "registration_manage.registrations": VIEW,
    "registration_manage.registrations_by_slug": VIEW,
    "registration_manage.export": VIEW,
    "registration_manage.settings": EDIT,
    "registration_manage.show": VIEW,
    "registration_manage.approve": ACCREDIT,
    "registration_manage.reject": ACCREDIT,
    "registration_manage.restore": ACCREDIT,
    "registration_manage.badge_sheet": VIEW,
    "registration_manage.check_in_search": CHECK_IN,
    "registration_manage.scanned": CHECK_IN,
    "registration_manage.check_in": CHECK_IN,
    "registration_manage.undo_check_in": CHECK_IN,
    "registration_manage.outbox": "viewer",
    "registration_messages.new_message": EDIT,
    "registration_letters.letters_page": ACCREDIT,
    "registration_letters.issue": ACCREDIT,
    "registration_letters.send": ACCREDIT,
    "registration_letters.download": ACCREDIT,
    "registration_letters.wording": EDIT,
    # delegations and accreditation
    "delegations_manage.index": VIEW,
    "delegations_manage.new": ACCREDIT,
    "delegations_manage.show": VIEW,
    "delegations_manage.edit": ACCREDIT,
    "delegations_manage.credentials": ACCREDIT,
    "delegations_manage.add_member": ACCREDIT,
    "delegations_manage.edit_member": ACCREDIT,
    "delegations_manage.withdraw_member": ACCREDIT,
    "delegations_manage.make_head": ACCREDIT,
    "delegations_manage.withdraw": ACCREDIT,
    "delegations_manage.accredit": ACCREDIT,
    "delegations_manage.accredit_all": ACCREDIT,
    "delegations_manage.credentials_report": VIEW,
    "delegations_manage.credentials_csv": VIEW,
    "delegations_manage.participants": PROTOCOL,
    "delegations_manage.limits": EDIT,
    # the list of speakers
    "speakers_manage.index": VIEW,
    "speakers_manage.settings": PROTOCOL,
    "speakers_manage.inscribe": PROTOCOL,
    "speakers_manage.swap": PROTOCOL,
    "speakers_manage.to_end": PROTOCOL,
    "speakers_manage.withdraw": PROTOCOL,
    # side events
    "side_events_manage.index": REVIEW,
    "side_events_manage.save_call": EDIT,
    "side_events_manage.show": REVIEW,
    "side_events_manage.review": REVIEW,
    "side_events_manage.decide": EDIT,
    "side_events_manage.place": EDIT,
    # accounts
    "accounts_manage.index": "admin",
    "accounts_manage.new": "admin",
    "accounts_manage.show": "admin",
    "accounts_manage.change_role": "admin",
    "accounts_manage.deactivate": "admin",
    "accounts_manage.reactivate": "admin",
    "accounts_manage.grant_event_role": "admin",
    "accounts_manage.remove_event_role": "admin",
}

# URL arguments named alike on other routes but holding something else there.
ARGUMENTS = {
    "documents_manage.unlink_paragraph": {"link_id": "document_link_id"},
    "mandates_manage.review": {"slug": "resolution"},
    "mandates_manage.accept": {"slug": "resolution"},
    "mandates_manage.dismiss": {"slug": "resolution"},
    "mandates_manage.paragraph_page": {"slug": "resolution"},
    "mandates_manage.link_paragraph": {"slug": "resolution"},
    "mandates_manage.remove_event_link": {"link_id": "event_link_id"},
    "mandates_manage.remove_session_link": {"link_id": "session_link_id"},
}

# --- who reads, and what each may do (the specification, written out) ---------------------------

ANONYMOUS = "anonymous"
GLOBAL_READERS = ["viewer", "manager", "admin"]
EVENT_READERS = ["event_manager", "accreditation", "protocol", "check_in", "reviewer", "event_viewer"]
READERS = [ANONYMOUS, *GLOBAL_READERS, *EVENT_READERS]
ALL = frozenset(Permission)
GLOBAL_RANK = {"none": 0, "viewer": 1, "manager": 2, "admin": 3}

MAY_ON_A = {
    "viewer": {VIEW},
    "manager": ALL,
    "admin": ALL,
    "event_manager": ALL,
    "accreditation": {VIEW, ACCREDIT},
    "protocol": {VIEW, PROTOCOL},
    "check_in": {CHECK_IN},
    "reviewer": {REVIEW},
    "event_viewer": {VIEW},
}
MAY_ON_B = {"viewer": {VIEW}, "manager": ALL, "admin": ALL}  # the per-event roles are on A only


def _global_role(reader: str) -> str:
    return reader if reader in GLOBAL_READERS else "none"


def _allowed(reader: str, need, event: str | None) -> bool:
    if need == ANY_ROLE:
        return True
    if isinstance(need, Permission):
        return need in (MAY_ON_A if event == "A" else MAY_ON_B).get(reader, set())
    return GLOBAL_RANK[_global_role(reader)] >= GLOBAL_RANK[need]


# --- the world the routes are requested in ------------------------------------------------------


def _world(app) -> tuple[dict[str, dict], dict]:
    """({"A": {argument: value}, "B": {...}}, {argument: value shared by both events})."""
    with app.test_request_context():
        session = get_session()
        venue = events.save_venue(
            session,
            "test",
            None,
            dict(name="UN Headquarters", address="", city="New York", country="US", timezone="America/New_York"),
        )
        room = events.save_room(session, "test", venue, None, dict(name="Conference Room 4", capacity=300))
        per_event = {}
        for number, name in enumerate("AB", start=1):
            event = open_event(session, slug=f"event-{name.lower()}", requires_approval=True)
            registration, _token = registrations.register(session, event, participant(number), letter=visa_request())
            agenda_session = AgendaSession(
                event_id=event.id,
                title=f"Opening of {name}",
                room_id=room.id,
                starts_at=datetime(2030, 1, number, 14, tzinfo=timezone.utc),
                ends_at=datetime(2030, 1, number, 15, tzinfo=timezone.utc),
                roles=[SessionRole(role="chair", person=Person(name=f"Chair {name}"))],
            )
            session.add(agenda_session)
            session.commit()
            values = DelegationValues("member_state", "AR", "", "minister", "Focal", f"focal{name}@example.org", "")
            head = participant(10 + number, "member_state", represents="AR")
            delegation, _token = delegations.submit(session, event, values, [head])
            inscription = speakers.inscribe(session, event, delegation, SpeakerValues("Speaker", "", "minister"))
            today = date.today()
            side_events.save_call(session, "test", event, today - timedelta(days=1), today + timedelta(days=5))
            proposal, _token = side_events.submit(session, event, proposal_values(preferred_days=[]))
            per_event[name] = dict(
                proposal_id=proposal.id,
                inscription_id=inscription.id,
                delegation_id=delegation.id,
                event_id=event.id,
                slug=event.slug,
                session_id=agenda_session.id,
                registration_id=registration.id,
                letter_id=letter_of(session, registration.id).id,
                code=checkin_code(app.config["SECRET_KEY"], registration.id),
                person_id=agenda_session.roles[0].person_id,
            )
        series = events.save_series(session, "test", None, dict(slug="hlc", title="HLC", description=""))
        resolution = import_resolution(
            session,
            "The General Assembly,\n1. Decides to convene a meeting in 2030;",
            symbol="A/RES/80/1",
            title="T",
            adopted_on=None,
        )
        paragraph = session.exec(select(Paragraph).where(Paragraph.resolution_id == resolution.resolution.id)).first()
        for name in "AB":
            event = session.get(Event, per_event[name]["event_id"])
            document = documents.save_document(
                session, "test", event, None, DocumentValues("sg_report", f"A/80/{name}", None, {"en": "Report"}, {})
            )
            documents.link_paragraph(session, "test", document, paragraph)
            per_event[name]["document_id"] = document.id
            per_event[name]["document_link_id"] = session.exec(
                select(DocumentParagraph.id).where(DocumentParagraph.document_id == document.id)
            ).one()
        for name in "AB":
            ends = dict(symbol="A/RES/80/1", number=1, role="convenes")
            on_event = add_link(session, event=session.get(Event, per_event[name]["event_id"]), **ends)
            linked_session = session.get(AgendaSession, per_event[name]["session_id"])
            on_session = add_link(session, agenda_session=linked_session, **ends)
            per_event[name].update(event_link_id=on_event.id, session_link_id=on_session.id)
        deadline = Deadline(title="Report")
        session.add(deadline)
        session.commit()
        other = accounts.create_user(session, "test", "someone@un.example", PASSWORD, "viewer")
        grant = accounts.grant_event_role(session, "test", other, per_event["A"]["event_id"], "event_viewer")
        for reader in [*GLOBAL_READERS, *EVENT_READERS]:
            user = accounts.create_user(session, "test", f"{reader}@un.example", PASSWORD, _global_role(reader))
            if reader in EVENT_READERS:
                accounts.grant_event_role(session, "test", user, per_event["A"]["event_id"], reader)
        shared = dict(
            series_id=series.id,
            venue_id=venue.id,
            room_id=room.id,
            user_id=other.id,
            grant_id=grant.id,
            resolution=resolution.resolution.slug,
            deadline_id=deadline.id,
            anchor="op1",
            language="fr",
        )
        return per_event, shared


def _management_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/manage")]


def _url(app, rule, values: dict) -> str:
    names = ARGUMENTS.get(rule.endpoint, {})
    with app.test_request_context():
        return url_for(rule.endpoint, **{arg: values[names.get(arg, arg)] for arg in rule.arguments})


def _client(app, reader: str):
    client = app.test_client()
    if reader != ANONYMOUS:
        assert sign_in(client, f"{reader}@un.example").status_code == 302
    return client, csrf_token(client.get("/login").get_data(as_text=True))


def _request(client, token: str, rule, url: str):
    if "GET" in rule.methods:
        return client.get(url)
    return client.post(url, data={"csrf_token": token}, headers={"Referer": BASE + url})


def _verdict(reader: str, allowed: bool, response) -> str | None:
    """What is wrong with `response` (None: nothing)."""
    location = response.headers.get("Location", "")
    to_login = response.status_code in (301, 302, 303) and location.startswith("/login")
    if reader == ANONYMOUS:
        return None if to_login else f"{response.status_code}, expected a redirect to /login"
    if allowed and (response.status_code == 403 or to_login or response.status_code >= 500):
        return f"{response.status_code}{' to ' + location if location else ''}, expected to be let in"
    if not allowed and response.status_code != 403:
        return f"{response.status_code}, expected 403"
    return None


# --- the tests ---------------------------------------------------------------------------------


def test_every_management_route_is_in_the_table(app):
    missing = sorted({rule.endpoint for rule in _management_rules(app)} - set(ROUTES))
    assert not missing, f"routes under /manage with no row in ROUTES (say what each needs): {missing}"
    stale = sorted(set(ROUTES) - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert not stale, f"rows of ROUTES for routes that no longer exist: {stale}"


def test_each_reader_may_use_exactly_the_routes_of_its_roles(app):
    per_event, shared = _world(app)
    rules = [rule for rule in _management_rules(app) if rule.endpoint in ROUTES]
    wrong = []
    for reader in READERS:
        client, token = _client(app, reader)
        for rule in rules:
            need = ROUTES[rule.endpoint]
            about_an_event = isinstance(need, Permission)
            for event in ("A", "B") if about_an_event else (None,):
                url = _url(app, rule, {**shared, **per_event[event or "A"]})
                problem = _verdict(reader, _allowed(reader, need, event), _request(client, token, rule, url))
                if problem:
                    wrong.append(f"{reader}: {rule.endpoint} {url}: {problem}")
    assert not wrong, "\n".join(wrong)


def test_the_events_list_shows_each_reader_the_events_it_may_see(app):
    per_event, _shared = _world(app)
    for reader, expected in [("viewer", {"A", "B"}), ("check_in", {"A"}), ("accreditation", {"A"})]:
        client, _token = _client(app, reader)
        page = client.get("/manage/").get_data(as_text=True)
        shown = {
            name
            for name, values in per_event.items()
            if re.search(f'href="/manage/events/{values["event_id"]}["/]', page)
        }
        assert shown == expected, reader
    # The check-in desk, who may not read the event's page, is led to its check-in page instead.
    client, _token = _client(app, "check_in")
    page = client.get("/manage/").get_data(as_text=True)
    event_a = per_event["A"]["event_id"]
    assert f'href="/manage/events/{event_a}/check-in"' in page
    assert f'href="/manage/events/{event_a}"' not in page


def test_signing_in_with_only_a_check_in_role_lands_on_the_events_list(app):
    _world(app)
    client = app.test_client()
    response = sign_in(client, "check_in@un.example")
    assert response.headers["Location"] == "/manage/"
    page = client.get("/manage/").get_data(as_text=True)
    nav = re.search(r'<nav class="manage-nav".*?</nav>', page, re.S).group(0)
    assert "/manage/outbox" not in nav and "/manage/series/" not in nav and "/manage/users/" not in nav


def test_an_account_without_any_role_gets_403_on_the_events_list(app, make_user):
    make_user("none")
    client = app.test_client()
    sign_in(client, "none@un.example")
    assert client.get("/manage/").status_code == 403


@pytest.mark.parametrize(
    "reader, shown, hidden",
    [
        ("accreditation", ["Approve", "Reject…"], ["Change the registration settings", "Write to these participants"]),
        ("event_viewer", [], ["Approve", "Reject…", "Change the registration settings", "/check-in"]),
        ("event_manager", ["Approve", "Change the registration settings", "/check-in"], []),
    ],
)
def test_the_registrations_page_offers_only_what_the_reader_may_do(app, reader, shown, hidden):
    per_event, _shared = _world(app)
    client, _token = _client(app, reader)
    page = client.get(f"/manage/events/{per_event['A']['event_id']}/registrations").get_data(as_text=True)
    assert [text for text in shown if text not in page] == []
    assert [text for text in hidden if text in page] == []
