"""Who may open which management page: one table, walked for every role.

Anonymous visitors are sent to the login page (with `next`), signed-in users without the role
get 403, and roles nest: admin > manager > viewer. Per-event roles, and every route for each of
them, are in test_route_permissions.py.
"""

from datetime import date, datetime, timezone

import pytest

from planner.accounts import editing as accounts
from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.db import get_session
from planner.events import editing
from planner.events.editing import EventValues
from planner.mandates.importing import import_resolution
from planner.mandates.models import Deadline
from planner.registration.badges import checkin_code
from planner.registration.models import Registration, RegistrationSettings
from tests.forms import BASE, csrf_token

ANON, VIEWER, MANAGER, ADMIN = "anonymous", "viewer", "manager", "admin"
ROLES = [ANON, VIEWER, MANAGER, ADMIN]
LOGIN = 302  # anonymous: redirected to /login?next=...

# (method, url template, endpoint, {role: expected status}). Order matters for the POSTs:
# postpone comes before cancel, deactivate before reactivate.
READ = {ANON: LOGIN, VIEWER: 200, MANAGER: 200, ADMIN: 200}
EDIT_PAGE = {ANON: LOGIN, VIEWER: 403, MANAGER: 200, ADMIN: 200}
EDIT_POST = {ANON: LOGIN, VIEWER: 403, MANAGER: 302, ADMIN: 302}
BAD_POST = {ANON: LOGIN, VIEWER: 403, MANAGER: 422, ADMIN: 422}
ADMIN_PAGE = {ANON: LOGIN, VIEWER: 403, MANAGER: 403, ADMIN: 200}
ADMIN_POST = {ANON: LOGIN, VIEWER: 403, MANAGER: 403, ADMIN: 302}
ADMIN_BAD_POST = {ANON: LOGIN, VIEWER: 403, MANAGER: 403, ADMIN: 422}
TAMPERED_POST = {ANON: LOGIN, VIEWER: 403, MANAGER: 400, ADMIN: 400}
PREVIEW_POST = {ANON: LOGIN, VIEWER: 403, MANAGER: 200, ADMIN: 200}  # shows what it would do; saves nothing
REFUSED_POST = {ANON: LOGIN, VIEWER: 403, MANAGER: 409, ADMIN: 409}  # not possible in this state
MISSING_FOR_EDITORS = {ANON: LOGIN, VIEWER: 403, MANAGER: 404, ADMIN: 404}  # allowed, but there is none

