"""The public pages: the home list and each event's page."""

import re

from sqlmodel import select

from planner.demo.seed import seed_demo


def _seeded(session):
    seed_demo(session)


def test_home_lists_every_seed_event_with_a_working_link(client, session):
    _seeded(session)
    page = client.get("/").get_data(as_text=True)
    links = set(re.findall(r'href="(/events/[^"]+)"', page))
    assert links == {
        "/events/gssd-expo-2016",
        "/events/hlc-19",
        "/events/bapa-40",
        "/events/hlc-20",
        "/events/un-day-for-south-south-cooperation",
    }
    for link in links:
        assert client.get(link).status_code == 200
    assert "31 October – 3 November 2016" in page
    assert "Buenos Aires, Argentina" in page
    assert "To be scheduled" in page
    # The UN Day recurs, so it is upcoming, never past.
    upcoming = page.split('id="upcoming-heading"')[1].split('id="unscheduled-heading"')[0]
    assert "United Nations Day for South-South Cooperation" in upcoming


def test_event_page_shows_dates_in_the_events_zone(client, session):
    _seeded(session)
    page = client.get("/events/gssd-expo-2016").get_data(as_text=True)
    assert "31 October – 3 November 2016" in page and "Asia/Dubai" in page
    assert "Enhancing innovation towards achieving the 2030 Agenda" in page
    assert "United Arab Emirates" in page


def test_unknown_event_is_a_404_page_not_a_500(client, session):
    response = client.get("/events/no-such-event")
    assert response.status_code == 404
    assert "no event at /events/no-such-event" in response.get_data(as_text=True)


def test_static_assets_are_served_by_the_app(client, session):
    page = client.get("/").get_data(as_text=True)
    assert "//" not in "".join(re.findall(r'(?:src|href)="([^"]+\.(?:css|js))"', page))
    assert client.get("/static/planner.css").status_code == 200


def test_paragraph_breaks_of_a_description_reach_the_page(app, client, session):
    from planner.events.models import Event

    _seeded(session)
    event = session.exec(select(Event).where(Event.slug == "bapa-40")).one()
    event.description = "First paragraph.\n\nSecond paragraph, after a blank line."
    session.add(event)
    session.commit()
    page = client.get("/events/bapa-40").get_data(as_text=True)
    assert re.search(r'<p class="pre-line"[^>]*>First paragraph\.\n\nSecond paragraph', page)
    assert ".pre-line { white-space: pre-line; }" in client.get("/static/planner.css").get_data(as_text=True)


def test_every_page_has_an_icon_and_favicon_ico_finds_it(client, session):
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<link rel="icon" href="/static/favicon.svg(\?[^"]*)?" type="image/svg\+xml">', page)
    moved = client.get("/favicon.ico")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/static/favicon.svg")
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data
