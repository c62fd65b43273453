"""The public agenda: a partial of the event page (`templates/agenda/_public_agenda.html`).

The event page stays the events package's; it includes the partial, which asks for its data
through the `public_agenda(event)` template global registered here. Only published sessions
are shown.
"""

from __future__ import annotations

from flask import Blueprint

from planner.agenda import queries
from planner.db import get_session
from planner.events.models import Event

bp = Blueprint("agenda", __name__)


@bp.app_template_global("public_agenda")
def public_agenda(event: Event) -> queries.PublicAgenda:
    return queries.public_agenda(get_session(), event)
