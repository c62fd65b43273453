"""Management pages of an event's agenda: the day-by-room timetable, session forms, publishing
and copying. Each view parses the request, calls one service and renders or redirects. Pages of
an event's agenda and of its sessions need VIEW on that event to read and EDIT to change
(planner.accounts.permissions); people are shared by every event and keep the global roles.

Cancelling, reinstating and deleting a session go through a confirmation page that says what will
happen (who will be told); its form carries `confirmed=yes`, so a POST that did not come from it
changes nothing. A change that cannot be made (deleting a published session, cancelling a draft)
is explained on that page, with no button, and a POST of it gets 409."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask import session as browser_session
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from planner.accounts.auth import current_actor, role_required
from planner.accounts.permissions import Permission, can, event_permission_required
from planner.agenda import board, changes, copying, editing, moving, photos, queries
from planner.agenda import people as person_records
from planner.agenda.forms import (
    CopyAgendaForm,
    MergeForm,
    MoveForm,
    PersonForm,
    PhotoForm,
    SaveAnywayForm,
    SessionForm,
    SessionNoticeForm,
)
from planner.agenda.models import AgendaSession, Person
from planner.audit.trail import trail_for
from planner.db import get_or_404, get_session
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.forms import ActionForm, ConfirmedForm, options
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
@event_permission_required(Permission.VIEW)
def timetable(event_id: int):
    event = event_or_404(event_id)
    table = board.timetable(get_session(), event, _day_arg())
    return render_template(
        "agenda/manage/timetable.html", event=event, table=table, action_form=ActionForm(), last_move=_last_move(event)
    )


@bp.route("/events/<int:event_id>/agenda/new", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def new_session(event_id: int):
    event = event_or_404(event_id)
    form = (
        SessionForm()
        if request.method == "POST"
        else SessionForm.prefilled(event, _day_arg(), parse_id(request.args.get("room")))
    )
    return _session_form(event, None, form)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT, event_of=queries.event_of_session)
def edit_session(session_id: int):
    agenda_session = _session_or_404(session_id)
    event = event_or_404(agenda_session.event_id)
    form = SessionForm() if request.method == "POST" else SessionForm.for_session(agenda_session, event)
    return _session_form(event, agenda_session, form)


def _told(event: Event, agenda_session: AgendaSession | None) -> int | None:
    """How many participants a change of this session would tell; None when it tells nobody
    by its nature (a new session, a draft, a cancelled one)."""
    if agenda_session is None or not agenda_session.published or agenda_session.cancelled:
        return None
    return changes.audience(get_session(), event, [agenda_session.id])


def _where_and_when(agenda_session: AgendaSession | None) -> tuple | None:
    if agenda_session is None:
        return None
    return agenda_session.starts_at, agenda_session.ends_at, agenda_session.room_id


def _session_form(event: Event, agenda_session: AgendaSession | None, form: SessionForm):
    db_session = get_session()
    form.setup(event, queries.event_rooms(db_session, event))
    conflicts = []
    told = _told(event, agenda_session)
    if form.validate_on_submit():
        was = _where_and_when(agenda_session)
        try:
            saved = editing.save_session(
                db_session,
                current_actor(),
                event,
                agenda_session,
                form.values(),
                form.override_reason,
                message=form.message.data or "",
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
            if told and was != _where_and_when(saved):
                message += " " + ngettext(
                    "%(num)d participant who picked it is told by e-mail.",
                    "%(num)d participants who picked it are told by e-mail.",
                    told,
                )
            flash(message, "success")
            return redirect(_timetable_url(event, saved))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "agenda/manage/session_form.html",
        event=event,
        form=form,
        agenda_session=agenda_session,
        conflicts=conflicts,
        told=told,
    ), status


@bp.get("/sessions/<int:session_id>")
@event_permission_required(Permission.VIEW, event_of=queries.event_of_session)
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


def _confirmed_change(agenda_session: AgendaSession, form, template: str, problem: str | None, change, **page):
    """A change made from its confirmation page: GET shows it, a POST from it makes the change.

    `problem`: why it cannot be made (None: it can); the page says so and a POST gets 409.
    `change()` makes it and returns the redirect; it may raise ModelValidationError (shown as a
    problem) or editing.ConflictsFound (the page lists the conflicts and asks for a reason)."""
    conflicts = page.pop("conflicts", [])
    if problem is None and form.validate_on_submit():
        try:
            return change()
        except editing.ConflictsFound as found:
            conflicts = found.conflicts
            form.add_error("reason", _("Give the reason for going ahead despite the conflicts."))
        except ModelValidationError as error:
            problem = error.message
    if not form.is_submitted():
        status = 200
    else:
        status = 409 if problem else 422
    event = event_or_404(agenda_session.event_id)
    return render_template(
        template, event=event, agenda_session=agenda_session, form=form, problem=problem, conflicts=conflicts, **page
    ), status


def _cancel_problem(agenda_session: AgendaSession) -> str | None:
    if not agenda_session.published:
        return _("This session is a draft: nobody outside the secretariat has seen it, so delete it instead.")
    if agenda_session.cancelled:
        return _("This session is already cancelled.")
    return None


@bp.route("/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT, event_of=queries.event_of_session)
def cancel_session(session_id: int):
    """Cancel a published session: it stays in feeds as cancelled, and those who picked it are told."""
    agenda_session = _session_or_404(session_id)
    event = event_or_404(agenda_session.event_id)
    form = SessionNoticeForm()
    told = changes.audience(get_session(), event, [agenda_session.id])

    def change():
        editing.cancel_session(
            get_session(), current_actor(), agenda_session, form.reason.data or None, form.message.data or ""
        )
        _flash_told(_("Session “%(title)s” cancelled.", title=agenda_session.title), told)
        return redirect(url_for(".show_session", session_id=agenda_session.id))

    return _confirmed_change(
        agenda_session, form, "agenda/manage/cancel.html", _cancel_problem(agenda_session), change, told=told
    )


def _flash_told(done: str, told: int) -> None:
    """What was done, and how many of those who picked the session are told by e-mail."""
    told_sentence = ngettext(
        "%(num)d participant who picked it is told by e-mail.",
        "%(num)d participants who picked it are told by e-mail.",
        told,
    )
    flash(f"{done} {told_sentence}", "success")


@bp.route("/sessions/<int:session_id>/reinstate", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT, event_of=queries.event_of_session)
def reinstate_session(session_id: int):
    """Undo a cancellation: the session takes place again, and those who picked it are told."""
    agenda_session = _session_or_404(session_id)
    event = event_or_404(agenda_session.event_id)
    db_session = get_session()
    form = SessionNoticeForm()
    told = changes.audience(db_session, event, [agenda_session.id])
    problem = None if agenda_session.cancelled else _("This session is not cancelled.")

    def change():
        editing.reinstate_session(
            db_session, current_actor(), agenda_session, form.reason.data or None, form.message.data or ""
        )
        _flash_told(_("Session “%(title)s” takes place again.", title=agenda_session.title), told)
        return redirect(url_for(".show_session", session_id=agenda_session.id))

    conflicts = editing.reinstate_conflicts(db_session, agenda_session) if problem is None else []
    return _confirmed_change(
        agenda_session, form, "agenda/manage/reinstate.html", problem, change, told=told, conflicts=conflicts
    )


@bp.route("/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT, event_of=queries.event_of_session)
def delete_session(session_id: int):
    """Delete a draft, from its confirmation page; a published session is cancelled instead."""
    agenda_session = _session_or_404(session_id)
    event = event_or_404(agenda_session.event_id)
    problem = editing.PublishedSession().message if agenda_session.published else None

    def change():
        back = _timetable_url(event, agenda_session)
        editing.delete_session(get_session(), current_actor(), agenda_session)
        flash(_("Session “%(title)s” deleted.", title=agenda_session.title), "success")
        return redirect(back)

    return _confirmed_change(agenda_session, ConfirmedForm(), "agenda/manage/delete.html", problem, change)


@bp.post("/events/<int:event_id>/agenda/publish")
@event_permission_required(Permission.EDIT)
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


# --- moves on the timetable (planner.agenda.moving): its script sends JSON and gets JSON; a form
# post gets the timetable back with the answer as a message.

LAST_MOVE = "agenda_last_move"  # in the manager's own signed-in session: the move Undo reverts


def _posted():
    """The request's fields: a form's, or a JSON object's whose values are plain (else 400)."""
    if not request.is_json:
        return request.form
    posted = request.get_json(silent=True)
    if not isinstance(posted, dict) or not all(isinstance(v, str | int | bool | None) for v in posted.values()):
        abort(400, description=_("Send a JSON object of plain values."))
    return MultiDict(
        {k: ("y" if v else "") if isinstance(v, bool) else "" if v is None else str(v) for k, v in posted.items()}
    )


