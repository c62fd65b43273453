"""The password is never stored or logged in clear; create-user on the command line."""

import logging

import pytest
import sqlalchemy as sa

from planner.accounts import passwords
from planner.audit.models import AuditEntry
from planner.db import get_engine, get_session
from tests.forms import post_form, sign_in

SECRET = "correct horse battery staple"


def _dump(app) -> str:
    """Every value of every row of the accounts and audit tables, as text."""
    with app.app_context():
        with get_engine().connect() as connection:
            rows = [
                *connection.execute(sa.text("SELECT * FROM user_account")),
                *connection.execute(sa.text("SELECT * FROM audit_entry")),
            ]
    return " ".join(str(value) for row in rows for value in row)


def test_password_is_neither_stored_nor_logged_in_clear(app, client, signed_in, caplog):
    caplog.set_level(logging.DEBUG)
    signed_in("admin")
    response = post_form(
        client,
        "/manage/users/new",
        dict(email="rosa@un.example", name="Rosa", role="manager", password=SECRET, password_again=SECRET),
    )
    assert response.status_code == 302
    client.post("/logout")
    assert sign_in(client, "rosa@un.example", SECRET).status_code == 302
    sign_in(client, "rosa@un.example", SECRET + "x")
    stored = _dump(app)
    assert "rosa@un.example" in stored and "$argon2id$" in stored
    assert SECRET not in stored
    assert SECRET not in caplog.text and "$argon2" not in caplog.text
    with app.app_context():
        entries = get_session().exec(sa.select(AuditEntry)).scalars().all()
    assert all("password_hash" not in (e.after or {}) for e in entries)


def test_hash_verification():
    digest = passwords.hash_password(SECRET)
    assert digest.startswith("$argon2id$")
    assert passwords.verify(digest, SECRET)
    assert not passwords.verify(digest, SECRET.upper())
    assert not passwords.verify(None, SECRET)
    assert not passwords.verify("not a hash", SECRET)
    assert passwords.problem("short") == "a password needs at least 12 characters"
    assert passwords.problem("twelve chars") is None


def test_create_user_reads_the_password_from_stdin_and_records_cli_in_the_trail(app, caplog):
    caplog.set_level(logging.DEBUG)
    result = app.test_cli_runner().invoke(
        args=["create-user", "Ana@UN.example", "--role", "admin", "--password-stdin"], input=SECRET + "\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Created administrator account ana@un.example."
    assert SECRET not in result.output and SECRET not in caplog.text
    assert SECRET not in _dump(app)
    with app.app_context():
        [entry] = get_session().exec(sa.select(AuditEntry)).scalars().all()
    assert (entry.actor, entry.action, entry.after["role"]) == ("cli", "create", "admin")


def test_create_user_asks_twice_without_echo(app, monkeypatch):
    answers = iter([SECRET, SECRET])
    monkeypatch.setattr("planner.accounts.cli.getpass", lambda prompt: next(answers))
    result = app.test_cli_runner().invoke(args=["create-user", "li@un.example", "--role", "viewer"])
    assert result.exit_code == 0 and "viewer account li@un.example" in result.output


@pytest.mark.parametrize(
    "args, stdin, getpass_answers, words",
    [
        (["--role", "admin", "--password-stdin"], "too short\n", None, "password: a password needs at least 12"),
        (["--role", "admin"], None, ["first password 1", "second password 2"], "the two passwords differ"),
    ],
)
def test_create_user_refuses_bad_passwords_in_one_line(app, monkeypatch, args, stdin, getpass_answers, words):
    if getpass_answers:
        answers = iter(getpass_answers)
        monkeypatch.setattr("planner.accounts.cli.getpass", lambda prompt: next(answers))
    result = app.test_cli_runner().invoke(args=["create-user", "x@un.example", *args], input=stdin)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0] and "nothing was created" in lines[0]
    assert "x@un.example" not in _dump(app)


def test_create_user_refuses_an_existing_email(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["create-user", "a@un.example", "--role", "admin", "--password-stdin"], input=SECRET)
    result = runner.invoke(args=["create-user", "A@un.example", "--role", "viewer", "--password-stdin"], input=SECRET)
    assert result.exit_code == 2
    assert "an account already exists for a@un.example" in result.output


def test_the_real_command_line(database_url):
    """`flask --app app create-user` as an operator types it, with the real argon2 parameters."""
    import os
    import subprocess
    import sys

    from planner import ROOT

    env = {**os.environ, "DATABASE_URL": database_url.render_as_string(hide_password=False), "SECRET_KEY": "k" * 32}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "app",
            "create-user",
            "ops@un.example",
            "--role",
            "manager",
            "--password-stdin",
        ],
        cwd=ROOT,
        env=env,
        input=SECRET + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Created event manager account ops@un.example."
    assert SECRET not in done.stdout + done.stderr
