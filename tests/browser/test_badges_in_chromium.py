"""Badges printed for real stock, by Chromium itself (issue 19, item 5).

An event with nine confirmed participants (one with the longest name a registration holds, one
for every category) is printed to PDF with its CSS page size, as a secretary's browser would
print it: four badges per A4 page gives ceil(9 / 4) = 3 A4 pages, and each badge lies whole on
one page. The print layout is also measured in the page (print media emulated): every badge
inside its sheet, each sheet within one page of the stock, nothing of a badge overflowing it. The
two other stocks are printed too (A6: nine A6 pages; badge holders: six per A4 page, two pages).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from planner.accounts import editing as accounts
from planner.db import get_session
from planner.events import editing as events
from planner.events.editing import BrandingValues
from planner.events.models import Event
from planner.registration import editing as registration
from planner.registration.sample import create_sample_event
from tests.browser.conftest import DESKTOP, PHONE, keep_screenshot
from tests.browser.test_accessibility import AXE, BLOCKING, _describe, _violations
from tests.events.pictures import png
from tests.forms import PASSWORD
from tests.registration.helpers import participant

MANAGER = "ana@un.example"
MM = 96 / 25.4  # CSS pixels per millimetre
POINTS_PER_MM = 72 / 25.4
STOCK = {  # layout: (badges per page, page width and height in mm)
    "a4_quarter": (4, 210, 297),
    "a6": (1, 105, 148),
    "holder_4x3": (6, 210, 297),
}
LONGEST_GIVEN = "Maria de los Ángeles Inmaculada Concepción Esperanza Guadalupe Montserrat Fernández Villaverde Luisa"
LONGEST_FAMILY = "del Santísimo Trinidad Montenegro y Borbón Dos Sicilias Hohenzollern-Sigmaringen Braganza e Orléans"
LONG_ORGANISATION = ("International Network of Southern Think Tanks for Development Cooperation " * 3)[:200]
CATEGORIES = ["member_state", "observer_state", "un_system", "igo", "ngo", "private_sector", "academia", "media", "ngo"]


def _seed(session) -> int:
    event, _ = create_sample_event(session, "sample-briefing", 20, date.today())
    accounts.create_user(session, "cli", MANAGER, PASSWORD, "manager", "Ana")
    for n, category in enumerate(CATEGORIES, start=1):
        person = participant(n, category, organisation=LONG_ORGANISATION if n == 5 else f"Organisation {n}")
        if n == 1:  # about the longest name a registration holds (100 characters each for given and family)
            person.honorific, person.given_name, person.family_name = "H.E. Ms", LONGEST_GIVEN, LONGEST_FAMILY
        registration.register(session, event, person)
    events.save_branding(session, "cli", event, BrandingValues("#1b7837", "a4_quarter", logo=png(240, 80)))
    return event.id


@pytest.fixture(scope="module")
def site(serve_module, tmp_path_factory):
    app, root, event_id = serve_module(_seed, LOGO_FOLDER=tmp_path_factory.mktemp("logos"))
    return app, root, event_id


@pytest.fixture
def context(module_browser):
    context = module_browser.new_context()
    context.set_default_timeout(15_000)
    yield context
    context.close()


def _signed_in(context, root: str, lang: str = "en"):
    page = context.new_page()
    page.goto(f"{root}/login?lang={lang}")
    page.fill("input[name=email]", MANAGER)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(root + "/manage/")
    return page


def _stock(app, event_id: int, layout: str) -> None:
    with app.app_context():
        session = get_session()
        event = session.get(Event, event_id)
        events.save_branding(session, "test", event, BrandingValues(event.brand_colour, layout))


# Measured in the print layout: sheets, their badges, and whatever overflows a badge.
PRINT_LAYOUT = """() => {
  const rect = element => element.getBoundingClientRect();
  return [...document.querySelectorAll('.badge-sheet')].map(sheet => ({
    top: rect(sheet).top + scrollY, height: rect(sheet).height, width: rect(sheet).width,
    badges: [...sheet.querySelectorAll('.badge')].map(badge => {
      const box = rect(badge);
      const outside = part => {
        const r = rect(part);
        return r.bottom > box.bottom + 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.left < box.left - 1;
      };
      const parts = [...badge.querySelectorAll('p, img, .badge-qr, .badge-top')].filter(outside);
      const scrolls = badge.scrollHeight > badge.clientHeight + 1 || badge.scrollWidth > badge.clientWidth + 1;
      if (scrolls) { parts.push(badge); }
      return {
        top: box.top - rect(sheet).top, bottom: box.bottom - rect(sheet).top, width: box.width, height: box.height,
        overflows: parts.map(part => `${part.className}: ${part.textContent.trim().slice(0, 40)}`),
      };
    }),
  }));
}"""


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page of a PDF Chromium wrote (Skia writes page objects
    uncompressed, each with its MediaBox)."""
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == len(pages), (len(boxes), len(pages))
    return [(float(width), float(height)) for width, height in boxes]


