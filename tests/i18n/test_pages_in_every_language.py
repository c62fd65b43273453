"""Pages read in another language carry no English interface text.

Two checks on the public pages, a registration's pages and every management page (signed in as an
administrator), in all five translated languages: (1) no catalogue entry shows up in English (that
happens when a string is marked but evaluated before the request's language is known, e.g. `_()`
at import time instead of `_l()`);
(2) in Arabic, Chinese and Russian, no Latin-script word is left once the data (event, series and
venue names, resolution symbols, people's names, values in the history) is taken out: an English
word there is a string nobody marked.
"""

from __future__ import annotations

import html
import re
from datetime import date
from functools import cache

import pytest
from babel.messages.pofile import read_po
from flask import current_app
from sqlmodel import select

from planner import create_app
from planner.accounts import editing as accounts
from planner.accounts.models import User
from planner.agenda.models import AgendaSession, Person
from planner.audit.models import AuditEntry
from planner.db import get_engine, get_session
from planner.delegations import accreditation
from planner.delegations import editing as delegations
from planner.delegations import queries as delegation_queries
from planner.delegations.editing import DelegationValues
from planner.delegations.models import Delegation, DelegationMember
from planner.demo.seed import seed_demo
from planner.events.models import Event, EventSeries, Room, Venue
from planner.mandates.models import Paragraph, Resolution
from planner.registration import editing as registration
from planner.registration.models import Registration
from planner.registration.sample import create_sample_event
from planner.speakers import editing as speakers
from planner.speakers.editing import SpeakerValues
from planner.speakers.models import Inscription
from tests.forms import PASSWORD, csrf_token, post_form
from tests.i18n.test_catalogues import TRANSLATIONS
from tests.registration.helpers import participant

ADMIN = "ana@un.example"
# Words that are the same in every language: product names, standards, units, our own codes.
ALLOWED = {
    "iCalendar",
    "webcal",
    "Google",
    "Outlook",
    "Apple",
    "Thunderbird",
    "CSV",
    "QR",
    "UTC",
    "ISO",
    "https",
    "http",
    "ics",
    "RES",
    "DEC",
    "URL",
    "Calendar",
    "example",
    "org",
    "localhost",
    "com",
    "IANA",
    "UTF",
    # image formats and the colour notation of the branding form
    "PNG",
    "JPEG",
    "SVG",
    "rrggbb",
    # the role words typed in an agenda's People field stay English (the help text says so)
    "Role",
    "Name",
    "Chair",
    "Moderator",
    "Panellist",
    "Rapporteur",
    "Speaker",
    # iCalendar's own property name and the URL "slug", kept by some translators
    "SEQUENCE",
    "slug",
    # the six languages named in themselves (on the event translations page)
    "English",
    "Fran",
    "ais",
    "Espa",
    # file formats a resolution is uploaded in
    "PDF",
    "Word",
    "docx",
    # keys named on the keyboard's caps (the timetable's keyboard moves)
    "Enter",
    "Escape",
    "Esc",
    "Shift",
    # what is typed in the paragraph search ("71/244 para. 33"), shown as an example
    "para",
}
NON_LATIN = ["ar", "zh", "ru"]


