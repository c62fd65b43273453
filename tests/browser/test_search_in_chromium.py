"""Searching from the header box in Debian's headless Chromium, on a desktop and on a
390-pixel-wide phone, in English and Arabic: type, press Enter, read the results grouped by kind
with the words found marked, follow one; no horizontal scrolling on the phone; screenshots kept
(search-desktop-en, search-phone-ar, ...)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from planner.agenda.models import AgendaSession, Person, SessionRole
from planner.demo.seed import seed_demo
from tests.browser.conftest import DESKTOP, PHONE, keep_screenshot


def _seed(session):
    """The demo data, and a speaker with a hyphenated name on a published session of BAPA+40."""
    seed_demo(session)
    opening = session.exec(
        select(AgendaSession).where(AgendaSession.published.is_(True)).order_by(AgendaSession.id)
    ).first()
    opening.roles.append(SessionRole(role="speaker", person=Person(name="Jean-Baptiste Ndiaye")))
    opening.description = "Opening statements on South-South and triangular cooperación."
    session.add(opening)
    session.commit()


@pytest.fixture(scope="module")
def site(serve_module):
    _app, root, _values = serve_module(_seed)
    return root


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_search_from_the_header_box(site, module_browser, device, lang):
    viewport = DESKTOP if device == "desktop" else PHONE
    context = module_browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/events/bapa-40?lang={lang}")
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("cooperacion")
    box.press("Enter")
    page.wait_for_url("**/search?q=cooperacion")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.get_by_role("search").get_by_role("searchbox").input_value() == "cooperacion"
    assert "cooperación" in page.locator("section[aria-labelledby=found-sessions] mark").all_inner_texts()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    keep_screenshot(page, f"search-{device}-{lang}")

    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("baptiste")
    box.press("Enter")
    page.wait_for_url("**/search?q=baptiste")
    person = page.locator("section[aria-labelledby=found-people] h3 a").first
    assert person.inner_text() == "Jean-Baptiste Ndiaye"
    assert page.locator("section[aria-labelledby=found-people] mark").first.inner_text() == "Baptiste"
    person.click()
    page.wait_for_load_state()
    assert "Jean-Baptiste Ndiaye" in page.locator("main").inner_text()
    context.close()
