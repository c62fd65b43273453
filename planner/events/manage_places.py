"""Management pages for series, venues and rooms under /manage/ (read: viewer; change: manager)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from planner.accounts.auth import current_actor, role_required
from planner.audit.trail import trail_for
from planner.db import get_or_404, get_session
from planner.events import editing
from planner.events.forms import RoomForm, SeriesForm, VenueForm
from planner.events.models import Event, EventSeries, Room, Venue
from planner.validation import ModelValidationError

bp = Blueprint("events_manage_places", __name__, url_prefix="/manage")


def _form_page(form, save, title: str, back: str):
    """Shared body of every create/edit page: validate, save through `save`, or show errors."""
    if form.validate_on_submit():
        try:
            obj, next_url = save(form.values())
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("“%(name)s” saved.", name=getattr(obj, "title", None) or obj.name), "success")
            return redirect(next_url)
    status = 422 if form.is_submitted() else 200
    return render_template("events/manage/place_form.html", form=form, title=title, back=back), status


def _obj_form(form_class, obj):
    return form_class(obj=obj) if request.method == "GET" else form_class()


# --- series --------------------------------------------------------------------------------


@bp.get("/series/")
@role_required("viewer")
def series_index():
    series = get_session().exec(select(EventSeries).order_by(EventSeries.title)).all()
    return render_template("events/manage/series_list.html", series=series)


@bp.route("/series/new", methods=["GET", "POST"])
@role_required("manager")
def new_series():
    def save(values):
        series = editing.save_series(get_session(), current_actor(), None, values)
        return series, url_for(".show_series", series_id=series.id)

    return _form_page(SeriesForm(), save, _("New series"), url_for(".series_index"))


@bp.get("/series/<int:series_id>")
@role_required("viewer")
def show_series(series_id: int):
    session = get_session()
    series = get_or_404(EventSeries, series_id, "series")
    events = session.exec(select(Event).where(Event.series_id == series.id).order_by(Event.edition, Event.title)).all()
    return render_template("events/manage/series.html", series=series, events=events, trail=trail_for(session, series))


@bp.route("/series/<int:series_id>/edit", methods=["GET", "POST"])
@role_required("manager")
def edit_series(series_id: int):
    series = get_or_404(EventSeries, series_id, "series")

    def save(values):
        editing.save_series(get_session(), current_actor(), series, values)
        return series, url_for(".show_series", series_id=series.id)

    return _form_page(
        _obj_form(SeriesForm, series),
        save,
        _("Edit series “%(title)s”", title=series.title),
        url_for(".show_series", series_id=series.id),
    )


# --- venues and their rooms ----------------------------------------------------------------


@bp.get("/venues/")
@role_required("viewer")
def venues_index():
    venues = get_session().exec(select(Venue).order_by(Venue.name)).all()
    return render_template("events/manage/venues.html", venues=venues)


@bp.route("/venues/new", methods=["GET", "POST"])
@role_required("manager")
def new_venue():
    def save(values):
        venue = editing.save_venue(get_session(), current_actor(), None, values)
        return venue, url_for(".show_venue", venue_id=venue.id)

    return _form_page(VenueForm(), save, _("New venue"), url_for(".venues_index"))


@bp.get("/venues/<int:venue_id>")
@role_required("viewer")
def show_venue(venue_id: int):
    session = get_session()
    venue = get_or_404(Venue, venue_id, "venue")
    rooms = session.exec(select(Room).where(Room.venue_id == venue.id).order_by(Room.name)).all()
    return render_template("events/manage/venue.html", venue=venue, rooms=rooms, trail=trail_for(session, venue))


@bp.route("/venues/<int:venue_id>/edit", methods=["GET", "POST"])
@role_required("manager")
def edit_venue(venue_id: int):
    venue = get_or_404(Venue, venue_id, "venue")

    def save(values):
        editing.save_venue(get_session(), current_actor(), venue, values)
        return venue, url_for(".show_venue", venue_id=venue.id)

    form = VenueForm(obj=venue, country=venue.country or "") if request.method == "GET" else VenueForm()
    return _form_page(
        form, save, _("Edit venue “%(name)s”", name=venue.name), url_for(".show_venue", venue_id=venue.id)
    )


@bp.route("/venues/<int:venue_id>/rooms/new", methods=["GET", "POST"])
@role_required("manager")
def new_room(venue_id: int):
    venue = get_or_404(Venue, venue_id, "venue")

    def save(values):
        room = editing.save_room(get_session(), current_actor(), venue, None, values)
        return room, url_for(".show_room", room_id=room.id)

    return _form_page(
        RoomForm(), save, _("New room in %(venue)s", venue=venue.name), url_for(".show_venue", venue_id=venue.id)
    )


@bp.get("/rooms/<int:room_id>")
@role_required("viewer")
def show_room(room_id: int):
    session = get_session()
    room = get_or_404(Room, room_id, "room")
    return render_template(
        "events/manage/room.html", room=room, venue=session.get(Venue, room.venue_id), trail=trail_for(session, room)
    )


@bp.route("/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@role_required("manager")
def edit_room(room_id: int):
    room = get_or_404(Room, room_id, "room")
    venue = get_session().get(Venue, room.venue_id)

    def save(values):
        editing.save_room(get_session(), current_actor(), venue, room, values)
        return room, url_for(".show_room", room_id=room.id)

    return _form_page(
        _obj_form(RoomForm, room),
        save,
        _("Edit room “%(name)s”", name=room.name),
        url_for(".show_room", room_id=room.id),
    )
