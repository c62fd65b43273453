"""Management pages for events under /manage/: list, create, edit (and brand: logo, colour, badge
stock), postpone, cancel.

An event's pages need a permission on that event (planner.accounts.permissions): VIEW to read,
EDIT to change, postpone or cancel; creating an event needs the global manager role. The list
shows each account the events it may see. Each view parses the request, calls one service of
planner.events.editing and renders or redirects.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from planner.accounts.auth import current_actor, role_required
from planner.accounts.event_list import use_event_lister
from planner.accounts.permissions import (
    Permission,
    event_permission_required,
    management_access_required,
    visible_event_ids,
)
from planner.audit.trail import trail_for
from planner.db import get_session
from planner.events import changes, editing, logos, queries
from planner.events.changes import EventChange
from planner.events.forms import (
    BrandingForm,
    CancelForm,
    EventFilterForm,
    EventForm,
    PostponeForm,
    timezone_options,
)
from planner.events.models import Event, EventSeries, EventStatus, Venue
from planner.events.queries import event_or_404
from planner.validation import ModelValidationError, country_name

bp = Blueprint("events_manage", __name__, url_prefix="/manage")
bp.add_app_template_global(timezone_options)
bp.add_app_template_global(country_name)
use_event_lister(queries.known_events)  # the user page's choice of events to grant roles on


def _event_form(event: Event | None = None, as_saved: bool = False) -> EventForm:
    """The event form as the request sent it, or filled from the event: on a GET, and `as_saved`
    when the page comes back with the branding form's errors (the request holds that form)."""
    session = get_session()
    if event is not None and (as_saved or request.method == "GET"):
        form = EventForm.for_event(event, formdata=None)
    else:
        form = EventForm()
    return form.set_choices(
        session.exec(select(EventSeries).order_by(EventSeries.title)), session.exec(select(Venue).order_by(Venue.name))
    )


@bp.get("/")
@management_access_required
def index():
    """Every event for a global role; for an account with per-event roles only, its events."""
    session = get_session()
    form = EventFilterForm(request.args).set_years(editing.event_years(session))
    form.validate()
    events = editing.find_events(session, **form.filters())
    visible = visible_event_ids(current_user)
    if visible is not None:
        events = [event for event in events if event.id in visible]
    return render_template("events/manage/events.html", form=form, events=events)


@bp.route("/events/new", methods=["GET", "POST"])
@role_required("manager")
def new_event():
    form = _event_form()
    if form.validate_on_submit():
        try:
            event = editing.create_event(get_session(), current_actor(), form.values())
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("Event “%(title)s” created.", title=event.title), "success")
            return redirect(url_for(".show_event", event_id=event.id))
    return _render_form(form, None)


@bp.get("/events/<int:event_id>")
@event_permission_required(Permission.VIEW)
def show_event(event_id: int):
    session = get_session()
    event = event_or_404(event_id)
    return render_template(
        "events/manage/event.html",
        event=event,
        series=queries.get_series(session, event.series_id),
        venue=session.get(Venue, event.venue_id) if event.venue_id else None,
        trail=trail_for(session, event),
    )


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def edit_event(event_id: int):
    """Save the form; a change of dates, place or status is first shown with its consequences
    (sessions that move, participants who will be told) and saved only once confirmed."""
    event = event_or_404(event_id)
    form = _event_form(event)
    if form.validate_on_submit():
        change = editing.update_change(event, form.values())
        if change.kinds and not form.confirms(change):
            return _render_form(form, event, _preview(form, change))
        try:
            changed = editing.update_event(get_session(), current_actor(), event, form.values(), form.decisions())
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("Changes saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".show_event", event_id=event.id))
    return _render_form(form, event)


def _preview(form, change: EventChange) -> dict:
    """The confirmation step: the form comes back with `confirmed` set and the consequences shown."""
    if not form.confirmed.data:
        form.move_sessions.data = True
    form.confirmed.data = change.digest()
    return {"change": change, "parts": changes.preview(get_session(), change)}


def _render_form(form: EventForm, event: Event | None, preview: dict | None = None, branding=None):
    status = 200 if preview or not form.is_submitted() else 422
    if event is not None and branding is None:
        branding = BrandingForm.for_event(event)
    page = render_template("events/manage/event_form.html", form=form, event=event, preview=preview, branding=branding)
    return page, status


@bp.post("/events/<int:event_id>/branding")
@event_permission_required(Permission.EDIT)
def save_branding(event_id: int):
    """The edit page's second form: logo, colour and badge stock. Errors show on the edit page again."""
    event = event_or_404(event_id)
    branding = BrandingForm()
    if branding.validate_on_submit():
        try:
            changed = editing.save_branding(get_session(), current_actor(), event, branding.values())
        except ModelValidationError as error:
            branding.add_error(error.field, error.message)
        else:
            flash(_("Branding and badge stock saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".show_event", event_id=event.id))
    return _render_form(_event_form(event, as_saved=True), event, branding=branding)


@bp.get("/events/<int:event_id>/logo")
@event_permission_required(Permission.VIEW)
def event_logo(event_id: int):
    """The logo of any event, published or not, for the management pages and the badge sheet."""
    return logos.serve(event_or_404(event_id), public=False)


@bp.route("/events/<int:event_id>/postpone", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def postpone_event(event_id: int):
    event = event_or_404(event_id)
    form = PostponeForm()
    return _status_change(
        event, form, "postpone", lambda: editing.postpone_change(event, form.new_first_day.data, form.decisions())
    )


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def cancel_event(event_id: int):
    event = event_or_404(event_id)
    form = CancelForm()
    return _status_change(event, form, "cancel", lambda: editing.cancel_change(event, form.decisions()))


def _status_change(event: Event, form, action: str, change_of):
    """Postpone or cancel through a confirmation: the first submission (or the page itself, when
    nothing is left to choose) shows who will be told; only a confirmed one saves. The event
    stays, with its new status and a higher sequence."""
    preview = None
    try:
        valid = form.validate_on_submit()
        change = change_of() if valid or not form.is_submitted() else None
        if valid and form.confirms(change):
            if action == "postpone":
                editing.postpone_event(
                    get_session(),
                    current_actor(),
                    event,
                    form.reason.data or None,
                    form.new_first_day.data,
                    form.decisions(),
                )
            else:
                editing.cancel_event(get_session(), current_actor(), event, form.reason.data or None, form.decisions())
            flash(_status_changed(event), "success")
            return redirect(url_for(".show_event", event_id=event.id))
        if change is not None and (valid or action == "cancel"):
            preview = _preview(form, change)
    except ModelValidationError as error:
        form.add_error(error.field, error.message)
        preview = None
    status = 422 if form.errors else 200
    return render_template(f"events/manage/{action}.html", form=form, event=event, preview=preview), status


def _status_changed(event: Event) -> str:
    """One whole sentence per status, so that translators never assemble one from parts."""
    if event.status == EventStatus.POSTPONED:
        return _("“%(title)s” is now postponed; subscribed calendars will show it.", title=event.title)
    return _("“%(title)s” is now cancelled; subscribed calendars will show it.", title=event.title)
