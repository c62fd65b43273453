"""Every audited action shows on its object's management page, as a person reads it (issue 13, item 7).

A table of cases: each performs one audited action through its service function, then names the
management page that must show the entry and what the entry must read there (the date in the
event's zone as the page formats it, the venue by name, the country by name, the status label).
Every entry shown on the page must also be free of raw values: no ISO instant, no "+00:00", no
`_id` key. `test_every_recorded_action_has_a_case` reads planner/ for every action string given
to `tx.record(...)` / `record_change(...)` and fails when one has no case here: a new audited
action needs a case (and so a readable trail) before it lands.

To add a case: write `def my_case(session) -> Shown` that sets up what it needs (actor "setup"),
performs the action (actor ACTOR) and returns the page and the texts its entry must show, and
decorate it with `@case("the action string")`.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import html
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

import pytest
from flask import current_app
from sqlmodel import Session, select
from werkzeug.exceptions import MethodNotAllowed, NotFound

from planner.accounts import editing as accounts
from planner.agenda import copying
from planner.agenda import editing as agenda
from planner.agenda.models import AgendaSession, Person
from planner.db import get_session, utcnow
from planner.delegations import accreditation
from planner.delegations import editing as delegations
from planner.delegations import queries as delegation_queries
from planner.delegations.editing import DelegationValues
from planner.demo.seed import RESOLUTION
from planner.documents import editing as documents
from planner.documents.editing import DocumentValues
from planner.documents.files import DocumentFile
from planner.documents.models import DocumentParagraph
from planner.events import editing
from planner.events.editing import Decisions, EventValues
from planner.events.models import Event, Venue
from planner.events.translations import save_translation
from planner.formatting import date_and_time
from planner.mandates import deadlines as deadline_rules
from planner.mandates import editing as mandate_editing
from planner.mandates import queries as mandate_queries
from planner.mandates import suggestions
from planner.mandates.importing import import_resolution
from planner.mandates.links import add_link
from planner.mandates.models import Deadline, LinkRole, Paragraph
from planner.registration import badges, letters, messaging, reminders, secretariat
from planner.registration import editing as registration
from planner.registration.models import AgendaPick, Category, Registration
from planner.registration.queries import letter_of
from planner.side_events import editing as side_events
from planner.speakers import editing as speakers
from planner.speakers.editing import SpeakerValues
from tests.events.pictures import png
from tests.registration.helpers import open_event, participant, visa_request
from tests.sql import counted_get

ACTOR = "ana@un.example"
ZONE = "Asia/Bangkok"
BANGKOK = ZoneInfo(ZONE)
NEW_YORK = ZoneInfo("America/New_York")
SEED_TEXT = RESOLUTION["file"].read_text(encoding="utf-8")
PLANNER = Path(__file__).resolve().parents[2] / "planner"


@dataclass
class Shown:
    """The page that must show the entry, and texts the entry must read there (English page)."""

    path: str
    texts: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # texts the entry must not show


@dataclass
class Case:
    action: str
    run: Callable[[Session], Shown]

    @property
    def name(self) -> str:
        return self.run.__name__


CASES: list[Case] = []


def case(action: str):
    """Add the decorated function to the table as the case of `action`."""

    def add(run: Callable[[Session], Shown]) -> Callable[[Session], Shown]:
        CASES.append(Case(action, run))
        return run

    return add


def local(year, month, day, hour, minute=0, zone=BANGKOK) -> str:
    """A local wall-clock time as the trail writes it ("15 February 2027, 09:00")."""
    return date_and_time(datetime(year, month, day, hour, minute, tzinfo=zone), zone)


# --- what the cases build on (recorded by "setup", so the case's own entry is the newest) -------------

VENUE = dict(name="Queen Sirikit National Convention Center", address="", city="Bangkok", country="TH", timezone=ZONE)
OTHER_VENUE = dict(name="United Nations Conference Centre", address="", city="Bangkok", country="TH", timezone=ZONE)


def _venue(session, values=VENUE) -> Venue:
    return editing.save_venue(session, "setup", None, dict(values))


def _values(**changes) -> EventValues:
    base = dict(
        slug="forum",
        title="South-South Forum",
        kind="conference",
        status="scheduled",
        timezone=ZONE,
        city="Bangkok",
        country="TH",
        published=True,
        local_start=datetime(2027, 2, 15, 9),
        local_end=datetime(2027, 2, 18, 17),
    )
    return EventValues(**{**base, **changes})


def _event(session, **changes) -> Event:
    venue_id = changes.pop("venue_id", None) or _venue(session).id
    return editing.create_event(session, "setup", _values(venue_id=venue_id, **changes))


def _session_values(title="Opening plenary", hour=10, **changes) -> agenda.SessionValues:
    base = dict(
        title=title,
        kind="interactive_panel",
        local_start=datetime(2027, 2, 15, hour),
        local_end=datetime(2027, 2, 15, hour + 1),
        people=[("chair", "Ana Pérez")],
    )
    return agenda.SessionValues(**{**base, **changes})


def _room(session, venue):
    return editing.save_room(session, "setup", venue, None, dict(name="Hall A", capacity=1200))


def _agenda_session(session, published=False) -> tuple[Event, AgendaSession]:
    venue = _venue(session)
    event = _event(session, venue_id=venue.id)
    saved = agenda.save_session(session, "setup", event, None, _session_values(room_id=_room(session, venue).id))
    if published:
        agenda.publish_agenda(session, "setup", event)
    return event, saved


def _import(session, actor="setup", **changes):
    args = dict(symbol="A/RES/71/244", title="South-South cooperation", adopted_on=date(2016, 12, 21))
    return import_resolution(session, SEED_TEXT, actor=actor, **{**args, **changes})


# --- events, series, venues, rooms --------------------------------------------------------------------


@case("create")
def create_event(session):
    venue = _venue(session)
    event = editing.create_event(session, ACTOR, _values(venue_id=venue.id))
    return Shown(
        f"/manage/events/{event.id}",
        ["Conference", "Scheduled", VENUE["name"], "Thailand", local(2027, 2, 15, 9), local(2027, 2, 18, 17), "Yes"],
    )


@case("create")
def create_an_all_day_event(session):
    """An all-day event's instants are local midnights, its end the day after its last: read as days."""
    values = _values(all_day=True, first_day=date(2027, 2, 15), last_day=date(2027, 2, 18), local_start=None)
    event = editing.create_event(session, ACTOR, dataclasses.replace(values, local_end=None))
    return Shown(
        f"/manage/events/{event.id}", ["15 February 2027", "18 February 2027"], ["19 February 2027", "2027, 00:00"]
    )


