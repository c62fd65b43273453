"""No management page shows a participant's (or a delegation's) private link to a reader.

A private link opens, edits and cancels a registration; whoever may read the secretariat's
pages (a global viewer, a reader of one event) must find none on the outbox, the registrations
list, a registration's page, its CSV export or the badge sheet, not even in a message queued
by an older version that still held the link itself.
"""

from __future__ import annotations

import re

from planner.accounts import editing as accounts
from planner.registration import editing
from planner.registration.outbox import queue_mail
from planner.registration.tokens import PLACEHOLDER, mask
from tests.forms import sign_in
from tests.registration.helpers import open_event, participant

TOKEN_SHAPED = re.compile(r"/(?:registrations|delegations|side-events)/[A-Za-z0-9_-]{43}")
OLD_TOKEN = "Q" * 43


def test_mask_hides_registration_and_delegation_links():
    text = f"https://x.org/registrations/{'a' * 43}?lang=fr and https://x.org/delegations/{'B-_' * 14}c."
    assert (
        mask(text) == f"https://x.org/registrations/{PLACEHOLDER}?lang=fr and https://x.org/delegations/{PLACEHOLDER}."
    )
    assert mask("/registrations/short and /events/" + "a" * 43) == "/registrations/short and /events/" + "a" * 43


def test_readers_find_no_private_link_on_any_page(app, session, make_user):
    event = open_event(session, capacity=5)
    with app.test_request_context():
        registration, token = editing.register(session, event, participant(1, family_name="Okafor"))
    queue_mail(
        session,
        "old@example.org",
        "Queued by an older version",
        f"Your links: https://localhost/registrations/{OLD_TOKEN} https://localhost/delegations/{OLD_TOKEN}",
    )
    session.commit()
    reader = make_user("none", email="reader@un.example")
    accounts.grant_event_role(session, "test", reader, event.id, "event_viewer")
    make_user("viewer")
    pages = [
        "/manage/outbox",
        f"/manage/events/{event.id}/registrations",
        f"/manage/events/{event.id}/registrations.csv",
        f"/manage/registrations/{registration.id}",
        f"/manage/events/{event.id}/badges",
    ]
    secrets = [token, OLD_TOKEN, registration.link_nonce]
    for email in ("viewer@un.example", "reader@un.example"):
        client = app.test_client()
        sign_in(client, email)
        for url in pages:
            response = client.get(url)
            body = response.get_data(as_text=True)
            # The outbox holds every event's mail: a reader of one event may not open it at all.
            expected = 403 if url == "/manage/outbox" and email == "reader@un.example" else 200
            assert response.status_code == expected, (email, url, response.status_code)
            assert [secret for secret in secrets if secret in body] == [], (email, url)
            assert not TOKEN_SHAPED.search(body), (email, url)
    outbox = app.test_client()
    sign_in(outbox, "viewer@un.example")
    assert f"/delegations/{PLACEHOLDER}" in outbox.get("/manage/outbox").get_data(as_text=True)
