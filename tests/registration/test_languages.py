"""E-mails to a participant are in the language they registered in, whoever causes them.

The French catalogue may not be compiled when these run, so "written in French" is checked through
what needs no catalogue: the event's date formatted by Babel (CLDR) in French, which only happens
when the message is composed under `force_locale("fr")`, and the event's French title.
"""

import re

from babel.dates import format_date
from sqlmodel import select

from planner.events.models import EventTranslation
from planner.registration import editing
from planner.registration.mailer import body_to_send
from planner.registration.models import OutboxMessage, Registration
from tests.forms import post_form
from tests.registration.helpers import FORM, open_event, participant

URL = "/events/sample-briefing/register"
FRENCH_TITLE = "Séance d’information (exemple)"


def _event_with_french_title(session, **settings):
    event = open_event(session, **settings)
    session.add(EventTranslation(event_id=event.id, language="fr", title=FRENCH_TITLE))
    session.commit()
    return event


def _mails_to(session, email: str) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)))


def _in_french(mail: OutboxMessage, event) -> bool:
    return (
        format_date(event.first_day, "long", locale="fr") in mail.body
        and FRENCH_TITLE in mail.subject
        and FRENCH_TITLE in mail.body
    )


def _in_english(mail: OutboxMessage, event) -> bool:
    return (
        format_date(event.first_day, "long", locale="en_GB") in mail.body
        and event.title in mail.subject
        and FRENCH_TITLE not in mail.body
    )


def test_registering_in_french_keeps_french_for_the_confirmation(app, client, session):
    event = _event_with_french_title(session)
    response = post_form(client, f"{URL}?lang=fr", FORM)
    assert response.status_code == 302
    token = re.search(r"/registrations/([A-Za-z0-9_-]{43})", response.headers["Location"]).group(1)
    registration = session.exec(select(Registration)).one()
    assert registration.language == "fr"
    [mail] = _mails_to(session, "amina@example.org")
    assert _in_french(mail, event)
    assert token not in mail.body  # the stored body holds no link
    sent = body_to_send(mail, app.config["SECRET_KEY"])
    assert f"/registrations/{token}?lang=fr" in sent  # the link opens the page in French
    assert FRENCH_TITLE in client.get(f"/registrations/{token}?lang=fr").get_data(as_text=True)


def test_editing_in_another_language_changes_the_language_of_later_mails(app, client, session):
    open_event(session)
    response = post_form(client, URL, FORM)
    token = re.search(r"/registrations/([A-Za-z0-9_-]{43})", response.headers["Location"]).group(1)
    registration = session.exec(select(Registration)).one()
    assert registration.language == "en"
    assert post_form(client, f"/registrations/{token}/edit?lang=es", FORM).status_code == 302
    session.refresh(registration)
    assert registration.language == "es"


def test_promotion_after_an_english_cancellation_is_in_the_promoted_persons_language(app, client, session):
    event = _event_with_french_title(session, capacity=1)
    response = post_form(client, f"{URL}?lang=en", FORM)  # the first, in English
    token = re.search(r"/registrations/([A-Za-z0-9_-]{43})", response.headers["Location"]).group(1)
    with app.test_request_context():
        waiting, _ = editing.register(session, event, participant(2, language="fr"))
    assert waiting.status == "waitlisted"
    assert post_form(client, f"/registrations/{token}/cancel?lang=en", {}).status_code == 302
    session.refresh(waiting)
    assert waiting.status == "confirmed"
    (cancelled,) = _mails_to(session, "amina@example.org")[1:]
    assert _in_english(cancelled, event)
    confirmation, promotion = _mails_to(session, "person2@example.org")
    assert _in_french(confirmation, event) and _in_french(promotion, event)


def test_approval_outside_a_request_is_in_the_participants_language(app, session):
    event = _event_with_french_title(session, requires_approval=True)
    with app.test_request_context("/?lang=en"):
        registration, _ = editing.register(session, event, participant(1, language="fr"))
    with app.app_context():  # as a `flask` command would: no request at all
        editing.approve(session, "cli", event, registration)
    confirmation, approval = _mails_to(session, "person1@example.org")
    assert _in_french(approval, event)


def test_the_personal_feed_is_in_the_participants_language(app, client, session):
    from icalendar import Calendar

    event = _event_with_french_title(session)
    response = post_form(client, f"{URL}?lang=fr", FORM)
    token = re.search(r"/registrations/([A-Za-z0-9_-]{43})", response.headers["Location"]).group(1)
    feed = client.get(f"/registrations/{token}/calendar.ics", headers={"Accept-Language": "ru"})
    calendar = Calendar.from_ical(feed.data)
    [vevent] = [c for c in calendar.walk("VEVENT")]
    assert str(vevent["SUMMARY"]) == FRENCH_TITLE
    assert vevent["SUMMARY"].params["LANGUAGE"] == "fr"
    assert FRENCH_TITLE in str(calendar["X-WR-CALNAME"])
    english = client.get(f"/events/{event.slug}/calendar.ics").data
    assert FRENCH_TITLE.encode() not in english


def test_the_subscribe_box_offers_the_feed_in_the_pages_language(client, session):
    event = open_event(session)
    french = client.get(f"/events/{event.slug}?lang=fr").get_data(as_text=True)
    assert f"/events/{event.slug}/calendar.ics?lang=fr" in french
    english = client.get(f"/events/{event.slug}?lang=en").get_data(as_text=True)
    assert f"/events/{event.slug}/calendar.ics?lang" not in english
    assert f"/events/{event.slug}/calendar.ics" in english


def test_the_calendar_attached_to_the_confirmation_is_in_the_participants_language(app, client, session):
    import base64

    from icalendar import Calendar

    _event_with_french_title(session)
    post_form(client, f"{URL}?lang=fr", FORM)
    [mail] = _mails_to(session, "amina@example.org")
    [attachment] = mail.attachments
    calendar = Calendar.from_ical(base64.b64decode(attachment["content"]))
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == FRENCH_TITLE and vevent["SUMMARY"].params["LANGUAGE"] == "fr"
    assert str(calendar["X-WR-CALDESC"]) == f"{FRENCH_TITLE} : votre inscription"
    assert vevent["CATEGORIES"].cats == ["Séance d'information"]  # the kind, in French too


def test_the_csv_export_is_english_whoever_exports_it(app, session, signed_in):
    import csv
    import io

    event = open_event(session)
    with app.test_request_context():
        editing.register(session, event, participant(1))
    client = signed_in("viewer")
    english = client.get(f"/manage/events/{event.id}/registrations.csv").get_data()
    french = client.get(f"/manage/events/{event.id}/registrations.csv?lang=fr").get_data()
    assert french == english
    [row] = list(csv.DictReader(io.StringIO(english.decode("utf-8-sig"))))
    assert (row["Status"], row["Category"]) == ("Confirmed", "NGO / civil society")
