"""Rejecting goes through a confirmation with a reason the participant receives; a rejected or
cancelled registration can be restored (issue 13, item 6), and each registration has its own page
with its history."""

import html

import pytest
from sqlmodel import select

from planner.audit.models import AuditEntry
from planner.events.models import Event, EventStatus
from planner.registration import editing
from planner.registration.models import OutboxMessage, Registration, Status
from tests.forms import BASE, csrf_token, field_error, post_form
from tests.registration.helpers import open_event, participant

REASON = "Seats in this meeting are for delegations of Member States only."


def _register(app, session, event, n, category="ngo", **overrides):
    with app.test_request_context():
        return editing.register(session, event, participant(n, category, **overrides))[0]


def _stored(session, registration) -> Registration:
    session.expire_all()
    return session.get(Registration, registration.id)


def _entries(session, registration) -> list[AuditEntry]:
    return list(
        session.exec(
            select(AuditEntry)
            .where(AuditEntry.object_type == "registration", AuditEntry.object_id == str(registration.id))
            .order_by(AuditEntry.id)
        )
    )


def _mails(session, email) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)))


def test_reject_without_confirming_changes_nothing(app, session, signed_in):
    event = open_event(session, capacity=5)
    registration = _register(app, session, event, 1)
    client = signed_in("manager")
    url = f"/manage/registrations/{registration.id}/reject"
    page = client.get(url)
    assert page.status_code == 200
    text = html.unescape(page.get_data(as_text=True))
    assert "Reject this registration?" in text and "Ms Given1 Family1" in text
    assert "The participant will be told by e-mail, with the reason below." in text
    # The old one-click button: only the CSRF token, from the list.
    one_click = post_form(client, f"/manage/events/{event.id}/registrations", {}, action=url)
    assert one_click.status_code == 422
    assert "Nothing was changed: please confirm on this page" in html.unescape(one_click.get_data(as_text=True))
    no_reason = post_form(client, url, {"confirmed": "yes", "reason": "  "})
    assert no_reason.status_code == 422
    assert field_error(no_reason.get_data(as_text=True), "reason") == "Give the reason the participant will read."
    too_long = post_form(client, url, {"confirmed": "yes", "reason": "x" * 501})
    assert too_long.status_code == 422
    unconfirmed = post_form(client, url, {"reason": REASON})  # a reason, but not from the page
    assert unconfirmed.status_code == 422
    assert _stored(session, registration).status == Status.CONFIRMED
    assert _entries(session, registration) == []
    assert [m.subject.split(":")[0] for m in _mails(session, registration.email)] == ["Registration received"]


def test_reject_with_a_reason_tells_the_participant_and_keeps_it_in_the_history(app, session, signed_in):
    event = open_event(session, capacity=1)
    first = _register(app, session, event, 1)
    waiting = _register(app, session, event, 2)
    client = signed_in("manager")
    url = f"/manage/registrations/{first.id}/reject"
    response = post_form(client, url, {"confirmed": "yes", "reason": REASON})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/registrations/{first.id}"
    assert _stored(session, first).status == Status.REJECTED
    assert _stored(session, waiting).status == Status.CONFIRMED  # the freed seat went on
    [entry] = _entries(session, first)
    assert (entry.action, entry.reason, entry.after) == ("registration rejected", REASON, {"status": "rejected"})
    mail = _mails(session, first.email)[-1]
    assert mail.subject.startswith("Registration not accepted")
    assert REASON in mail.body and "could not be accepted" in mail.body
    assert REASON not in _mails(session, waiting.email)[-1].body  # the reason is for the rejected only
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Ms Given1 Family1: rejected; an e-mail with your reason is on its way." in page
    assert f"Reason: {REASON}" in page and 'data-action="registration rejected"' in page
    again = post_form(client, url, {"confirmed": "yes", "reason": REASON})
    assert again.status_code == 409 and "only a confirmed, waiting or pending registration" in again.get_data(
        as_text=True
    )
    assert len(_entries(session, first)) == 1


