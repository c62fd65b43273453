"""Anonymous readers of /events/<slug> are served a kept copy while nothing the page shows has
changed (planner.pagecache): one fingerprint query instead of the page, never a signed-in reader's
page, never another language's, and never a page older than a change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import make_response, session
from flask_wtf.csrf import generate_csrf
from sqlmodel import select

from planner import create_app, pagecache
from planner.agenda.editing import save_person
from planner.agenda.models import AgendaSession
from planner.db import get_engine, get_session, utcnow
from planner.events.editing import cancel_event, save_room
from planner.events.models import Room, Venue
from planner.events.translations import save_translation
from planner.mandates.links import add_link
from planner.registration import editing as registration
from planner.registration.models import RegistrationSettings
from tests.agenda.helpers import add_session, person
from tests.forms import sign_in
from tests.registration.helpers import open_event, participant
from tests.sql import counted_get

PAGE = "/events/sample-briefing"


def _get(app, client, url: str = PAGE, **kwargs) -> tuple[str, int]:
    """The page's text and the number of SQL statements serving it took."""
    response, count = counted_get(app, client, url, **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True), count


@pytest.fixture
def event(session):
    return open_event(session, capacity=3)


@pytest.fixture
def reader(app):
    """An anonymous browser. Not pytest-flask's `client`, which keeps its last request's context
    (and with it `g`, where Flask-Login and Flask-Babel keep the user and the locale) pushed, so
    that other clients' requests would run in it."""
    return app.test_client()


def test_a_second_anonymous_request_is_served_from_the_cache(app, reader, event):
    first, rendering = _get(app, reader)
    second, kept = _get(app, reader)
    assert second == first and "3 seats left" in second
    assert kept == 1 < rendering  # the fingerprint alone
    assert _get(app, app.test_client())[1] == 1  # another anonymous reader, the same copy


def test_the_response_headers_are_those_of_a_fresh_page(app, reader, event):
    fresh = reader.get(PAGE + "?lang=fr")
    kept = app.test_client().get(PAGE + "?lang=fr")
    assert kept.headers["Content-Language"] == fresh.headers["Content-Language"] == "fr"
    assert kept.headers["Vary"] == fresh.headers["Vary"]
    assert kept.headers["Content-Security-Policy"] == fresh.headers["Content-Security-Policy"]
    assert "lang=fr" in kept.headers["Set-Cookie"]  # the choice is remembered by every reader


def test_a_registration_changes_the_seats_left(app, reader, session, event):
    assert "3 seats left" in _get(app, reader)[0]
    with app.test_request_context():  # as the form's POST does
        registration.register(session, event, participant(1))
    page, statements = _get(app, reader)
    assert "2 seats left" in page and statements > 1
    assert "2 seats left" in _get(app, reader)[0]


def test_the_registration_window_opening_changes_the_page(app, reader, session, event, monkeypatch):
    settings = session.exec(select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)).one()
    settings.opens_at = utcnow() + timedelta(hours=1)
    session.add(settings)
    session.commit()
    assert "Registration has not opened yet" in _get(app, reader)[0]
    later = utcnow() + timedelta(hours=2)
    for module in ("planner.events.views", "planner.registration.views"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: later)
    page = _get(app, reader)[0]
    assert "Registration has not opened yet" not in page and "3 seats left" in page


def test_changes_to_the_event_and_its_programme_change_the_page(app, reader, session, event):
    def page() -> str:
        return _get(app, reader)[0]

    assert "Briefing (sample)" in page()
    agenda_session = session.exec(select(AgendaSession).where(AgendaSession.event_id == event.id)).first()
    venue = Venue(name="Secretariat building", city="New York", country="US", timezone="America/New_York")
    session.add(venue)
    session.commit()
    room = save_room(session, "test", venue, None, dict(name="Room A", capacity=None))
    chair = person(session, "Ana Example")
    add_session(
        session,
        event,
        "Closing plenary",
        agenda_session.starts_at,
        agenda_session.ends_at,
        room=room,
        people=[("chair", chair)],
        published=True,
    )
    assert "Closing plenary" in page() and "Room A" in page() and "Ana Example" in page()
    save_room(session, "test", venue, room, dict(name="Room B", capacity=None))
    assert "Room B" in page()
    save_person(session, "test", chair, {"name": "Ana Renamed"})
    assert "Ana Renamed" in page()
    add_link(session, symbol="A/RES/71/244", number=33, role="convenes", event=event)
    session.commit()
    assert "A/RES/71/244" in page()
    save_translation(session, event, "fr", "Séance d’information sur la coopération", "", "", "test")
    assert "Séance d’information" in _get(app, app.test_client(), PAGE + "?lang=fr")[0]
    cancel_event(session, "test", event)
    assert "This event is cancelled." in page()


