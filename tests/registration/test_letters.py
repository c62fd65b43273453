"""Letters of invitation (issue 16, parts 2 and 3): asked for on the form, reviewed and issued by
the secretariat as PDF in the participant's language, downloaded from the private page, announced
by e-mail, hidden from those who may not see passport data, erased by purge-registrations.

The letters are read back with poppler's `pdftotext`, an independent reader: what it extracts is
what a consulate's officer copies out of the letter."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from sqlmodel import SQLModel, select

from planner import config
from planner.accounts import editing as accounts
from planner.audit.models import AuditEntry
from planner.formatting import day_range
from planner.registration import editing, letters, queries
from planner.registration.letter_pdf import FontMissing
from planner.registration.models import InvitationLetter, OutboxMessage, Registration, RegistrationSettings
from planner.registration.retention import purge_registrations
from planner.validation import ModelValidationError
from tests.forms import PASSWORD, field_error, post_form, sign_in
from tests.registration.helpers import FORM, open_event, participant, visa_request

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# name, passport number and the wording the secretariat wrote for that language (None: built-in)
PEOPLE = {
    "en": (dict(honorific="Ms", given_name="Amina", family_name="Diallo"), "AK0012345", None),
    "fr": (dict(honorific="M.", given_name="Éloïse", family_name="Lefèvre"), "19FR88231", None),
    "ar": (
        dict(honorific="", given_name="فاطمة", family_name="الزهراء"),
        "N00123456",
        "تتشرف الأمانة بدعوة {name} للمشاركة في {event} التي ستعقد في {place} في {dates}.",
    ),
    "zh": (
        dict(honorific="", given_name="小明", family_name="王"),
        "E12345678",
        "秘书处谨邀请{name}出席将于{dates}在{place}举行的{event}。",
    ),
}


def pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8")


def pdf_text(pdf: bytes, tmp_path) -> str:
    """What pdftotext reads from the letter, bidi control characters removed, spaces collapsed."""
    return " ".join(BIDI_CONTROLS.sub("", pdftotext(pdf, tmp_path)).split())


def squeezed(text: str) -> str:
    """Text without white space, punctuation or the bidirectional controls pdftotext wraps
    right-to-left and embedded left-to-right runs in (RLE, LRE ... PDF): where spaces and a colon
    fall around a number inside Arabic is not meaningful, the order of the words is."""
    return re.sub(r"[\s:،.,]+", "", BIDI_CONTROLS.sub("", text))


def _requested(session, event, n: int = 1, language: str = "en", letter=None, **names):
    registration, token = editing.register(
        session,
        event,
        participant(n, email=f"visa{n}@example.org", language=language, **names),
        letter=letter or visa_request(),
    )
    return registration, token, queries.letter_of(session, registration.id)


def _event(session, **settings):
    return open_event(session, invitation_letters=True, **settings)


@needs_pdftotext
@pytest.mark.parametrize("language", PEOPLE)
def test_letters_read_back_in_their_language(app, session, tmp_path, language):
    names, passport, wording = PEOPLE[language]
    with app.test_request_context():
        event = _event(session)
        if wording:
            letters.save_wording(session, "ana@un.example", event, language, wording)
        registration, _token, letter = _requested(
            session, event, language=language, letter=visa_request(passport_number=passport), **names
        )
        assert letters.issue(session, "ana@un.example", event, [(letter, registration)]) == (1, 0)
        with force_locale(language):
            dates = day_range(event.first_day, event.last_day)
    session.refresh(letter)
    assert letter.status == "issued" and letter.pdf.startswith(b"%PDF")
    text = pdf_text(letter.pdf, tmp_path)
    name = " ".join(part for part in (names["honorific"], names["given_name"], names["family_name"]) if part)
    assert name in text  # the Arabic name in logical order, as typed
    assert passport in text
    assert squeezed(dates) in squeezed(text)  # the event's dates in that language, in reading order
    if wording:
        assert wording.split("{")[0].strip() in text  # the secretariat's own words, in that script


@needs_pdftotext
def test_a_name_in_another_script_is_set_in_its_font(app, session, tmp_path):
    """A Chinese name in an English letter: the CJK font stands in for the main one."""
    with app.test_request_context():
        event = _event(session)
        registration, _token, letter = _requested(session, event, given_name="小明", family_name="王", honorific="")
        letters.issue(session, "ana@un.example", event, [(letter, registration)])
    session.refresh(letter)
    assert "小明 王" in pdf_text(letter.pdf, tmp_path)


def test_the_form_asks_only_those_who_need_a_visa(app, client, session):
    event = _event(session)
    url = f"/events/{event.slug}/register"
    page = client.get(url).get_data(as_text=True)
    assert 'name="passport_number"' in page
    # Not ticked: whatever the fields hold is ignored, and no request is made.
    response = post_form(client, url, {**FORM, "passport_number": "junk"})
    assert response.status_code == 302
    assert session.exec(select(InvitationLetter)).all() == []
    # Ticked: every detail is required.
    page = post_form(client, url, {**FORM, "email": "b@example.org", "wants_letter": "y"}).get_data(as_text=True)
    assert field_error(page, "passport_number") == "Enter your passport number."
    assert field_error(page, "consulate") == "Name the consulate where you will apply for the visa."
    assert field_error(page, "passport_expiry") == "Enter the date your passport expires."
    visa = {
        "wants_letter": "y",
        "nationality": "SN",
        "passport_number": "a 1234-567",
        "passport_expiry": (date.today() + timedelta(days=900)).isoformat(),
        "birth_date": "1980-02-29",
        "birth_place": "Dakar",
        "consulate": "Embassy of Kenya, Dakar",
    }
    # A passport that expires before the event ends cannot carry a visa for it.
    short = {**visa, "passport_expiry": event.first_day.isoformat()}
    response = post_form(client, url, {**FORM, "email": "c@example.org", **short})
    assert response.status_code == 422
    assert "expires before the event ends" in field_error(response.get_data(as_text=True), "passport_expiry")
    assert post_form(client, url, {**FORM, "email": "d@example.org", **visa}).status_code == 302
    letter = session.exec(select(InvitationLetter)).one()
    assert (letter.passport_number, letter.nationality, letter.status) == ("A1234567", "SN", "requested")


def test_an_event_that_offers_no_letters_does_not_ask(app, client, session):
    event = open_event(session)
    url = f"/events/{event.slug}/register"
    assert 'name="passport_number"' not in client.get(url).get_data(as_text=True)
    post_form(client, url, {**FORM, "wants_letter": "y", "passport_number": "A1234567"})
    assert session.exec(select(Registration)).one() and session.exec(select(InvitationLetter)).all() == []


def test_requests_are_checked_by_the_rule_too(app, session):
    with app.test_request_context():
        event = _event(session)
        with pytest.raises(ModelValidationError) as error:
            editing.register(session, event, participant(1), letter=visa_request(nationality="XX"))
        assert error.value.field == "nationality"
        with pytest.raises(ModelValidationError) as error:
            editing.register(session, event, participant(1), letter=visa_request(passport_number="1"))
        assert error.value.field == "passport_number"
    assert session.exec(select(Registration)).all() == []  # nothing half saved


def _signed_in(app, session, email: str, role: str = "none", event_role: tuple | None = None):
    with app.test_request_context():
        user = accounts.create_user(session, "test", email, PASSWORD, role)
        if event_role:
            accounts.grant_event_role(session, "test", user, *event_role)
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def test_the_secretariat_reviews_issues_and_sends(app, session, tmp_path):
    with app.test_request_context():
        event = _event(session, capacity=1)
        first, _t, _l = _requested(session, event, 1, language="fr")
        waiting, _t, _l = _requested(session, event, 2)
    manager = _signed_in(app, session, "m@un.example", "manager")
    page = manager.get(f"/manage/events/{event.id}/letters").get_data(as_text=True)
    assert "AK0012345" in page and "Mombasa" in page
    page_url, issue = f"/manage/events/{event.id}/letters", f"/manage/events/{event.id}/letters/issue"
    assert post_form(manager, page_url, {}, action=issue).status_code == 302
    page = manager.get(f"/manage/events/{event.id}/letters").get_data(as_text=True)
    assert "1 letter issued." in page  # the waiting participant gets none yet
    session.expire_all()
    issued = queries.letter_of(session, first.id)
    assert (issued.status, queries.letter_of(session, waiting.id).status) == ("issued", "requested")
    pdf = manager.get(f"/manage/letters/{issued.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    # Sending tells the participant, in their language, without passport data.
    send = f"/manage/events/{event.id}/letters/send"
    post_form(manager, f"/manage/events/{event.id}/letters", {"letter": str(issued.id)}, action=send)
    session.expire_all()
    assert queries.letter_of(session, first.id).status == "sent"
    mail = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert mail.recipient == "visa1@example.org" and mail.subject.startswith("Votre lettre d'invitation")
    assert "AK0012345" not in mail.body and mail.attachments == []
    # The history names the letter's status only.
    actions = session.exec(select(AuditEntry).where(AuditEntry.object_id == str(first.id))).all()
    assert {"letter issued", "letter sent"} <= {entry.action for entry in actions}
    assert all("AK0012345" not in str(entry.before) + str(entry.after) for entry in actions)
    # Nothing to send again: said in words, not a 500.
    response = post_form(manager, f"/manage/events/{event.id}/letters", {"letter": str(issued.id)}, action=send)
    assert response.status_code == 302
    assert "No letter to send" in manager.get(f"/manage/events/{event.id}/letters").get_data(as_text=True)
    # A letter of another event through this event's address: 404.
    assert post_form(manager, page_url, {"letter": "999999"}, action=issue).status_code == 404


def test_the_participant_downloads_their_own_letter_only(app, client, session):
    with app.test_request_context():
        event = _event(session)
        mine, my_token, my_letter = _requested(session, event, 1)
        _other, other_token, _letter = _requested(session, event, 2)
    assert client.get(f"/registrations/{my_token}/letter.pdf").status_code == 404  # not issued yet
    with app.test_request_context():
        letters.issue(session, "ana@un.example", event, [(my_letter, mine)])
    page = client.get(f"/registrations/{my_token}").get_data(as_text=True)
    assert "Download the letter (PDF)" in page and "AK0012345" not in page
    response = client.get(f"/registrations/{my_token}/letter.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "private, no-store"
    # The other participant's link opens their own (unissued) letter, never this one.
    assert client.get(f"/registrations/{other_token}/letter.pdf").status_code == 404
    assert client.get(f"/registrations/{my_token[:-2]}xx/letter.pdf").status_code == 404


def test_passport_data_is_for_the_accreditation_desk_and_the_secretariat(app, session):
    with app.test_request_context():
        event = _event(session)
        other_event = _event(session, slug="other-briefing")
        registration, _token, letter = _requested(session, event, 1)
        letters.issue(session, "ana@un.example", event, [(letter, registration)])
    pdf, page = f"/manage/letters/{letter.id}.pdf", f"/manage/events/{event.id}/letters"
    readers = {
        "desk of another event": _signed_in(app, session, "a@un.example", event_role=(other_event.id, "accreditation")),
        "viewer of this event": _signed_in(app, session, "b@un.example", event_role=(event.id, "event_viewer")),
        "global viewer": _signed_in(app, session, "c@un.example", "viewer"),
    }
    for reader, client in readers.items():
        assert client.get(pdf).status_code == 403, reader
        assert client.get(page).status_code == 403, reader
        assert "AK0012345" not in client.get(f"/manage/registrations/{registration.id}").get_data(as_text=True)
    desk = _signed_in(app, session, "d@un.example", event_role=(event.id, "accreditation"))
    assert desk.get(pdf).status_code == 200 and "AK0012345" in desk.get(page).get_data(as_text=True)
    # Never in the general CSV export.
    manager = _signed_in(app, session, "e@un.example", "manager")
    csv = manager.get(f"/manage/events/{event.id}/registrations.csv").get_data(as_text=True)
    assert "Given1" in csv and "AK0012345" not in csv and "Mombasa" not in csv


def _every_text_in_the_database(session) -> str:
    """Every value of every column of every table, as text (the PDF's bytes included)."""
    values = []
    for table in SQLModel.metadata.sorted_tables:
        for row in session.execute(sa.select(table)).all():
            values += [v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in row]
    return "\n".join(values)


def test_purging_leaves_no_passport_number(app, session):
    with app.test_request_context():
        event = _event(session)
        registration, _token, letter = _requested(session, event, 1)
        letters.issue(session, "ana@un.example", event, [(letter, registration)])
        letters.send(session, "ana@un.example", event, [(letter, registration)])
    assert "AK0012345" in _every_text_in_the_database(session)
    with app.test_request_context():
        after = (event.ends_at or datetime.now(timezone.utc)) + timedelta(days=400)
        assert purge_registrations(session, 365, after) == 1
    remaining = _every_text_in_the_database(session)
    assert "AK0012345" not in remaining and "Mombasa" not in remaining
    assert session.exec(select(InvitationLetter)).all() == []


def test_the_secretariat_words_the_letter_per_language(app, session, tmp_path):
    with app.test_request_context():
        event = _event(session)
    manager = _signed_in(app, session, "m@un.example", "manager")
    url = f"/manage/events/{event.id}/letter-wording/fr"
    page = manager.get(url).get_data(as_text=True)
    assert "{consulate}" in page  # the built-in text, placeholders listed
    response = post_form(manager, url, {"body": "Nous invitons {nom} à {event}."})
    assert response.status_code == 422
    assert "Unknown placeholder: {nom}." in field_error(response.get_data(as_text=True), "body")
    assert post_form(manager, url, {"body": "Nous invitons {name} à {event}, {dates}."}).status_code == 302
    with app.test_request_context():
        assert letters.wording(session, event.id, "fr") == "Nous invitons {name} à {event}, {dates}."
        assert letters.wording(session, event.id, "ar") == letters.built_in_wording("ar")
    assert manager.get(f"/manage/events/{event.id}/letter-wording/xx").status_code == 404
    # An empty text brings back the built-in one.
    assert post_form(manager, url, {"body": ""}).status_code == 302
    with app.test_request_context():
        assert letters.wording(session, event.id, "fr") == letters.built_in_wording("fr")
    history = manager.get(url).get_data(as_text=True)
    assert "Text of the letter of invitation" in history and "Nous invitons {name}" in history


def test_the_settings_offer_letters(app, session):
    event = open_event(session)
    manager = _signed_in(app, session, "m@un.example", "manager")
    url = f"/manage/events/{event.id}/registration-settings"
    data = {"categories": ["ngo", "member_state"], "capacity": "10", "invitation_letters": "y"}
    assert post_form(manager, url, data).status_code == 302
    session.expire_all()
    assert session.exec(select(RegistrationSettings)).one().invitation_letters is True


def test_a_missing_font_is_named(app, session):
    with app.test_request_context():
        event = _event(session)
        registration, _token, letter = _requested(session, event, 1)
        app.config["LETTER_FONT_SANS"] = "/nowhere/NotoSans-Regular.ttf"
        with pytest.raises(FontMissing, match="/nowhere/NotoSans-Regular.ttf"):
            letters.issue(session, "ana@un.example", event, [(letter, registration)])
    session.expire_all()
    assert queries.letter_of(session, registration.id).status == "requested"


def test_a_passport_expiring_within_six_months_of_the_event_is_flagged(app, session):
    with app.test_request_context():
        event = _event(session)
        soon = visa_request(passport_expiry=event.last_day + timedelta(days=30))
        _registration, _token, letter = _requested(session, event, 1, letter=soon)
        assert letters.expires_soon(letter, event)
        _registration, _token, later = _requested(session, event, 2)
        assert not letters.expires_soon(later, event)


def test_a_failed_insert_keeps_the_passport_number_out_of_the_log(app, session, monkeypatch):
    """A database error's message lists the statement's parameters, and tracebacks are logged."""
    with app.test_request_context():
        event = _event(session)
        broken = sa.insert(InvitationLetter.__table__).values(
            status=sa.literal_column("'nonsense'")
        )  # CHECK refuses it
        monkeypatch.setattr(editing, "_INSERT_LETTER", broken)
        with pytest.raises(sa.exc.StatementError) as error:
            editing.register(session, event, participant(1), letter=visa_request())
    assert "AK0012345" not in str(error.value) and "hidden" in str(error.value)
    assert session.exec(select(Registration)).all() == []


def test_issuing_all_goes_in_batches(app, session, monkeypatch):
    monkeypatch.setattr(letters, "ISSUE_BATCH", 2)
    with app.test_request_context():
        event = _event(session)
        for n in range(3):
            _requested(session, event, n)
        pairs = queries.letters_of_event(session, event.id)
        assert letters.issue(session, "ana@un.example", event, pairs) == (2, 1)
        session.expire_all()
        pairs = queries.letters_of_event(session, event.id)
        assert letters.issue(session, "ana@un.example", event, pairs) == (2, 0)  # the last one first
    assert {letter.status for letter, _registration in queries.letters_of_event(session, event.id)} == {"issued"}


def test_the_participant_asks_later_and_corrects_until_issued(app, client, session):
    with app.test_request_context():
        event = _event(session)
        registration, token = editing.register(session, event, participant(1))
    page = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "Ask for a letter of invitation" in page
    url = f"/registrations/{token}/letter"
    response = post_form(client, url, {"nationality": "KE"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "passport_number") == "Enter your passport number."
    details = {
        "nationality": "KE",
        "passport_number": "AK0012345",
        "passport_expiry": (date.today() + timedelta(days=900)).isoformat(),
        "birth_date": "1985-04-12",
        "birth_place": "Mombasa",
        "consulate": "Embassy of France, Nairobi",
    }
    assert post_form(client, url, details).status_code == 302
    assert post_form(client, url, {**details, "birth_place": "Kisumu"}).status_code == 302
    session.expire_all()
    letter = queries.letter_of(session, registration.id)
    assert (letter.birth_place, letter.status) == ("Kisumu", "requested")
    with app.test_request_context():
        letters.issue(session, "ana@un.example", event, [(letter, registration)])
    # Issued: the letter states the details, so they are changed through the secretariat only.
    assert client.get(url).status_code == 302
    post_form(client, f"/registrations/{token}", {**details, "birth_place": "Nakuru"}, action=url)
    session.expire_all()
    assert queries.letter_of(session, registration.id).birth_place == "Kisumu"


def test_no_letter_page_where_letters_are_not_offered(app, client, session):
    with app.test_request_context():
        event = open_event(session)
        _registration, token = editing.register(session, event, participant(1))
    assert "Ask for a letter of invitation" not in client.get(f"/registrations/{token}").get_data(as_text=True)
    assert client.get(f"/registrations/{token}/letter").status_code == 404


def test_the_fonts_are_configured_by_path():
    assert config.letter_font_settings({})["LETTER_FONT_ARABIC"].endswith("NotoNaskhArabic-Regular.ttf")
    assert config.letter_font_settings({"LETTER_FONT_CJK": "/fonts/cjk.ttc", "LETTER_FONT_CJK_FACE": "0"}) == {
        **config.letter_font_settings({}),
        "LETTER_FONT_CJK": "/fonts/cjk.ttc",
        "LETTER_FONT_CJK_FACE": 0,
    }
    with pytest.raises(config.ConfigError, match="LETTER_FONT_CJK_FACE"):
        config.letter_font_settings({"LETTER_FONT_CJK_FACE": "SC"})
