"""Messages from the secretariat to a filtered set of participants: preview, languages, audit."""

import html
import re
from email import message_from_bytes, policy

import pytest
from sqlmodel import select
from werkzeug.datastructures import MultiDict

from planner.audit.models import AuditEntry
from planner.registration import editing, mailer, messaging
from planner.registration.messaging import Filters, Message, Version
from planner.registration.models import OutboxMessage, Registration
from planner.registration.tokens import derive_token, hash_token
from planner.validation import ModelValidationError
from tests.forms import BASE, field_error, post_form
from tests.registration.helpers import open_event, participant

FRENCH = Version("Informations pratiques", "Le badge se retire à l'entrée principale dès 8 h.")
ENGLISH = Version(
    "Practical information", "Badges are collected at the main entrance from 08:00.\nhttps://example.org/map"
)


def _people(app, session):
    """Six registrations, two of which (1 and 2) match ngo / KE / confirmed-or-waitlisted."""
    event = open_event(session, capacity=10)
    with app.test_request_context():
        for n, category, country, language in [
            (1, "ngo", "KE", "fr"),  # matches, gets the French version
            (2, "ngo", "KE", "ar"),  # matches, no Arabic version: English
            (3, "media", "KE", "en"),  # another category
            (4, "ngo", "FR", "en"),  # another country
            (5, "ngo", "KE", "en"),  # cancelled below
            (6, "ngo", "KE", "en"),  # anonymised below
        ]:
            editing.register(session, event, participant(n, category, country=country, language=language))
    five = session.exec(select(Registration).where(Registration.email == "person5@example.org")).one()
    editing.cancel(session, event, five)
    six = session.exec(select(Registration).where(Registration.email == "person6@example.org")).one()
    six.email, six.given_name, six.family_name, six.anonymised = None, "", "", True
    session.add(six)
    session.commit()
    return event


FILTERS = Filters(("confirmed", "waitlisted"), "ngo", "KE")


def _outbox(session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_message_reaches_exactly_the_filtered_registrations_each_in_its_language(app, session):
    event = _people(app, session)
    before = len(_outbox(session))
    message = Message({"en": ENGLISH, "fr": FRENCH})
    with app.test_request_context():
        count = messaging.send_message(session, "manager@un.example", event, FILTERS, message, key="k1")
    assert count == 2
    new = {m.recipient: m for m in _outbox(session)[before:]}
    assert sorted(new) == ["person1@example.org", "person2@example.org"]
    french, arabic = new["person1@example.org"], new["person2@example.org"]
    assert french.subject == FRENCH.subject and FRENCH.body in french.body and ENGLISH.body not in french.body
    assert arabic.subject == ENGLISH.subject and ENGLISH.body in arabic.body  # no Arabic version: English
    assert "Dear Ms Family2," in arabic.body  # title and family name (planner.registration.salutation)
    # Each carries the participant's own private link (a placeholder and its nonce), in their language.
    assert "/registrations/[private-link]?lang=fr" in french.body
    assert "/registrations/[private-link]?lang=ar" in arabic.body
    assert french.link_nonce and arabic.link_nonce and french.link_nonce != arabic.link_nonce
    one = session.exec(select(Registration).where(Registration.email == "person1@example.org")).one()
    assert one.token_hash == hash_token(derive_token(french.link_nonce, app.config["SECRET_KEY"]))
    assert one.pending_token_hash is None  # the link they already use, not a new one that would end it
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "message")).all()
    assert (entry.object_type, entry.object_id, entry.actor) == ("event", str(event.id), "manager@un.example")
    assert entry.after["subject"] == ENGLISH.subject and entry.after["recipients"] == 2
    assert (entry.after["statuses"], entry.after["category"], entry.after["country"]) == (
        "confirmed,waitlisted",
        "ngo",
        "KE",
    )
    assert entry.after["languages"] == "en,fr"
    # The same preview confirmed twice (a double click) sends nothing more.
    with app.test_request_context(), pytest.raises(messaging.AlreadySent):
        messaging.send_message(session, "manager@un.example", event, FILTERS, message, key="k1")
    assert len(_outbox(session)) == before + 2


def test_counts_that_changed_since_the_preview_send_nothing(app, session):
    event = _people(app, session)
    before = len(_outbox(session))
    message = Message({"en": ENGLISH})
    with app.test_request_context():
        assert messaging.preview(session, event, FILTERS, message).count == 2
        with pytest.raises(messaging.RecipientsChanged):
            messaging.send_message(session, "m@un.example", event, FILTERS, message, expected=3)
        with pytest.raises(messaging.MessageError):  # nobody matches
            messaging.send_message(session, "m@un.example", event, Filters(("rejected",)), message)
        with pytest.raises(ModelValidationError):  # English is required
            messaging.send_message(session, "m@un.example", event, FILTERS, Message({"fr": FRENCH}))
    assert len(_outbox(session)) == before
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "message")).all() == []


