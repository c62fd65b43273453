"""The e-mails registration sends, queued in the caller's transaction (see outbox.py)."""
from __future__ import annotations

from flask import current_app, has_request_context, request
from sqlmodel import Session

from planner.events.models import Event
from planner.registration.ics import event_ics
from planner.registration.models import Registration, Status
from planner.registration.outbox import Attachment, queue_mail

SIGNATURE = "United Nations Office for South-South Cooperation: event secretariat"

STATUS_SENTENCES = {
    Status.CONFIRMED: "Your registration is confirmed: a seat is reserved for you.",
    Status.WAITLISTED: ("The event is full, so you are on the waiting list. If a seat becomes free "
                        "you will be confirmed automatically, in the order of registration, "
                        "and we will write to you."),
    Status.PENDING: ("Your registration is pending approval by the secretariat. We will write to "
                     "you once it has been reviewed."),
    Status.CANCELLED: "Your registration is cancelled.",
    Status.REJECTED: "Your registration could not be accepted.",
}


def site_url() -> str:
    """The site's absolute root: the requested host in a request, else PUBLIC_HOST."""
    if has_request_context():
        root = request.host_url.rstrip("/")
        scheme = current_app.config["PREFERRED_URL_SCHEME"]
        return scheme + root[root.index("://"):]
    return f"{current_app.config['PREFERRED_URL_SCHEME']}://{current_app.config['PUBLIC_HOST']}"


def private_link(token: str) -> str:
    return f"{site_url()}/registrations/{token}"


def _body(registration: Registration, event: Event, opening: str, link: str | None) -> str:
    lines = [f"Dear {registration.full_name},", "", opening, "",
             f"Event: {event.title}", f"Category: {registration.category_label}"]
    if link:
        lines += ["", "Your private link to view, change or cancel the registration "
                  "(keep it to yourself; anyone with it can change your registration):", link]
    return "\n".join(lines + ["", SIGNATURE, ""])


def confirmation(session: Session, registration: Registration, event: Event, token: str) -> None:
    """The first mail: the status in words, the private link and the event as .ics."""
    attachments = []
    ics = event_ics(session, event, site_url(), current_app.config["PUBLIC_HOST"])
    if ics is not None:
        attachments.append(Attachment(f"{event.slug}.ics", "text/calendar", ics))
    queue_mail(session, registration.email, f"Registration received: {event.title}",
               _body(registration, event, STATUS_SENTENCES[Status(registration.status)],
                     private_link(token)), attachments)


def status_changed(session: Session, registration: Registration, event: Event) -> None:
    """Promotion from the waiting list, approval, rejection or cancellation."""
    subject = {Status.CONFIRMED: "Your seat is confirmed", Status.REJECTED: "Registration not accepted",
               Status.CANCELLED: "Registration cancelled", Status.WAITLISTED: "On the waiting list"}
    queue_mail(session, registration.email,
               f"{subject.get(Status(registration.status), 'Registration update')}: {event.title}",
               _body(registration, event, STATUS_SENTENCES[Status(registration.status)], None))


def new_link(session: Session, registration: Registration, event: Event, token: str) -> None:
    queue_mail(session, registration.email, f"Your private registration link: {event.title}",
               _body(registration, event, "You asked for your private link again; the old one "
                     "no longer works.", private_link(token)))