def _print(page, layout: str) -> tuple[list[dict], list[tuple[float, float]]]:
    """The sheets measured in print media on a viewport as wide as the stock's page (what the
    printed page lays out on), and the pages of the PDF Chromium prints."""
    _per_page, width, height = STOCK[layout]
    page.set_viewport_size({"width": round(width * MM), "height": round(height * MM)})
    page.emulate_media(media="print")
    sheets = page.evaluate(PRINT_LAYOUT)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    return sheets, _pdf_pages(pdf)


@pytest.mark.parametrize("layout", STOCK)
def test_the_sheet_prints_whole_badges_on_the_stocks_pages(site, context, layout):
    app, root, event_id = site
    _stock(app, event_id, layout)
    page = _signed_in(context, root)
    page.goto(f"{root}/manage/events/{event_id}/badges")
    per_page, width, height = STOCK[layout]
    sheets, pdf_pages = _print(page, layout)

    expected = [min(per_page, 9 - at) for at in range(0, 9, per_page)]
    assert [len(sheet["badges"]) for sheet in sheets] == expected
    assert len(pdf_pages) == len(expected) == -(-9 // per_page)  # one printed page per sheet, no more
    for page_width, page_height in pdf_pages:
        assert abs(page_width - width * POINTS_PER_MM) < 2 and abs(page_height - height * POINTS_PER_MM) < 2
    for number, sheet in enumerate(sheets, start=1):
        assert sheet["height"] <= height * MM + 0.5, f"sheet {number} is taller than a page"
        for badge in sheet["badges"]:
            assert 0 <= badge["top"] and badge["bottom"] <= sheet["height"] + 0.5, f"a badge leaves sheet {number}"
            assert not badge["overflows"], f"{layout}, sheet {number}: {badge['overflows']} overflow their badge"
    if layout == "a4_quarter":  # four A6 badges, 2 x 2, cut along their edges
        first = sheets[0]["badges"]
        assert all(abs(b["width"] - 105 * MM) < 1.5 and abs(b["height"] - 148 * MM) < 1.5 for b in first)
    if layout == "holder_4x3":
        assert all(abs(b["width"] - 102 * MM) < 1.5 and abs(b["height"] - 76 * MM) < 1.5 for b in sheets[0]["badges"])


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_badge_sheet_screenshots(site, context, lang):
    """The sheet on a desktop and on a phone, in English and in Arabic (kept as artifacts), each
    badge within the viewport's width and nothing overflowing it."""
    app, root, event_id = site
    _stock(app, event_id, "a4_quarter")
    page = _signed_in(context, root, lang)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(f"{root}/manage/events/{event_id}/badges?lang={lang}")
        page.wait_for_load_state("load")
        sheets = page.evaluate(PRINT_LAYOUT)
        assert sum(len(sheet["badges"]) for sheet in sheets) == 9
        assert all(not b["overflows"] and b["width"] <= viewport["width"] for s in sheets for b in s["badges"])
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        if lang == "ar":
            assert page.evaluate("getComputedStyle(document.querySelector('.badge')).direction") == "rtl"
        keep_screenshot(page, f"badges-{name}-{lang}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_branded_sheet_and_the_branding_form_have_no_serious_wcag_violation(site, module_browser, lang):
    """axe-core (tests/browser/test_accessibility.py) on what only a branded event shows: the sheet
    with its logo and colour bands, and the edit page's branding form (its colour picker kept in
    step with the text field) with an error."""
    if not AXE.exists():
        pytest.skip(f"accessibility tests skipped: no axe-core at {AXE}")
    app, root, event_id = site
    _stock(app, event_id, "holder_4x3")
    context = module_browser.new_context(bypass_csp=True)
    try:
        page = _signed_in(context, root, lang)
        page.goto(f"{root}/manage/events/{event_id}/badges?lang={lang}")
        blocking = [v for v in _violations(page) if v["impact"] in BLOCKING]
        assert not blocking, _describe(blocking)
        page.goto(f"{root}/manage/events/{event_id}/edit?lang={lang}")
        page.fill("#brand_colour_picker", "#0b5ea8")  # the picker, shown by static/branding.js, fills the field
        assert page.input_value("#brand_colour") == "#0b5ea8"
        page.fill("#brand_colour", "#ffcc00")
        page.click("#branding button[type=submit]")
        page.wait_for_selector("#branding .error-summary")
        assert "1.51:1" in page.inner_text("#brand_colour-error") or lang != "en"
        blocking = [v for v in _violations(page) if v["impact"] in BLOCKING]
        assert not blocking, _describe(blocking)
    finally:
        context.close()
