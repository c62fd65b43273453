"""Links to paragraphs made and removed by hand, from an event's or a session's management page
or from the paragraph's own.

Each change is recorded on what it links (the event or the session: "link", "unlink", with the
paragraph and the role), in the same transaction, and sets that row's `updated_at`, so the feeds
and pages that show its mandate references (their ETags and fingerprints) are built anew.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session

from planner.agenda.models import AgendaSession
from planner.db import transaction, utcnow
from planner.events.models import Event
from planner.mandates.links import add_link, find_link
from planner.mandates.models import LinkRole, MandateLink, Paragraph, Resolution


class LinkRefused(ValueError):
    """The link cannot be made or removed; the message says why (shown to the user)."""


def link_paragraph(
    session: Session,
    actor: str,
    resolution: Resolution,
    paragraph: Paragraph,
    role: LinkRole | str,
    *,
    event: Event | None = None,
    agenda_session: AgendaSession | None = None,
) -> MandateLink:
    """Link `paragraph` to an event or an agenda session with `role`; refused when that very link
    exists (the same paragraph may be linked with another role: "convenes" and "hosts")."""
    if role not in set(LinkRole):
        raise LinkRefused(_("unknown role %(role)r", role=role))
    if (event is None) == (agenda_session is None):
        raise LinkRefused(_("a link points at exactly one event or session"))
    ends = dict(symbol=resolution.symbol, number=paragraph.number, kind=paragraph.kind, role=role)
    if find_link(session, event=event, agenda_session=agenda_session, **ends):
        raise LinkRefused(_("this paragraph is already linked with that role"))
    target = event or agenda_session
    with transaction(session, actor) as tx:
        link = add_link(session, event=event, agenda_session=agenda_session, **ends)
        target.updated_at = utcnow()
        session.add(target)
        tx.record(target, "link", None, {"paragraph_id": link.paragraph_id, "role": str(role)})
    return link


def unlink(session: Session, actor: str, link: MandateLink) -> None:
    """Remove a link from an event or a session (a deadline's links go with the deadline)."""
    target = (
        session.get(Event, link.event_id)
        if link.event_id is not None
        else session.get(AgendaSession, link.session_id)
        if link.session_id is not None
        else None
    )
    if target is None:
        raise LinkRefused(_("only links to events and sessions are removed here"))
    before = {"paragraph_id": link.paragraph_id, "role": link.role}
    if link.paragraph_id is None:  # a resolution not imported: name the paragraph as the link does
        before = {"resolution_symbol": link.resolution_symbol, "paragraph_number": link.paragraph_number, **before}
    with transaction(session, actor) as tx:
        session.delete(link)
        target.updated_at = utcnow()
        session.add(target)
        tx.record(target, "unlink", before, None)
