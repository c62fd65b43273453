"""A manager in a real browser links a session to a paragraph by hand (finding the paragraph by
symbol and number, reading its text first), sees the reference on the public programme and on the
mandate page, removes it, and finds both changes in the session's history (issue 17, item 3)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.agenda.models import AgendaSession
from planner.demo.seed import seed_demo
from planner.events.models import Event
from tests.browser.conftest import keep_screenshot
from tests.forms import PASSWORD


@pytest.fixture
def server(serve):
    def setup(session):
        seed_demo(session)
        accounts.create_user(session, "cli", "ana@un.example", PASSWORD, "manager", "Ana")
        return session.exec(
            select(AgendaSession.id)
            .join(Event)
            .where(Event.slug == "bapa-40", AgendaSession.title == "Closing plenary")
        ).one()

    _app, base, session_id = serve(setup)
    return base, session_id


def test_link_a_session_by_hand_see_it_in_public_then_remove_it(server, page):
    base, session_id = server
    page.goto(base + "/login")
    page.get_by_label("E-mail").fill("ana@un.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/manage/")

    page.goto(f"{base}/manage/sessions/{session_id}")
    page.get_by_label("Link a paragraph: symbol and number").fill("A/RES/71/244 para. 22")
    page.get_by_role("button", name="Find the paragraph").click()
    page.wait_for_url(f"{base}/manage/mandates/sessions/{session_id}/links?q=*")
    found = page.locator(".paragraph-hits").inner_text()
    assert "A/RES/71/244, op22" in found and "South-South" in found  # the text before linking
    keep_screenshot(page, "mandate-link-picker")
    page.get_by_label("Role").select_option(label="Takes note")
    page.get_by_role("button", name="Link A/RES/71/244, op22").click()
    page.wait_for_url(f"{base}/manage/sessions/{session_id}")
    assert "Linked to A/RES/71/244, op22." in page.inner_text(".flashes")
    assert "A/RES/71/244, op22" in page.locator(".mandate-links").inner_text()
    keep_screenshot(page, "mandate-links-of-a-session")

    page.goto(base + "/events/bapa-40")
    closing = page.locator(f"#session-{session_id}")
    assert "A/RES/71/244, para. 22" in closing.inner_text()
    page.goto(base + "/mandates/A-RES-71-244")
    paragraph = page.locator("#op22")
    assert "Closing plenary" in paragraph.inner_text() and "Takes note" in paragraph.inner_text()

    page.goto(f"{base}/manage/sessions/{session_id}")
    page.get_by_role("button", name="Remove the link to A/RES/71/244, op22").click()
    page.wait_for_url(f"{base}/manage/sessions/{session_id}")
    assert "Link to A/RES/71/244, op22 removed." in page.inner_text(".flashes")
    history = page.locator(".audit-trail").inner_text()
    assert "Link to a paragraph removed" in history
    assert history.count("Link to a paragraph") == 2  # the link, then its removal

    page.goto(base + "/events/bapa-40")
    assert "A/RES/71/244, para. 22" not in page.locator(f"#session-{session_id}").inner_text()