@case("update")
def update_event(session):
    event = _event(session)
    other = _venue(session, OTHER_VENUE)
    values = _values(venue_id=other.id, local_start=datetime(2027, 3, 1, 9), local_end=datetime(2027, 3, 4, 17))
    editing.update_event(session, ACTOR, event, values, Decisions(move_sessions=False))
    return Shown(
        f"/manage/events/{event.id}",
        [VENUE["name"], OTHER_VENUE["name"], local(2027, 2, 15, 9), local(2027, 3, 1, 9), local(2027, 3, 4, 17)],
    )


@case("cancel")
def cancel_event(session):
    event = _event(session)
    editing.cancel_event(session, ACTOR, event, "host withdrew")
    return Shown(f"/manage/events/{event.id}", ["Scheduled", "Cancelled", "Reason: host withdrew"])


@case("postpone")
def postpone_event(session):
    event = _event(session)
    editing.postpone_event(session, ACTOR, event, "no quorum", new_first_day=date(2027, 3, 8))
    return Shown(f"/manage/events/{event.id}", ["Scheduled", "Postponed", local(2027, 2, 15, 9), local(2027, 3, 8, 9)])


@case("translate")
def translate_event(session):
    event = _event(session)
    save_translation(session, event, "fr", "Forum Sud-Sud", "", "", ACTOR)
    return Shown(f"/manage/events/{event.id}", ["title (Français)", "Forum Sud-Sud"])


@case("create")
def create_series(session):
    series = editing.save_series(session, ACTOR, None, dict(slug="expo", title="South-South Expo", description=""))
    return Shown(f"/manage/series/{series.id}", ["South-South Expo"])


@case("update")
def update_series(session):
    series = editing.save_series(session, "setup", None, dict(slug="expo", title="South-South Expo", description=""))
    editing.save_series(session, ACTOR, series, dict(slug="expo", title="Global South-South Expo", description=""))
    return Shown(f"/manage/series/{series.id}", ["South-South Expo", "Global South-South Expo"])


@case("create")
def create_venue(session):
    venue = editing.save_venue(session, ACTOR, None, dict(VENUE))
    return Shown(f"/manage/venues/{venue.id}", [VENUE["name"], "Thailand", ZONE])


@case("update")
def update_venue(session):
    venue = _venue(session)
    editing.save_venue(session, ACTOR, venue, {**VENUE, "country": "KE", "timezone": "Africa/Nairobi"})
    return Shown(f"/manage/venues/{venue.id}", ["Thailand", "Kenya", "Africa/Nairobi"])


@case("create")
def create_room(session):
    venue = _venue(session)
    room = editing.save_room(session, ACTOR, venue, None, dict(name="Hall A", capacity=1200))
    return Shown(f"/manage/rooms/{room.id}", ["Hall A", "1,200"])


@case("update")
def update_room(session):
    room = _room(session, _venue(session))
    editing.save_room(session, ACTOR, session.get(Venue, room.venue_id), room, dict(name="Hall A", capacity=500))
    return Shown(f"/manage/rooms/{room.id}", ["1,200", "500"])


# --- the agenda ---------------------------------------------------------------------------------------


@case("create")
def create_agenda_session(session):
    venue = _venue(session)
    event = _event(session, venue_id=venue.id)
    room = _room(session, venue)
    saved = agenda.save_session(session, ACTOR, event, None, _session_values(room_id=room.id))
    return Shown(
        f"/manage/sessions/{saved.id}",
        ["Interactive panel", f"Hall A ({VENUE['name']})", local(2027, 2, 15, 10), "Chair: Ana Pérez", "No"],
    )


@case("update")
def update_agenda_session(session):
    event, saved = _agenda_session(session)
    agenda.save_session(session, ACTOR, event, saved, _session_values(hour=14, room_id=saved.room_id))
    return Shown(f"/manage/sessions/{saved.id}", [local(2027, 2, 15, 10), local(2027, 2, 15, 14)])


@case("delete")
def delete_agenda_session(session):
    """A deleted session has no page: its deletion shows on its event's."""
    event, saved = _agenda_session(session)
    agenda.delete_session(session, ACTOR, saved)
    return Shown(f"/manage/events/{event.id}", ["Opening plenary", local(2027, 2, 15, 10), "South-South Forum"])


@case("cancel")
def cancel_agenda_session(session):
    _event_, saved = _agenda_session(session, published=True)
    agenda.cancel_session(session, ACTOR, saved, reason="speaker unavailable")
    return Shown(f"/manage/sessions/{saved.id}", ["Reason: speaker unavailable"])


@case("reinstate")
def reinstate_agenda_session(session):
    _event_, saved = _agenda_session(session, published=True)
    agenda.cancel_session(session, "setup", saved)
    agenda.reinstate_session(session, ACTOR, saved, reason="speaker found")
    return Shown(f"/manage/sessions/{saved.id}", ["Reason: speaker found"])


@case("move with event")
def move_session_with_event(session):
    event, saved = _agenda_session(session, published=True)
    editing.postpone_event(session, "setup", event, new_first_day=date(2027, 3, 8))
    return Shown(f"/manage/sessions/{saved.id}", [local(2027, 2, 15, 10), local(2027, 3, 8, 10)])


@case("publish agenda")
def publish_agenda(session):
    event, _saved = _agenda_session(session)
    agenda.publish_agenda(session, ACTOR, event)
    return Shown(f"/manage/events/{event.id}", ["Opening plenary"])


