"""Series, venue and room forms: create, edit, field errors, history on each object's page."""

import re

import pytest
from sqlmodel import select

from planner.audit.models import AuditEntry
from planner.db import get_session
from planner.events.models import EventSeries, Room, Venue
from tests.forms import field_error, field_value, post_form

VENUE = dict(
    name="Centro Cultural Kirchner",
    address="Sarmiento 151",
    city="Buenos Aires",
    country="AR",
    timezone="America/Argentina/Buenos_Aires",
)


def _count(app, model):
    with app.app_context():
        return len(get_session().exec(select(model)).all())


def _entries(app):
    with app.app_context():
        return get_session().exec(select(AuditEntry).where(AuditEntry.object_type != "user_account")).all()


def test_series_create_edit_and_history(app, client, signed_in):
    signed_in("manager")
    response = post_form(client, "/manage/series/new", dict(slug="gssd-expo", title="Expo", description=""))
    assert response.status_code == 302
    show = response.headers["Location"]
    post_form(
        client, show + "/edit", dict(slug="gssd-expo", title="Global South-South Development Expo", description="")
    )
    page = client.get(show).get_data(as_text=True)
    assert "<h1>Global South-South Development Expo</h1>" in page
    assert re.search(r"<strong>Update</strong>.*?<td>Expo</td>\s*<td>Global South-South", page, re.S)


def test_venue_and_room_create_edit_and_history(app, client, signed_in):
    signed_in("manager")
    response = post_form(client, "/manage/venues/new", VENUE)
    assert response.status_code == 302
    venue_page = response.headers["Location"]
    response = post_form(client, venue_page + "/rooms/new", dict(name="Sala Argentina", capacity="400"))
    assert response.status_code == 302
    room_page = response.headers["Location"]
    post_form(client, room_page + "/edit", dict(name="Sala Argentina", capacity="450"))
    page = client.get(room_page).get_data(as_text=True)
    assert "<dt>Seats</dt><dd>450</dd>" in page
    assert re.search(r"<td>400</td>\s*<td>450</td>", page)
    page = client.get(venue_page).get_data(as_text=True)
    assert "Sala Argentina" in page and "Argentina</dd>" in page and "<strong>Create</strong>" in page


@pytest.mark.parametrize(
    "url, good, changes, field, words",
    [
        (
            "/manage/series/new",
            dict(slug="hlc", title="HLC", description="Sessions"),
            dict(slug="H L C"),
            "slug",
            "lower-case letters",
        ),
        (
            "/manage/series/new",
            dict(slug="hlc", title="HLC", description="Sessions"),
            dict(title=""),
            "title",
            "Give the series a title.",
        ),
        (
            "/manage/venues/new",
            VENUE,
            dict(timezone="Buenos Aires"),
            "timezone",
            "did you mean America/Argentina/Buenos_Aires?",
        ),
        ("/manage/venues/new", VENUE, dict(timezone="Utopia/Nowhere"), "timezone", "not an IANA time zone"),
        ("/manage/venues/new", VENUE, dict(country="ZZ"), "country", "not a country code"),
        ("/manage/venues/new", VENUE, dict(name=""), "name", "Give the venue a name."),
    ],
)
def test_bad_input_in_series_and_venue_forms(app, client, signed_in, url, good, changes, field, words):
    signed_in("manager")
    response = post_form(client, url, {**good, **changes})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert words in field_error(page, field)
    kept = next(name for name in good if name not in changes and name not in ("description", "address", "country"))
    assert field_value(page, kept) == good[kept]
    assert _count(app, EventSeries) + _count(app, Venue) == 0 and _entries(app) == []


def test_bad_room_input_and_duplicate_room_name(app, client, signed_in):
    signed_in("manager")
    venue_page = post_form(client, "/manage/venues/new", VENUE).headers["Location"]
    response = post_form(client, venue_page + "/rooms/new", dict(name="Sala A", capacity="-3"))
    assert response.status_code == 422
    assert "positive number of seats" in field_error(response.get_data(as_text=True), "capacity")
    post_form(client, venue_page + "/rooms/new", dict(name="Sala A", capacity=""))
    response = post_form(client, venue_page + "/rooms/new", dict(name="Sala A", capacity="12"))
    page = response.get_data(as_text=True)
    assert "Centro Cultural Kirchner already has a room called “Sala A”." in field_error(page, "name")
    assert field_value(page, "capacity") == "12"
    assert _count(app, Room) == 1


def test_a_duplicate_venue_is_refused_beside_its_name(app, client, signed_in):
    signed_in("manager")
    post_form(client, "/manage/venues/new", VENUE)
    response = post_form(client, "/manage/venues/new", {**VENUE, "address": "elsewhere"})
    page = response.get_data(as_text=True)
    assert "There is already a venue “Centro Cultural Kirchner” in Buenos Aires." in field_error(page, "name")
    assert _count(app, Venue) == 1
