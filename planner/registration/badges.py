"""Badges with a QR code, laid out for the event's badge stock, and check-in at the door.

A badge sheet is one printed page of the event's stock (`PER_SHEET`, Event.badge_layout): A6
(one badge), A4 cut in four A6 badges, or the inserts of the common 4 × 3 inch badge holder (102 ×
76 mm, six on A4). The page groups the badges by sheet itself, each sheet one page in print
(static/badges.css), so no badge is ever cut across two pages, whatever the browser's own
page-breaking does with grids.

The QR code holds a check-in URL under /manage/ with a code derived from the registration id
by HMAC with SECRET_KEY: it cannot be guessed or forged, needs no column, and is not the
participant's private link (a badge lost in a corridor must not let anyone cancel or edit the
registration). Opening the URL needs a signed-in secretariat account; checking in is a POST.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime

import qrcode
import qrcode.image.svg
from flask_babel import gettext as _
from markupsafe import Markup
from sqlmodel import Session, select

from planner.db import transaction
from planner.events.models import BadgeLayout, Event
from planner.input_guard import parse_id
from planner.registration.models import Category, Registration, Status
from planner.un_states import state_name
from planner.urls import absolute_url


def checkin_code(secret_key: str, registration_id: int) -> str:
    digest = hmac.new(secret_key.encode(), f"check-in:{registration_id}".encode(), hashlib.sha256)
    return f"{registration_id}-{digest.hexdigest()[:24]}"


def registration_for_code(session: Session, secret_key: str, code: str) -> Registration | None:
    """The registration a scanned code names, or None for a malformed or forged code."""
    number, _dash, _rest = code.partition("-")
    registration_id = parse_id(number)  # ASCII digits only: "²" and "١٢٣" are not ids
    if registration_id is None or len(code) > 40 or not code.isascii():
        return None
    if not hmac.compare_digest(checkin_code(secret_key, registration_id), code):
        return None
    return session.get(Registration, registration_id)


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code of `url` (paths only: no script, no style attribute)."""
    image = qrcode.make(
        url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, error_correction=qrcode.constants.ERROR_CORRECT_M
    )
    return Markup(image.to_string(encoding="unicode"))


# Badges per printed sheet of each stock.
PER_SHEET = {BadgeLayout.A6: 1, BadgeLayout.A4_QUARTER: 4, BadgeLayout.HOLDER_4X3: 6}
# Names longer than these (in characters) print smaller, so that the longest one a registration
# holds (honorific, given and family names: 220 characters) still fits its badge (static/badges.css).
NAME_SIZES = ((20, ""), (32, "name-long"), (60, "name-longer"))
LONG_AFFILIATION = 60


@dataclass(frozen=True)
class Badge:
    registration: Registration
    affiliation: str
    qr: Markup

    @property
    def name_size(self) -> str:
        """The name's size class: none (the largest) for short names, smaller ones for longer."""
        length = len(self.registration.full_name)
        return next((size for most, size in NAME_SIZES if length <= most), "name-longest")

    @property
    def affiliation_size(self) -> str:
        return "affiliation-long" if len(self.affiliation) > LONG_AFFILIATION else ""


def affiliation(registration: Registration) -> str:
    """What a badge prints under the name, in the sheet's language: the State a Member State's
    delegate represents, by its UN short name; the same for a member of an observer State's
    delegation, whose registration keeps the State as its country and the State's English UN name
    as its organisation (planner.delegations.editing.member_values); everyone else's organisation."""
    if registration.represents:
        return state_name(registration.represents)
    if (
        registration.category == Category.OBSERVER_STATE
        and registration.country
        and registration.organisation == state_name(registration.country, "en")
    ):
        return state_name(registration.country)
    return registration.organisation


def badge_sheets(session: Session, event: Event, secret_key: str) -> list[list[Badge]]:
    """The confirmed participants' badges, grouped by printed sheet of the event's stock."""

    def badge(registration: Registration) -> Badge:
        scanned = absolute_url("registration_manage.scanned", code=checkin_code(secret_key, registration.id))
        return Badge(registration, affiliation(registration), qr_svg(scanned))

    badges = [badge(r) for r in badge_registrations(session, event.id)]
    size = PER_SHEET[BadgeLayout(event.badge_layout)]
    return [badges[at : at + size] for at in range(0, len(badges), size)]


def badge_registrations(session: Session, event_id: int) -> list[Registration]:
    return list(
        session.exec(
            select(Registration)
            .where(Registration.event_id == event_id, Registration.status == Status.CONFIRMED)
            .order_by(Registration.family_name, Registration.given_name)
        )
    )


# What separates the words of a name as people type it: spaces and the hyphens of compound names.
_WORDS = re.compile(r"[\s\-\u2010\u2011\u2013]+")


def search(session: Session, event_id: int, text: str) -> list[Registration]:
    """Confirmed participants matching every word typed, each word found (case-blind) in the given
    name, the family name or the e-mail address: "Jean Baptiste", "jean-baptiste ndiaye" and
    "jb.ndiaye@example.org" all find Jean-Baptiste Ndiaye, as a desk types them."""
    words = [word for word in _WORDS.split(text.strip().lower()) if word]
    if not words:
        return []
    conditions = []
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"  # typed literally
        conditions.append(
            Registration.given_name.ilike(pattern, escape="\\")
            | Registration.family_name.ilike(pattern, escape="\\")
            | Registration.email.ilike(pattern, escape="\\")
        )
    return list(
        session.exec(
            select(Registration)
            .where(Registration.event_id == event_id, Registration.status == Status.CONFIRMED, *conditions)
            .order_by(Registration.family_name)
            .limit(50)
        )
    )


class NotConfirmed(Exception):
    pass


def check_in(session: Session, registration: Registration, now: datetime) -> bool:
    """Mark the participant present; False when they already were (the first time is kept).

    One conditional UPDATE, so two scanners at two doors cannot both record a first arrival."""
    if registration.status != Status.CONFIRMED:
        raise NotConfirmed(
            _(
                "%(name)s is %(status)s, not confirmed.",
                name=registration.full_name,
                status=registration.status_label.lower(),
            )
        )
    table = Registration.__table__
    with transaction(session):
        result = session.execute(
            table.update()
            .where(table.c.id == registration.id, table.c.checked_in_at.is_(None))
            .values(checked_in_at=now)
        )
    session.refresh(registration)
    return result.rowcount == 1


def undo_check_in(session: Session, actor: str, registration: Registration) -> bool:
    """Take back a check-in made by mistake (the wrong "Jean" at a busy door); False when the
    participant was not checked in. Recorded in the registration's history, with the time undone."""
    if registration.checked_in_at is None:
        return False
    with transaction(session, actor) as tx:
        before = {"checked_in_at": registration.checked_in_at}
        registration.checked_in_at = None
        session.add(registration)
        tx.record(registration, "undo check-in", before, {"checked_in_at": None})
    return True
