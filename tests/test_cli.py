"""The CLI as an operator types it: `flask --app app db-upgrade` / `seed-demo`, in a subprocess."""

import os
import subprocess
import sys

from planner import ROOT


def _flask(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url.render_as_string(hide_password=False), "SECRET_KEY": "x" * 32}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_migrate_then_seed_twice(databases):
    url = databases.empty()
    try:
        seeded_too_early = _flask(url, "seed-demo")
        assert seeded_too_early.returncode == 2
        assert "run `flask --app app db-upgrade` first" in seeded_too_early.stderr
        assert "Traceback" not in seeded_too_early.stderr

        assert _flask(url, "db-upgrade").returncode == 0
        first = _flask(url, "seed-demo")
        assert first.returncode == 0 and "created event bapa-40" in first.stdout
        second = _flask(url, "seed-demo")
        assert second.returncode == 0 and "nothing changed" in second.stdout
    finally:
        databases.drop(url)


def test_pages_on_a_database_not_migrated_say_what_to_run(databases):
    from planner import create_app

    url = databases.empty()
    try:
        app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "DATABASE_URL": url})
        for path in ("/", "/calendar.ics", "/mandates/"):
            response = app.test_client().get(path)
            assert response.status_code == 503
            assert "flask --app app db-upgrade" in response.get_data(as_text=True)
        app.extensions["planner.engine"].dispose()
    finally:
        databases.drop(url)
