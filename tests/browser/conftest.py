"""Shared browser-test fixtures: the app behind a real HTTP server, and Debian's headless Chromium.

Playwright drives /usr/bin/chromium (never Playwright's own browser download) against the app
served by werkzeug on a free loopback port, on a migrated SQLite test database.
"""

from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from planner import create_app
from planner.db import get_engine, get_session

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def _servers(sqlite_databases):
    """Yields start(setup, **config) -> (app, base URL, what setup returned); stops them all after."""
    started = []

    def start(setup=None, **config):
        url = sqlite_databases.migrated()
        app = create_app({"TESTING": True, "SECRET_KEY": "browser-test-secret-key", "DATABASE_URL": url, **config})
        with app.app_context():
            seeded = setup(get_session()) if setup else None
        http = make_server("127.0.0.1", 0, app, threaded=True)
        # As `make run` does: links in pages and e-mails point at this server.
        app.config["PUBLIC_HOST"] = config.get("PUBLIC_HOST", f"127.0.0.1:{http.server_port}")
        app.config["PREFERRED_URL_SCHEME"] = config.get("PREFERRED_URL_SCHEME", "http")
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        started.append((app, url, http, thread))
        return app, f"http://127.0.0.1:{http.server_port}", seeded

    yield start
    for app, url, http, thread in started:
        http.shutdown()
        thread.join()
        with app.app_context():
            get_engine().dispose()
        sqlite_databases.drop(url)


@pytest.fixture
def serve(sqlite_databases):
    """serve(setup, **config) -> (app, base URL, what setup returned); setup(session) seeds the data."""
    with _servers(sqlite_databases) as start:
        yield start


@pytest.fixture(scope="module")
def serve_module(sqlite_databases):
    """`serve` shared by a module's tests, for read-mostly pages checked many times over."""
    with _servers(sqlite_databases) as start:
        yield start


@contextmanager
def _chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(
            f"browser tests skipped: no Chromium at {CHROMIUM} (make test installs "
            "Debian's chromium package when it runs as root)"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser():
    with _chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def module_browser():
    """One Chromium for a module's tests (each test still opens its own context)."""
    with _chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    return page


# Screenshots the browser tests keep as artifacts (issue 19: the grid, a session page, a speaker
# page, search results, a badge sheet; desktop and a 390-pixel-wide phone; English and Arabic).
# SCREENSHOTS_DIR moves them (CI can upload the folder); build/ is ignored by git.
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", Path(__file__).resolve().parents[2] / "build" / "screenshots"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def keep_screenshot(page, name: str) -> Path:
    """Save the whole page as SCREENSHOTS/<name>.png and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