ROUTES = [
    ("GET", "/manage/", "events_manage.index", READ),
    ("GET", "/manage/?kind=expo&status=scheduled&year=2016", "events_manage.index", READ),
    ("GET", "/manage/events/{event}", "events_manage.show_event", READ),
    ("GET", "/manage/events/new", "events_manage.new_event", EDIT_PAGE),
    ("POST", "/manage/events/new", "events_manage.new_event", BAD_POST),
    ("GET", "/manage/events/{event}/edit", "events_manage.edit_event", EDIT_PAGE),
    ("POST", "/manage/events/{event}/edit", "events_manage.edit_event", BAD_POST),
    ("POST", "/manage/events/{event}/branding", "events_manage.save_branding", BAD_POST),
    # The event has no logo: every reader who may see it is told so.
    (
        "GET",
        "/manage/events/{event}/logo",
        "events_manage.event_logo",
        {ANON: LOGIN, VIEWER: 404, MANAGER: 404, ADMIN: 404},
    ),
    ("GET", "/manage/events/{event}/postpone", "events_manage.postpone_event", EDIT_PAGE),
    ("POST", "/manage/events/{event}/postpone", "events_manage.postpone_event", PREVIEW_POST),
    ("GET", "/manage/events/{event}/cancel", "events_manage.cancel_event", EDIT_PAGE),
    ("POST", "/manage/events/{event}/cancel", "events_manage.cancel_event", PREVIEW_POST),
    ("GET", "/manage/events/{event}/translations", "events_manage_translations.translations", READ),
    ("POST", "/manage/events/{event}/translations", "events_manage_translations.save", BAD_POST),
    ("GET", "/manage/series/", "events_manage_places.series_index", READ),
    ("GET", "/manage/series/{series}", "events_manage_places.show_series", READ),
    ("GET", "/manage/series/new", "events_manage_places.new_series", EDIT_PAGE),
    ("POST", "/manage/series/new", "events_manage_places.new_series", BAD_POST),
    ("GET", "/manage/series/{series}/edit", "events_manage_places.edit_series", EDIT_PAGE),
    ("POST", "/manage/series/{series}/edit", "events_manage_places.edit_series", BAD_POST),
    ("GET", "/manage/venues/", "events_manage_places.venues_index", READ),
    ("GET", "/manage/venues/{venue}", "events_manage_places.show_venue", READ),
    ("GET", "/manage/venues/new", "events_manage_places.new_venue", EDIT_PAGE),
    ("POST", "/manage/venues/new", "events_manage_places.new_venue", BAD_POST),
    ("GET", "/manage/venues/{venue}/edit", "events_manage_places.edit_venue", EDIT_PAGE),
    ("POST", "/manage/venues/{venue}/edit", "events_manage_places.edit_venue", BAD_POST),
    ("GET", "/manage/venues/{venue}/rooms/new", "events_manage_places.new_room", EDIT_PAGE),
    ("POST", "/manage/venues/{venue}/rooms/new", "events_manage_places.new_room", BAD_POST),
    ("GET", "/manage/rooms/{room}", "events_manage_places.show_room", READ),
    ("GET", "/manage/rooms/{room}/edit", "events_manage_places.edit_room", EDIT_PAGE),
    ("POST", "/manage/rooms/{room}/edit", "events_manage_places.edit_room", BAD_POST),
    ("GET", "/manage/users/", "accounts_manage.index", ADMIN_PAGE),
    ("GET", "/manage/users/new", "accounts_manage.new", ADMIN_PAGE),
    ("POST", "/manage/users/new", "accounts_manage.new", ADMIN_BAD_POST),
    ("GET", "/manage/users/{user}", "accounts_manage.show", ADMIN_PAGE),
    ("POST", "/manage/users/{user}/role", "accounts_manage.change_role", ADMIN_POST),
    ("GET", "/manage/users/{user}/deactivate", "accounts_manage.deactivate", ADMIN_PAGE),
    ("POST", "/manage/users/{user}/deactivate", "accounts_manage.deactivate", ADMIN_POST),
    ("POST", "/manage/users/{user}/reactivate", "accounts_manage.reactivate", ADMIN_POST),
    ("POST", "/manage/users/{user}/event-roles", "accounts_manage.grant_event_role", ADMIN_POST),
    ("POST", "/manage/users/{user}/event-roles/{grant}/remove", "accounts_manage.remove_event_role", ADMIN_POST),
    ("GET", "/manage/mandates/", "mandates_manage.index", READ),
    ("GET", "/manage/mandates/import", "mandates_manage.import_page", EDIT_PAGE),
    ("POST", "/manage/mandates/import", "mandates_manage.import_page", BAD_POST),
    ("GET", "/manage/mandates/{mandate}", "mandates_manage.review", READ),
    ("POST", "/manage/mandates/{mandate}/accept", "mandates_manage.accept", TAMPERED_POST),
    ("POST", "/manage/mandates/{mandate}/dismiss", "mandates_manage.dismiss", TAMPERED_POST),
    ("GET", "/manage/mandates/{mandate}/paragraphs/op1", "mandates_manage.paragraph_page", READ),
    ("POST", "/manage/mandates/{mandate}/paragraphs/op1", "mandates_manage.link_paragraph", BAD_POST),
    ("GET", "/manage/mandates/events/{event}/links", "mandates_manage.event_links", EDIT_PAGE),
    ("POST", "/manage/mandates/events/{event}/links", "mandates_manage.link_event", BAD_POST),
    (
        "POST",
        "/manage/mandates/events/{event}/links/999999/remove",
        "mandates_manage.remove_event_link",
        MISSING_FOR_EDITORS,
    ),
    ("GET", "/manage/mandates/sessions/{agenda_session}/links", "mandates_manage.session_links", EDIT_PAGE),
    ("POST", "/manage/mandates/sessions/{agenda_session}/links", "mandates_manage.link_session", BAD_POST),
    (
        "POST",
        "/manage/mandates/sessions/{agenda_session}/links/999999/remove",
        "mandates_manage.remove_session_link",
        MISSING_FOR_EDITORS,
    ),
    ("GET", "/manage/mandates/deadlines/{deadline}", "mandates_manage.deadline_page", READ),
    ("POST", "/manage/mandates/deadlines/{deadline}", "mandates_manage.edit_deadline", BAD_POST),
    ("POST", "/manage/mandates/deadlines/{deadline}/close", "mandates_manage.close_deadline", BAD_POST),
    ("POST", "/manage/mandates/deadlines/{deadline}/reopen", "mandates_manage.reopen_deadline", REFUSED_POST),
    ("GET", "/manage/events/{event}/agenda", "agenda_manage.timetable", READ),
    ("GET", "/manage/events/{event}/agenda?day=2030-01-01", "agenda_manage.timetable", READ),
    ("GET", "/manage/events/{event}/agenda/new", "agenda_manage.new_session", EDIT_PAGE),
    ("POST", "/manage/events/{event}/agenda/new", "agenda_manage.new_session", BAD_POST),
    ("GET", "/manage/sessions/{agenda_session}", "agenda_manage.show_session", READ),
    ("GET", "/manage/sessions/{agenda_session}/edit", "agenda_manage.edit_session", EDIT_PAGE),
    ("POST", "/manage/sessions/{agenda_session}/edit", "agenda_manage.edit_session", BAD_POST),
    ("POST", "/manage/sessions/{agenda_session}/move/check", "agenda_manage.check_move", BAD_POST),
    ("POST", "/manage/sessions/{agenda_session}/move", "agenda_manage.move_session", BAD_POST),
    ("POST", "/manage/events/{event}/agenda/undo", "agenda_manage.undo_move", REFUSED_POST),
    ("GET", "/manage/events/{event}/agenda/copy", "agenda_manage.copy", EDIT_PAGE),
    ("POST", "/manage/events/{event}/agenda/copy", "agenda_manage.copy", BAD_POST),
    # The session is still a draft (the agenda is published below): it cannot be cancelled or
    # reinstated (409), only deleted.
    ("GET", "/manage/sessions/{agenda_session}/cancel", "agenda_manage.cancel_session", EDIT_PAGE),
    ("POST", "/manage/sessions/{agenda_session}/cancel", "agenda_manage.cancel_session", REFUSED_POST),
    ("GET", "/manage/sessions/{agenda_session}/reinstate", "agenda_manage.reinstate_session", EDIT_PAGE),
    ("POST", "/manage/sessions/{agenda_session}/reinstate", "agenda_manage.reinstate_session", REFUSED_POST),
    ("GET", "/manage/sessions/{agenda_session}/delete", "agenda_manage.delete_session", EDIT_PAGE),
    ("POST", "/manage/sessions/{agenda_session}/delete", "agenda_manage.delete_session", EDIT_POST),
    ("POST", "/manage/events/{event}/agenda/publish", "agenda_manage.publish", EDIT_POST),
    ("GET", "/manage/people/", "agenda_manage.people", READ),
    ("GET", "/manage/people/{person}/edit", "agenda_manage.edit_person", EDIT_PAGE),
    ("POST", "/manage/people/{person}/edit", "agenda_manage.edit_person", BAD_POST),
    ("GET", "/manage/people/{person}/merge", "agenda_manage.merge_person", EDIT_PAGE),
    ("POST", "/manage/people/{person}/merge", "agenda_manage.merge_person", BAD_POST),
    ("GET", "/manage/people/{person}/photo", "agenda_manage.person_photo", MISSING_FOR_EDITORS),
    ("POST", "/manage/people/{person}/photo", "agenda_manage.save_photo", BAD_POST),
    ("GET", "/manage/events/{event}/registrations", "registration_manage.registrations", READ),
    (
        "GET",
        "/manage/events/hlc-21/registrations",
        "registration_manage.registrations_by_slug",
        {ANON: LOGIN, VIEWER: 302, MANAGER: 302, ADMIN: 302},
    ),
    (
        "GET",
        "/manage/events/{event}/registrations?status=pending&category=ngo&country=ke",
        "registration_manage.registrations",
        READ,
    ),
    ("GET", "/manage/events/{event}/registrations.csv", "registration_manage.export", READ),
    ("GET", "/manage/events/{event}/registration-settings", "registration_manage.settings", EDIT_PAGE),
    ("POST", "/manage/events/{event}/registration-settings", "registration_manage.settings", BAD_POST),
    ("POST", "/manage/registrations/{registration}/approve", "registration_manage.approve", EDIT_POST),
    ("GET", "/manage/registrations/{registration}", "registration_manage.show", READ),
    ("GET", "/manage/registrations/{registration}/reject", "registration_manage.reject", EDIT_PAGE),
    ("POST", "/manage/registrations/{registration}/reject", "registration_manage.reject", EDIT_POST),
    ("GET", "/manage/registrations/{registration}/restore", "registration_manage.restore", EDIT_PAGE),
    ("POST", "/manage/registrations/{registration}/restore", "registration_manage.restore", EDIT_POST),
    ("GET", "/manage/outbox", "registration_manage.outbox", READ),
    ("GET", "/manage/events/{event}/badges", "registration_manage.badge_sheet", READ),
    # Check-in is the door's work: a global viewer reads the event but does not check people in.
    ("GET", "/manage/events/{event}/check-in?q=ana", "registration_manage.check_in_search", EDIT_PAGE),
    ("GET", "/manage/check-in/{checkin}", "registration_manage.scanned", EDIT_PAGE),
    ("POST", "/manage/registrations/{registration}/check-in", "registration_manage.check_in", EDIT_POST),
    ("POST", "/manage/registrations/{registration}/check-in/undo", "registration_manage.undo_check_in", EDIT_POST),
]

