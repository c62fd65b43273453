"""Badges with QR codes, and check-in by scanned code or by name."""

import re
from pathlib import Path

import pytest
from markupsafe import Markup
from sqlmodel import select

from planner.events import editing as events
from planner.events.colours import contrast
from planner.events.editing import BrandingValues
from planner.registration import editing
from planner.registration.badges import Badge, affiliation, badge_sheets, checkin_code, registration_for_code
from planner.registration.models import Category, Registration
from tests.events.pictures import png
from tests.forms import post_form
from tests.registration.helpers import open_event, participant


def _people(app, session):
    event = open_event(session, capacity=1)
    with app.test_request_context():
        confirmed, _ = editing.register(session, event, participant(1, family_name="Okafor"))
        waiting, _ = editing.register(session, event, participant(2))
    return event, confirmed, waiting


def test_badge_sheet_has_a_qr_code_per_confirmed_participant(app, session, signed_in):
    event, confirmed, waiting = _people(app, session)
    page = signed_in("viewer").get(f"/manage/events/{event.id}/badges").get_data(as_text=True)
    assert page.count('class="badge"') == 1 and "Okafor" in page and "Family2" not in page
    assert page.count("<svg") == 1 and "<path" in page and 'role="img"' in page


def test_codes_cannot_be_forged(app, session):
    _, confirmed, _ = _people(app, session)
    key = app.config["SECRET_KEY"]
    code = checkin_code(key, confirmed.id)
    assert registration_for_code(session, key, code).id == confirmed.id
    assert registration_for_code(session, key, code[:-1] + ("0" if code[-1] != "0" else "1")) is None
    assert registration_for_code(session, "another-secret-key-here", code) is None
    assert registration_for_code(session, key, "x") is None


def test_scan_check_in_and_second_scan_says_already(app, session, signed_in):
    event, confirmed, _ = _people(app, session)
    client = signed_in("manager")
    scan = f"/manage/check-in/{checkin_code(app.config['SECRET_KEY'], confirmed.id)}"
    assert "Okafor" in client.get(scan).get_data(as_text=True)
    response = post_form(client, scan, {}, action=f"/manage/registrations/{confirmed.id}/check-in")
    first = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r"Okafor checked in at \d\d:\d\d\.", first)
    response = post_form(client, scan, {}, action=f"/manage/registrations/{confirmed.id}/check-in")
    second = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r"already checked in at \d\d:\d\d", second)
    session.expire_all()
    assert session.get(Registration, confirmed.id).checked_in_at is not None
    assert client.get("/manage/check-in/1-forged").status_code == 404


def test_find_by_name_and_waiting_people_cannot_check_in(app, session, signed_in):
    event, confirmed, waiting = _people(app, session)
    client = signed_in("manager")
    page = client.get(f"/manage/events/{event.id}/check-in?q=okaf").get_data(as_text=True)
    assert "Okafor" in page and 'Check in<span class="visually-hidden">' in page
    assert "Family2" not in client.get(f"/manage/events/{event.id}/check-in?q=family2").get_data(as_text=True)
    url = f"/manage/events/{event.id}/check-in"
    response = post_form(client, url, {}, action=f"/manage/registrations/{waiting.id}/check-in")
    assert "not confirmed" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert session.exec(select(Registration.checked_in_at).where(Registration.id == waiting.id)).one() is None


def test_the_desk_finds_a_compound_name_however_it_is_typed_or_by_e_mail(app, session):
    from planner.registration.badges import search

    event = open_event(session, capacity=5)
    with app.test_request_context():
        editing.register(
            session,
            event,
            participant(1, given_name="Jean-Baptiste", family_name="Ndiaye", email="jb.ndiaye@example.org"),
        )
        editing.register(session, event, participant(2, given_name="Jean", family_name="Dupont"))
    for typed in (
        "Jean Baptiste",
        "jean-baptiste ndiaye",
        "JEAN BAPTISTE NDIAYE",
        "jb.ndiaye@example.org",
        "ndiaye jean",
    ):
        assert [r.family_name for r in search(session, event.id, typed)] == ["Ndiaye"], typed
    assert sorted(r.family_name for r in search(session, event.id, "jean")) == ["Dupont", "Ndiaye"]
    assert search(session, event.id, "  -  ") == [] and search(session, event.id, "100%") == []