def _answer(status: int, message: str, event: Event, day: date | None = None, **payload):
    """JSON for the script. For a form: once done, the timetable of `day` with the message;
    refused, the error page with the reason (the session's edit form is the way on from there)."""
    if request.is_json:
        return jsonify(message=message, **payload), status
    if status != 200:
        abort(status, description=message)
    flash(message, "success")
    return redirect(url_for(".timetable", event_id=event.id, day=day.isoformat() if day else None), 303)


def _form_problem(form) -> str:
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def _conflicts(found) -> list[dict]:
    return [{"kind": str(c.kind), "message": c.message, "other": c.other.id if c.other else None} for c in found]


def _moved_or_refused(event: Event, agenda_session: AgendaSession, form: SaveAnywayForm, version: str, to, done):
    """Make a move (or its undo) and answer: 200 moved, 409 stale with the current state, 422
    refused (conflicts without a reason, an impossible time). `done(was)` runs after a move."""
    day = to.local_start.date() if to.local_start else None
    try:
        was = moving.move(get_session(), current_actor(), event, agenda_session, version, to, form.override_reason)
    except moving.StaleMove as stale:
        current = moving.state(stale.current, event)
        message = _(
            "This session was changed by someone else after the page was shown; nothing was moved. It is now %(now)s.",
            now=current["described"],
        )
        return _answer(
            409, message, event, queries.local_day(stale.current.starts_at, event), stale=True, session=current
        )
    except editing.ConflictsFound as found:
        message = _("The move would create conflicts; give a reason to save it anyway.")
        return _answer(422, message, event, day, needs_reason=True, conflicts=_conflicts(found.conflicts))
    except ModelValidationError as error:
        return _answer(422, error.message, event, day)
    done(was)
    current = moving.state(agenda_session, event)
    return _answer(200, _("Saved: %(now)s.", now=current["described"]), event, day, session=current)