@case("copy agenda")
def copy_agenda(session):
    source, _saved = _agenda_session(session)
    series = editing.save_series(session, "setup", None, dict(slug="forum", title="South-South Forum", description=""))
    source.series_id, source.edition = series.id, 1
    session.add(source)
    session.commit()
    target = _event(
        session,
        venue_id=source.venue_id,
        series_id=series.id,
        edition=2,
        slug="forum-2",
        title="South-South Forum 2028",
        local_start=datetime(2028, 2, 14, 9),
        local_end=datetime(2028, 2, 17, 17),
    )
    copying.copy_agenda(session, ACTOR, source, target)
    return Shown(f"/manage/events/{target.id}", ["South-South Forum", "1"])


@case("update")
def update_person(session):
    _event_, saved = _agenda_session(session)
    person = session.get(Person, saved.roles[0].person_id)
    values = dict(name="Ana Pérez", honorific="H.E.", function="Director", organisation="UNOSSC", country="KE")
    agenda.save_person(session, ACTOR, person, values)
    return Shown(f"/manage/people/{person.id}/edit", ["Kenya", "Director", "H.E."])


# --- mandates -----------------------------------------------------------------------------------------


@case("imported")
def import_a_resolution(session):
    resolution = _import(session, actor=ACTOR).resolution
    return Shown(f"/manage/mandates/{resolution.slug}", ["A/RES/71/244", "21 December 2016", "South-South cooperation"])


@case("replaced")
def replace_a_resolution(session):
    _import(session)
    resolution = _import(session, actor=ACTOR, title="South-South cooperation (new text)", replace=True).resolution
    return Shown(f"/manage/mandates/{resolution.slug}", ["South-South cooperation (new text)"])


def _suggestion(session, target: str):
    resolution = _import(session).resolution
    view = next(
        v
        for v in suggestions.list_suggestions(session, resolution)
        if v.is_open and v.suggestion.target == target and v.suggestion.count == 1
    )
    return resolution, view


@case("created from suggestion")
def accept_an_event_suggestion(session):
    resolution, view = _suggestion(session, "event")
    [event] = suggestions.accept(session, resolution, view.key, actor=ACTOR)
    return Shown(f"/manage/events/{event.id}", [event.title, event.status_label])


@case("created from suggestion")
def accept_a_deadline_suggestion(session):
    """A deadline has no page: its entry shows on the page of the resolution it comes from."""
    resolution, view = _suggestion(session, "deadline")
    [deadline] = suggestions.accept(session, resolution, view.key, actor=ACTOR)
    return Shown(f"/manage/mandates/{resolution.slug}", [deadline.title, "open"])


@case("link")
def link_an_existing_event_to_a_paragraph(session):
    event = _event(session)
    resolution, view = _suggestion(session, "event")
    suggestions.accept(session, resolution, view.key, actor=ACTOR, existing_event=event)
    role = LinkRole(view.suggestion.role).display
    return Shown(
        f"/manage/events/{event.id}", ["Link to a paragraph", f"A/RES/71/244, op{view.suggestion.paragraph}", role]
    )


def _paragraph(session, anchor="op33"):
    resolution = _import(session).resolution
    return resolution, mandate_queries.paragraph_at(session, resolution, anchor)


@case("link")
def link_a_session_to_a_paragraph_by_hand(session):
    event, agenda_session = _agenda_session(session)
    resolution, paragraph = _paragraph(session)
    mandate_editing.link_paragraph(session, ACTOR, resolution, paragraph, "convenes", agenda_session=agenda_session)
    return Shown(f"/manage/sessions/{agenda_session.id}", ["Link to a paragraph", "A/RES/71/244, op33", "Convenes"])


@case("unlink")
def unlink_an_event_from_a_paragraph(session):
    event = _event(session)
    resolution, paragraph = _paragraph(session, "pp2")
    link = mandate_editing.link_paragraph(session, "setup", resolution, paragraph, "recalls", event=event)
    mandate_editing.unlink(session, ACTOR, link)
    return Shown(f"/manage/events/{event.id}", ["Link to a paragraph removed", "A/RES/71/244, pp2", "Recalls"])


# --- documents and deadlines ----------------------------------------------------------------------------


def _document(session, event=None):
    event = event or _event(session)
    values = DocumentValues("sg_report", "A/72/297", date(2017, 8, 1), {"en": "Report of the Secretary-General"}, {})
    return event, documents.save_document(session, "setup", event, None, values)


def _document_page(event, document) -> str:
    return f"/manage/events/{event.id}/documents/{document.id}"


@case("create")
def create_a_document(session):
    event = _event(session)
    values = DocumentValues("sg_report", "A/72/297", date(2017, 8, 1), {"fr": "Rapport du Secrétaire général"}, {})
    document = documents.save_document(session, ACTOR, event, None, values)
    return Shown(_document_page(event, document), ["A/72/297", "Report of the Secretary-General", "1 August 2017"])


@case("upload")
def upload_a_document_file(session):
    event, document = _document(session)
    documents.put_file(session, ACTOR, document, "fr", DocumentFile(b"%PDF-1.7\n", "pdf"), "a" * 64 + ".pdf")
    return Shown(_document_page(event, document), ["file (Français)", "PDF"])


@case("remove file")
def remove_a_document_file(session):
    event, document = _document(session)
    documents.put_file(session, "setup", document, "fr", DocumentFile(b"%PDF-1.7\n", "pdf"), "a" * 64 + ".pdf")
    documents.remove_file(session, ACTOR, document, "fr")
    return Shown(_document_page(event, document), ["file (Français)", "PDF"])


@case("attach to sessions")
def attach_a_document_to_sessions(session):
    event, agenda_session = _agenda_session(session)
    _event_again, document = _document(session, event)
    documents.set_sessions(session, ACTOR, document, {agenda_session.id})
    return Shown(_document_page(event, document), ["Opening plenary"])


