"""A participant in a real browser: register, read the confirmation mail from a real SMTP server,
follow its private link, cancel, and the first person on the waiting list is promoted and told."""

from __future__ import annotations

import re
from datetime import date
from email import message_from_bytes, policy

import pytest

from planner.db import get_session
from planner.events.queries import get_event
from planner.registration import editing, mailer
from planner.registration.sample import create_sample_event
from tests.registration.helpers import participant


@pytest.fixture
def site(serve, smtp):
    app, root, _ = serve(
        lambda session: create_sample_event(session, "sample-briefing", 1, date.today()),
        PREFERRED_URL_SCHEME="http",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
    )
    return app, root


def _mails_to(smtp, address):
    mails = [message_from_bytes(raw, policy=policy.default) for raw in smtp.messages]
    return [m for m in mails if m["To"] == address]


def test_register_read_mail_follow_link_cancel_and_promote(site, smtp, page):
    app, root = site
    page.goto(root + "/events/sample-briefing")
    page.get_by_role("link", name="Register for this event").click()
    page.get_by_label("Given name").fill("Amina")
    page.get_by_label("Family name").fill("Diallo")
    page.get_by_label("E-mail address").fill("amina@example.org")
    page.get_by_label("Organisation", exact=True).fill("Permanent Mission of Senegal")
    page.get_by_label("Country (of your organisation)").select_option("SN")
    page.get_by_label("Participant category").select_option("member_state")
    page.get_by_role("button", name="Register").click()
    assert "Name the Member State you represent." in page.inner_text(".error-summary")
    assert page.get_by_label("Given name").input_value() == "Amina"  # kept what was typed
    page.get_by_label("Member State represented").select_option("SN")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    assert "Confirmed." in page.inner_text("#registration-status")

    with app.app_context():  # somebody else registers: the only seat is taken, so they wait
        event = get_event(get_session(), "sample-briefing")
        waiting, _ = editing.register(get_session(), event, participant(2, "ngo"))
    assert waiting.status == "waitlisted"
    mailer.send_due(app.extensions["planner.engine"], app.config)
    [mail] = _mails_to(smtp, "amina@example.org")
    link = re.search(r"http://\S+/registrations/\S+", mail.get_body(("plain",)).get_content()).group(0)
    assert [a.get_filename() for a in mail.iter_attachments()] == ["sample-briefing.ics"]

    page.goto(link)
    page.get_by_role("link", name="Cancel my registration").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    assert "Cancelled." in page.inner_text("#registration-status")

    mailer.send_due(app.extensions["planner.engine"], app.config)
    subjects = [m["Subject"] for m in _mails_to(smtp, "person2@example.org")]
    assert subjects == [
        "Registration received: Sample briefing (not a real meeting)",
        "Your seat is confirmed: Sample briefing (not a real meeting)",
    ]


def test_a_failed_submit_focuses_the_summary_listed_in_page_order_with_every_field_marked(site, page):
    _app, root = site
    page.goto(root + "/events/sample-briefing/register")
    page.get_by_role("button", name="Register").click()
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    linked = page.eval_on_selector_all(".error-summary a", "links => links.map(a => a.getAttribute('href'))")
    on_page = page.eval_on_selector_all(
        "form.stacked-form [aria-invalid=true]", "fields => fields.map(f => '#' + f.id)"
    )
    assert linked == on_page and linked[:3] == ["#given_name", "#family_name", "#email"]
    red = "rgb(164, 0, 0)"
    for field in ("#given_name", "#email", "#category"):  # text, e-mail and select alike
        assert page.eval_on_selector(field, "f => getComputedStyle(f).borderTopColor") == red, field
