"""A delegation from the focal point's form to the published list of participants, in Debian's
headless Chromium: the focal point registers six people with a Minister as head, follows the
delegation link from the e-mail (a real SMTP server) and adds a seventh; the accreditation desk
(an account with that role on this event only) records copy credentials, accredits six and
refuses one with a reason; protocol publishes the list, which shows the delegation among the
Member States in UN order, head first, and prints on A4 without the site's navigation."""

from __future__ import annotations

import re
from datetime import date
from email import message_from_bytes, policy

import pytest
from flask import current_app
from sqlmodel import select

from planner.accounts import editing as accounts
from planner.delegations import accreditation, editing, queries
from planner.delegations.editing import DelegationValues
from planner.registration import mailer
from planner.registration.models import RegistrationSettings
from planner.registration.sample import create_sample_event
from tests.delegations.helpers import thirty_delegations
from tests.forms import PASSWORD
from tests.registration.helpers import participant

PEOPLE = [
    ("H.E.", "Santiago", "Cafiero", "Minister for Foreign Affairs"),
    ("Ms", "María", "Squeff", "Permanent Representative"),
    ("Mr", "Pablo", "Tettamanti", "Secretary for Foreign Affairs"),
    ("Ms", "Laura", "Gómez", "Director, International Cooperation"),
    ("Mr", "Joaquín", "Pérez", "Counsellor"),
    ("Ms", "Lucía", "Díaz", "First Secretary"),
]


def _setup(session):
    with current_app.test_request_context():
        event, _ = create_sample_event(session, "sample-briefing", 200, date.today())
        settings = session.exec(select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)).one()
        settings.capacity = None
        session.add(settings)
        session.commit()
        desk = accounts.create_user(session, "cli", "desk@un.example", PASSWORD, "none", "Desk")
        accounts.grant_event_role(session, "cli", desk, event.id, "accreditation")
        protocol = accounts.create_user(session, "cli", "protocol@un.example", PASSWORD, "none", "Protocol")
        accounts.grant_event_role(session, "cli", protocol, event.id, "protocol")
        # Two other Member States already accredited, to place Argentina between them.
        for code in ("BR", "AF"):
            values = DelegationValues("member_state", code, "", "minister", "Focal", f"focal@{code}.example", "Mission")
            people = [
                participant(1, "member_state", email=f"head@{code}.example", represents=code, listed=True),
            ]
            delegation, _token = editing.submit(session, event, values, people, actor="cli")
            for member in queries.members(session, delegation.id):
                accreditation.decide(session, "cli", event, member.registration, "accredited")
        return event.id


