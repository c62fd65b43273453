"""Every audited action commits with its audit entry or not at all (planner.db.transaction).

For each action the audit write is made to fail, in two ways: `record_change` itself raises, or
the database insert of the AuditEntry row fails during the flush. The change must then be
missing when read back through a fresh session; the same action run again without the failure
must land, with one more audit entry (which proves the probe looks at the right thing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

import planner.audit.trail
from planner.accounts import editing as accounts
from planner.accounts.models import EventRoleGrant, User
from planner.agenda import copying
from planner.agenda import editing as agenda
from planner.agenda.models import AgendaSession, Person
from planner.audit.models import AuditEntry
from planner.demo.seed import RESOLUTION
from planner.events import editing
from planner.events.editing import EventValues
from planner.events.models import Event, EventSeries, EventTranslation, Room, Venue
from planner.events.translations import save_translation
from planner.mandates import suggestions
from planner.mandates.importing import import_resolution
from planner.mandates.models import Resolution, SuggestionDecision
from planner.registration import editing as registration
from planner.registration import letters, secretariat
from planner.registration import queries as letter_queries
from planner.registration.models import Category, InvitationLetter, Registration, RegistrationSettings
from tests.registration.helpers import open_event, participant, visa_request

ACTOR = "ana@un.example"
SEED_TEXT = RESOLUTION["file"].read_text(encoding="utf-8")


class AuditFailure(RuntimeError):
    """The audit write failed (a full disk, a lost connection...)."""


@dataclass
class Action:
    """`act(session)` performs the audited change; `landed(fresh)` says whether it is stored."""

    act: Callable[[Session], object]
    landed: Callable[[Session], bool]


# --- the audited actions: each builds what it needs (committed), then returns its Action ----------


def _values(**changes) -> EventValues:
    base = dict(
        slug="atomic",
        title="Atomic briefing",
        kind="briefing",
        status="scheduled",
        timezone="America/New_York",
        city="New York",
        country="US",
        all_day=True,
        first_day=date(2030, 5, 6),
        last_day=date(2030, 5, 7),
    )
    return EventValues(**{**base, **changes})


def _event(session, **changes) -> Event:
    return editing.create_event(session, "setup", _values(**changes))


def _stored(model, object_id, **expected) -> Callable[[Session], bool]:
    def landed(fresh):
        row = fresh.get(model, object_id)
        return row is not None and all(getattr(row, k) == v for k, v in expected.items())

    return landed


def _exists(query) -> Callable[[Session], bool]:
    return lambda fresh: fresh.exec(query).first() is not None


def create_event(session):
    return Action(
        lambda s: editing.create_event(s, ACTOR, _values()), _exists(select(Event).where(Event.slug == "atomic"))
    )


def update_event(session):
    event_id = _event(session).id
    return Action(
        lambda s: editing.update_event(s, ACTOR, s.get(Event, event_id), _values(title="Renamed", city="Boston")),
        _stored(Event, event_id, title="Renamed", city="Boston"),
    )


def cancel_event(session):
    event_id = _event(session).id
    return Action(
        lambda s: editing.cancel_event(s, ACTOR, s.get(Event, event_id), "no room"),
        _stored(Event, event_id, status="cancelled", sequence=1),
    )


def postpone_event(session):
    event_id = _event(session).id
    return Action(
        lambda s: editing.postpone_event(s, ACTOR, s.get(Event, event_id)), _stored(Event, event_id, status="postponed")
    )


def create_series(session):
    return Action(
        lambda s: editing.save_series(s, ACTOR, None, dict(slug="expo", title="Expo", description="")),
        _exists(select(EventSeries).where(EventSeries.slug == "expo")),
    )


def update_series(session):
    series_id = editing.save_series(session, "setup", None, dict(slug="expo", title="Expo", description="")).id
    return Action(
        lambda s: editing.save_series(
            s, ACTOR, s.get(EventSeries, series_id), dict(slug="expo", title="Expo (renamed)", description="")
        ),
        _stored(EventSeries, series_id, title="Expo (renamed)"),
    )


VENUE = dict(name="Conference centre", address="", city="Nairobi", country="KE", timezone="Africa/Nairobi")


def create_venue(session):
    return Action(
        lambda s: editing.save_venue(s, ACTOR, None, dict(VENUE)),
        _exists(select(Venue).where(Venue.name == VENUE["name"])),
    )


def update_venue(session):
    venue_id = editing.save_venue(session, "setup", None, dict(VENUE)).id
    return Action(
        lambda s: editing.save_venue(s, ACTOR, s.get(Venue, venue_id), {**VENUE, "address": "UN Avenue"}),
        _stored(Venue, venue_id, address="UN Avenue"),
    )


def create_room(session):
    venue_id = editing.save_venue(session, "setup", None, dict(VENUE)).id
    return Action(
        lambda s: editing.save_room(s, ACTOR, s.get(Venue, venue_id), None, dict(name="Hall A", capacity=300)),
        _exists(select(Room).where(Room.name == "Hall A")),
    )


def update_room(session):
    venue = editing.save_venue(session, "setup", None, dict(VENUE))
    room_id = editing.save_room(session, "setup", venue, None, dict(name="Hall A", capacity=300)).id
    venue_id = venue.id
    return Action(
        lambda s: editing.save_room(
            s, ACTOR, s.get(Venue, venue_id), s.get(Room, room_id), dict(name="Hall A", capacity=500)
        ),
        _stored(Room, room_id, capacity=500),
    )


def translate_event(session):
    event_id = _event(session).id
    return Action(
        lambda s: save_translation(s, s.get(Event, event_id), "fr", "Réunion atomique", "", "", ACTOR),
        _exists(
            select(EventTranslation).where(EventTranslation.event_id == event_id, EventTranslation.language == "fr")
        ),
    )


def _session_values(title="Opening", hour=10, people=()) -> agenda.SessionValues:
    return agenda.SessionValues(
        title=title,
        kind="plenary",
        local_start=datetime(2030, 5, 6, hour),
        local_end=datetime(2030, 5, 6, hour + 1),
        people=list(people),
    )


def create_agenda_session(session):
    event_id = _event(session).id
    return Action(
        lambda s: agenda.save_session(
            s, ACTOR, s.get(Event, event_id), None, _session_values(people=[("chair", "A. Chair")])
        ),
        _exists(select(AgendaSession).where(AgendaSession.title == "Opening")),
    )


def update_agenda_session(session):
    event = _event(session)
    event_id = event.id
    session_id = agenda.save_session(session, "setup", event, None, _session_values()).id
    return Action(
        lambda s: agenda.save_session(
            s, ACTOR, s.get(Event, event_id), s.get(AgendaSession, session_id), _session_values(hour=14)
        ),
        _stored(AgendaSession, session_id, sequence=1),
    )


def delete_agenda_session(session):
    event = _event(session)
    session_id = agenda.save_session(session, "setup", event, None, _session_values()).id
    return Action(
        lambda s: agenda.delete_session(s, ACTOR, s.get(AgendaSession, session_id)),
        lambda fresh: fresh.get(AgendaSession, session_id) is None,
    )


def publish_agenda(session):
    event = _event(session)
    event_id = event.id
    session_id = agenda.save_session(session, "setup", event, None, _session_values()).id
    return Action(
        lambda s: agenda.publish_agenda(s, ACTOR, s.get(Event, event_id)),
        _stored(AgendaSession, session_id, published=True),
    )


def update_person(session):
    event = _event(session)
    saved = agenda.save_session(session, "setup", event, None, _session_values(people=[("speaker", "B. Speaker")]))
    person_id = saved.roles[0].person_id
    values = dict(name="B. Speaker", honorific="Dr", function="Director", organisation="UNOSSC", country="KE")
    return Action(
        lambda s: agenda.save_person(s, ACTOR, s.get(Person, person_id), values),
        _stored(Person, person_id, function="Director"),
    )


def copy_agenda(session):
    series_id = editing.save_series(session, "setup", None, dict(slug="expo", title="Expo", description="")).id
    source = _event(session, slug="expo-1", series_id=series_id, edition=1)
    target_id = _event(
        session, slug="expo-2", series_id=series_id, edition=2, first_day=date(2031, 5, 5), last_day=date(2031, 5, 6)
    ).id
    agenda.save_session(session, "setup", source, None, _session_values())
    source_id = source.id
    return Action(
        lambda s: copying.copy_agenda(s, ACTOR, s.get(Event, source_id), s.get(Event, target_id)),
        _exists(select(AgendaSession).where(AgendaSession.event_id == target_id)),
    )


def _import(session, **changes):
    args = dict(symbol="A/RES/71/244", title="South-South cooperation", adopted_on=date(2016, 12, 21))
    return import_resolution(session, SEED_TEXT, **{**args, **changes})


def import_a_resolution(session):
    return Action(
        lambda s: _import(s, actor=ACTOR), _exists(select(Resolution).where(Resolution.symbol == "A/RES/71/244"))
    )


def replace_a_resolution(session):
    resolution_id = _import(session).resolution.id
    return Action(
        lambda s: _import(s, title="South-South cooperation (new text)", replace=True, actor=ACTOR),
        _stored(Resolution, resolution_id, title="South-South cooperation (new text)"),
    )


def accept_a_suggestion(session):
    resolution_id = _import(session).resolution.id
    view = next(
        v
        for v in suggestions.list_suggestions(session, session.get(Resolution, resolution_id))
        if v.is_open and v.suggestion.target == "event"
    )
    return Action(
        lambda s: suggestions.accept(s, s.get(Resolution, resolution_id), view.key, actor=ACTOR),
        _exists(select(SuggestionDecision).where(SuggestionDecision.key == view.key)),
    )


def registration_settings(session):
    event_id = open_event(session, capacity=10).id
    values = secretariat.SettingsValues(
        opens_at=None,
        closes_at=None,
        capacity=25,
        requires_approval=True,
        categories=list(Category),
        quotas={"media": 2},
    )
    return Action(
        lambda s: secretariat.save_settings(s, ACTOR, s.get(Event, event_id), values),
        _exists(
            select(RegistrationSettings).where(
                RegistrationSettings.event_id == event_id, RegistrationSettings.capacity == 25
            )
        ),
    )


def _pending(session):
    event = open_event(session, capacity=1, requires_approval=True)
    registration_id = registration.register(session, event, participant(1))[0].id
    return event.id, registration_id


def approve_a_registration(session):
    event_id, registration_id = _pending(session)
    return Action(
        lambda s: registration.approve(s, ACTOR, s.get(Event, event_id), s.get(Registration, registration_id)),
        _stored(Registration, registration_id, status="confirmed"),
    )


def reject_a_registration(session):
    event_id, registration_id = _pending(session)
    return Action(
        lambda s: registration.reject(s, ACTOR, s.get(Event, event_id), s.get(Registration, registration_id)),
        _stored(Registration, registration_id, status="rejected"),
    )


PASSWORD = "correct horse battery staple"


def _user(session, role="viewer") -> int:
    return accounts.create_user(session, "setup", "viewer@un.example", PASSWORD, role).id


def create_a_user(session):
    return Action(
        lambda s: accounts.create_user(s, ACTOR, "new@un.example", PASSWORD, "manager"),
        _exists(select(User).where(User.email == "new@un.example")),
    )


def change_a_role(session):
    user_id = _user(session)
    return Action(
        lambda s: accounts.set_role(s, ACTOR, s.get(User, user_id), "manager"), _stored(User, user_id, role="manager")
    )


def deactivate_a_user(session):
    user_id = _user(session)
    return Action(lambda s: accounts.deactivate(s, ACTOR, s.get(User, user_id)), _stored(User, user_id, active=False))


def reactivate_a_user(session):
    user_id = _user(session)
    accounts.deactivate(session, "setup", session.get(User, user_id))
    return Action(lambda s: accounts.reactivate(s, ACTOR, s.get(User, user_id)), _stored(User, user_id, active=True))


def change_a_password(session):
    user_id = _user(session)
    old_hash = session.get(User, user_id).password_hash
    return Action(
        lambda s: accounts.set_password(s, ACTOR, s.get(User, user_id), "another long passphrase"),
        lambda fresh: fresh.get(User, user_id).password_hash != old_hash,
    )


def grant_an_event_role(session):
    user_id, event_id = _user(session, "none"), _event(session).id
    return Action(
        lambda s: accounts.grant_event_role(s, ACTOR, s.get(User, user_id), event_id, "check_in"),
        _exists(select(EventRoleGrant).where(EventRoleGrant.user_id == user_id)),
    )


def issue_a_letter_of_invitation(session):
    event_id = open_event(session, capacity=5, invitation_letters=True).id
    registration.register(session, session.get(Event, event_id), participant(1), letter=visa_request())
    return Action(
        lambda s: letters.issue(s, ACTOR, s.get(Event, event_id), letter_queries.letters_of_event(s, event_id)),
        _exists(select(InvitationLetter).where(InvitationLetter.status == "issued")),
    )


def remove_an_event_role(session):
    user_id, event_id = _user(session, "none"), _event(session).id
    grant_id = accounts.grant_event_role(session, "setup", session.get(User, user_id), event_id, "check_in").id
    return Action(
        lambda s: accounts.remove_event_role(s, ACTOR, s.get(User, user_id), s.get(EventRoleGrant, grant_id)),
        lambda fresh: fresh.get(EventRoleGrant, grant_id) is None,
    )


ACTIONS = [
    create_event,
    update_event,
    cancel_event,
    postpone_event,
    create_series,
    update_series,
    create_venue,
    update_venue,
    create_room,
    update_room,
    translate_event,
    create_agenda_session,
    update_agenda_session,
    delete_agenda_session,
    publish_agenda,
    update_person,
    copy_agenda,
    import_a_resolution,
    replace_a_resolution,
    accept_a_suggestion,
    registration_settings,
    approve_a_registration,
    reject_a_registration,
    create_a_user,
    change_a_role,
    deactivate_a_user,
    reactivate_a_user,
    change_a_password,
    grant_an_event_role,
    remove_an_event_role,
    issue_a_letter_of_invitation,
]


# --- the two ways an audit write fails ---------------------------------------------------------


def _record_change_raises(monkeypatch):
    def fail(*_args, **_kwargs):
        raise AuditFailure("record_change failed")

    monkeypatch.setattr(planner.audit.trail, "record_change", fail)
    return monkeypatch.undo


def _insert_fails(_monkeypatch):
    def fail(*_args):
        raise AuditFailure("the audit_entry row could not be written")

    sa.event.listen(AuditEntry, "before_insert", fail)
    return lambda: sa.event.remove(AuditEntry, "before_insert", fail)


FAILURES = {"record_change raises": _record_change_raises, "audit insert fails": _insert_fails}


def _audit_entries(fresh) -> int:
    return fresh.exec(select(func.count()).select_from(AuditEntry)).one()


@pytest.mark.parametrize("build", ACTIONS, ids=lambda build: build.__name__)
def test_a_change_is_not_saved_when_its_audit_entry_cannot_be(app, session, monkeypatch, build):
    """Both ways of failing, one after the other on the same database (one database per action
    keeps the suite's time down), then the action once more with the audit write working."""
    engine = app.extensions["planner.engine"]
    with app.test_request_context():
        action = build(session)
        session.expire_all()
        with Session(engine) as fresh:
            assert not action.landed(fresh), "the probe sees the change before it is made"
            entries = _audit_entries(fresh)

        for failure, make_fail in FAILURES.items():
            restore = make_fail(monkeypatch)
            try:
                with pytest.raises(AuditFailure):
                    action.act(session)
            finally:
                restore()
            with Session(engine) as fresh:
                assert not action.landed(fresh), f"{failure}: the change was saved without its audit entry"
                assert _audit_entries(fresh) == entries

        action.act(session)  # the same action, the audit write working: both land
        with Session(engine) as fresh:
            assert action.landed(fresh)
            assert _audit_entries(fresh) > entries
