"""Public pages of the list of speakers: the list by meeting, and a delegation's inscription
through its private delegation link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from planner import pagecache
from planner.db import get_session
from planner.delegations.models import RepresentationLevel
from planner.delegations.views import open_delegation
from planner.events.queries import EVENT_ID, EVENT_PAGE, published_event_or_404
from planner.speakers import editing, queries
from planner.speakers.editing import ListError, SpeakerValues
from planner.speakers.forms import InscriptionForm
from planner.speakers.models import SpeakersList
from planner.validation import ModelValidationError

bp = Blueprint("speakers", __name__)


@bp.app_template_filter("speaker_level")
def speaker_level(level: str) -> str:
    return RepresentationLevel(level).label


@bp.after_request
def _private_pages_stay_private(response):
    if request.endpoint == "speakers.inscribe":
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.app_template_global()
def has_speakers_list(event) -> bool:
    """For the event page: whether it links to a list of speakers (one with its settings saved)."""
    return queries.settings(get_session(), event.id) is not None


def _list_fingerprint() -> list:
    """The event page links to the list once it exists (planner.pagecache)."""
    return [select(select(SpeakersList.updated_at).where(SpeakersList.event_id == EVENT_ID).scalar_subquery())]


bp.record_once(lambda state: pagecache.add_fingerprint(state.app, EVENT_PAGE, _list_fingerprint))


@bp.get("/events/<slug>/speakers")
def speakers_list(slug: str):
    """The list of speakers by meeting, with the time limit per statement."""
    event = published_event_or_404(slug)
    settings, blocks = queries.speakers_list(get_session(), event.id)
    if settings is None and not any(block.entries for block in blocks):
        abort(404, description=_("This event has no list of speakers."))
    return render_template("speakers/list.html", event=event, settings=settings, blocks=blocks)


@bp.route("/delegations/<token>/speaker", methods=["GET", "POST"])
def inscribe(token: str):
    """The focal point inscribes (or changes) the delegation's speaker in the general debate."""
    delegation, event = open_delegation(token)
    session = get_session()
    current = queries.inscription_of(session, delegation.id)
    form = InscriptionForm(obj=current) if request.method == "GET" and current else InscriptionForm()
    if form.validate_on_submit():
        values = SpeakerValues(form.speaker_name.data, form.speaker_title.data or "", form.level.data)
        try:
            editing.inscribe(session, event, delegation, values)
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except ListError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The speaker is inscribed; the focal point was e-mailed."), "success")
            return redirect(url_for("delegations.show", token=token))
    settings = queries.settings(session, event.id)
    return render_template(
        "speakers/inscribe.html",
        event=event,
        delegation=delegation,
        token=token,
        form=form,
        current=current,
        settings=settings,
    ), (422 if form.is_submitted() else 200)