@case("link")
def link_a_document_to_a_paragraph(session):
    resolution = _import(session).resolution
    event, document = _document(session)
    paragraph = session.exec(
        select(Paragraph).where(Paragraph.resolution_id == resolution.id, Paragraph.number == 36)
    ).first()
    documents.link_paragraph(session, ACTOR, document, paragraph)
    return Shown(_document_page(event, document), ["Link to a paragraph", "A/RES/71/244, op36"])


@case("unlink")
def unlink_a_document_from_a_paragraph(session):
    resolution = _import(session).resolution
    event, document = _document(session)
    paragraph = session.exec(
        select(Paragraph).where(Paragraph.resolution_id == resolution.id, Paragraph.number == 36)
    ).first()
    documents.link_paragraph(session, "setup", document, paragraph)
    link = session.exec(select(DocumentParagraph).where(DocumentParagraph.document_id == document.id)).one()
    documents.unlink_paragraph(session, ACTOR, document, link)
    return Shown(_document_page(event, document), ["A/RES/71/244, op36"])


def _deadline(session) -> Deadline:
    _import(session)
    deadline = Deadline(title="Comprehensive report", due_on=date(2017, 9, 1), precision="day")
    session.add(deadline)
    session.flush()
    add_link(session, symbol="A/RES/71/244", number=36, role=LinkRole.REQUESTS_REPORT, deadline=deadline)
    session.commit()
    return deadline


@case("update")
def edit_a_deadline(session):
    deadline = _deadline(session)
    deadline_rules.edit(session, ACTOR, deadline, due_on=date(2017, 10, 2), responsible="DESA", note="Agreed")
    return Shown(f"/manage/mandates/deadlines/{deadline.id}", ["2 October 2017", "DESA", "Agreed"])


@case("close")
def close_a_deadline(session):
    deadline = _deadline(session)
    deadline_rules.close(session, ACTOR, deadline, "superseded", superseded_by="A/RES/73/291")
    return Shown(f"/manage/mandates/deadlines/{deadline.id}", ["superseded", "A/RES/73/291"])


@case("close")
def a_document_delivers_a_deadline(session):
    """Delivered by a document: the entry shows on the resolution's page too (the deadline's own)."""
    _deadline(session)
    _event_made, document = _document(session)
    paragraph = session.exec(select(Paragraph).where(Paragraph.number == 36, Paragraph.kind == "operative")).first()
    documents.link_paragraph(session, ACTOR, document, paragraph)
    return Shown("/manage/mandates/A-RES-71-244", ["delivered", "A/72/297"])


@case("reopen")
def reopen_a_deadline(session):
    deadline = _deadline(session)
    deadline_rules.close(session, "setup", deadline, "dropped", closing_note="Deferred by the Assembly")
    deadline_rules.reopen(session, ACTOR, deadline)
    return Shown(f"/manage/mandates/deadlines/{deadline.id}", ["open", "Deferred by the Assembly"])


# --- accounts -----------------------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def _user(session, role="viewer"):
    return accounts.create_user(session, "setup", "viewer@un.example", PASSWORD, role)


@case("create")
def create_a_user(session):
    user = accounts.create_user(session, ACTOR, "new@un.example", PASSWORD, "manager")
    return Shown(f"/manage/users/{user.id}", ["new@un.example", "Event manager", "Yes"])


@case("change role")
def change_a_role(session):
    user = accounts.set_role(session, ACTOR, _user(session), "manager")
    return Shown(f"/manage/users/{user.id}", ["Viewer", "Event manager"])


@case("deactivate")
def deactivate_a_user(session):
    user = accounts.deactivate(session, ACTOR, _user(session))
    return Shown(f"/manage/users/{user.id}", ["Yes", "No"])


@case("reactivate")
def reactivate_a_user(session):
    user = accounts.deactivate(session, "setup", _user(session))
    accounts.reactivate(session, ACTOR, user)
    return Shown(f"/manage/users/{user.id}", ["No", "Yes"])


@case("change password")
def change_a_password(session):
    user = accounts.set_password(session, ACTOR, _user(session), "another long passphrase")
    return Shown(f"/manage/users/{user.id}", ["Change password"])


@case("grant event role")
def grant_an_event_role(session):
    user, event = _user(session, "none"), _event(session)
    accounts.grant_event_role(session, ACTOR, user, event.id, "accreditation")
    return Shown(f"/manage/users/{user.id}", ["Role on an event granted", "South-South Forum", "Accreditation desk"])


@case("remove event role")
def remove_an_event_role(session):
    user, event = _user(session, "none"), _event(session)
    grant = accounts.grant_event_role(session, "setup", user, event.id, "check_in")
    accounts.remove_event_role(session, ACTOR, user, grant)
    return Shown(f"/manage/users/{user.id}", ["Role on an event removed", "South-South Forum", "Check-in desk"])


# --- registration -------------------------------------------------------------------------------------


@case("registration settings")
def registration_settings(session):
    event = open_event(session, capacity=10)
    values = secretariat.SettingsValues(
        opens_at=None,
        closes_at=datetime(2030, 1, 10, 17, tzinfo=NEW_YORK).astimezone(timezone.utc),
        capacity=25,
        requires_approval=True,
        categories=[Category.MEMBER_STATE, Category.MEDIA],
        quotas={"media": 2},
    )
    secretariat.save_settings(session, ACTOR, event, values)
    return Shown(
        f"/manage/events/{event.id}/registration-settings",
        ["25", "Yes", "Member State, Media", "Media: 2", local(2030, 1, 10, 17, zone=NEW_YORK), "America/New_York"],
    )


def _registration(session, requires_approval=True) -> tuple[Event, Registration]:
    event = open_event(session, capacity=1, requires_approval=requires_approval)
    [saved, *_rest] = registration.register(session, event, participant(1, country="TH"))
    return event, saved


@case("registration confirmed")
def approve_a_registration(session):
    event, pending = _registration(session)
    registration.approve(session, ACTOR, event, pending)
    return Shown(f"/manage/registrations/{pending.id}", ["Pending approval", "Confirmed"])