# POST bodies: invalid on purpose for the forms (so nothing is created), valid for the actions.
BODIES = {
    "role": {"role": "manager"},
    "deactivate": {"confirmed": "yes"},
    "reject": {"confirmed": "yes", "reason": "Seats are for delegations."},
    "restore": {"confirmed": "yes"},
    "delete": {"confirmed": "yes"},
}


def _objects(app):
    with app.app_context():
        session = get_session()
        event = editing.create_event(
            session,
            "test",
            EventValues(
                slug="hlc-21",
                title="Twenty-first session",
                kind="committee_session",
                status="to_be_scheduled",
                timezone="America/New_York",
            ),
        )
        series = editing.save_series(session, "test", None, dict(slug="hlc", title="HLC", description=""))
        venue = editing.save_venue(
            session,
            "test",
            None,
            dict(name="UN Headquarters", address="", city="New York", country="US", timezone="America/New_York"),
        )
        room = editing.save_room(session, "test", venue, None, dict(name="Conference Room 4", capacity=300))
        other = accounts.create_user(session, "test", "someone@un.example", "another long password", "viewer")
        grant = accounts.grant_event_role(session, "test", other, event.id, "event_viewer")
        resolution = import_resolution(
            session,
            "The General Assembly,\n1. Decides to convene a meeting in 2030;",
            symbol="A/RES/80/1",
            title="T",
            adopted_on=None,
        )
        agenda_session = AgendaSession(
            event_id=event.id,
            title="Opening",
            room_id=room.id,
            starts_at=datetime(2030, 1, 1, 14, tzinfo=timezone.utc),
            ends_at=datetime(2030, 1, 1, 15, tzinfo=timezone.utc),
            roles=[SessionRole(role="chair", person=Person(name="Chair"))],
        )
        session.add(agenda_session)
        deadline = Deadline(title="Report of the Secretary-General", due_on=date(2030, 9, 1))
        session.add(deadline)
        session.add(RegistrationSettings(event_id=event.id, requires_approval=True))
        registration = Registration(
            event_id=event.id,
            token_hash="0" * 64,
            status="pending",
            category="ngo",
            position=1,
            given_name="Ana",
            family_name="Lima",
            email="ana@example.org",
            country="KE",
        )
        session.add(registration)
        session.commit()
        return dict(
            event=event.id,
            series=series.id,
            venue=venue.id,
            room=room.id,
            user=other.id,
            grant=grant.id,
            registration=registration.id,
            checkin=checkin_code(app.config["SECRET_KEY"], registration.id),
            mandate=resolution.resolution.slug,
            agenda_session=agenda_session.id,
            person=agenda_session.roles[0].person_id,
            deadline=deadline.id,
        )


