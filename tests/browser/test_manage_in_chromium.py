"""A secretariat user in a real browser: sign in, create an event, cancel it, read the history.

Debian's headless Chromium, driven by Playwright (never Playwright's own browser download),
against the app served by a real HTTP server on a migrated SQLite database.
"""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from planner import create_app
from planner.accounts import services
from planner.db import get_engine, get_session
from tests.manage.helpers import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def server(sqlite_databases):
    url = sqlite_databases.migrated()
    app = create_app({"TESTING": True, "SECRET_KEY": "browser-test-secret-key", "DATABASE_URL": url})
    with app.app_context():
        services.create_user(get_session(), "cli", "ana@un.example", PASSWORD, "manager", "Ana")
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join()
    with app.app_context():
        get_engine().dispose()
    sqlite_databases.drop(url)


@pytest.fixture
def page():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (make test installs "
                    "Debian's chromium package when it runs as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def test_sign_in_create_cancel_and_see_both_in_the_history(server, page):
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)

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
    assert page.get_by_label("First day").is_hidden()          # manage.js: only the fitting dates
    page.get_by_label("All-day event").check()
    page.get_by_label("First day").fill("2026-10-31")
    page.get_by_label("Last day").fill("2026-11-03")
    page.get_by_label("Host country").select_option("AE")
    page.get_by_label("City").fill("Dubai")
    page.get_by_role("button", name="Create the event").click()
    page.wait_for_url(server + "/manage/events/*")
    assert page.inner_text("h1") == "Global South-South Development Expo 2026"
    assert "31 October – 3 November 2026" in page.inner_text(".facts")

    page.get_by_label("Reason for cancelling (optional)").fill("host withdrew")
    page.get_by_role("button", name="Cancel the event").click()
    page.wait_for_load_state()
    assert page.inner_text("#event-status") == "Cancelled"

    event_page = page.url
    page.goto(event_page)                                       # the event's management page
    entries = page.locator(".audit-entry")
    assert entries.count() == 2
    cancel, create = entries.nth(0).inner_text(), entries.nth(1).inner_text()
    assert cancel.startswith("Cancel by ana@un.example") and "Reason: host withdrew" in cancel
    assert "scheduled" in cancel and "cancelled" in cancel
    assert create.startswith("Create by ana@un.example") and "gssd-expo-2026" in create
    assert blocked == []                                        # nothing was refused by the CSP
