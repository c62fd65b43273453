"""WCAG 2.1 A/AA in a real browser: Deque's axe-core on the planner's pages, in English and Arabic.

Each page × language is its own test. axe-core comes from tests/browser/js (pinned by its
package-lock.json, installed by scripts/ensure-axe, which `make test` runs); the pages' CSP only
allows the site's own scripts, so the browser context bypasses it to inject axe.
Also checks that Arabic mirrors the layout through the stylesheet's logical properties.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.agenda.models import AgendaSession, SessionRole
from planner.delegations import accreditation
from planner.delegations import editing as delegations
from planner.delegations import queries as delegation_queries
from planner.delegations.editing import DelegationValues
from planner.demo.seed import seed_demo
from planner.events.models import Event
from planner.registration import editing as registration
from planner.registration.sample import create_sample_event
from planner.side_events import editing as side_events
from planner.speakers import editing as speakers
from planner.speakers.editing import SpeakerValues
from tests.forms import PASSWORD
from tests.registration.helpers import participant
from tests.side_events.conftest import proposal_values

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}
LANGUAGES = {"en": "ltr", "ar": "rtl"}
MANAGER = "ana@un.example"

# name -> path; "{token}" is the private link of a registration made while seeding, "{event}" the
# id of BAPA+40 (the management pages below the list: its timetable and its translations).
PAGES = {
    "home": "/",
    "event": "/events/bapa-40",
    "timetable": "/events/bapa-40/timetable",
    "register-errors": "/events/sample-briefing/register",
    "registration": "/registrations/{token}",
    "mandate": "/mandates/A-RES-71-244",
    "search": "/search?q=cooperation",
    "login": "/login",
    "manage-events": "/manage/",
    "manage-agenda": "/manage/events/{event}/agenda",
    "manage-translations": "/manage/events/{event}/translations",
    "delegation-errors": "/events/sample-briefing/delegations/new",
    "delegation": "/delegations/{delegation_token}",
    "participants": "/events/sample-briefing/participants",
    "speakers": "/events/sample-briefing/speakers",
    "manage-delegation": "/manage/delegations/{delegation}",
    "manage-speakers": "/manage/events/{sample}/speakers",
    "propose-errors": "/events/sample-briefing/side-events/propose",
    "proposal": "/side-events/{proposal_token}",
    "side-events": "/events/sample-briefing/side-events",
    "manage-side-events": "/manage/events/{sample}/side-events",
    "manage-proposal": "/manage/side-events/{proposal}",
    "manage-badges": "/manage/events/{sample}/badges",
    "session": "/events/bapa-40/sessions/{bapa_session}",
    "person": "/people/{bapa_person}",
}
SIGNED_IN = {
    "manage-events",
    "manage-agenda",
    "manage-translations",
    "manage-delegation",
    "manage-speakers",
    "manage-side-events",
    "manage-proposal",
    "manage-badges",
}
SUBMITTED_EMPTY = {"register-errors", "delegation-errors", "propose-errors"}  # the form with its error summary


def _seed(session) -> dict[str, str]:
    """The demo data, the sample event, a manager and one registration; the values PAGES needs."""
    seed_demo(session)
    event, _ = create_sample_event(session, "sample-briefing", 20, date.today())
    accounts.create_user(session, "cli", MANAGER, PASSWORD, "manager", "Ana")
    _, token = registration.register(session, event, participant(1))
    bapa = session.exec(select(Event).where(Event.slug == "bapa-40")).one()
    with current_app.test_request_context():
        values = DelegationValues("member_state", "AR", "", "minister", "Focal", "focal@ar.example", "Mission")
        people = [
            participant(n, "member_state", email=f"d{n}@ar.example", represents="AR", listed=True) for n in (2, 3)
        ]
        delegation, delegation_token = delegations.submit(session, event, values, people)
        for member in delegation_queries.members(session, delegation.id):
            accreditation.decide(session, "cli", event, member.registration, "accredited")
        delegations.publish_list(session, "cli", event, "provisional")
        speakers.save_settings(session, "cli", event, 5, set(), closed=False)
        speakers.inscribe(session, event, delegation, SpeakerValues("Santiago Cafiero", "Minister", "minister"))
        today = datetime.now(event.zone).date()  # the call's days are the event's days
        side_events.save_call(session, "cli", event, today, today + timedelta(days=10))
        proposal, proposal_token = side_events.submit(session, event, proposal_values(preferred_days=[]))
        side_events.decide(session, "cli", event, proposal, "accepted", "Welcome.")
        day = event.starts_at.astimezone(event.zone).date()
        slot = side_events.Placement(None, datetime.combine(day, time(13)), datetime.combine(day, time(14)))
        side_events.place(session, "cli", event, proposal, slot)
    opening = session.exec(
        select(AgendaSession).where(AgendaSession.event_id == bapa.id, AgendaSession.published)
    ).first()
    chair = session.exec(select(SessionRole).where(SessionRole.session_id == opening.id)).first()
    return {
        "bapa_session": str(opening.id),
        "bapa_person": str(chair.person_id),
        "proposal": str(proposal.id),
        "proposal_token": proposal_token,
        "token": token,
        "event": str(bapa.id),
        "sample": str(event.id),
        "delegation": str(delegation.id),
        "delegation_token": delegation_token,
    }


@pytest.fixture(scope="module")
def site(serve_module):
    """(base URL, values for PAGES) of one server shared by the module's tests."""
    _, root, values = serve_module(_seed)
    return root, values