@bp.post("/sessions/<int:session_id>/move/check")
@event_permission_required(Permission.EDIT, event_of=queries.event_of_session)
def check_move(session_id: int):
    """The conflicts a move would create, before the session is dropped (nothing is saved)."""
    agenda_session = _session_or_404(session_id)
    event = event_or_404(agenda_session.event_id)
    form = MoveForm(formdata=_posted())
    if not form.validate():
        return jsonify(message=_form_problem(form)), 422
    try:
        found = moving.check(get_session(), event, agenda_session, form.position())
    except ModelValidationError as error:
        return jsonify(message=error.message), 422
    return jsonify(conflicts=_conflicts(found), stale=form.version.data != agenda_session.version)


@bp.post("/sessions/<int:session_id>/move")
@event_permission_required(Permission.EDIT, event_of=queries.event_of_session)
def move_session(session_id: int):
    """Move a session to a new time, length or room through the edit form's service."""
    agenda_session = _session_or_404(session_id)
    event = event_or_404(agenda_session.event_id)
    form = MoveForm(formdata=_posted())
    if not form.validate():
        return _answer(422, _form_problem(form), event)

    def remember(was: moving.Position):
        browser_session[LAST_MOVE] = {
            "event": event.id,
            "session": agenda_session.id,
            "version": agenda_session.version,
            "start": was.local_start.isoformat(),
            "end": was.local_end.isoformat(),
            "room": was.room_id,
        }

    return _moved_or_refused(event, agenda_session, form, form.version.data, form.position(), remember)


def _last_move(event: Event) -> AgendaSession | None:
    """The session this manager moved last on this event's timetable, if it is still there."""
    last = browser_session.get(LAST_MOVE)
    if not last or last.get("event") != event.id:
        return None
    found = get_session().get(AgendaSession, last["session"])
    return found if found is not None and found.event_id == event.id else None


