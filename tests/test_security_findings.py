"""The security review's findings on private links, hosts, mail and limits, each as a test.

Each test reproduces a finding exactly as it was reported (it failed before the fix) and runs on
SQLite and on PostgreSQL. Findings on hostile input are in tests/test_hostile_input.py and
tests/test_fuzz.py; sessions and logs in tests/accounts/test_session_revocation.py and
tests/test_logs_and_headers.py.
"""

from __future__ import annotations

import re
import threading
from email import message_from_bytes, policy

import pytest
from sqlmodel import select

from planner.accounts import editing as account_services
from planner.accounts.models import RateLimitCounter
from planner.registration import mailer
from planner.registration.models import OutboxMessage, Registration
from planner.registration.outbox import queue_mail
from tests.forms import BASE, PASSWORD, csrf_token, post_form, sign_in
from tests.registration.helpers import FORM, open_event

URL = "/events/sample-briefing/register"
TOKEN = re.compile(r"/registrations/([A-Za-z0-9_-]{43})")


def _register(client, **changes) -> str:
    response = post_form(client, URL, {**FORM, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return TOKEN.search(response.headers["Location"]).group(1)


def _mail_config(app, smtp) -> dict:
    return {**app.config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port}


def _send(app, smtp):
    return mailer.send_due(app.extensions["planner.engine"], _mail_config(app, smtp))


# --- 1. A viewer can take over any registration ----------------------------------------------


def test_a_viewer_finds_no_private_link_anywhere(app, client, session, signed_in, smtp):
    event = open_event(session)
    token = _register(app.test_client())
    stored = session.exec(select(OutboxMessage)).one()
    assert token not in stored.body and stored.link_nonce  # a placeholder, not the link
    viewer = signed_in("viewer")
    pages = [
        "/manage/outbox",
        f"/manage/events/{event.id}/registrations",
        f"/manage/events/{event.id}/registrations.csv",
        f"/manage/events/{event.id}",
        f"/manage/events/{event.id}/badges",
    ]
    for page in pages:
        response = viewer.get(page)
        assert response.status_code in (200, 404), page
        assert token not in response.get_data(as_text=True), page
    # The participant gets the real link by e-mail; afterwards the row keeps no way to rebuild it.
    assert _send(app, smtp).sent == 1
    mail = message_from_bytes(smtp.messages[0], policy=policy.default)
    assert f"/registrations/{token}?lang=en" in mail.get_body(("plain",)).get_content()
    session.expire_all()
    sent = session.get(OutboxMessage, stored.id)
    assert sent.status == "sent" and sent.link_nonce is None and token not in sent.body
    assert token not in viewer.get("/manage/outbox").get_data(as_text=True)
    # The link still opens the registration for its participant, and only for them.
    assert app.test_client().get(f"/registrations/{token}").status_code == 200


def test_a_link_queued_before_the_fix_is_masked_on_the_outbox_page(app, session, signed_in):
    open_event(session)
    legacy = "https://localhost/registrations/" + "A" * 43 + "?lang=en"
    queue_mail(session, "old@example.org", "Old mail", f"Your link:\n{legacy}\n")
    session.commit()
    page = signed_in("viewer").get("/manage/outbox").get_data(as_text=True)
    assert "A" * 43 not in page and "/registrations/[private-link]" in page


# --- 2. A forged Host header ------------------------------------------------------------------


def test_a_forged_host_gets_400_and_no_mail(app, session):
    open_event(session)
    client = app.test_client()
    token = _register(client)
    before = session.exec(select(OutboxMessage)).all()
    evil = {"Host": "evil.example"}
    assert client.get(URL, headers=evil).status_code == 400
    page = client.get(URL).get_data(as_text=True)
    response = client.post(
        "/events/sample-briefing/register/resend",
        headers={**evil, "Referer": BASE + URL},
        data={"csrf_token": csrf_token(page), "email": FORM["email"]},
    )
    assert response.status_code == 400
    session.expire_all()
    assert session.exec(select(OutboxMessage)).all() == before
    assert client.get(f"/registrations/{token}").status_code == 200  # the victim's link works


def test_links_in_mails_come_from_public_host_not_from_the_request(app, session):
    app.config["PUBLIC_HOST"] = "planner.example.org"
    open_event(session)
    client = app.test_client()
    page = client.get(URL, base_url="https://127.0.0.1").get_data(as_text=True)
    response = client.post(
        URL,
        base_url="https://127.0.0.1",
        headers={"Referer": "https://127.0.0.1" + URL},
        data={**FORM, "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302
    mail = session.exec(select(OutboxMessage)).one()
    assert "https://planner.example.org/registrations/[private-link]?lang=en" in mail.body
    assert "127.0.0.1" not in mail.body


def test_resending_a_link_does_not_break_the_old_one_and_says_the_same_for_strangers(app, session):
    open_event(session)
    client = app.test_client()
    token = _register(client)
    page = client.get(URL).get_data(as_text=True)
    answers = []
    for email in (FORM["email"], "nobody@example.org"):
        response = client.post(
            "/events/sample-briefing/register/resend",
            headers={"Referer": BASE + URL},
            data={"csrf_token": csrf_token(page), "email": email},
        )
        answers.append((response.status_code, re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))))
    assert answers[0] == answers[1]
    assert client.get(f"/registrations/{token}").status_code == 200
    assert client.get(f"/registrations/{token}/calendar.ics").status_code == 200


# --- 3. Mail header and recipient injection ---------------------------------------------------


def test_a_crlf_in_the_title_sends_one_correct_mail(app, session, smtp):
    event = open_event(session)
    event.title = "Réunion\r\nBcc: everyone@un.example"
    session.add(event)
    session.commit()
    _register(app.test_client())
    assert _send(app, smtp).sent == 1
    [raw], [recipients] = smtp.messages, smtp.recipients
    assert recipients == [FORM["email"]]
    mail = message_from_bytes(raw, policy=policy.default)
    assert mail["Bcc"] is None and "everyone@un.example" not in mail["To"]
    assert mail["Subject"] == "Registration received: Réunion Bcc: everyone@un.example"


@pytest.mark.parametrize(
    "address",
    [
        "staff-list,attacker@evil.example",
        "group:victim@evil.example;",
        "Ana <ana@un.example>",
        "ana@un.example\r\nBcc: x@evil.example",
    ],
)
def test_an_address_that_is_not_one_addr_spec_is_refused(app, session, address):
    open_event(session)
    response = post_form(app.test_client(), URL, {**FORM, "email": address})
    assert response.status_code == 422
    assert "Enter an e-mail address such as name@example.org." in response.get_data(as_text=True)
    assert session.exec(select(Registration)).all() == []
    assert session.exec(select(OutboxMessage)).all() == []


def test_the_sender_survives_a_message_that_cannot_be_sent(app, session, smtp):
    open_event(session)
    good = queue_mail(session, "good@example.org", "Fine", "Hello")
    session.commit()
    bad = OutboxMessage(recipient="a@example.org,b@evil.example", subject="Bad", body="x")
    broken = OutboxMessage(recipient="c@example.org", subject="Line\r\nBcc: d@evil.example", body="x")
    session.add_all([bad, broken])
    session.commit()
    report = _send(app, smtp)
    assert (report.sent, report.failed) == (1, 2)
    assert smtp.recipients == [["good@example.org"]]
    session.expire_all()
    assert session.get(OutboxMessage, good.id).status == "sent"
    for row in (bad, broken):
        failed = session.get(OutboxMessage, row.id)
        assert failed.status == "failed" and failed.last_error


def test_a_long_title_still_registers_with_a_subject_that_fits(app, session):
    event = open_event(session)
    event.title = "T" * 300
    session.add(event)
    session.commit()
    _register(app.test_client())
    mail = session.exec(select(OutboxMessage)).one()
    assert len(mail.subject) == 300 and mail.subject.endswith("…")


# --- 5. The resend limit's key ------------------------------------------------------------------


@pytest.mark.parametrize("size", [238, 10_000_000])
def test_a_huge_email_on_the_resend_form_stores_nothing(app, session, size):
    open_event(session)
    client = app.test_client()
    page = client.get(URL).get_data(as_text=True)
    response = client.post(
        "/events/sample-briefing/register/resend",
        headers={"Referer": BASE + URL},
        data={"csrf_token": csrf_token(page), "email": "a" * size + "@example.org"},
    )
    assert response.status_code < 500
    keys = session.exec(select(RateLimitCounter.key)).all()
    assert all(len(key) < 120 for key in keys)
    assert session.exec(select(OutboxMessage)).all() == []


# --- 6. Limits that hold under concurrency ------------------------------------------------------


def _at_once(count: int, attempt) -> list:
    barrier, results = threading.Barrier(count), []
    lock = threading.Lock()

    def run(n):
        barrier.wait()
        outcome = attempt(n)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_forty_simultaneous_wrong_passwords_are_checked_at_most_five_times(app, make_user, monkeypatch):
    make_user("admin")
    checked, lock = [], threading.Lock()
    real = account_services.authenticate

    def counting(*args, **kwargs):
        with lock:
            checked.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(account_services, "authenticate", counting)
    pages = {}
    for n in range(40):
        client = app.test_client()
        pages[n] = (client, csrf_token(client.get("/login").get_data(as_text=True)))

    def attempt(n):
        client, token = pages[n]
        return client.post(
            "/login",
            data={"csrf_token": token, "email": "admin@un.example", "password": "wrong password"},
            headers={"Referer": BASE + "/login"},
        ).status_code

    codes = _at_once(40, attempt)
    assert len(checked) <= 5
    assert codes.count(422) == len(checked) and codes.count(429) == 40 - len(checked)


def test_failures_elsewhere_do_not_lock_the_owner_out(app, make_user):
    make_user("admin")
    for _ in range(8):
        sign_in(app.test_client(), "admin@un.example", "wrong", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert (
        sign_in(app.test_client(), "admin@un.example", "x", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code
        == 429
    )
    owner = sign_in(app.test_client(), "admin@un.example", PASSWORD, environ_base={"REMOTE_ADDR": "198.51.100.4"})
    assert owner.status_code == 302


def test_wrong_tokens_count_across_every_private_link_page_and_a_valid_token_still_works(app, session):
    app.config["REGISTRATION_TOKEN_LIMIT"] = "8 per 15 minutes"
    open_event(session)
    token = _register(app.test_client())
    client = app.test_client()
    wrong = "B" * 43
    paths = [
        f"/registrations/{wrong}",
        f"/registrations/{wrong}/edit",
        f"/registrations/{wrong}/cancel",
        f"/registrations/{wrong}/calendar.ics",
    ]
    codes = [client.get(paths[n % 4]).status_code for n in range(8)]
    assert codes == [404] * 8
    assert [client.get(path).status_code for path in paths] == [429] * 4
    # Delegates share one venue network: a valid link from the limited address still opens.
    assert client.get(f"/registrations/{token}").status_code == 200
    assert client.get(f"/registrations/{token}/calendar.ics").status_code == 200
    assert client.get(f"/registrations/{wrong}").status_code == 429


def test_an_account_address_is_one_addr_spec_too(app, session):
    from planner.validation import ModelValidationError

    with app.app_context(), pytest.raises(ModelValidationError):
        account_services.create_user(session, "test", "staff-list,attacker@evil.example", PASSWORD, "viewer")
