"""A session page and a speaker page in Debian's headless Chromium, on a desktop and on a
390-pixel-wide phone, in English and Arabic: reached from the programme by clicking, readable
without horizontal scrolling, kept as screenshots (issue 19)."""

from __future__ import annotations

import pytest

from planner.demo.seed import seed_demo
from tests.browser.conftest import DESKTOP, PHONE, keep_screenshot


@pytest.fixture(scope="module")
def site(serve_module):
    _app, root, _values = serve_module(seed_demo)
    return root


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_from_the_programme_to_a_session_and_its_speaker(site, module_browser, device, lang):
    context = module_browser.new_context(viewport=DESKTOP if device == "desktop" else PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/events/bapa-40?lang={lang}")
    page.locator(".agenda-session h4 a").first.click()
    page.wait_for_url("**/events/bapa-40/sessions/*")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("a[download]").count() >= 1  # add to calendar
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    keep_screenshot(page, f"session-{device}-{lang}")
    page.locator(".session-people a").first.click()
    page.wait_for_url("**/people/*")
    assert page.locator(".person-sessions li").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    keep_screenshot(page, f"speaker-{device}-{lang}")
    context.close()