@pytest.fixture
def context(module_browser):
    context = module_browser.new_context(bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def _open(context, root: str, path: str, lang: str):
    """A page in `lang`, chosen with ?lang= on the first request as a reader would."""
    page = context.new_page()
    response = page.goto(f"{root}{path}{'&' if '?' in path else '?'}lang={lang}")
    assert response.ok, f"{path}: HTTP {response.status}"
    return page


@pytest.fixture(scope="module")
def sign_ins() -> dict:
    """Each language's signed-in cookies, made by the first signed-in page of that language and
    reused by the others: the sign-in form and its password hash cost seconds a page."""
    return {}


def _sign_in(context, root: str, lang: str, sign_ins: dict) -> None:
    if lang in sign_ins:
        context.add_cookies(sign_ins[lang])
        return
    page = _open(context, root, "/login", lang)
    page.fill("input[name=email]", MANAGER)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(root + "/manage/")
    page.close()
    sign_ins[lang] = context.cookies()


def _violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("options => axe.run(document, options).then(result => result.violations)", WCAG_AA)


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
        for v in violations
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_wcag_violation(site, context, sign_ins, name, lang):
    if not AXE.exists():
        pytest.skip(f"accessibility tests skipped: no axe-core at {AXE} (run scripts/ensure-axe; `make test` does)")
    root, values = site
    if name in SIGNED_IN:
        _sign_in(context, root, lang, sign_ins)
        page = _open(context, root, PAGES[name].format(**values), lang)
    elif name in SUBMITTED_EMPTY:
        page = _open(context, root, PAGES[name], lang)
        page.click("form.stacked-form button[type=submit]")
        page.wait_for_selector(".error-summary")
    else:
        page = _open(context, root, PAGES[name].format(**values), lang)

    root_element = page.locator("html")
    assert (root_element.get_attribute("lang"), root_element.get_attribute("dir")) == (lang, LANGUAGES[lang])
    blocking = [v for v in _violations(page) if v["impact"] in BLOCKING]
    assert not blocking, f"{name} in {lang}: WCAG 2.1 AA violations\n{_describe(blocking)}"


LAYOUT = """() => {
  const header = document.querySelector('.site-header .wrap').getBoundingClientRect();
  const brand = document.querySelector('.brand');
  const box = brand.getBoundingClientRect(), style = getComputedStyle(brand);
  const notice = document.createElement('p');     // a class the stylesheet gives border-inline-start
  notice.className = 'notice';
  document.querySelector('main').append(notice);
  const border = getComputedStyle(notice);
  return {
    direction: getComputedStyle(document.body).direction,
    brandLeft: Math.round(box.left - header.left), brandRight: Math.round(header.right - box.right),
    marginLeft: parseFloat(style.marginLeft), marginRight: parseFloat(style.marginRight),
    borderLeft: border.borderLeftWidth, borderRight: border.borderRightWidth,
  };
}"""


def test_arabic_mirrors_the_layout_with_the_same_stylesheet(site, context):
    """Logical properties (margin-inline-end, border-inline-start...) land on the other side in Arabic."""
    root, _ = site
    english = _open(context, root, "/", "en").evaluate(LAYOUT)
    arabic = _open(context, root, "/", "ar").evaluate(LAYOUT)

    assert (english["direction"], arabic["direction"]) == ("ltr", "rtl")
    assert english["brandLeft"] < english["brandRight"]  # the brand at the left edge,
    assert arabic["brandRight"] < arabic["brandLeft"]  # at the right edge in Arabic
    assert english["brandLeft"] == arabic["brandRight"]
    assert english["marginLeft"] == 0 < english["marginRight"]  # margin-inline-end: auto
    assert arabic["marginRight"] == 0 < arabic["marginLeft"]
    assert (english["borderLeft"], english["borderRight"]) == ("4px", "0px")
    assert (arabic["borderLeft"], arabic["borderRight"]) == ("0px", "4px")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_tab_shows_the_skip_link_with_a_focus_ring(site, context, lang):
    root, _ = site
    page = _open(context, root, "/", lang)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
      const element = document.activeElement, box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return {cls: element.className, top: box.top, left: box.left, right: box.right,
              outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth)};
    }""")
    width = page.evaluate("innerWidth")
    assert focused["cls"] == "skip-link"
    assert focused["top"] >= 0 and 0 <= focused["left"] < focused["right"] <= width  # on screen
    assert focused["outline"] == "solid" and focused["outlineWidth"] >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