def test_a_check_in_made_by_mistake_is_undone_and_kept_in_the_history(app, session, signed_in):
    event, confirmed, _ = _people(app, session)
    client = signed_in("manager")
    search = f"/manage/events/{event.id}/check-in?q=okafor"
    post_form(client, search, {}, action=f"/manage/registrations/{confirmed.id}/check-in")
    page = client.get(search).get_data(as_text=True)
    assert "Undo the check-in" in page
    undone = post_form(client, search, {"q": "okafor"}, action=f"/manage/registrations/{confirmed.id}/check-in/undo")
    assert undone.status_code == 302 and "q=okafor" in undone.headers["Location"]
    session.refresh(confirmed)
    assert confirmed.checked_in_at is None
    assert "Check-in undone" in client.get(f"/manage/registrations/{confirmed.id}").get_data(as_text=True)


# --- badges for real stock (issue 19, item 5) -----------------------------------------------------

BADGES_CSS = Path(__file__).resolve().parents[2] / "static" / "badges.css"


def test_every_category_has_a_band_colour_its_label_reads_on_and_no_two_look_alike():
    rules = dict(
        (category, (background, text))
        for category, background, text in re.findall(
            r"\.band-([a-z_]+) \{ background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6}); \}", BADGES_CSS.read_text()
        )
    )
    assert set(rules) == {category.value for category in Category}
    for category, (background, text) in rules.items():
        assert contrast(background, text) >= 4.5, category
    backgrounds = [tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) for colour, _text in rules.values()]
    for n, first in enumerate(backgrounds):
        for second in backgrounds[n + 1 :]:
            assert sum((a - b) ** 2 for a, b in zip(first, second, strict=True)) ** 0.5 > 60, (first, second)


def _confirmed(app, session, count: int, layout: str = "a4_quarter", **overrides):
    event = open_event(session, capacity=count + 1)
    event.badge_layout = layout
    session.add(event)
    session.commit()
    with app.test_request_context():
        for n in range(1, count + 1):
            editing.register(session, event, participant(n, **overrides))
    return event


@pytest.mark.parametrize("layout, sheets", [("a4_quarter", [4, 4, 1]), ("a6", [1] * 9), ("holder_4x3", [6, 3])])
def test_badges_are_grouped_by_printed_sheet_of_the_stock(app, session, layout, sheets):
    event = _confirmed(app, session, 9, layout)
    with app.test_request_context():
        grouped = badge_sheets(session, event, app.config["SECRET_KEY"])
    assert [len(sheet) for sheet in grouped] == sheets


def test_the_sheet_shows_the_stock_the_band_and_the_logo(app, session, signed_in, tmp_path):
    app.config["LOGO_FOLDER"] = tmp_path
    event = _confirmed(app, session, 5, "a4_quarter", category="academia")
    with app.test_request_context():
        events.save_branding(session, "setup", event, BrandingValues("#1b7837", "a4_quarter", logo=png()))
    page = signed_in("viewer").get(f"/manage/events/{event.id}/badges").get_data(as_text=True)
    assert page.count('<ul class="badge-sheet">') == 2 and page.count('class="badge"') == 5
    assert "Sheet 1 of 2" in page and "A4, four badges per sheet" in page
    assert page.count('<p class="badge-band band-academia">Academia</p>') == 5
    assert f'src="/manage/events/{event.id}/logo?v={event.logo_file[:16]}"' in page
    assert 'class="badge-top event-brand"' in page and 'href="/brand/1b7837.css"' in page
    assert "Change the stock, logo or colour" not in page  # a viewer may not


def test_a_delegate_badge_names_the_state_and_long_names_print_smaller(app, session):
    observer = Registration(category="observer_state", country="VA", organisation="Holy See", represents=None)
    individual = Registration(category="observer_state", country="IT", organisation="Order of Malta")
    delegate = Registration(category="member_state", represents="BO", organisation="Ministry of Foreign Affairs")
    with app.test_request_context("/?lang=fr"):
        assert affiliation(delegate) == "Bolivie (État plurinational de)"
        assert affiliation(observer) == "Saint-Siège"
        assert affiliation(individual) == "Order of Malta"
    sizes = [
        Badge(Registration(given_name="A" * length, family_name="B"), "", Markup("")).name_size
        for length in (10, 25, 50, 150)
    ]
    assert sizes == ["", "name-long", "name-longer", "name-longest"]
