"""Management pages of an event's agenda: the day-by-room timetable, session forms, publishing
and copying. Each view parses the request, calls one service and renders or redirects."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from planner.accounts.auth import current_actor, role_required
from planner.agenda import copying, editing, queries
from planner.agenda.forms import CopyAgendaForm, PersonForm, SessionForm
from planner.agenda.models import AgendaSession, Person
from planner.audit.trail import trail_for
from planner.db import get_or_404, get_session
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.forms import ActionForm
from planner.input_guard import parse_id
from planner.validation import ModelValidationError

bp = Blueprint("agenda_manage", __name__, url_prefix="/manage")


def _session_or_404(session_id: int) -> AgendaSession:
    agenda_session = get_or_404(AgendaSession, session_id, "session")
    return agenda_session


def _day_arg() -> date | None:
    """?day=YYYY-MM-DD; anything else means "the first day"."""
    try:
        return date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return None


def _timetable_url(event: Event, agenda_session: AgendaSession | None = None) -> str:
    day = queries.local_day(agenda_session.starts_at, event) if agenda_session else None
    return url_for(".timetable", event_id=event.id, day=day.isoformat() if day else None)


@bp.get("/events/<int:event_id>/agenda")
@role_required("viewer")
def timetable(event_id: int):
    event = event_or_404(event_id)
    table = queries.timetable(get_session(), event, _day_arg())
    return render_template("agenda/manage/timetable.html", event=event, table=table, action_form=ActionForm())


@bp.route("/events/<int:event_id>/agenda/new", methods=["GET", "POST"])
@role_required("manager")
def new_session(event_id: int):
    event = event_or_404(event_id)
    form = (
        SessionForm()
        if request.method == "POST"
        else SessionForm.prefilled(event, _day_arg(), parse_id(request.args.get("room")))
    )
    return _session_form(event, None, form)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required("manager")
def edit_session(session_id: int):
    agenda_session = _session_or_404(session_id)
    event = event_or_404(agenda_session.event_id)
    form = SessionForm() if request.method == "POST" else SessionForm.for_session(agenda_session, event)
    return _session_form(event, agenda_session, form)


def _session_form(event: Event, agenda_session: AgendaSession | None, form: SessionForm):
    db_session = get_session()
    form.setup(event, queries.event_rooms(db_session, event))
    conflicts = []
    if form.validate_on_submit():
        try:
            saved = editing.save_session(
                db_session, current_actor(), event, agenda_session, form.values(), form.override_reason
            )
        except editing.ConflictsFound as found:
            conflicts = found.conflicts
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            message = (
                _("Session “%(title)s” saved.", title=saved.title)
                if saved.published
                else _("Session “%(title)s” saved as a draft.", title=saved.title)
            )
            flash(message, "success")
            return redirect(_timetable_url(event, saved))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "agenda/manage/session_form.html", event=event, form=form, agenda_session=agenda_session, conflicts=conflicts
    ), status


@bp.get("/sessions/<int:session_id>")
@role_required("viewer")
def show_session(session_id: int):
    agenda_session = _session_or_404(session_id)
    event = event_or_404(agenda_session.event_id)
    return render_template(
        "agenda/manage/session.html",
        event=event,
        agenda_session=agenda_session,
        action_form=ActionForm(),
        trail=trail_for(get_session(), agenda_session),
    )


@bp.post("/sessions/<int:session_id>/delete")
@role_required("manager")
def delete_session(session_id: int):
    agenda_session = _session_or_404(session_id)
    event = event_or_404(agenda_session.event_id)
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form expired; reload the page and try again."))
    back = _timetable_url(event, agenda_session)
    editing.delete_session(get_session(), current_actor(), agenda_session)
    flash(_("Session “%(title)s” deleted.", title=agenda_session.title), "success")
    return redirect(back)


@bp.post("/events/<int:event_id>/agenda/publish")
@role_required("manager")
def publish(event_id: int):
    event = event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form expired; reload the page and try again."))
    count = editing.publish_agenda(get_session(), current_actor(), event)
    flash(
        ngettext(
            "Published %(num)d session; the public page and calendar feeds now show it.",
            "Published %(num)d sessions; the public page and calendar feeds now show them.",
            count,
        )
        if count
        else _("Every session was already published."),
        "success",
    )
    return redirect(url_for(".timetable", event_id=event.id, day=request.args.get("day")))


@bp.route("/events/<int:event_id>/agenda/copy", methods=["GET", "POST"])
@role_required("manager")
def copy(event_id: int):
    event = event_or_404(event_id)
    db_session = get_session()
    form = CopyAgendaForm().setup(copying.earlier_editions(db_session, event))
    if form.validate_on_submit():
        try:
            count = copying.copy_agenda(db_session, current_actor(), event_or_404(form.source_id.data), event)
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(
                ngettext(
                    "Copied %(num)d session as a draft; review it, then publish.",
                    "Copied %(num)d sessions as drafts; review them, then publish.",
                    count,
                ),
                "success",
            )
            return redirect(url_for(".timetable", event_id=event.id))
    status = 422 if form.is_submitted() else 200
    return render_template("agenda/manage/copy.html", event=event, form=form), status


@bp.get("/people/")
@role_required("viewer")
def people():
    return render_template("agenda/manage/people.html", people=queries.people_with_counts(get_session()))


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@role_required("manager")
def edit_person(person_id: int):
    db_session = get_session()
    person = get_or_404(Person, person_id, "person")
    form = PersonForm(obj=person, country=person.country or "") if request.method == "GET" else PersonForm()
    if form.validate_on_submit():
        try:
            changed = editing.save_person(db_session, current_actor(), person, form.values())
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("Changes saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".people"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "agenda/manage/person_form.html", person=person, form=form, trail=trail_for(db_session, person)
    ), status
