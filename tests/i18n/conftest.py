"""An app on a migrated SQLite database with the demo data: language selection and formatting do
not depend on the database engine, so these tests run once, not once per backend."""

from __future__ import annotations

import pytest

from planner import create_app


@pytest.fixture
def seeded_app(sqlite_databases):
    url = sqlite_databases.migrated()
    app = create_app({"TESTING": True, "SECRET_KEY": "i18n-test-secret-key", "DATABASE_URL": url})
    from planner.db import get_engine, get_session
    from planner.demo.seed import seed_demo

    with app.app_context():
        seed_demo(get_session())
    yield app
    with app.app_context():
        get_engine().dispose()
    sqlite_databases.drop(url)


@pytest.fixture
def reader(seeded_app):
    """A test client of the seeded app (a new browser: no cookie, no Accept-Language)."""
    return seeded_app.test_client()