def test_the_table_covers_every_management_route(app):
    ours = {
        "events_manage",
        "events_manage_places",
        "events_manage_translations",
        "accounts_manage",
        "mandates_manage",
        "agenda_manage",
        "registration_manage",
    }
    endpoints = {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in ours
        for method in rule.methods & {"GET", "POST"}
    }
    assert endpoints == {(method, endpoint) for method, _, endpoint, _ in ROUTES}


@pytest.mark.parametrize("role", ROLES)
def test_every_management_route_gives_each_role_its_status(app, client, signed_in, role):
    ids = _objects(app)
    if role != ANON:
        signed_in(role)
    token = csrf_token(client.get("/login").get_data(as_text=True))
    wrong = []
    for method, template, _endpoint, expected in ROUTES:
        url = template.format(**ids)
        if method == "GET":
            response = client.get(url)
        else:
            body = BODIES.get(url.rsplit("/", 1)[-1], {})
            response = client.post(url, data={"csrf_token": token, **body}, headers={"Referer": BASE + url})
        if response.status_code != expected[role]:
            wrong.append(f"{method} {url}: {response.status_code}, expected {expected[role]}")
        elif role == ANON:
            assert response.headers["Location"].startswith("/login?next=%2Fmanage%2F")
    assert wrong == []