@pytest.fixture(scope="module")
def site(sqlite_databases):
    """Pages of one seeded app for the module: public ones, a registration form with errors, a
    private page and the management list, each fetched by a function of the language code."""
    url = sqlite_databases.migrated()
    app = create_app({"TESTING": True, "SECRET_KEY": "i18n-test-secret-key", "DATABASE_URL": url})
    with app.app_context():
        session = get_session()
        seed_demo(session)
        event, _ = create_sample_event(session, "sample-briefing", 20, date.today())
        accounts.create_user(session, "cli", ADMIN, PASSWORD, "admin", "Ana")
        _, token = registration.register(session, event, participant(1))
        delegation_token = _delegation(session, event)
        data = _data_words(session)
        ids = _ids(session, event)

    @cache
    def administrator(lang: str):
        client = app.test_client()
        post_form(client, f"/login?lang={lang}", {"email": ADMIN, "password": PASSWORD})
        return client

    @cache
    def fetch(path: str, lang: str, signed_in: bool = False, post_empty: bool = False) -> str:
        client = administrator(lang) if signed_in else app.test_client()
        url = f"{path}?lang={lang}"
        page = client.get(url).get_data(as_text=True)
        if post_empty:
            page = client.post(
                url, data={"csrf_token": csrf_token(page)}, headers={"Referer": f"https://localhost{url}"}
            ).get_data(as_text=True)
        return page

    pages = {
        "home": lambda lang: fetch("/", lang),
        "event": lambda lang: fetch("/events/bapa-40", lang),
        "timetable": lambda lang: fetch("/events/bapa-40/timetable", lang),
        "register-errors": lambda lang: fetch("/events/sample-briefing/register", lang, post_empty=True),
        "registration": lambda lang: fetch(f"/registrations/{token}", lang),
        "mandates": lambda lang: fetch("/mandates/", lang),
        "login": lambda lang: fetch("/login", lang),
        "delegation-errors": lambda lang: fetch("/events/sample-briefing/delegations/new", lang, post_empty=True),
        "delegation": lambda lang: fetch(f"/delegations/{delegation_token}", lang),
        "participants": lambda lang: fetch("/events/sample-briefing/participants", lang),
        "speakers": lambda lang: fetch("/events/sample-briefing/speakers", lang),
        "inscribe-errors": lambda lang: fetch(f"/delegations/{delegation_token}/speaker", lang, post_empty=True),
        "manage-events": lambda lang: fetch("/manage/", lang, signed_in=True),
    }
    for path in MANAGEMENT_PAGES:
        address = path.format(**ids)
        pages[path] = lambda lang, address=address: fetch(address, lang, signed_in=True)
    yield pages, data
    with app.app_context():
        get_engine().dispose()
    sqlite_databases.drop(url)


# Every management page but those that show stored free text (the outbox's e-mails, the
# suggestions quoting a resolution), with ids filled in from the seeded data.
MANAGEMENT_PAGES = [
    "/manage/events/{event}",
    "/manage/events/{event}/agenda",
    "/manage/events/{event}/agenda/copy",
    "/manage/events/{event}/agenda/new",
    "/manage/events/{event}/edit",
    "/manage/events/new",
    "/manage/events/{event}/translations",
    "/manage/events/{sample}/badges",
    "/manage/events/{sample}/check-in",
    "/manage/events/{sample}/registration-settings",
    "/manage/events/{sample}/registrations",
    "/manage/events/{sample}/letters",
    "/manage/events/{sample}/delegations",
    "/manage/events/{sample}/delegations/new",
    "/manage/events/{sample}/credentials",
    "/manage/events/{sample}/participants-list",
    "/manage/events/{sample}/delegation-limits",
    "/manage/delegations/{delegation}",
    "/manage/delegations/{delegation}/edit",
    "/manage/delegations/{delegation}/members/new",
    "/manage/delegations/{delegation}/withdraw",
    "/manage/registrations/{member}/accreditation",
    "/manage/events/{sample}/speakers",
    "/manage/speakers/{inscription}/withdraw",
    "/manage/mandates/",
    "/manage/mandates/import",
    "/manage/people/",
    "/manage/people/{person}/edit",
    "/manage/rooms/{room}",
    "/manage/rooms/{room}/edit",
    "/manage/series/",
    "/manage/series/new",
    "/manage/sessions/{session}",
    "/manage/sessions/{session}/edit",
    "/manage/users/",
    "/manage/users/{user}",
    "/manage/users/new",
    "/manage/venues/",
    "/manage/venues/{venue}",
    "/manage/venues/{venue}/edit",
    "/manage/venues/{venue}/rooms/new",
    "/manage/venues/new",
    "/no-such-page",
]