@case("registration rejected")
def reject_a_registration(session):
    event, pending = _registration(session)
    registration.reject(session, ACTOR, event, pending, "the quota is full")
    return Shown(f"/manage/registrations/{pending.id}", ["Pending approval", "Not accepted", "the quota is full"])


@case("restore")
def restore_a_registration(session):
    event, pending = _registration(session)
    registration.reject(session, "setup", event, pending)
    registration.restore(session, ACTOR, event, pending, "rejected by mistake")
    return Shown(f"/manage/registrations/{pending.id}", ["Not accepted", "Confirmed", "rejected by mistake"])


@case("event cancelled")
def cancel_an_event_with_registrations(session):
    event, confirmed = _registration(session, requires_approval=False)
    editing.cancel_event(session, ACTOR, event, "host withdrew")
    return Shown(f"/manage/registrations/{confirmed.id}", ["Confirmed", "Event cancelled"])


@case("notice")
def notice_of_a_postponement(session):
    event, _confirmed = _registration(session, requires_approval=False)
    editing.postpone_event(session, ACTOR, event, decisions=Decisions(message="New dates soon."))
    return Shown(f"/manage/events/{event.id}", ["Postponed", "New dates soon.", "1"])


@case("move with event")
def move_registration_window_with_event(session):
    event = open_event(session, capacity=10)
    closes = event.starts_at - timedelta(days=7)
    values = secretariat.SettingsValues(None, closes, 10, False, list(Category), {})
    secretariat.save_settings(session, "setup", event, values)
    editing.postpone_event(session, "setup", event, new_first_day=event.first_day + timedelta(days=21))
    moved = closes + timedelta(days=21)
    return Shown(
        f"/manage/events/{event.id}/registration-settings",
        [date_and_time(closes, NEW_YORK), date_and_time(moved, NEW_YORK)],
    )


@case(messaging.ACTION)
def message_participants(session):
    event, _confirmed = _registration(session, requires_approval=False)
    messaging.send_message(
        session,
        ACTOR,
        event,
        messaging.Filters(statuses=("confirmed",), country="TH"),
        messaging.Message({"en": messaging.Version("Shuttle times", "The shuttle leaves at 8.")}),
    )
    return Shown(f"/manage/events/{event.id}", ["Shuttle times", "Confirmed", "Thailand", "English"])


@case("notify participants")
def notify_participants_of_a_session_change(session):
    event, confirmed = _registration(session, requires_approval=False)
    picked = session.exec(select(AgendaSession).where(AgendaSession.event_id == event.id)).first()
    session.add(AgendaPick(registration_id=confirmed.id, session_id=picked.id))
    session.commit()
    agenda.cancel_session(session, ACTOR, picked, message="The room is closed.")
    return Shown(f"/manage/events/{event.id}", [picked.title, "The room is closed.", "1"])


@case("reminder")
def remind_participants(session):
    event, _confirmed = _registration(session, requires_approval=False)
    settings = registration.settings_for(session, event)
    settings.reminder_days = 50  # the sample event is six weeks ahead: the reminder is due
    session.add(settings)
    session.commit()
    assert reminders.queue_due_reminders(session, utcnow()) == 1
    return Shown(f"/manage/events/{event.id}", ["1", "50"])


@case("undo check-in")
def undo_a_check_in(session):
    event, confirmed = _registration(session, requires_approval=False)
    badges.check_in(session, confirmed, datetime(2030, 1, 10, 14, tzinfo=timezone.utc))
    badges.undo_check_in(session, ACTOR, confirmed)
    return Shown(f"/manage/registrations/{confirmed.id}", ["Check-in undone"])


def _letter(session, actor: str = "setup", sent: bool = False):
    event = open_event(session, capacity=5, invitation_letters=True)
    saved, _token = registration.register(session, event, participant(1), letter=visa_request())
    pair = [(letter_of(session, saved.id), saved)]
    letters.issue(session, actor, event, pair)
    if sent:
        letters.send(session, ACTOR, event, pair)
    return saved


@case("letter issued")
def issue_a_letter_of_invitation(session):
    saved = _letter(session, ACTOR)
    return Shown(f"/manage/registrations/{saved.id}", ["Requested", "Issued"], absent=["AK0012345"])


@case("letter sent")
def send_a_letter_of_invitation(session):
    saved = _letter(session, sent=True)
    return Shown(f"/manage/registrations/{saved.id}", ["Issued", "Sent"], absent=["AK0012345"])


@case("letter wording")
def word_the_letter_of_invitation(session):
    event = open_event(session, capacity=5, invitation_letters=True)
    letters.save_wording(session, ACTOR, event, "fr", "Nous invitons {name} à {event}.")
    return Shown(f"/manage/events/{event.id}/letter-wording/fr", ["Nous invitons {name} à {event}."])


# --- delegations and accreditation ---------------------------------------------------------------------


def _delegation(session, actor="setup", people=2):
    event = open_event(session, capacity=None)
    values = DelegationValues("member_state", "CI", "", "minister", "Awa Koné", "focal@ci.example", "Mission")
    members = [participant(n, "member_state", represents="CI", email=f"m{n}@ci.example") for n in range(people)]
    delegation, _token = delegations.submit(session, event, values, members, actor=actor)
    registrations = [member.registration for member in delegation_queries.members(session, delegation.id)]
    return event, delegation, registrations


@case("delegation entered")
def enter_a_delegation(session):
    _event_, delegation, _people = _delegation(session, actor=ACTOR)
    return Shown(f"/manage/delegations/{delegation.id}", ["Côte d'Ivoire", "Minister", "Awa Koné"])


@case("registration entered")
def enter_a_member(session):
    _event_, _delegation_, people = _delegation(session, actor=ACTOR)
    return Shown(f"/manage/registrations/{people[0].id}", ["Confirmed", "Member State", "Côte d'Ivoire"])


