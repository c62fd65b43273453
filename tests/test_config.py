"""Configuration from the environment, and one-line failures for bad values."""

import os
import subprocess
import sys

import pytest

from planner import ROOT, config
from planner.config import ConfigError


def test_default_database_is_a_sqlite_file_under_instance(tmp_path):
    url = config.database_url(tmp_path, {})
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(tmp_path / "planner.db")


@pytest.mark.parametrize("given", ["postgres://u:p@db/planner", "postgresql://u:p@db/planner"])
def test_postgres_urls_use_psycopg3(tmp_path, given):
    url = config.database_url(tmp_path, {"DATABASE_URL": given})
    assert url.drivername == "postgresql+psycopg"
    assert url.database == "planner"


@pytest.mark.parametrize(
    "given, words",
    [
        ("not a url", "cannot parse"),
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("sqlite://", "needs a file path"),
    ],
)
def test_bad_database_url_names_the_variable(tmp_path, given, words):
    with pytest.raises(ConfigError) as error:
        config.database_url(tmp_path, {"DATABASE_URL": given})
    assert str(error.value).startswith("DATABASE_URL:")
    assert words in str(error.value)


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = config.secret_key(tmp_path, {})
    assert len(first) >= 32
    assert config.secret_key(tmp_path, {}) == first
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_short_secret_key_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="^SECRET_KEY:"):
        config.secret_key(tmp_path, {"SECRET_KEY": "short"})


def _flask(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_overrides}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "url, words",
    [
        ("postgresql://nobody@127.0.0.1:1/none", "cannot connect to postgresql+psycopg://nobody@127.0.0.1:1/none"),
        ("::::", "DATABASE_URL: cannot parse"),
        ("sqlite:////nonexistent-dir/sub/planner.db", "DATABASE_URL: cannot connect"),
    ],
)
def test_bad_database_ends_in_one_line_not_a_traceback(url, words):
    done = _flask({"DATABASE_URL": url, "SECRET_KEY": "x" * 32}, "db-upgrade")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "DATABASE_URL" in lines[0] and words in lines[0]