def test_the_reason_reaches_the_participant_in_their_language(app, session):
    """The mail around the reason is in the participant's language; the reason is quoted as written."""
    event = open_event(session, capacity=5)
    registration = _register(app, session, event, 1, language="fr")
    with app.test_request_context():
        editing.reject(session, "admin@un.example", event, registration, reason="Les places sont réservées.")
    mail = _mails(session, registration.email)[-1]
    assert "Les places sont réservées." in mail.body
    assert "Dear" not in mail.body and "Registration not accepted" not in mail.subject


def test_a_rejected_registration_restored_gets_its_seat_back(app, session, signed_in):
    event = open_event(session, capacity=2)
    first = _register(app, session, event, 1)
    _register(app, session, event, 2)
    with app.test_request_context():
        editing.reject(session, "admin@un.example", event, first, reason=REASON)
    client = signed_in("manager")
    url = f"/manage/registrations/{first.id}/restore"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "confirmed if a seat is free" in page and "The participant will be told by e-mail." in page
    assert post_form(client, url, {}).status_code == 422  # not confirmed on the page: nothing changes
    assert _stored(session, first).status == Status.REJECTED
    response = post_form(client, url, {"confirmed": "yes", "reason": "Accredited after all."})
    assert response.status_code == 302
    restored = _stored(session, first)
    assert restored.status == Status.CONFIRMED
    assert restored.position == 3  # taken again now: a new place at the end of the order
    entry = _entries(session, first)[-1]
    assert (entry.action, entry.reason, entry.before, entry.after) == (
        "restore",
        "Accredited after all.",
        {"status": "rejected"},
        {"status": "confirmed"},
    )
    mail = _mails(session, first.email)[-1]
    assert mail.subject.startswith("Your seat is confirmed") and "Accredited" not in mail.body
    shown = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Ms Given1 Family1: restored (confirmed); an e-mail is on its way." in shown


def test_restored_when_full_goes_to_the_end_of_the_waiting_list(app, session):
    event = open_event(session, capacity=1)
    first = _register(app, session, event, 1)
    second = _register(app, session, event, 2)  # waits, then takes the seat
    third = _register(app, session, event, 3)  # waits
    with app.test_request_context():
        editing.reject(session, "admin@un.example", event, first, reason=REASON)
        restored = editing.restore(session, "admin@un.example", event, _stored(session, first))
    assert (restored.status, restored.position) == (Status.WAITLISTED, 4)
    assert _stored(session, second).status == Status.CONFIRMED
    assert _mails(session, first.email)[-1].subject.startswith("On the waiting list")
    with app.test_request_context():
        editing.cancel(session, event, _stored(session, second))
    # Who waited longer is promoted first: the restored registration did not jump the queue.
    assert (_stored(session, third).status, _stored(session, first).status) == (Status.CONFIRMED, Status.WAITLISTED)


def test_restoring_respects_the_category_quota(app, session):
    event = open_event(session, capacity=10, quotas={"media": 1})
    first = _register(app, session, event, 1, "media")
    with app.test_request_context():
        editing.reject(session, "admin@un.example", event, first, reason=REASON)
    _register(app, session, event, 2, "media")  # takes the media seat
    with app.test_request_context():
        assert editing.restore(session, "admin@un.example", event, first).status == Status.WAITLISTED


def test_a_restored_registration_does_not_wait_for_approval_again(app, session):
    event = open_event(session, capacity=5, requires_approval=True)
    registration = _register(app, session, event, 1)
    with app.test_request_context():
        editing.reject(session, "admin@un.example", event, registration, reason=REASON)
        assert editing.restore(session, "admin@un.example", event, registration).status == Status.CONFIRMED