@case("delegation changed")
def change_a_delegation(session):
    _event_, delegation, _people = _delegation(session)
    values = DelegationValues("member_state", "CI", "", "head_of_state", "Awa Koné", "focal@ci.example", "Mission")
    delegations.update(session, delegation, values, actor=ACTOR)
    return Shown(f"/manage/delegations/{delegation.id}", ["Minister", "Head of State"])


@case("member added")
def add_a_member(session):
    event, delegation, _people = _delegation(session)
    person = participant(
        9, "member_state", represents="CI", email="new@ci.example", given_name="Yao", family_name="Kouassi"
    )
    delegations.add_member(session, event, delegation, person, actor=ACTOR)
    return Shown(f"/manage/delegations/{delegation.id}", ["Yao Kouassi"])


@case("member changed")
def change_a_member(session):
    event, delegation, people = _delegation(session)
    person = participant(1, "member_state", represents="CI", email=people[1].email, function="Ambassador")
    delegations.update_member(session, event, delegation, people[1], person, actor=ACTOR)
    return Shown(f"/manage/registrations/{people[1].id}", ["Officer", "Ambassador"])


@case("member withdrawn")
def withdraw_a_member(session):
    event, delegation, people = _delegation(session)
    delegations.withdraw_member(session, event, delegation, people[1], actor=ACTOR)
    return Shown(f"/manage/delegations/{delegation.id}", [people[1].full_name])


@case("head changed")
def change_the_head(session):
    event, delegation, people = _delegation(session)
    delegations.make_head(session, event, delegation, people[1], actor=ACTOR)
    return Shown(f"/manage/delegations/{delegation.id}", [people[1].full_name])


@case("delegation withdrawn")
def withdraw_a_delegation(session):
    event, delegation, _people = _delegation(session)
    delegations.withdraw(session, event, delegation, actor=ACTOR)
    return Shown(f"/manage/delegations/{delegation.id}", ["withdrawn"])


@case("credentials")
def record_credentials(session):
    _event_, delegation, _people = _delegation(session)
    delegations.record_credentials(session, ACTOR, delegation, "copy", date(2030, 1, 5), "Original to follow")
    return Shown(
        f"/manage/delegations/{delegation.id}",
        ["Not received yet", "Copy or note verbale received", "Original to follow"],
    )


@case("delegation limits")
def set_delegation_limits(session):
    event = open_event(session, capacity=None)
    delegations.set_limits(session, ACTOR, event, {"member_state": 6, "igo": None})
    return Shown(f"/manage/events/{event.id}", ["6"])


@case("participants list")
def publish_the_list(session):
    event = open_event(session, capacity=None)
    delegations.publish_list(session, ACTOR, event, "final")
    return Shown(f"/manage/events/{event.id}", ["Final list"])


@case("accreditation")
def refuse_accreditation(session):
    event, _delegation_, people = _delegation(session)
    accreditation.decide(session, ACTOR, event, people[1], "refused", "No nomination letter")
    return Shown(
        f"/manage/registrations/{people[1].id}",
        ["Accreditation pending", "Accreditation refused", "No nomination letter"],
    )


# --- the list of speakers -----------------------------------------------------------------------------


def _inscribed(session):
    event, delegation, _people = _delegation(session)
    inscription = speakers.inscribe(session, event, delegation, SpeakerValues("Awa Koné", "Minister", "minister"))
    return event, delegation, inscription


@case("inscribe")
def inscribe_a_speaker(session):
    event, delegation, _people = _delegation(session)
    speakers.inscribe(session, event, delegation, SpeakerValues("Awa Koné", "Minister", "minister"), actor=ACTOR)
    return Shown(f"/manage/delegations/{delegation.id}", ["Awa Koné", "Minister"])


@case("speaker changed")
def change_a_speaker(session):
    event, delegation, _inscription = _inscribed(session)
    speakers.inscribe(session, event, delegation, SpeakerValues("Awa Koné", "President", "head_of_state"), actor=ACTOR)
    return Shown(f"/manage/delegations/{delegation.id}", ["Minister", "Head of State", "President"])


@case("speaker withdrawn")
def withdraw_a_speaker(session):
    event, delegation, inscription = _inscribed(session)
    speakers.withdraw(session, event, inscription, actor=ACTOR)
    return Shown(f"/manage/delegations/{delegation.id}", ["Awa Koné"])


@case("swap")
def swap_two_speakers(session):
    event, delegation, first = _inscribed(session)
    values = DelegationValues("member_state", "GH", "", "minister", "Kofi", "focal@gh.example", "")
    ghana, _token = delegations.submit(
        session, event, values, [participant(5, "member_state", represents="GH", email="h@gh.example")]
    )
    second = speakers.inscribe(session, event, ghana, SpeakerValues("Kwame Mensah", "", "minister"))
    speakers.swap(session, ACTOR, event, first, second)
    return Shown(f"/manage/delegations/{delegation.id}", ["Awa Koné", "Kwame Mensah"])


@case("to end")
def move_a_speaker_to_the_end(session):
    event, delegation, inscription = _inscribed(session)
    speakers.move_to_end(session, ACTOR, event, inscription)
    return Shown(f"/manage/delegations/{delegation.id}", ["Awa Koné"])


@case("speakers list")
def save_the_speakers_list_settings(session):
    event = open_event(session, capacity=None)
    speakers.save_settings(session, ACTOR, event, 7, set(), closed=True)
    return Shown(f"/manage/events/{event.id}", ["5", "7"])


def _proposal(session, accepted: bool = False):
    from tests.side_events.conftest import make_conference, proposal_values

    conference = make_conference(session)
    event = conference["event"]
    proposal, _token = side_events.submit(session, event, proposal_values())
    if accepted:
        side_events.decide(session, "setup", event, proposal, "accepted")
    return conference, event, proposal


@case("side-event call")
def save_the_side_event_call(session):
    from tests.side_events.conftest import event_today

    _conference, event, _proposal_row = _proposal(session)
    today = event_today(event)  # the fixture's call opened the day before: both days change
    side_events.save_call(session, ACTOR, event, today, today + timedelta(days=30))
    return Shown(f"/manage/events/{event.id}", ["Call for side events", "opens", "closes"], absent=["+00:00"])


