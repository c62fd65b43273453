"""The e-mails registration sends, queued in the caller's transaction (see outbox.py).

Each e-mail is written in the participant's language (`Registration.language`), whoever causes it:
the participant, the secretariat approving, someone else's cancellation freeing a seat, a command.
It is composed under `flask_babel.force_locale`, which needs only an app context (requests and
`flask` commands have one), so the catalogue and the Babel dates of planner.formatting follow it.
The event's title is looked up in that language explicitly: `localized()` alone would read the
request's cached translations, in the language of whoever clicked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from planner.events.formatting import event_when
from planner.events.models import Event
from planner.events.translations import Reader, for_reader, localized, translations_for
from planner.registration.ics import event_ics
from planner.registration.models import Registration, Status
from planner.registration.outbox import Attachment, new_mail, queue_mail
from planner.registration.salutation import salutation
from planner.registration.tokens import PLACEHOLDER
from planner.urls import site_root

STATUS_SENTENCES = {
    Status.CONFIRMED: _l("Your registration is confirmed: a seat is reserved for you."),
    Status.WAITLISTED: _l(
        "The event is full, so you are on the waiting list. If a seat becomes free "
        "you will be confirmed automatically, in the order of registration, "
        "and we will write to you."
    ),
    Status.PENDING: _l(
        "Your registration is pending approval by the secretariat. We will write to you once it has been reviewed."
    ),
    Status.CANCELLED: _l("Your registration is cancelled."),
    Status.REJECTED: _l("Your registration could not be accepted."),
    Status.EVENT_CANCELLED: _l("The event has been cancelled, and your registration with it."),
}


def private_link(language: str) -> str:
    """The participant's private link, opening in their language, with the token left as a
    placeholder: the sender puts the token in when it sends (planner.registration.tokens)."""
    return f"{site_root()}/registrations/{PLACEHOLDER}?lang={language}"


@contextmanager
def _in_language(
    session: Session, registration: Registration, event: Event, reader: Reader | None = None
) -> Iterator[str]:
    """Compose under the participant's locale; yields the event's title in that language.

    `reader`: `for_reader` of the participant's language, when the caller has it (for the .ics):
    then no query runs here, and none at all for a participant who reads the language events are
    entered in."""
    translations = reader[1] if reader else translations_for(session, registration.language, [event.id])
    with force_locale(registration.language):
        yield localized(event, "title", translations)


def _body(registration: Registration, event: Event, title: str, opening: str, link: str | None) -> str:
    lines = [
        _("Dear %(name)s,", name=salutation(registration)),
        "",
        opening,
        "",
        _("Event: %(title)s", title=title),
        _("When: %(when)s", when=event_when(event)),
        _("Category: %(category)s", category=registration.category_label),
    ]
    if link:
        lines += [
            "",
            _(
                "Your private link to view, change or cancel the registration "
                "(keep it to yourself; anyone with it can change your registration):"
            ),
            link,
        ]
    signature = _("United Nations Office for South-South Cooperation: event secretariat")
    return "\n".join(lines + ["", signature, ""])


def compose_confirmation(session: Session, registration: Registration, event: Event, nonce: str) -> dict[Status, dict]:
    """The first mail of a registration not yet taken, as the outbox row's column values, for
    each status it may get (its status is decided later, under the event's lock, where only the
    row for the status decided is inserted). Composing it (the catalogue, Babel dates, the VTIMEZONE,
    the .ics, checking the address) used to take half the time the lock was held."""
    attachments = []
    reader = for_reader(session, registration.language, [event.id])
    with _in_language(session, registration, event, reader) as title:
        ics = event_ics(session, event, site_root(), current_app.config["PUBLIC_HOST"], registration.language, reader)
        if ics is not None:
            attachments.append(Attachment(f"{event.slug}.ics", "text/calendar", ics))
        subject = _("Registration received: %(title)s", title=title)
        # One body, the status sentence put in per status: the three differ only there.
        body = _body(registration, event, title, _STATUS_SENTENCE, private_link(registration.language))
        bodies = {status: body.replace(_STATUS_SENTENCE, str(STATUS_SENTENCES[status])) for status in NEW}
    row = new_mail(registration.email, subject, "", attachments, link_nonce=nonce).model_dump(exclude={"id"})
    return {status: {**row, "body": body} for status, body in bodies.items()}


NEW = (Status.CONFIRMED, Status.WAITLISTED, Status.PENDING)  # the statuses a new registration may get
_STATUS_SENTENCE = "\x00status\x00"  # where the first mail's status sentence goes (no text holds NUL)


def _status_subject(status: Status, title: str) -> str:
    """The subject of a status change (call under the participant's locale)."""
    if status == Status.CONFIRMED:
        return _("Your seat is confirmed: %(title)s", title=title)
    if status == Status.REJECTED:
        return _("Registration not accepted: %(title)s", title=title)
    if status == Status.CANCELLED:
        return _("Registration cancelled: %(title)s", title=title)
    if status == Status.WAITLISTED:
        return _("On the waiting list: %(title)s", title=title)
    return _("Registration update: %(title)s", title=title)


def status_changed(session: Session, registration: Registration, event: Event, reason: str | None = None) -> None:
    """Promotion from the waiting list, approval, rejection, restoring or cancellation.

    `reason`: the secretariat's own words (why it rejected), quoted as written: they are not translated."""
    status = Status(registration.status)
    with _in_language(session, registration, event) as title:
        subject = _status_subject(status, title)
        opening = str(STATUS_SENTENCES[status])
        if reason:
            opening += "\n\n" + _("The secretariat gave this reason:") + "\n" + reason
        body = _body(registration, event, title, opening, None)
    queue_mail(session, registration.email, subject, body)


def new_link(session: Session, registration: Registration, event: Event, nonce: str) -> None:
    with _in_language(session, registration, event) as title:
        subject = _("Your private registration link: %(title)s", title=title)
        body = _body(
            registration,
            event,
            title,
            _("You asked for your private link again. Once you open this new link, the old one stops working."),
            private_link(registration.language),
        )
    queue_mail(session, registration.email, subject, body, link_nonce=nonce)


def letter_ready(session: Session, registration: Registration, event: Event) -> None:
    """The letter of invitation waits on the private page. The e-mail holds no passport data and
    no attachment: mail passes through servers the secretariat does not control."""
    with _in_language(session, registration, event) as title:
        subject = _("Your letter of invitation: %(title)s", title=title)
        body = _body(
            registration,
            event,
            title,
            _(
                "Your letter of invitation for the visa is ready. Download it from your private page, "
                "under \u201cLetter of invitation\u201d, and present it at the consulate."
            ),
            private_link(registration.language) if registration.link_nonce else None,
        )
    queue_mail(session, registration.email, subject, body, link_nonce=registration.link_nonce)