def _hidden_fields(page: str) -> list[tuple[str, str]]:
    return [
        (name, html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    ]


def _message_form(**overrides):
    data = {
        "statuses": ["confirmed", "waitlisted"],
        "category": "ngo",
        "country": "KE",
        "subject_en": ENGLISH.subject,
        "body_en": ENGLISH.body,
        "subject_fr": FRENCH.subject,
        "body_fr": FRENCH.body,
    }
    data.update(overrides)
    return data


def test_preview_shows_the_count_and_sends_nothing_until_confirmed(app, session, signed_in):
    event = _people(app, session)
    client = signed_in("manager")
    before = len(_outbox(session))
    url = f"/manage/events/{event.id}/messages/new"
    listing = client.get(f"/manage/events/{event.id}/registrations?country=KE").get_data(as_text=True)
    assert f'href="{url}?country=KE"' in listing  # the list links to it, with its filters
    form_page = client.get(f"{url}?country=KE&status=pending").get_data(as_text=True)
    assert '<option selected value="KE">' in form_page
    assert re.search(r'<input checked id="statuses-\d" name="statuses" type="checkbox" value="pending">', form_page)
    assert not re.search(r'<input checked[^>]*value="confirmed">', form_page)
    preview = post_form(client, url, _message_form())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert "This message will be sent to 2 participants." in page
    assert re.search(r"Français</span></th><td>1</td><td><span[^>]*>Français", page)
    assert re.search(r"العربية</span></th><td>1</td><td><span[^>]*>English", page)  # no Arabic version
    assert "Dear [participant&#39;s name]," in page and "https://example.org/map" in page
    assert len(_outbox(session)) == before  # a preview sends nothing
    fields = _hidden_fields(page)
    send = client.post(
        url,
        data=MultiDict([*fields, ("action", "send")]),
        headers={"Referer": BASE + url},
    )
    assert send.status_code == 302
    assert "queued for 2 participants" in client.get(send.headers["Location"]).get_data(as_text=True)
    assert sorted(m.recipient for m in _outbox(session)[before:]) == ["person1@example.org", "person2@example.org"]
    again = client.post(url, data=MultiDict([*fields, ("action", "send")]), headers={"Referer": BASE + url})
    assert "already sent" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert len(_outbox(session)) == before + 2


def test_preview_with_a_changed_count_asks_again(app, session, signed_in):
    event = _people(app, session)
    client = signed_in("manager")
    url = f"/manage/events/{event.id}/messages/new"
    fields = _hidden_fields(post_form(client, url, _message_form()).get_data(as_text=True))
    fields = [(name, "5" if name == "expected" else value) for name, value in fields]
    before = len(_outbox(session))
    response = client.post(url, data=MultiDict([*fields, ("action", "send")]), headers={"Referer": BASE + url})
    assert response.status_code == 409
    assert "has changed since the preview: it is now 2" in response.get_data(as_text=True)
    assert len(_outbox(session)) == before


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"subject_en": "  "}, "subject_en", "Write a subject in English."),
        ({"body_fr": ""}, "body_fr", "A version needs both a subject and a message."),
        ({"subject_en": "x" * 201}, "subject_en", "Keep the subject to 200 characters."),
        ({"body_en": "x" * 10_001}, "body_en", "Keep the message to 10000 characters."),
        ({"country": "ZZ"}, "country", "Pick a country from the list."),
        ({"statuses": []}, "statuses", "Pick at least one status."),
        ({"category": "spies"}, "category", "Pick a category from the list."),
    ],
)
def test_bad_input_is_a_form_error_and_sends_nothing(app, session, signed_in, overrides, field, message):
    event = _people(app, session)
    client = signed_in("manager")
    before = len(_outbox(session))
    url = f"/manage/events/{event.id}/messages/new"
    response = post_form(client, url, {**_message_form(**overrides), "action": "send"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    if field == "statuses":
        assert f'<p class="field-error" id="statuses-error">{message}</p>' in page
    else:
        assert field_error(page, field) == message
    assert len(_outbox(session)) == before


def test_viewers_cannot_write_to_participants(app, session, signed_in):
    event = open_event(session)
    assert signed_in("viewer").get(f"/manage/events/{event.id}/messages/new").status_code == 403


def test_message_arrives_in_french_with_a_working_private_link(app, session, signed_in, smtp):
    event = _people(app, session)
    engine = app.extensions["planner.engine"]
    config = {**app.config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port}
    mailer.send_due(engine, config)  # the confirmations first
    smtp.messages.clear()
    with app.test_request_context():
        messaging.send_message(
            session,
            "m@un.example",
            event,
            Filters(("confirmed",), country="KE", category="ngo"),
            Message({"en": ENGLISH, "fr": FRENCH}),
        )
    assert mailer.send_due(engine, config).sent == 2
    mails = [message_from_bytes(raw, policy=policy.default) for raw in smtp.messages]
    [french] = [m for m in mails if m["To"] == "person1@example.org"]
    assert french["Subject"] == FRENCH.subject
    text = french.get_body(("plain",)).get_content()
    assert FRENCH.body in text
    token = re.search(r"/registrations/([A-Za-z0-9_-]{43})\?lang=fr", text).group(1)
    page = app.test_client().get(f"/registrations/{token}")
    assert page.status_code == 200 and "Given1" in page.get_data(as_text=True)