@bp.post("/events/<int:event_id>/agenda/undo")
@event_permission_required(Permission.EDIT)
def undo_move(event_id: int):
    """Put back the session this manager moved last, if nobody has changed it since."""
    event = event_or_404(event_id)
    form = SaveAnywayForm(formdata=_posted())
    if not form.validate():
        return _answer(422, _form_problem(form), event)
    agenda_session = _last_move(event)
    if agenda_session is None:
        return _answer(409, _("There is no move of yours to undo on this agenda."), event)
    last = browser_session[LAST_MOVE]
    back = moving.Position(datetime.fromisoformat(last["start"]), datetime.fromisoformat(last["end"]), last["room"])
    return _moved_or_refused(
        event, agenda_session, form, last["version"], back, lambda _was: browser_session.pop(LAST_MOVE, None)
    )


@bp.route("/events/<int:event_id>/agenda/copy", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def copy(event_id: int):
    event = event_or_404(event_id)
    db_session = get_session()
    # Only editions the reader may see: copying shows (and copies) their sessions.
    editions = [e for e in copying.earlier_editions(db_session, event) if can(current_user, Permission.VIEW, e.id)]
    form = CopyAgendaForm().setup(editions)
    if form.validate_on_submit():
        try:
            source = event_or_404(form.source_id.data)
            count = copying.copy_agenda(db_session, current_actor(), source, event)
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            if count == 0:
                flash(
                    _(
                        "Nothing was copied: %(title)s has no sessions that this programme does not have already.",
                        title=source.title,
                    ),
                    "info",
                )
                return redirect(url_for(".timetable", event_id=event.id))
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
    found = queries.people_with_counts(get_session())
    duplicates = person_records.possible_duplicates([person for person, _count in found])
    return render_template("agenda/manage/people.html", people=found, duplicates=duplicates)


@bp.route("/people/<int:person_id>/merge", methods=["GET", "POST"])
@role_required("manager")
def merge_person(person_id: int):
    """Merge another record of the same person into this one (its sessions become this one's)."""
    db_session = get_session()
    person = get_or_404(Person, person_id, "person")
    others = [p for p, _count in queries.people_with_counts(db_session) if p.id != person.id]
    likely = {p.id for p in others if person_records.name_key(p.name) == person_records.name_key(person.name)}
    form = MergeForm()
    form.other.choices = options(
        [("", _("— choose —"))]
        + [(p.id, f"{p.display_name} (no. {p.id})") for p in sorted(others, key=lambda p: (p.id not in likely, p.name))]
    )
    if request.method == "GET" and len(likely) == 1:
        form.other.data = next(iter(likely))
    if form.validate_on_submit():
        merged = get_or_404(Person, form.other.data, "person")
        name = merged.display_name
        moved = person_records.merge_people(db_session, current_actor(), person, merged)
        flash(
            ngettext(
                "%(name)s was merged into this record: %(num)d session role moved.",
                "%(name)s was merged into this record: %(num)d session roles moved.",
                moved,
                name=name,
            ),
            "success",
        )
        return redirect(url_for(".edit_person", person_id=person.id))
    return render_template("agenda/manage/merge_person.html", person=person, form=form), (
        422 if form.is_submitted() else 200
    )


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
    return _person_page(person, form=form)


def _person_page(person: Person, form: PersonForm | None = None, photo_form: PhotoForm | None = None):
    """The person's edit page with its two forms (details, photo); 422 when either was sent back."""
    sent = form if form is not None else photo_form
    return render_template(
        "agenda/manage/person_form.html",
        person=person,
        form=form or PersonForm(formdata=None, obj=person, country=person.country or ""),
        photo_form=photo_form or PhotoForm(formdata=None),
        trail=trail_for(get_session(), person),
    ), (422 if sent is not None and sent.is_submitted() else 200)


@bp.post("/people/<int:person_id>/photo")
@role_required("manager")
def save_photo(person_id: int):
    """The edit page's second form: upload or remove the person's photo."""
    person = get_or_404(Person, person_id, "person")
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            changed = photos.save_photo(
                get_session(), current_actor(), person, form.upload, bool(form.remove_photo.data)
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("Photo saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".edit_person", person_id=person.id))
    return _person_page(person, photo_form=form)


@bp.get("/people/<int:person_id>/photo")
@role_required("manager")
def person_photo(person_id: int):
    """The photo of anyone, public page or not, for the edit page."""
    return photos.serve(get_or_404(Person, person_id, "person"), public=False)
