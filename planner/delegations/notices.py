"""The e-mails of delegations and accreditation, queued in the caller's transaction.

The focal point's mails are written in the language the delegation was submitted in, a person's
in their own (`Registration.language`), whoever causes them, as every registration mail is
(planner.registration.notices). The delegation's private link is left as the outbox placeholder
and put in by the sender, so no page or database row holds it."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session

from planner.delegations.models import Delegation
from planner.delegations.queries import delegation_name
from planner.events.formatting import event_when
from planner.events.models import Event
from planner.events.translations import localized, translations_for
from planner.registration.models import Accreditation, Registration
from planner.registration.outbox import queue_mail
from planner.registration.salutation import salutation
from planner.registration.tokens import PLACEHOLDER
from planner.urls import site_root


def delegation_link(language: str) -> str:
    return f"{site_root()}/delegations/{PLACEHOLDER}?lang={language}"


def _title(session: Session, event: Event, language: str) -> str:
    return localized(event, "title", translations_for(session, language, [event.id]))


def delegation_received(
    session: Session, delegation: Delegation, event: Event, people: list[Registration], nonce: str
) -> None:
    """To the focal point: what was registered, each person's status, and the delegation link."""
    with force_locale(delegation.language):
        title = _title(session, event, delegation.language)
        name = delegation_name(delegation, delegation.language)
        lines = [
            _("Dear %(name)s,", name=delegation.focal_name),
            "",
            _("The delegation of %(delegation)s to %(title)s is registered.", delegation=name, title=title),
            _("When: %(when)s", when=event_when(event)),
            "",
            _("Members (each receives their own confirmation and private link):"),
            *[f"- {person.full_name}, {person.function or '—'}: {person.status_label}" for person in people],
            "",
            _(
                "Your delegation link, to add, change or withdraw members until registration closes "
                "(keep it to yourself; anyone with it can change the delegation):"
            ),
            delegation_link(delegation.language),
            "",
            _(
                "Credentials, issued by the Head of State or Government or by the Minister for Foreign Affairs, "
                "should reach the secretariat before the event."
            ),
            "",
            _("United Nations Office for South-South Cooperation: event secretariat"),
            "",
        ]
        subject = _("Delegation registered: %(title)s", title=title)
    queue_mail(session, delegation.focal_email, subject, "\n".join(lines), link_nonce=nonce)


def accreditation_decided(session: Session, registration: Registration, event: Event) -> None:
    """To the person: accredited, or refused with the secretariat's reason as written."""
    with force_locale(registration.language):
        title = _title(session, event, registration.language)
        if registration.accreditation == Accreditation.ACCREDITED:
            subject = _("You are accredited: %(title)s", title=title)
            opening = _("The secretariat has accredited you to %(title)s.", title=title)
        else:
            subject = _("Accreditation refused: %(title)s", title=title)
            opening = _("The secretariat could not accredit you to %(title)s.", title=title)
            if registration.accreditation_reason:
                opening += "\n\n" + _("The secretariat gave this reason:") + "\n" + registration.accreditation_reason
        lines = [
            _("Dear %(name)s,", name=salutation(registration)),
            "",
            opening,
            _("When: %(when)s", when=event_when(event)),
            "",
            _("United Nations Office for South-South Cooperation: event secretariat"),
            "",
        ]
    queue_mail(session, registration.email, subject, "\n".join(lines))
