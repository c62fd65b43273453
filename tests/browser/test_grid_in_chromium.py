"""The public timetable grid of BAPA+40 as Chromium renders it: sessions as tall as they last, each
in its room's column, mirrored in Arabic, a list without sideways scrolling on a phone, and the
reader's own time zone on request. Screenshots are kept (grid-desktop-en, grid-phone-ar...)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from planner.demo.seed import seed_demo
from planner.events.models import Event, Room
from tests.agenda.helpers import add_session, at
from tests.browser.conftest import DESKTOP, PHONE, keep_screenshot

URL = "/events/bapa-40/timetable"
LONG, SHORT = "Opening plenary", "Briefing on triangular cooperation"  # 3 h in the Plenary hall, 1 h 30 in Room B


def _seed(session) -> None:
    """The demo data, whose sample agenda has no 90-minute session: one is added beside the 3-hour
    opening plenary, in the other room."""
    seed_demo(session)
    event = session.exec(select(Event).where(Event.slug == "bapa-40")).one()
    room_b = session.exec(select(Room).where(Room.name == "Room B")).one()
    add_session(session, event, SHORT, at("2019-03-20", "10:00"), at("2019-03-20", "11:30"), room_b, published=True)


@pytest.fixture(scope="module")
def root(serve_module) -> str:
    _, base, _ = serve_module(_seed)
    return base


@pytest.fixture
def open_grid(module_browser, root):
    """open_grid(viewport, lang) -> a page of the grid, read from Zurich, with CSP reports collected."""
    contexts = []

    def open_(viewport: dict, lang: str):
        context = module_browser.new_context(viewport=viewport, timezone_id="Europe/Zurich", locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.blocked = []
        page.on("console", lambda m: page.blocked.append(m.text) if "Content Security Policy" in m.text else None)
        assert page.goto(f"{root}{URL}?lang={lang}").ok
        return page

    yield open_
    for context in contexts:
        context.close()


BOXES = """titles => {
  const box = element => {
    const b = element.getBoundingClientRect();
    return {left: b.left, right: b.right, height: b.height};
  };
  const headers = Object.fromEntries([...document.querySelectorAll('.timetable-grid thead th')]
    .map(th => [th.textContent.trim(), box(th)]));
  const cells = Object.fromEntries(titles.map(title => {
    const link = [...document.querySelectorAll('.timetable-title')].find(a => a.textContent.trim() === title);
    return [title, box(link.closest('td'))];
  }));
  return {headers, cells};
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_heights_follow_lengths_and_sessions_sit_in_their_rooms(open_grid, lang):
    page = open_grid(DESKTOP, lang)
    measured = page.evaluate(BOXES, [LONG, SHORT])
    long, short = measured["cells"][LONG], measured["cells"][SHORT]
    assert short["height"] > 100
    assert abs(long["height"] - 2 * short["height"]) <= 2, (long, short)  # 3 h : 1 h 30 = 2 : 1
    hall, room_b = measured["headers"]["Plenary hall"], measured["headers"]["Room B"]
    for cell, column in ((long, hall), (short, room_b)):
        assert column["left"] - 1 <= cell["left"] < cell["right"] <= column["right"] + 1, (cell, column)
    if lang == "ar":
        assert hall["left"] > room_b["right"] - 1  # rooms run from right to left
        assert page.locator("html").get_attribute("dir") == "rtl"
    else:
        assert hall["right"] < room_b["left"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    keep_screenshot(page, f"grid-desktop-{lang}")
    assert page.blocked == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_on_a_phone_the_grid_is_a_list_by_time_naming_each_room(open_grid, lang):
    page = open_grid(PHONE, lang)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not page.locator(".timetable-grid thead").is_visible()
    items = page.locator(".timetable-item")
    order = [items.nth(i).locator(".timetable-title").inner_text() for i in range(items.count())]
    assert order[:3] == [LONG, SHORT, "Lunch break"]  # by time, then room
    rooms = [items.nth(i).locator(".timetable-room").inner_text() for i in range(3)]
    assert rooms == ["Plenary hall", "Room B", "Plenary hall"]
    for i in range(items.count()):
        box = items.nth(i).bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
    keep_screenshot(page, f"grid-phone-{lang}")


def test_the_reader_can_switch_to_their_own_time_zone(open_grid):
    page = open_grid(DESKTOP, "en")
    start = page.locator(".timetable-when time").first
    assert start.inner_text() == "10:00"
    page.get_by_role("button", name="Show times in my time zone (Europe/Zurich)").click()
    assert "14:00" in start.inner_text()  # 10:00 in Buenos Aires is 14:00 in Zurich in March
    assert "Europe/Zurich" in page.locator(".agenda-zone").inner_text()
    page.get_by_role("button", name="Show times in the event's time zone (America/Argentina/Buenos_Aires)").click()
    assert start.inner_text() == "10:00"


def test_day_tabs_lead_to_the_other_days(open_grid):
    page = open_grid(DESKTOP, "en")
    page.get_by_role("navigation", name="Days of the event").get_by_role("link", name="Fri 22 Mar").click()
    page.wait_for_url("**?day=2019-03-22")
    assert page.get_by_role("link", name="Fri 22 Mar").get_attribute("aria-current") == "date"
    assert "Closing plenary" in page.locator(".timetable-grid").inner_text()


def test_printing_keeps_the_grid_inside_the_page_without_navigation(open_grid):
    page = open_grid({"width": 1009, "height": 680}, "en")  # A4 landscape less its margins, at 96 dpi
    page.emulate_media(media="print")
    assert not page.locator(".timetable-days").is_visible() and not page.locator(".site-header").is_visible()
    width = page.evaluate("document.querySelector('.timetable-grid').getBoundingClientRect().right")
    assert width <= 1009
    assert page.pdf()[:4] == b"%PDF"
