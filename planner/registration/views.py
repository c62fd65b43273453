"""Public registration pages: the form, the privacy notice and the participant's private link.

Thin views: parse the request, call planner.registration.editing, render. Wrong tokens get a
plain 404 and count towards one per-address limit across every private-link page
(planner.accounts.ratelimit, counters in the app's database shared by every worker); a valid
token is always served, even from a limited address.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from planner import pagecache
from planner.accounts import ratelimit
from planner.calendar import http
from planner.db import get_session, utcnow
from planner.events.models import Event
from planner.events.queries import EVENT_ID, EVENT_PAGE, NOW, published_event_or_404, published_or_404
from planner.forms import ActionForm
from planner.i18n.languages import language
from planner.input_guard import parse_id
from planner.registration import change_notices, editing, letters, personal, queries
from planner.registration.capacity import seats_left
from planner.registration.forms import EditForm, LetterForm, RegistrationForm, ResendForm
from planner.registration.models import Registration, RegistrationSettings, Status
from planner.registration.notices import STATUS_SENTENCES
from planner.registration.tokens import find_by_token
from planner.urls import site_root
from planner.validation import ModelValidationError

bp = Blueprint("registration", __name__)

PRIVATE_PAGES = {
    "registration.show",
    "registration.edit",
    "registration.cancel",
    "registration.letter",
    "registration.request_letter",
}


@bp.after_request
def _private_pages_stay_private(response):
    """Pages behind a private link are kept out of shared caches and search engines."""
    if request.endpoint in PRIVATE_PAGES:
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def _event(slug: str) -> Event:
    return published_event_or_404(slug)


def register_box(event: Event, settings: RegistrationSettings | None = None) -> dict:
    """What the event page says about registration: the window and the seats left."""
    session = get_session()
    settings = settings or editing.settings_for(session, event)
    state = editing.window(event, settings, utcnow())
    return {
        "state": state,
        "sentence": editing.WINDOW_SENTENCES[state],
        "settings": settings,
        "seats_left": seats_left(session, settings) if settings else None,
    }


bp.add_app_template_global(register_box)


def _register_box_fingerprint() -> list:
    """What the box shows, for the event page's fingerprint (planner.pagecache): the settings (every
    save sets a new `updated_at`), the confirmed count behind the seats left, and which of the
    instants that open and close the window (`editing.window`) have passed."""
    settings = RegistrationSettings
    of_event = settings.event_id == EVENT_ID
    confirmed = (Registration.event_id == EVENT_ID, Registration.status == Status.CONFIRMED)
    return [
        select(
            select(settings.updated_at).where(of_event).scalar_subquery(),
            select(settings.opens_at <= NOW).where(of_event).scalar_subquery(),
            select(settings.closes_at <= NOW).where(of_event).scalar_subquery(),
            select(Event.starts_at <= NOW).where(Event.id == EVENT_ID).scalar_subquery(),
            select(sa.func.count()).select_from(Registration).where(*confirmed).scalar_subquery(),
        )
    ]


bp.record_once(lambda state: pagecache.add_fingerprint(state.app, EVENT_PAGE, _register_box_fingerprint))


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
def register(slug: str):
    """The form. A POST reads the event and its settings once here (one query) and counts no seats: the
    seats are decided under the lock (editing.register), and counted for display only when the
    form is shown again."""
    event, settings = editing.event_and_settings(get_session(), slug)
    event = published_or_404(event, slug)
    form = RegistrationForm().for_categories(settings.offered if settings else [])
    if not (settings and settings.invitation_letters):
        form.without_letters()
    if editing.window(event, settings, utcnow()) != editing.Window.OPEN:
        status = 409 if request.method == "POST" else 200
        return render_template(
            "registration/register.html", event=event, box=register_box(event, settings), form=None
        ), status
    if form.validate_on_submit():
        try:
            registration, token = editing.register(get_session(), event, form.values(), letter=form.letter_request())
        except editing.AlreadyRegistered:
            return render_template(
                "registration/already.html", event=event, resend=ResendForm(email=form.email.data)
            ), 409
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except editing.RegistrationError as error:
            form.form_errors.append(str(error))
        else:
            flash(
                _(
                    "Thank you: your registration was received. Keep this page's address: it is your "
                    "private link (it was also e-mailed to you)."
                ),
                "success",
            )
            return redirect(url_for(".show", token=token))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "registration/register.html", event=event, box=register_box(event, settings), form=form
    ), status


@bp.post("/events/<slug>/register/resend")
def resend(slug: str):
    event = _event(slug)
    form = ResendForm()
    if form.validate_on_submit():
        claim = (ratelimit.RESEND, (ratelimit.client_address(), ratelimit.fingerprint(form.email.data)))
        ratelimit.take([claim])
        editing.resend_link(get_session(), event, form.email.data)
    # The same words whether or not the address is registered: nothing to learn from them.
    return render_template("registration/resent.html", event=event)


@bp.get("/privacy")
def privacy():
    return render_template("registration/privacy.html")


def _open(token: str) -> Registration | None:
    """The registration behind a private link, or None. A valid token is always served, so only
    wrong ones are counted, per address across every private-link page (one atomic increment
    each); a wrong one from an address over its limit raises Limited (429)."""
    registration = find_by_token(get_session(), token)
    if registration is None:
        ratelimit.count_wrong_private_link()
    return registration


def _own(token: str) -> tuple[Registration, Event]:
    registration = _open(token)
    if registration is None:
        abort(
            404,
            description=_(
                "This link does not open any registration. Check that it was "
                "copied completely, or ask for a new one on the event's page."
            ),
        )
    return registration, get_session().get(Event, registration.event_id)


@bp.get("/registrations/<token>")
def show(token: str):
    registration, event = _own(token)
    session = get_session()
    return render_template(
        "registration/show.html",
        registration=registration,
        event=event,
        token=token,
        sentence=STATUS_SENTENCES[registration.status],
        editable=editing.editable(event, registration),
        sessions=personal.offered_sessions(session, event),
        picked=personal.picked_ids(session, registration),
        action_form=ActionForm(),
        notices=change_notices.recent_notices(session, registration),
        describe_change=change_notices.describe,
        letter=queries.letter_of(session, registration.id),
        letters_offered=_letters_offered(event),
    )


def _letters_offered(event: Event) -> bool:
    settings = editing.settings_for(get_session(), event)
    return bool(settings and settings.invitation_letters)


@bp.route("/registrations/<token>/letter", methods=["GET", "POST"])
def request_letter(token: str):
    """Ask for a letter of invitation after registering, or correct a request not yet issued."""
    registration, event = _own(token)
    session = get_session()
    letter = queries.letter_of(session, registration.id)
    if letter is None and not _letters_offered(event):
        abort(404, description=_("This event does not offer letters of invitation."))
    if not editing.editable(event, registration) or (letter is not None and letter.pdf is not None):
        flash(_("The details of your letter of invitation can no longer be changed here."), "error")
        return redirect(url_for(".show", token=token))
    form = LetterForm(obj=letter) if request.method == "GET" else LetterForm()
    if form.validate_on_submit():
        try:
            letters.save_request(session, event, registration, form.letter_request())
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except letters.LetterError as error:
            flash(str(error), "error")
            return redirect(url_for(".show", token=token))
        else:
            flash(_("Your request for a letter of invitation was saved."), "success")
            return redirect(url_for(".show", token=token) + "#letter")
    status = 422 if form.is_submitted() else 200
    return render_template(
        "registration/letter.html",
        form=form,
        registration=registration,
        event=event,
        token=token,
        letter=letter,
        language_name=language(registration.language).native_name,
    ), status


@bp.get("/registrations/<token>/letter.pdf")
def letter(token: str):
    """The participant's own letter of invitation, once the secretariat has issued it."""
    registration, event = _own(token)
    letter = queries.letter_of(get_session(), registration.id)
    if letter is None or letter.pdf is None:
        abort(404, description=_("The secretariat has not issued a letter of invitation for this registration yet."))
    return Response(
        letter.pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{letters.download_name(event, letter)}"'},
    )


