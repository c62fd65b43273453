"""The public form and the private link, driven like a browser (CSRF on, Referer sent)."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from planner.db import utcnow
from planner.registration import editing
from planner.registration.mailer import body_to_send
from planner.registration.models import OutboxMessage, Registration
from tests.forms import BASE, csrf_token, field_error, field_value, post_form
from tests.registration.helpers import FORM, open_event, participant

URL = "/events/sample-briefing/register"


def _token(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.fullmatch(r".*/registrations/([A-Za-z0-9_-]{43})", response.headers["Location"]).group(1)


def test_register_and_see_the_status_in_words(app, client, session):
    open_event(session, capacity=1)
    page = client.get(URL).get_data(as_text=True)
    assert '<a href="/privacy">privacy notice</a>' in page
    token = _token(post_form(client, URL, FORM))
    response = client.get(f"/registrations/{token}")
    assert response.headers["Cache-Control"] == "private, no-store"
    page = response.get_data(as_text=True)
    assert "Confirmed." in page and "a seat is reserved for you" in page
    assert "Amina" in page and "Senegal" in page
    # the second person finds the event full and is told about the waiting list
    form = client.get(URL).get_data(as_text=True)
    assert "The event is full" in form
    token2 = _token(post_form(client, URL, {**FORM, "email": "b@example.org"}))
    assert "you are on the waiting list" in client.get(f"/registrations/{token2}").get_data(as_text=True)


def test_pending_approval_is_said_in_words(app, client, session):
    open_event(session, requires_approval=True)
    token = _token(post_form(client, URL, FORM))
    assert "pending approval by the secretariat" in client.get(f"/registrations/{token}").get_data(as_text=True)


def test_errors_beside_fields_keep_what_was_typed(app, client, session):
    open_event(session)
    bad = {**FORM, "email": "not-an-address", "represents": "", "consent": ""}
    response = post_form(client, URL, bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "email") == "Enter an e-mail address such as name@example.org."
    assert field_error(page, "represents") == "Name the Member State you represent."
    assert field_error(page, "consent") == "Registration needs your consent."
    assert field_value(page, "given_name") == "Amina" and field_value(page, "email") == "not-an-address"
    assert session.exec(select(Registration)).all() == []


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"given_name": "x" * 101}, "given_name", "Field cannot be longer than 100 characters."),
        ({"family_name": "<script>alert(1)</script>"}, "family_name", "Please leave out the characters < and >."),
        ({"category": "vip"}, "category", "Not a valid choice."),
        ({"country": "XX"}, "country", "Pick a country from the list."),
        ({"accessibility_needs": "y" * 1001}, "accessibility_needs", "Field cannot be longer than 1000 characters."),
    ],
)
def test_hostile_input_gets_a_clear_error_and_stores_nothing(app, client, session, change, field, message):
    open_event(session)
    response = post_form(client, URL, {**FORM, **change})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field) == message
    assert session.exec(select(Registration)).all() == []
    assert session.exec(select(OutboxMessage)).all() == []


def test_category_not_offered_is_refused(app, client, session):
    open_event(session, categories="ngo,academia")
    response = post_form(client, URL, FORM)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "category") == "Not a valid choice."


def test_control_characters_are_removed_and_markup_never_rendered(app, client, session):
    open_event(session)
    token = _token(
        post_form(
            client,
            URL,
            {**FORM, "given_name": "Ami\x07na\u202e", "organisation": 'Mission & "Co"', "function": "x\x1by"},
        )
    )
    registration = session.exec(select(Registration)).one()
    assert (registration.given_name, registration.function) == ("Amina", "xy")
    assert "Mission &amp; &#34;Co&#34;" in client.get(f"/registrations/{token}").get_data(as_text=True)


def test_closed_and_not_yet_open_forms_explain_and_refuse(app, client, session):
    event = open_event(session, opens_at=utcnow() + timedelta(days=2))
    page = client.get(URL).get_data(as_text=True)
    assert "Registration has not opened yet." in page and 'name="given_name"' not in page
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(URL, data={**FORM, "csrf_token": token}, headers={"Referer": BASE + URL})
    assert response.status_code == 409
    assert "Nothing was registered" in response.get_data(as_text=True)
    settings = editing.settings_for(session, event)
    settings.opens_at, settings.closes_at = utcnow() - timedelta(days=2), utcnow() - timedelta(days=1)
    session.add(settings)
    session.commit()
    assert "Registration is closed." in client.get(URL).get_data(as_text=True)
    assert "Registration is closed." in client.get("/events/sample-briefing").get_data(as_text=True)
    assert session.exec(select(Registration)).all() == []


def test_same_email_twice_offers_to_resend_the_link(app, client, session):
    open_event(session)
    old = _token(post_form(client, URL, FORM))
    response = post_form(client, URL, {**FORM, "email": "AMINA@example.org"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "You are already registered" in page
    response = client.post(
        "/events/sample-briefing/register/resend",
        data={"csrf_token": csrf_token(page), "email": "amina@example.org"},
        headers={"Referer": BASE + URL},
    )
    assert "a new private link is on its way" in response.get_data(as_text=True)
    # The old link keeps working until the new one is used (a stranger cannot break it)...
    assert client.get(f"/registrations/{old}").status_code == 200
    mail = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "/registrations/[private-link]" in mail.body  # the stored body holds no token
    sent = body_to_send(mail, app.config["SECRET_KEY"])
    new = re.search(r"/registrations/([A-Za-z0-9_-]{43})", sent).group(1)
    assert client.get(f"/registrations/{new}").status_code == 200
    # ...and then stops working.
    assert client.get(f"/registrations/{old}").status_code == 404
    assert client.get(f"/registrations/{new}").status_code == 200
    assert len(session.exec(select(Registration)).all()) == 1


def test_resending_is_rate_limited(app, client, session):
    app.config["REGISTRATION_RESEND_LIMIT"] = "2 per hour"
    open_event(session)
    page = client.get(URL).get_data(as_text=True)
    codes = [
        client.post(
            "/events/sample-briefing/register/resend",
            data={"csrf_token": csrf_token(page), "email": "amina@example.org"},
            headers={"Referer": BASE + URL},
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]


def test_wrong_tokens_get_404_without_data_then_429(app, client, session):
    app.config["REGISTRATION_TOKEN_LIMIT"] = "3 per 15 minutes"
    open_event(session)
    real = _token(post_form(client, URL, FORM))
    forged = real[:-1] + ("A" if real[-1] != "A" else "B")
    responses = [client.get(f"/registrations/{t}") for t in (forged, "x", "<script>", forged)]
    assert [r.status_code for r in responses] == [404, 404, 404, 429]
    assert all("Amina" not in r.get_data(as_text=True) for r in responses)


def test_edit_details_until_the_event_starts(app, client, session):
    open_event(session)
    token = _token(post_form(client, URL, FORM))
    url = f"/registrations/{token}/edit"
    assert field_value(client.get(url).get_data(as_text=True), "family_name") == "Diallo"
    response = post_form(client, url, {**FORM, "family_name": "Diallo-Sow", "email": "evil@example.org"})
    assert response.status_code == 302
    registration = session.exec(select(Registration)).one()
    session.refresh(registration)
    assert (registration.family_name, registration.email) == ("Diallo-Sow", "amina@example.org")
    response = post_form(client, url, {**FORM, "family_name": ""})
    assert field_error(response.get_data(as_text=True), "family_name") == "Enter your family name."


def test_cancel_after_confirming_promotes_the_first_waiting(app, client, session):
    event = open_event(session, capacity=1)
    token = _token(post_form(client, URL, FORM))
    with app.test_request_context():
        waiting, _ = editing.register(session, event, participant(2, "ngo"))
    assert waiting.status == "waitlisted"
    page = client.get(f"/registrations/{token}/cancel").get_data(as_text=True)
    assert "Yes, cancel my registration" in page
    assert session.exec(select(Registration).where(Registration.status == "cancelled")).all() == []
    response = post_form(client, f"/registrations/{token}/cancel", {})
    assert response.status_code == 302
    assert "Cancelled." in client.get(f"/registrations/{token}").get_data(as_text=True)
    session.refresh(waiting)
    assert waiting.status == "confirmed"


def test_privacy_notice_and_event_page_box(app, client, session):
    open_event(session, capacity=3)
    assert "How long" in client.get("/privacy").get_data(as_text=True)
    page = client.get("/events/sample-briefing").get_data(as_text=True)
    assert "3 seats left" in page and 'href="/events/sample-briefing/register"' in page