@case("side-event review")
def review_a_side_event(session):
    _conference, _event, proposal = _proposal(session)
    user = accounts.create_user(session, "setup", "reviewer@un.example", "a long enough password", "manager")
    side_events.review(session, ACTOR, user.id, proposal, 4, "Strong South-South focus.")
    return Shown(f"/manage/side-events/{proposal.id}", ["Side-event review", "4", "Strong South-South focus."])


@case("side-event decision")
def decide_on_a_side_event(session):
    _conference, event, proposal = _proposal(session)
    side_events.decide(session, ACTOR, event, proposal, "waitlisted", "The rooms are full.")
    return Shown(
        f"/manage/side-events/{proposal.id}", ["On the waiting list", "The rooms are full."], absent=["waitlisted"]
    )


@case("side event placed")
def place_a_side_event(session):
    conference, event, proposal = _proposal(session, accepted=True)
    from tests.side_events.conftest import local

    room = conference["rooms"][1]
    side_events.place(session, ACTOR, event, proposal, side_events.Placement(room.id, local(0, 9), local(0, 10)))
    day = local(0, 9)
    return Shown(
        f"/manage/side-events/{proposal.id}", ["Sala Sur", date_and_time(day.replace(tzinfo=event.zone), event.zone)]
    )


@case("merge people")
def merge_two_records_of_one_person(session):
    from planner.agenda.people import merge_people

    kept, merged = Person(name="Dr. Li Wei"), Person(name="Dr Li Wei", organisation="MOFCOM")
    session.add_all([kept, merged])
    session.commit()
    merge_people(session, ACTOR, kept, merged)
    return Shown(f"/manage/people/{kept.id}/edit", ["Dr Li Wei", "MOFCOM"])


@case("photo")
def upload_a_speakers_photo(session):
    """A photo reads as its type and the start of its content hash, as a logo does."""
    from planner.agenda.photos import save_photo

    current_app.config["PHOTO_FOLDER"] = Path(tempfile.mkdtemp())
    speaker = Person(name="Ana Pérez")
    session.add(speaker)
    session.commit()
    photo = png()
    save_photo(session, ACTOR, speaker, photo, remove=False)
    code = hashlib.sha256(photo).hexdigest()
    return Shown(f"/manage/people/{speaker.id}/edit", [f"PNG image {code[:8]}"], [code])


@case("branding")
def change_branding(session):
    """A logo (read as its type and the start of its content hash), a colour and another badge stock."""
    current_app.config["LOGO_FOLDER"] = Path(tempfile.mkdtemp())
    event = _event(session)
    logo = png()
    editing.save_branding(session, ACTOR, event, editing.BrandingValues("#0b5ea8", "holder_4x3", logo=logo))
    code = hashlib.sha256(logo).hexdigest()
    return Shown(
        f"/manage/events/{event.id}",
        [f"PNG image {code[:8]}", "#0b5ea8", "Badge holder inserts, 4 × 3 inches", "A4, four badges per sheet"],
        [code],
    )


# --- the checks ---------------------------------------------------------------------------------------

_SECTION = re.compile(r'<section class="audit-trail".*?</section>', re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _entries(page: str) -> list[tuple[str, str]]:
    """(action, visible text) of every entry of the page's trail, newest first."""
    section = _SECTION.search(page)
    assert section, "the page shows no audit trail"
    return [
        (html.unescape(action), _text(body))
        for action, body in re.findall(
            r'<li class="audit-entry" data-action="([^"]*)">(.*?)</li>', section.group(0), re.S
        )
    ]


def _raw_values(text: str) -> list[str]:
    """What no reader should see: ISO instants, UTC offsets, id keys, Python's None."""
    return re.findall(r"\d{4}-\d{2}-\d{2}T[\d:]+|[+-]\d{2}:\d{2}\b|\w+_id\b|\bNone\b", text)


def _has_page(app, path: str) -> bool:
    try:
        app.url_map.bind("localhost").match(path, method="GET")
    except (NotFound, MethodNotAllowed):
        return False
    return True


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_entry_shows_on_its_page_with_readable_values(app, client, signed_in, case):
    with app.app_context():
        shown = case.run(get_session())
    if not _has_page(app, shown.path):
        pytest.fail(f"{case.name}: no page at {shown.path} shows the entry")
    signed_in("admin")
    response = client.get(shown.path)
    assert response.status_code == 200, shown.path
    entries = _entries(response.get_data(as_text=True))
    mine = [text for action, text in entries if action == case.action]
    assert mine, f"{case.name}: no {case.action!r} entry on {shown.path}: {[a for a, _t in entries]}"
    entry = mine[0]
    assert entry.startswith(_label(app, case.action)), entry
    missing = [text for text in shown.texts if text not in entry]
    assert not missing, f"{case.name}: {missing} not in the entry: {entry}"
    wrong = [text for text in shown.absent if text in entry]
    assert not wrong, f"{case.name}: {wrong} in the entry: {entry}"
    raw = {text: _raw_values(text) for _action, text in entries if _raw_values(text)}
    assert not raw, f"{case.name}: raw values on {shown.path}: {raw}"


def _label(app, action: str) -> str:
    from planner.audit.labels import action_label

    with app.test_request_context():
        return action_label(action)


# --- every recorded action has a case -----------------------------------------------------------------


class _Module:
    def __init__(self, path: Path):
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents = {child: node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)}
        self.constants = {
            target.id: node.value
            for node in self.tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }

    def function_of(self, node) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node
        return None


def _modules() -> list[_Module]:
    return [_Module(path) for path in sorted(PLANNER.rglob("*.py")) if "audit" not in path.relative_to(PLANNER).parts]