def _ids(session, sample) -> dict[str, int]:
    first = lambda model: session.exec(select(model)).first().id  # noqa: E731
    return dict(
        event=session.exec(select(Event).where(Event.slug == "bapa-40")).one().id,
        sample=sample.id,
        session=first(AgendaSession),
        venue=first(Venue),
        room=first(Room),
        person=first(Person),
        user=first(User),
        delegation=first(Delegation),
        member=session.exec(select(DelegationMember)).first().registration_id,
        inscription=first(Inscription),
    )


def _delegation(session, event) -> str:
    """A Member State delegation of two for the sample event, one accredited, the list published."""
    with current_app.test_request_context():
        values = DelegationValues("member_state", "AR", "", "minister", "Focal", "focal@example.org", "Mission")
        people = [participant(n, "member_state", email=f"d{n}@example.org", listed=True) for n in (2, 3)]
        delegation, token = delegations.submit(session, event, values, people, actor="cli")
        head = delegation_queries.members(session, delegation.id)[0].registration
        accreditation.decide(session, "cli", event, head, "accredited")
        delegations.record_credentials(session, "cli", delegation, "copy", date(2030, 1, 5), "")
        delegations.publish_list(session, "cli", event, "provisional")
        speakers.save_settings(session, "cli", event, 5, set(), closed=False)
        speakers.inscribe(session, event, delegation, SpeakerValues("Focal", "", "minister"))
    return token


def _data_words(session) -> set[str]:
    """Every word of the stored data a page may show as it was entered."""
    texts = []
    for model, fields in (
        (Event, ("title", "city", "host", "theme", "description", "slug", "timezone")),
        (EventSeries, ("title",)),
        (Venue, ("name", "city", "address", "timezone")),
        (Room, ("name",)),
        (Resolution, ("symbol", "title")),
        (Paragraph, ("text",)),  # quoted as adopted (in English) where a paragraph is linked by hand
        (AgendaSession, ("title", "description")),
        (Person, ("name", "honorific", "function", "organisation")),
        (Delegation, ("focal_name", "focal_email", "focal_mission", "organisation")),
        (Registration, ("given_name", "family_name", "email", "organisation", "function")),
    ):
        for row in session.exec(select(model)):
            texts += [str(getattr(row, f) or "") for f in fields]
    texts += [ADMIN, "Given1", "Family1", "person1@example.org", "Org", "Officer", "Ana", "cli"]
    for entry in session.exec(select(AuditEntry)):  # the history shows stored values as they are
        texts += [str(value) for values in (entry.before, entry.after) for value in (values or {}).values()]
    return {word.lower() for text in texts for word in re.findall(r"[A-Za-z]+", text)}


def visible_text(page: str) -> str:
    """The text a reader sees (and hears: alt, aria-label, title, placeholder), without markup."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<nav class="languages".*?</nav>', " ", page, flags=re.S)  # names in themselves
    attributes = re.findall(r'\b(?:alt|aria-label|title|placeholder)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *attributes]))


def english_entries() -> list[str]:
    """Catalogue entries long enough that finding them verbatim on a page means English UI text."""
    with open(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po", "rb") as po:
        ids = [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po) if m.id]
    return [i for i in ids if "%(" not in i and "<" not in i and len(i.split()) >= 3]


@pytest.mark.parametrize("lang", ["ar", "zh", "fr", "ru", "es"])
def test_no_interface_sentence_stays_english(site, lang):
    pages, _ = site
    entries = english_entries()
    texts = {name: visible_text(get(lang)) for name, get in pages.items()}  # once a page, not once an entry
    left = {name: [e for e in entries if e in text] for name, text in texts.items()}
    assert not any(left.values()), f"English interface text on {lang} pages: {left}"


@pytest.mark.parametrize("lang", NON_LATIN)
def test_no_unmarked_english_word_on_pages_in_other_scripts(site, lang):
    pages, data = site
    found = {}
    for name, get in pages.items():
        words = set(re.findall(r"[A-Za-z]{3,}", visible_text(get(lang))))
        stray = sorted(word for word in words - ALLOWED if word.lower() not in data)
        if stray:
            found[name] = stray
    assert not found, f"Latin-script words on {lang} pages (unmarked strings?): {found}"