@pytest.fixture
def site(serve, smtp):
    app, root, event_id = serve(_setup, PREFERRED_URL_SCHEME="http", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    return app, root, event_id


def _mails_to(smtp, address):
    mails = [message_from_bytes(raw, policy=policy.default) for raw in smtp.messages]
    return [m for m in mails if m["To"] == address]


def _sign_in(page, root, email):
    page.goto(root + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_delegation_from_the_form_to_the_published_list(site, smtp, browser):
    app, root, event_id = site
    focal = browser.new_page()
    focal.set_default_timeout(15_000)
    focal.goto(root + "/events/sample-briefing")
    focal.get_by_role("link", name="Register a delegation").click()
    focal.get_by_label("The delegation represents").select_option("member_state")
    focal.get_by_label("Member State or observer State").select_option("AR")
    focal.get_by_label("Level of the head of delegation").select_option("minister")
    focal.get_by_label("Focal point: name").fill("Lucía Fernández")
    focal.get_by_label("Focal point: e-mail address").fill("focal@argentina.example")
    focal.get_by_label("Focal point: Permanent Mission or office").fill("Permanent Mission of Argentina")
    for n, (honorific, given, family, function) in enumerate(PEOPLE):
        focal.locator(f"#m{n}-honorific").select_option(honorific)
        focal.locator(f"#m{n}-given_name").fill(given)
        focal.locator(f"#m{n}-family_name").fill(family)
        focal.locator(f"#m{n}-function").fill(function)
        focal.locator(f"#m{n}-email").fill(f"{given.lower()}@argentina.example")
        focal.locator(f"#m{n}-listed").check()
    focal.get_by_label("The people listed agreed").check()
    focal.get_by_role("button", name="Register the delegation").click()
    assert "the delegation is registered" in focal.inner_text("main")

    mailer.send_due(app.extensions["planner.engine"], app.config)
    [mail] = _mails_to(smtp, "focal@argentina.example")
    link = re.search(r"http://\S+/delegations/\S+", mail.get_body(("plain",)).get_content()).group(0)
    assert len([m for m in smtp.messages if b"argentina.example" in m]) == 7  # six members and the focal point
    focal.goto(link)
    assert "Delegation of Argentina" in focal.inner_text("h1")
    focal.get_by_role("link", name="Add a member").click()
    focal.get_by_label("Given name").fill("Rafael")
    focal.get_by_label("Family name").fill("Grossi")
    focal.get_by_label("Function or title").fill("Adviser")
    focal.get_by_label("E-mail address").fill("rafael@argentina.example")
    focal.get_by_role("button", name="Add the member").click()
    assert "Rafael Grossi was added" in focal.inner_text("main")
    assert focal.locator("table.members tbody tr").count() == 7

    desk = browser.new_page()
    desk.set_default_timeout(15_000)
    _sign_in(desk, root, "desk@un.example")
    desk.goto(f"{root}/manage/events/{event_id}/delegations")
    desk.get_by_role("link", name="Argentina").click()
    desk.get_by_label("Credentials", exact=True).select_option("copy")
    desk.get_by_role("button", name="Save the credentials").click()
    assert "Credentials recorded" in desk.inner_text("main")
    desk.get_by_role("link", name="Accreditation of Rafael Grossi").click()
    desk.get_by_label("Accreditation").select_option("refused")
    desk.get_by_label("Reason").fill("No nomination by the Ministry was received for this person.")
    desk.get_by_role("button", name="Save the decision").click()
    desk.get_by_role("button", name="Accredit all pending members").click()
    assert "6 people accredited" in desk.inner_text("main")
    # The desk has no right on the list of participants, nor on another event's pages.
    assert desk.goto(f"{root}/manage/events/{event_id}/participants-list").status == 403

    mailer.send_due(app.extensions["planner.engine"], app.config)
    refusal = _mails_to(smtp, "rafael@argentina.example")[-1]
    assert "No nomination by the Ministry" in refusal.get_body(("plain",)).get_content()

    protocol = browser.new_page()
    protocol.set_default_timeout(15_000)
    _sign_in(protocol, root, "protocol@un.example")
    protocol.goto(f"{root}/manage/events/{event_id}/participants-list")
    protocol.get_by_label("Edition").select_option("provisional")
    protocol.get_by_role("button", name="Publish the list").click()
    assert "published" in protocol.inner_text("main")

    reader = browser.new_page()
    reader.goto(root + "/events/sample-briefing")
    reader.get_by_role("link", name="List of participants").click()
    assert reader.locator("h3").all_inner_texts() == ["Afghanistan", "Argentina", "Brazil"]
    argentina = reader.locator("section.participants-entry", has=reader.locator("h3", has_text="Argentina"))
    people = argentina.locator("li").all_inner_texts()
    assert len(people) == 6 and "Grossi" not in " ".join(people)
    assert people[0].startswith("Head of delegation") and "Cafiero, Minister for Foreign Affairs" in people[0]
    reader.emulate_media(media="print")
    assert not reader.locator("nav").first.is_visible()
    assert reader.locator("h3", has_text="Argentina").is_visible()
    assert reader.pdf(prefer_css_page_size=True).startswith(b"%PDF")


def _thirty_published(session):
    with current_app.test_request_context():
        event = thirty_delegations(session)
        editing.publish_list(session, "cli", event, "final")
        return event.slug


def test_the_list_of_thirty_delegations_prints_on_a4_without_navigation(serve, browser):
    _app, root, slug = serve(_thirty_published)
    page = browser.new_page()
    page.goto(f"{root}/events/{slug}/participants")
    headings = page.locator("h3").all_inner_texts()
    assert headings[:3] == ["Argentina", "Bolivia (Plurinational State of)", "Brazil"] and len(headings) == 31
    page.emulate_media(media="print")
    for chrome in ("header", "nav", "footer", "form"):
        assert all(not element.is_visible() for element in page.locator(chrome).all()), chrome
    assert page.locator("h1").is_visible() and page.locator("h3", has_text="Viet Nam").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)  # the page size the stylesheet asks for
    boxes = [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)]
    assert len(boxes) >= 2 and all(abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5 for w, h in boxes), boxes  # A4
