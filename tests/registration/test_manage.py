"""The secretariat's registration pages: list, filters, counts, decisions, CSV, settings, outbox."""

import csv
import io
from datetime import datetime

from sqlmodel import select

from planner.audit.models import AuditEntry
from planner.registration import editing
from planner.registration.export import neutralise
from planner.registration.models import CategoryQuota, OutboxMessage, Registration, RegistrationSettings
from tests.forms import field_error, post_form
from tests.registration.helpers import open_event, participant


def _with_people(app, session, **settings):
    event = open_event(session, **settings)
    with app.test_request_context():
        for n, (category, country) in enumerate([("ngo", "KE"), ("media", "FR"), ("ngo", "FR")], 1):
            editing.register(session, event, participant(n, category, country=country))
    return event


def test_list_filters_and_counts(app, session, signed_in):
    event = _with_people(app, session, capacity=2)
    client = signed_in("viewer")
    page = client.get(f"/manage/events/{event.id}/registrations").get_data(as_text=True)
    assert page.count(">Ms Given") == 3
    assert '<th scope="row">France</th><td>2</td><td>1</td>' in page
    assert '<th scope="row">NGO / civil society</th><td>2</td><td>1</td>' in page
    assert '<th scope="row">On the waiting list</th><td>1</td>' in page
    page = client.get(f"/manage/events/{event.id}/registrations?country=fr&category=ngo").get_data(as_text=True)
    assert page.count(">Ms Given") == 1 and "Given3" in page
    assert "Approve" not in page  # viewers read, they do not decide
    by_slug = client.get(f"/manage/events/{event.slug}/registrations?status=waitlisted")
    assert by_slug.status_code == 302
    assert by_slug.headers["Location"] == f"/manage/events/{event.id}/registrations?status=waitlisted"
    assert client.get("/manage/events/no-such-event/registrations").status_code == 404


def test_approve_and_reject_send_mail_and_keep_history(app, session, signed_in):
    event = _with_people(app, session, capacity=5, requires_approval=True)
    client = signed_in("manager")
    first, second = session.exec(select(Registration).order_by(Registration.position)).all()[:2]
    page_url = f"/manage/events/{event.id}/registrations"
    response = post_form(client, page_url, {}, action=f"/manage/registrations/{first.id}/approve")
    assert response.status_code == 302
    reject_url = f"/manage/registrations/{second.id}/reject"
    post_form(client, reject_url, {"confirmed": "yes", "reason": "The list of speakers is closed."})
    session.expire_all()
    assert (session.get(Registration, first.id).status, session.get(Registration, second.id).status) == (
        "confirmed",
        "rejected",
    )
    subjects = [m.subject.split(":")[0] for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert subjects[-2:] == ["Your seat is confirmed", "Registration not accepted"]
    actions = session.exec(select(AuditEntry.action).where(AuditEntry.object_type == "registration")).all()
    assert sorted(actions) == ["registration confirmed", "registration rejected"]
    again = post_form(client, page_url, {}, action=f"/manage/registrations/{second.id}/approve")
    assert "nothing was changed" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_csv_opens_in_a_spreadsheet_and_cannot_inject_formulas(app, session, signed_in):
    event = open_event(session)
    with app.test_request_context():
        editing.register(
            session,
            event,
            participant(
                1,
                given_name='=HYPERLINK("http://x")',
                family_name="Müller",
                organisation="+SUM(A1)",
                function="@cmd",
                accessibility_needs="-1",
            ),
        )
    response = signed_in("viewer").get(f"/manage/events/{event.id}/registrations.csv")
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0]["Given name"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["Family name"] == "Müller"
    assert (rows[0]["Organisation"], rows[0]["Function"], rows[0]["Accessibility needs"]) == (
        "'+SUM(A1)",
        "'@cmd",
        "'-1",
    )
    assert neutralise("\t=1") == "'\t=1" and neutralise("Kenya") == "Kenya"


def test_settings_form_saves_local_times_quotas_and_promotes(app, session, signed_in):
    event = _with_people(app, session, capacity=1)
    client = signed_in("manager")
    url = f"/manage/events/{event.id}/registration-settings"
    data = {
        "opens_local": "2030-01-01T09:00",
        "closes_local": "2030-01-02T18:00",
        "capacity": "3",
        "categories": ["ngo", "media"],
        "quota_media": "1",
    }
    response = post_form(client, url, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    session.expire_all()
    settings = session.exec(select(RegistrationSettings)).one()
    assert settings.opens_at == datetime.fromisoformat("2030-01-01T14:00+00:00")  # New York in winter
    assert (settings.capacity, settings.categories) == (3, "ngo,media")
    assert session.exec(select(CategoryQuota.category, CategoryQuota.seats)).all() == [("media", 1)]
    assert sorted(session.exec(select(Registration.status)).all()) == ["confirmed"] * 3  # two promoted
    bad = post_form(client, url, {**data, "closes_local": "2029-01-01T09:00"})
    assert bad.status_code == 422
    assert field_error(bad.get_data(as_text=True), "closes_local") == "Registration must close after it opens."
    none = post_form(client, url, {"capacity": "3"})
    assert "Offer at least one category." in none.get_data(as_text=True)


def test_outbox_page_shows_waiting_mail_without_a_server(app, session, signed_in):
    _with_people(app, session)
    page = signed_in("viewer").get("/manage/outbox").get_data(as_text=True)
    assert "No mail server is configured" in page
    assert page.count("Registration received: Sample briefing") == 3
    assert "Attachment: sample-briefing.ics (text/calendar)" in page