def _action_argument(call: ast.Call) -> ast.expr | None:
    """The `action` of `tx.record(obj, action, ...)` or `record_change(session, actor, obj, action, ...)`."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    position = {"record": 1, "record_change": 3}.get(name)
    if position is None:
        return None
    if name == "record" and not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return None
    for keyword in call.keywords:
        if keyword.arg == "action":
            return keyword.value
    return call.args[position] if len(call.args) > position else None


def _resolve(modules, module: _Module, node: ast.expr, depth: int = 0) -> set[str]:
    """The action strings (or, for an f-string, regular expressions) `node` can be."""
    if depth > 4:
        raise LookupError
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {re.escape(node.value)}
    if isinstance(node, ast.IfExp):
        return _resolve(modules, module, node.body, depth) | _resolve(modules, module, node.orelse, depth)
    if isinstance(node, ast.JoinedStr):
        return {"".join(re.escape(part.value) if isinstance(part, ast.Constant) else ".+" for part in node.values)}
    if isinstance(node, ast.Name):
        function = module.function_of(node)
        if function is not None:
            parameters = [a.arg for a in function.args.args]
            if node.id in parameters:
                return _from_callers(modules, function.name, parameters.index(node.id), node.id, depth)
            assigned = [
                n.value
                for n in ast.walk(function)
                if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)
            ]
            if assigned:
                return set().union(*(_resolve(modules, module, value, depth + 1) for value in assigned))
        if node.id in module.constants:
            return _resolve(modules, module, module.constants[node.id], depth + 1)
    raise LookupError


def _from_callers(modules, function: str, position: int, name: str, depth: int) -> set[str]:
    found = set()
    for module in modules:
        for call in ast.walk(module.tree):
            if not isinstance(call, ast.Call):
                continue
            callee = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
            if callee != function:
                continue
            argument = next((k.value for k in call.keywords if k.arg == name), None)
            if argument is None and len(call.args) > position:
                argument = call.args[position]
            if argument is not None:
                found |= _resolve(modules, module, argument, depth + 1)
    if not found:
        raise LookupError
    return found


def recorded_actions() -> dict[str, list[str]]:
    """{pattern of an action string: ["planner/x.py:12", ...]} for every audit entry planner/ records."""
    modules = _modules()
    actions: dict[str, list[str]] = {}
    unknown = []
    for module in modules:
        for call in ast.walk(module.tree):
            if not isinstance(call, ast.Call) or (argument := _action_argument(call)) is None:
                continue
            where = f"{module.path.relative_to(PLANNER.parent)}:{call.lineno}"
            try:
                patterns = _resolve(modules, module, argument)
            except LookupError:
                unknown.append(where)
                continue
            for pattern in patterns:
                actions.setdefault(pattern, []).append(where)
    assert not unknown, f"cannot tell which action these audit calls record (use a string constant): {unknown}"
    return actions


def test_every_recorded_action_has_a_case():
    actions = recorded_actions()
    assert {"create", r"registration\ .+", r"copy\ agenda"} <= set(actions), "the reading of planner/ found too little"
    covered = {c.action for c in CASES}
    missing = {
        pattern: places
        for pattern, places in actions.items()
        if not any(re.fullmatch(pattern, action) for action in covered)
    }
    assert not missing, f"audited actions without a case in {Path(__file__).name}: {missing}"
    stale = {action for action in covered if not any(re.fullmatch(pattern, action) for pattern in actions)}
    assert not stale, f"cases of actions nothing records any more: {stale}"


# --- the reader's language, and the cost of a long trail ------------------------------------------------


def test_the_trail_reads_in_the_readers_language(app, client, signed_in):
    with app.app_context():
        shown = update_event(get_session())
    signed_in("admin")
    page = client.get(shown.path + "?lang=fr").get_data(as_text=True)
    entries = _entries(page)
    [update] = [text for action, text in entries if action == "update"]
    [create] = [text for action, text in entries if action == "create"]
    with app.test_request_context("/?lang=fr"):
        french = date_and_time(datetime(2027, 3, 1, 9, tzinfo=BANGKOK), BANGKOK)
    assert "mars 2027" in french and french in update and "début" in update
    assert all(word in create for word in ("Thaïlande", "Conférence", "Programmée", "Oui")), create
    assert not any(_raw_values(text) for _action, text in entries)


def test_the_page_costs_the_same_queries_for_a_long_trail(app, client, signed_in):
    """Names are looked up once per kind of id on the page, not once per entry."""
    with app.app_context():
        session = get_session()
        event = _event(session)
        venues = [_venue(session, {**VENUE, "name": f"Venue {n}"}) for n in range(12)]
    signed_in("admin")
    path = f"/manage/events/{event.id}"

    def move_to(venue_numbers):
        with app.app_context():
            session = get_session()
            for n in venue_numbers:
                current = session.get(Event, event.id)
                editing.update_event(session, ACTOR, current, _values(venue_id=venues[n].id), Decisions(False))

    move_to([0, 1])
    response, short = counted_get(app, client, path)
    assert response.status_code == 200
    move_to(range(2, 12))
    response, long = counted_get(app, client, path)
    page = response.get_data(as_text=True)
    updates = [text for action, text in _entries(page) if action == "update"]
    assert len(updates) == 12 and all(f"Venue {n}" in page for n in range(12))
    assert long == short, f"queries: {short} for the shorter trail, {long} for the longer"


def test_unknown_actions_and_fields_read_as_words(app):
    """A new action or field nobody labelled yet still reads as words, never as a key."""
    from planner.audit.display import readable
    from planner.audit.models import AuditEntry

    entry = AuditEntry(
        actor=ACTOR,
        object_type="nothing",
        object_id="1",
        action="send_reminder",
        before=None,
        after={"widget_id": 3, "sent_at": "2027-02-15T02:00:00+00:00", "paused": False},
        at=datetime(2027, 2, 1, tzinfo=timezone.utc),
    )
    with app.test_request_context():
        [shown] = readable([entry], session=get_session())
        changes = {change.label: change.after for change in shown.changes}
        assert shown.label == "Send reminder"
        assert changes == {"widget": "3", "sent at": "15 February 2027, 02:00", "paused": "No"}
        assert readable([entry], session=get_session()).zone == "UTC"
