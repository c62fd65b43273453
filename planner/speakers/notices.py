"""E-mails about the list of speakers, to the delegation's focal point in the language the
delegation was registered in, queued in the caller's transaction."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session

from planner.delegations.models import Delegation, RepresentationLevel
from planner.delegations.queries import delegation_name
from planner.events.models import Event
from planner.events.translations import localized, translations_for
from planner.registration.outbox import queue_mail
from planner.speakers.models import Inscription


def _title(session: Session, event: Event, delegation: Delegation) -> str:
    return localized(event, "title", translations_for(session, delegation.language, [event.id]))


def _send(session: Session, delegation: Delegation, subject: str, opening: str, title: str, inscription) -> None:
    lines = [
        _("Dear %(name)s,", name=delegation.focal_name),
        "",
        opening,
        "",
        _("Event: %(title)s", title=title),
        _("Delegation: %(delegation)s", delegation=delegation_name(delegation, delegation.language)),
        _(
            "Speaker: %(name)s (%(level)s)",
            name=inscription.speaker_name,
            level=RepresentationLevel(inscription.level).label,
        ),
        _("The list of speakers, by meeting, is on the event's page."),
        "",
        _("United Nations Office for South-South Cooperation: event secretariat"),
        "",
    ]
    queue_mail(session, delegation.focal_email, subject, "\n".join(lines))


def inscribed(session: Session, event: Event, delegation: Delegation, inscription: Inscription) -> None:
    with force_locale(delegation.language):
        title = _title(session, event, delegation)
        opening = _("Your delegation's speaker in the general debate is inscribed as follows.")
        _send(session, delegation, _("List of speakers: %(title)s", title=title), opening, title, inscription)


def withdrawn(session: Session, event: Event, delegation: Delegation, inscription: Inscription) -> None:
    with force_locale(delegation.language):
        title = _title(session, event, delegation)
        opening = _("Your delegation's speaker was taken off the list of speakers.")
        _send(session, delegation, _("List of speakers: %(title)s", title=title), opening, title, inscription)


def order_changed(session: Session, event: Event, delegation: Delegation, inscription: Inscription) -> None:
    with force_locale(delegation.language):
        title = _title(session, event, delegation)
        opening = _("The secretariat changed your delegation's place on the list of speakers.")
        _send(session, delegation, _("List of speakers changed: %(title)s", title=title), opening, title, inscription)
