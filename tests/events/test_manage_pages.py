"""The event management pages: forms with field errors, typed values kept, nothing half-saved."""

import re

import pytest
from sqlmodel import select

from planner.audit.models import AuditEntry
from planner.db import get_session
from planner.events.models import Event
from tests.forms import field_error, field_value, post_confirmed, post_form

GOOD = dict(
    title="Global South-South Development Expo 2026",
    slug="gssd-expo-2026",
    kind="expo",
    status="scheduled",
    series_id="",
    edition="",
    timezone="Asia/Dubai",
    venue_id="",
    country="AE",
    city="Dubai",
    host="United Arab Emirates",
    theme="",
    description="",
    all_day="y",
    first_day="2026-10-31",
    last_day="2026-11-03",
    starts_local="",
    ends_local="",
    published="y",
)


def _rows(app):
    with app.app_context():
        session = get_session()
        return (
            session.exec(select(Event)).all(),
            session.exec(select(AuditEntry).where(AuditEntry.object_type == "event").order_by(AuditEntry.id)).all(),
        )


def _create(client, **changes):
    return post_form(client, "/manage/events/new", {**GOOD, **changes})


def test_a_manager_creates_an_event_and_sees_it_with_its_history(app, client, signed_in):
    signed_in("manager")
    response = _create(client)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Event “Global South-South Development Expo 2026” created." in page
    assert "31 October – 3 November 2026" in page
    assert "Dubai, United Arab Emirates" in page
    assert re.search(r"<strong>Create</strong> by manager@un.example", page)
    [event], [entry] = _rows(app)
    assert (event.published, event.all_day, event.country) == (True, True, "AE")
    assert entry.after["title"] == GOOD["title"]
    assert client.get("/events/gssd-expo-2026").status_code == 200


# (changes to the good form, field whose error is shown, words in the error)
BAD_INPUT = [
    (dict(title=""), "title", "Give the event a title."),
    (dict(slug="Expo 2026!"), "slug", "lower-case letters"),
    (dict(timezone="Europe/Atlantis"), "timezone", "“Europe/Atlantis” is not an IANA time zone"),
    (dict(country="XX"), "country", "“XX” is not a country code"),
    (dict(last_day="2026-10-30"), "last_day", "The last day is before the first day."),
    (dict(first_day="31/10/2026"), "first_day", "Enter a date as YYYY-MM-DD."),
    (dict(first_day="", last_day=""), "first_day", "A scheduled event needs its dates."),
    (dict(status="to_be_scheduled"), "status", "An event to be scheduled has no dates yet"),
    (
        dict(all_day="", first_day="", last_day="", starts_local="2026-10-31T10:00", ends_local="2026-10-31T09:00"),
        "ends_local",
        "The end must be after the start.",
    ),
    (dict(edition="0"), "edition", "An edition number starts at 1."),
    (dict(kind="picnic"), "kind", "Not a valid choice"),
]


@pytest.mark.parametrize("changes, field, words", BAD_INPUT)
def test_bad_input_shows_the_error_beside_the_field_keeps_what_was_typed_and_writes_nothing(
    app, client, signed_in, changes, field, words
):
    signed_in("manager")
    response = _create(client, **changes)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert words in field_error(page, field)
    assert "Nothing was saved" in page and f'href="#{field}"' in page  # the summary links to it
    typed = {**GOOD, **changes}
    for name in ("title", "slug", "city", "host", "timezone"):
        assert field_value(page, name) == typed[name]
    if changes.get("first_day", "").count("/"):
        assert field_value(page, "first_day") == "31/10/2026"
    assert re.search(r'<option selected value="AE">', page) or "country" in changes
    assert _rows(app) == ([], [])


def test_a_taken_slug_names_the_address_in_use(app, client, signed_in):
    signed_in("manager")
    _create(client)
    response = _create(client, title="Another")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "An event already uses the address /events/gssd-expo-2026" in field_error(page, "slug")
    assert field_value(page, "title") == "Another"
    events, entries = _rows(app)
    assert len(events) == 1 and len(entries) == 1