@bp.post("/registrations/<token>/agenda")
def agenda(token: str):
    registration, event = _own(token)
    if not editing.editable(event, registration):  # (CSRF is checked app-wide)
        abort(409, description=_("This registration can no longer be changed."))
    chosen = {n for n in map(parse_id, request.form.getlist("session")) if n is not None}
    personal.set_picks(get_session(), event, registration, chosen)
    flash(_("Your personal agenda was saved; your calendar feed shows it."), "success")
    return redirect(url_for(".show", token=token) + "#my-agenda")


@bp.get("/registrations/<token>/calendar.ics")
def calendar(token: str):
    """The personal feed: a wrong token is a one-line 404, never an HTML page (clients show it)."""
    session = get_session()
    try:
        registration = _open(token)
    except ratelimit.Limited:
        return http.plain_error(429, "Too many wrong links from this address; try again later.")
    if registration is None:
        return http.plain_error(404, "No registration has this link.")
    event = session.get(Event, registration.event_id)
    root, host = site_root(), current_app.config["PUBLIC_HOST"]
    etag = http.make_etag("personal", host, root, personal.feed_stamp(session, event, registration))
    return http.feed_response(
        etag,
        None,
        lambda: personal.personal_feed(session, event, registration, root, host),
        cache_control="private, max-age=300",
    )


@bp.route("/registrations/<token>/edit", methods=["GET", "POST"])
def edit(token: str):
    registration, event = _own(token)
    if not editing.editable(event, registration):
        flash(_("This registration can no longer be changed."), "error")
        return redirect(url_for(".show", token=token))
    form = EditForm.for_registration(registration) if request.method == "GET" else EditForm()
    form.category_value = registration.category
    if form.validate_on_submit():
        try:
            changed = editing.update_details(
                get_session(), event, registration, form.participant(registration.email, registration.category)
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("Your changes were saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".show", token=token))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "registration/edit.html", form=form, registration=registration, event=event, token=token
    ), status


@bp.route("/registrations/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str):
    registration, event = _own(token)
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            editing.cancel(get_session(), event, registration)
        except editing.RegistrationError as error:
            flash(str(error), "error")
        else:
            flash(_("Your registration is cancelled. Thank you for freeing your seat."), "success")
        return redirect(url_for(".show", token=token))
    return render_template("registration/cancel.html", registration=registration, event=event, token=token, form=form)
