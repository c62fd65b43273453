"""A secretariat user in a real browser: sign in, create an event, cancel it, read the history.

Debian's headless Chromium, driven by Playwright (never Playwright's own browser download),
against the app served by a real HTTP server on a migrated SQLite database.
"""

from __future__ import annotations

import pytest

from planner.accounts import editing
from tests.forms import PASSWORD


@pytest.fixture
def server(serve):
    def setup(session):
        editing.create_user(session, "cli", "ana@un.example", PASSWORD, "manager", "Ana")

    return serve(setup)[1]


def test_sign_in_create_cancel_and_see_both_in_the_history(server, page):
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )

    page.goto(server + "/manage/")
    assert page.url.startswith(server + "/login?next=")
    page.get_by_label("E-mail").fill("ana@un.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server + "/manage/")
    assert "Signed in as ana@un.example." in page.inner_text(".flashes")

    page.get_by_role("link", name="New event").click()
    page.get_by_label("Title").fill("Global South-South Development Expo 2026")
    page.get_by_label("Address (slug)").fill("gssd-expo-2026")
    page.get_by_label("Kind").select_option("expo")
    page.get_by_label("Status").select_option("scheduled")
    page.get_by_label("Time zone").fill("Asia/Dubai")
    assert page.get_by_label("First day").is_hidden()  # manage.js: only the fitting dates
    page.get_by_label("All-day event").check()
    page.get_by_label("First day").fill("2026-10-31")
    page.get_by_label("Last day").fill("2026-11-03")
    page.get_by_label("Host country").select_option("AE")
    page.get_by_label("City").fill("Dubai")
    page.get_by_role("button", name="Create the event").click()
    page.wait_for_url(server + "/manage/events/*")
    assert page.inner_text("h1") == "Global South-South Development Expo 2026"
    assert "31 October – 3 November 2026" in page.inner_text(".facts")

    page.get_by_role("link", name="Cancel the event").click()
    page.get_by_label("Reason (optional, kept in the history)").fill("host withdrew")
    page.get_by_role("button", name="Confirm: cancel the event").click()
    page.wait_for_url(server + "/manage/events/*")
    assert page.inner_text("#event-status") == "Cancelled"

    event_page = page.url
    page.goto(event_page)  # the event's management page
    entries = page.locator(".audit-entry")
    assert entries.count() == 2
    cancel, create = entries.nth(0).inner_text(), entries.nth(1).inner_text()
    assert cancel.startswith("Cancel by ana@un.example") and "Reason: host withdrew" in cancel
    assert "Scheduled" in cancel and "Cancelled" in cancel  # statuses as the page labels them
    assert create.startswith("Create by ana@un.example") and "gssd-expo-2026" in create
    assert blocked == []  # nothing was refused by the CSP
