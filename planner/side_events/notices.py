"""E-mails to a side event's proposer, in the language they wrote the proposal in, queued in the
caller's transaction. The proposal's private link is left as the outbox placeholder and put in by
the sender (planner.registration.tokens), so no page or database row holds it."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session

from planner.agenda.models import AgendaSession
from planner.events.models import Event, Room
from planner.events.translations import localized, translations_for
from planner.formatting import date_long, time_range
from planner.registration.outbox import queue_mail
from planner.registration.tokens import PLACEHOLDER
from planner.side_events.models import Proposal, ProposalStatus
from planner.urls import site_root


def proposal_link(language: str) -> str:
    return f"{site_root()}/side-events/{PLACEHOLDER}?lang={language}"


def _title(session: Session, event: Event, language: str) -> str:
    return localized(event, "title", translations_for(session, language, [event.id]))


def _send(session: Session, proposal: Proposal, subject: str, lines: list[str], nonce: str | None = None) -> None:
    body = [
        _("Dear %(name)s,", name=proposal.proposer_name),
        "",
        *lines,
        "",
        _("United Nations Office for South-South Cooperation: event secretariat"),
        "",
    ]
    queue_mail(session, proposal.proposer_email, subject, "\n".join(body), link_nonce=nonce)


def received(session: Session, event: Event, proposal: Proposal, nonce: str) -> None:
    """The proposal arrived; the private link follows and changes it until the call closes."""
    with force_locale(proposal.proposer_language):
        title = _title(session, event, proposal.proposer_language)
        lines = [
            _(
                "We received your side-event proposal “%(proposal)s” for %(title)s.",
                proposal=proposal.title,
                title=title,
            ),
            _("Reference: side event no. %(number)s", number=proposal.number),
            "",
            _(
                "Your proposal's link, to follow it and to change or withdraw it until the call closes "
                "(keep it to yourself; anyone with it can change the proposal):"
            ),
            proposal_link(proposal.proposer_language),
        ]
        _send(session, proposal, _("Side-event proposal received: %(title)s", title=title), lines, nonce)


def withdrawn(session: Session, event: Event, proposal: Proposal) -> None:
    with force_locale(proposal.proposer_language):
        title = _title(session, event, proposal.proposer_language)
        lines = [_("Your side-event proposal “%(proposal)s” is withdrawn.", proposal=proposal.title)]
        _send(session, proposal, _("Side-event proposal withdrawn: %(title)s", title=title), lines)


def decided(session: Session, event: Event, proposal: Proposal) -> None:
    """The secretariat's decision and its message."""
    with force_locale(proposal.proposer_language):
        title = _title(session, event, proposal.proposer_language)
        status = ProposalStatus(proposal.status)
        opening = {
            ProposalStatus.ACCEPTED: _(
                "Your side event “%(proposal)s” is accepted. The secretariat will tell you its room and time.",
                proposal=proposal.title,
            ),
            ProposalStatus.WAITLISTED: _(
                "Your side event “%(proposal)s” is on the waiting list: it will be accepted if a slot frees up.",
                proposal=proposal.title,
            ),
            ProposalStatus.DECLINED: _(
                "We regret that your side event “%(proposal)s” could not be accepted.", proposal=proposal.title
            ),
        }[status]
        lines = [opening]
        if proposal.decision_message:
            lines += ["", _("Message from the secretariat:"), proposal.decision_message]
        subject = _("Side-event proposal: %(status)s (%(title)s)", status=status.label, title=title)
        _send(session, proposal, subject, lines)


def placed(session: Session, event: Event, proposal: Proposal, agenda_session: AgendaSession) -> None:
    """The side event's room and time, in the event's zone."""
    with force_locale(proposal.proposer_language):
        title = _title(session, event, proposal.proposer_language)
        room = session.get(Room, agenda_session.room_id) if agenda_session.room_id else None
        start = agenda_session.starts_at.astimezone(event.zone)
        lines = [
            _("Your side event “%(proposal)s” is on the programme of %(title)s.", proposal=proposal.title, title=title),
            _(
                "When: %(day)s, %(times)s (%(zone)s)",
                day=date_long(start),
                times=time_range(agenda_session.starts_at, agenda_session.ends_at, event.zone),
                zone=event.timezone,
            ),
            _("Where: %(room)s", room=room.name if room else _("room to be announced")),
            _("The side events of the conference are listed on its page, with a calendar feed."),
        ]
        _send(session, proposal, _("Side event scheduled: %(title)s", title=title), lines)