def test_restoring_a_cancelled_registration_whose_address_registered_again_is_refused(app, session, signed_in):
    event = open_event(session, capacity=5)
    cancelled = _register(app, session, event, 1)
    with app.test_request_context():
        editing.cancel(session, event, cancelled)
    again = _register(app, session, event, 1)  # the same address registers anew
    client = signed_in("manager")
    url = f"/manage/registrations/{cancelled.id}/restore"
    sentence = (
        "person1@example.org already has another registration for this event (confirmed), "
        "so this one cannot be restored."
    )
    page = client.get(url)
    assert page.status_code == 200 and sentence in html.unescape(page.get_data(as_text=True))
    token = csrf_token(client.get(f"/manage/events/{event.id}/registrations").get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "confirmed": "yes"}, headers={"Referer": BASE + url})
    assert response.status_code == 409 and sentence in html.unescape(response.get_data(as_text=True))
    assert (_stored(session, cancelled).status, _stored(session, again).status) == ("cancelled", "confirmed")
    assert [e.action for e in _entries(session, cancelled)] == []


@pytest.mark.parametrize(
    "change, words",
    [
        ("event_cancelled", "The event is cancelled: its registrations cannot be restored."),
        ("anonymised", "This registration was anonymised"),
        ("cancelled_with_event", "cancelled with the event: it can only come back with the event"),
        ("pending", "only a rejected or cancelled registration can be restored"),
    ],
)
def test_what_cannot_be_restored_says_why(app, session, change, words):
    event = open_event(session, capacity=5)
    registration = _register(app, session, event, 1)
    with app.test_request_context():
        editing.reject(session, "admin@un.example", event, registration, reason=REASON)
    registration = _stored(session, registration)
    if change == "event_cancelled":
        stored_event = session.get(Event, event.id)
        stored_event.status = EventStatus.CANCELLED
        session.add(stored_event)
    elif change == "anonymised":
        registration.anonymised, registration.email = True, None
    elif change == "cancelled_with_event":
        registration.status = Status.EVENT_CANCELLED
    else:
        registration.status = Status.PENDING
    session.add(registration)
    session.commit()
    before = registration.status
    with app.test_request_context(), pytest.raises(editing.RegistrationError, match=words):
        editing.restore(session, "admin@un.example", session.get(Event, event.id), registration)
    assert _stored(session, registration).status == before
    assert [e.action for e in _entries(session, registration)] == ["registration rejected"]


def test_the_registration_page_shows_details_history_and_actions(app, session, signed_in):
    event = open_event(session, capacity=5)
    registration = _register(app, session, event, 1, accessibility_needs="Wheelchair access")
    with app.test_request_context():
        editing.reject(session, "admin@un.example", event, registration, reason=REASON)
    client = signed_in("viewer")
    listing = client.get(f"/manage/events/{event.id}/registrations").get_data(as_text=True)
    assert f'href="/manage/registrations/{registration.id}"' in listing
    page = html.unescape(client.get(f"/manage/registrations/{registration.id}").get_data(as_text=True))
    assert "person1@example.org" in page and "Wheelchair access" in page and "Not accepted" in page
    assert 'data-action="registration rejected"' in page and f"Reason: {REASON}" in page
    assert "Restore…" not in page  # viewers read, they do not decide
    assert client.get("/manage/registrations/999999").status_code == 404


def test_a_viewer_can_neither_reject_nor_restore(app, session, signed_in):
    event = open_event(session, capacity=5)
    live = _register(app, session, event, 1)
    rejected = _register(app, session, event, 2)
    with app.test_request_context():
        editing.reject(session, "admin@un.example", event, rejected, reason=REASON)
    client = signed_in("viewer")
    token = csrf_token(client.get(f"/manage/registrations/{live.id}").get_data(as_text=True))
    for registration, action in ((live, "reject"), (rejected, "restore")):
        url = f"/manage/registrations/{registration.id}/{action}"
        assert client.get(url).status_code == 403
        data = {"csrf_token": token, "confirmed": "yes", "reason": REASON}
        assert client.post(url, data=data, headers={"Referer": BASE + url}).status_code == 403
    assert (_stored(session, live).status, _stored(session, rejected).status) == ("confirmed", "rejected")
