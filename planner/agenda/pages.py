"""Public pages of one session and of one person (issue 19): a session's time, room, people,
description, mandate references and add-to-calendar links; a person's details and their sessions.

Only published sessions of published events are shown; a person with none is a 404, so a name
typed into a draft is not published before its session is. Mandate references and the session's
.ics come from the packages above (the `session_mandates` and `calendar_subscription` template
globals), as on the event page.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _

from planner.agenda import people, photos, queries
from planner.agenda.models import Person
from planner.db import get_session
from planner.events.queries import published_event_or_404

bp = Blueprint("agenda_pages", __name__)
bp.add_app_template_global(photos.version, "photo_version")


@bp.get("/events/<slug>/sessions/<int:session_id>")
def session(slug: str, session_id: int):
    event = published_event_or_404(slug)
    found = queries.published_session(get_session(), event.id, session_id)
    if found is None:
        abort(404, description=_("This event has no published session number %(id)s.", id=session_id))
    return render_template("agenda/session.html", event=event, s=found)


@bp.get("/people/<int:person_id>")
def person(person_id: int):
    found = get_session().get(Person, person_id)
    sessions = people.published_sessions_of(get_session(), person_id) if found else []
    if not sessions:
        abort(404, description=_("Nobody with the number %(id)s takes part in a published session.", id=person_id))
    return render_template("agenda/person.html", person=found, sessions=sessions)


@bp.get("/people/<int:person_id>/photo")
def person_photo(person_id: int):
    """The photo on a person's public page: public only while the page is (a person in a
    published session); 404 otherwise, as the page."""
    found = get_session().get(Person, person_id)
    if found is None or not people.published_sessions_of(get_session(), person_id):
        abort(404, description=_("Nobody with the number %(id)s takes part in a published session.", id=person_id))
    return photos.serve(found, public=True)