def test_languages_do_not_mix(app, reader, event):
    french, _ = _get(app, reader, PAGE + "?lang=fr")
    english, _ = _get(app, reader, PAGE + "?lang=en")
    assert '<html lang="fr"' in french and '<html lang="en"' in english
    for code in ("ru", "zh", "ar", "es"):  # one address, the language from Accept-Language
        page, _ = _get(app, app.test_client(), headers={"Accept-Language": code})
        assert f'<html lang="{"zh-Hans" if code == "zh" else code}"' in page
    page, statements = _get(app, app.test_client(), headers={"Accept-Language": "ru"})
    assert '<html lang="ru"' in page and statements == 1


def test_signed_in_staff_never_get_or_leave_a_kept_page(app, reader, make_user, event):
    _get(app, reader)  # kept
    staff = app.test_client()
    assert sign_in(staff, make_user("viewer").email).status_code == 302
    for _ in range(2):
        page, statements = _get(app, staff)
        assert "Sign out" in page and statements > 1
    page, statements = _get(app, reader)
    assert "Sign out" not in page and "Sign in" in page and statements == 1


def test_a_page_with_a_message_to_show_is_rendered_and_not_kept(app, reader, event):
    _get(app, reader)  # kept
    with reader.session_transaction() as stored:
        stored["_flashes"] = [("info", "A message for this reader only")]
    page, statements = _get(app, reader)
    assert "A message for this reader only" in page and statements > 1
    page, statements = _get(app, app.test_client())
    assert "A message for this reader only" not in page and statements == 1


def test_pages_that_make_a_token_or_set_a_cookie_or_fail_are_not_kept(app):
    def plain():
        return "<p>The same for everyone.</p>"

    def with_token():
        return f"<form><input name=csrf_token value={generate_csrf()}></form>"

    def with_cookie():
        response = make_response("<p>Remembered.</p>")
        response.set_cookie("seen", "1")
        return response

    def with_session_write():
        session["seen"] = True
        return "<p>Noted.</p>"

    def missing():
        return "<p>Not here.</p>", 404

    builds = (plain, with_token, with_cookie, with_session_write, missing)
    renders = []
    for build in builds:

        def view(build=build):
            def render():
                renders.append(build.__name__)
                return build()

            return pagecache.cached_page(lambda: ("unchanged",), render)

        app.add_url_rule(f"/{build.__name__}", build.__name__, view)
    client = app.test_client()
    for build in builds:  # the third time, the session holds a CSRF token already and is left as it was
        for _ in range(3):
            client.get(f"/{build.__name__}")
    assert [renders.count(build.__name__) for build in builds] == [1, 3, 3, 3, 3]
    with app.app_context():
        assert len(pagecache.page_cache().pages) == 1
    assert client.get("/plain").get_data(as_text=True) == "<p>The same for everyone.</p>"


@pytest.mark.parametrize("budget", [0, 20_000])
def test_the_cache_is_bounded_by_its_budget(database_url, budget):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "PUBLIC_HOST": "localhost",
            "PAGE_CACHE_BYTES": budget,
        }
    )
    try:
        with app.app_context():
            open_event(get_session(), capacity=3)
            store = pagecache.page_cache().pages
        reader = app.test_client()
        for code in ("ar", "zh", "en", "fr", "ru", "es", "ar"):
            _get(app, reader, f"{PAGE}?lang={code}")
        assert store.used <= budget
        if budget:
            assert 1 <= len(store) <= 2  # a page is 7-8 kB: two fit
            assert _get(app, reader, f"{PAGE}?lang=ar")[1] == 1  # the most recently used is still there
            assert _get(app, reader, f"{PAGE}?lang=zh")[1] > 1  # the least recently used went first
        else:
            assert len(store) == 0 and _get(app, reader)[1] > 1
    finally:
        with app.app_context():
            get_engine().dispose()


def test_rooms_of_other_events_do_not_matter(app, reader, session, event):
    """A change the page does not show keeps the kept copy (the fingerprint reads this event only)."""
    _get(app, reader)
    venue = Venue(name="Elsewhere", city="Geneva", country="CH", timezone="Europe/Zurich")
    session.add(venue)
    session.commit()
    session.add(Room(venue_id=venue.id, name="Unrelated room"))
    session.commit()
    assert _get(app, reader)[1] == 1
