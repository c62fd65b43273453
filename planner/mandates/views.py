"""Public mandate pages: the list of resolutions and one resolution's paragraphs; and the
mandate references other packages' public pages show, as template globals (`event_mandates`,
`session_mandates`): the event page and its agenda partial ask for them here, because the events
and agenda packages sit below mandates and do not import it."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from sqlmodel import select

from planner import pagecache
from planner.agenda.models import AgendaSession
from planner.db import get_session, utcnow
from planner.events.queries import EVENT_ID, EVENT_PAGE
from planner.mandates import queries, suggestions
from planner.mandates.links import MandateReference, references_for_events, references_for_sessions
from planner.mandates.models import MandateLink, Resolution

bp = Blueprint("mandates", __name__, url_prefix="/mandates")


@bp.app_template_global("event_mandates")
def event_mandates(event) -> list[MandateReference]:
    """The resolutions and paragraphs that mandate `event` (templates/events/show.html)."""
    return references_for_events(get_session(), [event.id]).get(event.id, [])


@bp.app_template_global("session_mandates")
def session_mandates(agenda_sessions) -> dict[int, list[MandateReference]]:
    """Mandate references of these agenda sessions, by session id, in one query (the public agenda)."""
    return references_for_sessions(get_session(), [s.id for s in agenda_sessions])


def _references_fingerprint() -> list:
    """The mandate references the event page shows, for its fingerprint (planner.pagecache): links
    are only ever added or deleted (counts, newest), and whether a symbol is an imported
    resolution decides between a link and plain text (every resolution: a short table)."""
    of_sessions = select(AgendaSession.id).where(AgendaSession.event_id == EVENT_ID, AgendaSession.published.is_(True))
    links = select(*pagecache.count_and_newest(MandateLink.id, MandateLink.created_at)).where(
        sa.or_(MandateLink.event_id == EVENT_ID, MandateLink.session_id.in_(of_sessions))
    )
    return [links, select(*pagecache.count_and_newest(Resolution.id, Resolution.updated_at))]


bp.record_once(lambda state: pagecache.add_fingerprint(state.app, EVENT_PAGE, _references_fingerprint))


@bp.get("/")
def index():
    session = get_session()
    return render_template(
        "mandates/index.html", resolutions=queries.list_resolutions(session), successions=queries.successions(session)
    )


@bp.get("/<slug>")
def show(slug: str):
    session = get_session()
    resolution = queries.find_resolution(session, slug)
    if resolution is None:
        abort(
            404, description=_("No resolution with the symbol %(symbol)s is imported.", symbol=slug.replace("-", "/"))
        )
    today = utcnow().date()
    return render_template(
        "mandates/show.html",
        view=queries.mandate_view(session, resolution),
        coverage=suggestions.coverage(session, resolution, today),
        deadlines=queries.resolution_deadlines(session, resolution),
        today=today,
    )
