"""Which event a management route of registration is about, for planner.accounts.permissions
(`event_permission_required(..., event_of=...)`): the route names a registration or a scanned
badge code or an event's slug or a letter of invitation, and the permission is checked on that
event. Also the reads of letters of invitation."""

from __future__ import annotations

from flask import abort, current_app
from flask_babel import gettext as _
from sqlmodel import select

from planner.db import get_session
from planner.events.queries import event_id_by_slug
from planner.registration import badges
from planner.registration.models import InvitationLetter, Registration


def event_of_registration(registration_id: int) -> int | None:
    return get_session().exec(select(Registration.event_id).where(Registration.id == registration_id)).first()


def event_of_check_in_code(code: str) -> int:
    """The event of the participant a badge's code names; a malformed or forged code is a 404
    that says so (before any permission is checked: a code proves nothing about its reader)."""
    registration = badges.registration_for_code(get_session(), current_app.config["SECRET_KEY"], code)
    if registration is None:
        abort(404, description=_("This badge code is not valid."))
    return registration.event_id


def event_of_slug(slug: str) -> int:
    """The event at /manage/events/<slug>/registrations; an unknown slug is a 404 that says so."""
    event_id = event_id_by_slug(slug)
    if event_id is None:
        abort(404, description=_("There is no event at /events/%(slug)s.", slug=slug))
    return event_id


def letter_of(session, registration_id: int) -> InvitationLetter | None:
    """The registration's request for a letter of invitation, if it made one."""
    return session.exec(select(InvitationLetter).where(InvitationLetter.registration_id == registration_id)).first()


def letters_of_event(session, event_id: int) -> list[tuple[InvitationLetter, Registration]]:
    """Every request for a letter of the event, with its registration, in registration order."""
    return list(
        session.exec(
            select(InvitationLetter, Registration)
            .join(Registration, Registration.id == InvitationLetter.registration_id)
            .where(Registration.event_id == event_id)
            .order_by(Registration.position)
        ).all()
    )


def event_of_letter(letter_id: int) -> int | None:
    """The event of the letter at /manage/letters/<id>.pdf (None: no such letter, a 404)."""
    of_letter = InvitationLetter.registration_id == Registration.id
    query = select(Registration.event_id).join(InvitationLetter, of_letter).where(InvitationLetter.id == letter_id)
    return get_session().exec(query).first()