def test_edit_form_shows_local_times_and_a_change_of_place_raises_the_sequence(app, client, signed_in):
    signed_in("manager")
    _create(
        client,
        all_day="",
        first_day="",
        last_day="",
        timezone="America/New_York",
        starts_local="2026-05-18T10:00",
        ends_local="2026-05-18T13:00",
    )
    [event], _ = _rows(app)
    edit = f"/manage/events/{event.id}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert field_value(page, "starts_local") == "2026-05-18T10:00"  # local, not UTC (14:00)
    response = post_confirmed(
        client,
        edit,
        {
            **GOOD,
            "all_day": "",
            "first_day": "",
            "last_day": "",
            "timezone": "America/New_York",
            "city": "Geneva",
            "starts_local": "2026-05-18T10:00",
            "ends_local": "2026-05-18T13:00",
        },
    )
    assert response.status_code == 302
    [event], entries = _rows(app)
    assert (event.city, event.sequence) == ("Geneva", 1)
    assert entries[-1].before == {"city": "Dubai", "sequence": 0}


def test_bad_edit_keeps_typed_values_and_changes_nothing(app, client, signed_in):
    signed_in("manager")
    _create(client)
    [event], _ = _rows(app)
    response = post_form(
        client, f"/manage/events/{event.id}/edit", {**GOOD, "title": "Typed title", "timezone": "Nowhere/Land"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_value(page, "title") == "Typed title"
    assert "not an IANA time zone" in field_error(page, "timezone")
    [stored], entries = _rows(app)
    assert stored.title == GOOD["title"] and len(entries) == 1


def test_cancel_and_postpone_confirm_first_and_keep_the_event(app, client, signed_in):
    signed_in("manager")
    _create(client)
    [event], _ = _rows(app)
    page_url = f"/manage/events/{event.id}"
    cancel_page = client.get(f"{page_url}/cancel").get_data(as_text=True)
    assert "Before saving: what this change does" in cancel_page and "Confirm: cancel the event" in cancel_page
    one_click = post_form(client, f"{page_url}/postpone", {"reason": "no confirmation"})
    assert one_click.status_code == 200 and "Show what postponing does" not in one_click.get_data(as_text=True)
    assert _rows(app)[0][0].status == "scheduled"  # neither the page nor an unconfirmed POST changed anything
    response = post_confirmed(client, f"{page_url}/postpone", {"reason": "awaiting the host's confirmation"})
    assert response.status_code == 302
    post_confirmed(client, f"{page_url}/cancel", {})
    page = client.get(page_url).get_data(as_text=True)
    assert "is now cancelled" in page
    assert 'data-action="cancel"' in page and 'data-action="postpone"' in page
    assert "Reason: awaiting the host&#39;s confirmation" in page
    [event], entries = _rows(app)
    assert (event.status, event.sequence) == ("cancelled", 2)
    again = post_form(client, f"{page_url}/postpone", {})
    assert again.status_code == 422 and "This event is already cancelled." in again.get_data(as_text=True)
    assert len(_rows(app)[1]) == 3


def test_the_list_filters_by_kind_status_and_year(app, client, signed_in):
    signed_in("viewer")
    with app.app_context():
        from planner.demo.seed import seed_demo

        seed_demo(get_session())

    def titles(query):
        page = client.get(f"/manage/{query}").get_data(as_text=True)
        return re.findall(r'<td><a href="/manage/events/\d+">([^<]+)</a>', page)

    assert len(titles("")) == 5
    assert titles("?kind=expo") == ["Eighth annual Global South-South Development Expo"]
    assert titles("?status=to_be_scheduled") == [
        "Twentieth session of the High-level Committee on South-South Cooperation"
    ]
    assert titles("?year=2019") == ["Second High-level United Nations Conference on South-South Cooperation (BAPA+40)"]
    assert titles("?kind=expo&year=2019") == []
    assert len(titles("?kind=nonsense&year=abc")) == 5  # a tampered filter filters nothing
    page = client.get("/manage/?year=2019").get_data(as_text=True)
    assert '<option selected value="2019">' in page
    assert "New event" not in page  # a viewer is not offered to edit
