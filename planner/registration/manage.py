"""Secretariat pages for registration under /manage/ (event ids in URLs, as planner.events.manage).

Each route about one event checks a permission on that event (planner.accounts.permissions):
VIEW reads lists, counts, one registration with its history, the CSV and the badge sheet; EDIT
changes the settings; ACCREDIT approves, rejects and restores; CHECK_IN searches, opens a
scanned badge and checks in. The outbox holds every event's mail and keeps the global viewer
role. Rejecting and restoring go through a confirmation page that says who is told what (a POST
that did not come from it changes nothing).
Every change goes through planner.registration.editing / secretariat, which record it in the
audit trail.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from planner.accounts.auth import current_actor, role_required
from planner.accounts.permissions import Permission, event_permission_required
from planner.audit.trail import trail_for
from planner.db import get_or_404, get_session, utcnow
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.formatting import time_of_day
from planner.i18n.languages import language
from planner.localtime import local_to_utc
from planner.registration import badges, editing, mailer, queries, secretariat
from planner.registration.capacity import counts_by_status
from planner.registration.export import registrations_csv
from planner.registration.forms import RejectForm, RestoreForm, SettingsForm, quota_fields
from planner.registration.models import Category, Registration, Status
from planner.registration.tokens import mask
from planner.validation import ModelValidationError

bp = Blueprint("registration_manage", __name__, url_prefix="/manage")


def _filters() -> dict:
    """Only known values count as filters; anything else is ignored rather than an error."""
    status = request.args.get("status", "")
    category = request.args.get("category", "")
    country = request.args.get("country", "").upper()
    return {
        "status": status if status in set(Status) else None,
        "category": category if category in set(Category) else None,
        "country": country if len(country) == 2 and country.isalpha() else None,
    }


def _canonical_query() -> dict:
    """The filters that hold a known value, and the page's language: all that the list's address
    may carry. Request arguments must never go to url_for as they came: they could name its own
    parameters (?endpoint=, ?event_id=, ?_method=: a 500; ?_external=&_scheme=: another site)."""
    query = {key: value for key, value in _filters().items() if value}
    if request.args.get("lang"):
        query["lang"] = request.args["lang"]
    return query


@bp.get("/events/<int:event_id>/registrations")
@event_permission_required(Permission.VIEW)
def registrations(event_id: int):
    session = get_session()
    event = event_or_404(event_id)
    if set(request.args) - {"status", "category", "country", "lang"}:
        # Unknown arguments are dropped from the address, so the page shows what it filters by.
        return redirect(url_for(".registrations", event_id=event.id, **_canonical_query()))
    filters = _filters()
    return render_template(
        "registration/manage/list.html",
        event=event,
        filters=filters,
        query=_canonical_query(),
        registrations=secretariat.find(session, event.id, **filters),
        settings=editing.settings_for(session, event),
        by_status=counts_by_status(session, event.id),
        by_category=secretariat.counts(session, event.id, Registration.category),
        by_country=secretariat.counts(session, event.id, Registration.country),
        statuses=list(Status),
        categories=list(Category),
    )


@bp.get("/events/<slug>/registrations")
@event_permission_required(Permission.VIEW, event_of=queries.event_of_slug)
def registrations_by_slug(slug: str):
    """The address the issue and the secretariat use, /manage/events/<slug>/registrations."""
    return redirect(url_for(".registrations", event_id=queries.event_of_slug(slug), **_canonical_query()))


@bp.get("/events/<int:event_id>/registrations.csv")
@event_permission_required(Permission.VIEW)
def export(event_id: int):
    event = event_or_404(event_id)
    rows = secretariat.find(get_session(), event.id, **_filters())
    return Response(
        registrations_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-registrations.csv"'},
    )


def _registration_or_404(registration_id: int) -> tuple[Registration, Event]:
    session = get_session()
    registration = get_or_404(Registration, registration_id, "registration")
    return registration, session.get(Event, registration.event_id)


@bp.get("/registrations/<int:registration_id>")
@event_permission_required(Permission.VIEW, event_of=queries.event_of_registration)
def show(registration_id: int):
    """One registration: the participant's details, its status and its history."""
    registration, event = _registration_or_404(registration_id)
    return render_template(
        "registration/manage/registration.html",
        registration=registration,
        event=event,
        live=registration.status in editing.LIVE,
        restorable=registration.status in editing.RESTORABLE,
        language_name=language(registration.language).native_name,
        trail=trail_for(get_session(), registration),
    )


@bp.post("/registrations/<int:registration_id>/approve")
@event_permission_required(Permission.ACCREDIT, event_of=queries.event_of_registration)
def approve(registration_id: int):
    """Approve a pending registration (one click: it only gives, and the participant is told).

    Back to the registration's page when the button was there, else to the list."""
    registration, event = _registration_or_404(registration_id)  # CSRF: checked app-wide
    try:
        registration = editing.approve(get_session(), current_actor(), event, registration)
    except editing.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(
            _(
                "%(name)s: approved (%(status)s); an e-mail is on its way.",
                name=registration.full_name,
                status=registration.status_label.lower(),
            ),
            "success",
        )
    if request.form.get("back") == "registration":
        return redirect(url_for(".show", registration_id=registration_id))
    return redirect(url_for(".registrations", event_id=event.id))


def _confirmed_change(registration_id: int, form_class, template: str, problem, change, done):
    """A change made from its confirmation page (GET shows it, POST from it changes).

    `problem(registration, event)`: why the change cannot be made now (None: it can); the page
    then says so and offers no button, and a POST changes nothing (409). A POST missing the
    page's fields changes nothing either (422, the page with what was missing).
    `change(session, actor, event, registration, reason)` makes it; `done(registration)` is the
    flash on the registration's page."""
    registration, event = _registration_or_404(registration_id)  # CSRF: checked app-wide
    form = form_class()
    cannot = problem(registration, event)
    if cannot is None and form.validate_on_submit():
        try:
            registration = change(get_session(), current_actor(), event, registration, form.reason.data or None)
        except editing.RegistrationError as error:
            cannot = str(error)
        else:
            flash(done(registration), "success")
            return redirect(url_for(".show", registration_id=registration.id))
    if not form.is_submitted():
        status = 200
    else:
        status = 409 if cannot else 422
    return render_template(template, form=form, registration=registration, event=event, problem=cannot), status


def _not_live(registration: Registration, _event: Event) -> str | None:
    if registration.status in editing.LIVE:
        return None
    return _(
        "This registration is %(status)s: only a confirmed, waiting or pending registration can be rejected.",
        status=registration.status_label.lower(),
    )


@bp.route("/registrations/<int:registration_id>/reject", methods=["GET", "POST"])
@event_permission_required(Permission.ACCREDIT, event_of=queries.event_of_registration)
def reject(registration_id: int):
    """Reject with a reason the participant receives by e-mail, from a confirmation page."""
    return _confirmed_change(
        registration_id,
        RejectForm,
        "registration/manage/reject.html",
        _not_live,
        editing.reject,
        lambda r: _("%(name)s: rejected; an e-mail with your reason is on its way.", name=r.full_name),
    )


@bp.route("/registrations/<int:registration_id>/restore", methods=["GET", "POST"])
@event_permission_required(Permission.ACCREDIT, event_of=queries.event_of_registration)
def restore(registration_id: int):
    """Restore a rejected or cancelled registration: confirmed if a seat is free, else waitlisted."""
    return _confirmed_change(
        registration_id,
        RestoreForm,
        "registration/manage/restore.html",
        lambda registration, event: editing.restore_problem(get_session(), event, registration),
        editing.restore,
        lambda r: _(
            "%(name)s: restored (%(status)s); an e-mail is on its way.",
            name=r.full_name,
            status=r.status_label.lower(),
        ),
    )


def _settings_form(event: Event) -> SettingsForm:
    session = get_session()
    if request.method == "POST":
        return SettingsForm()
    settings = editing.settings_for(session, event)
    form = (
        SettingsForm(categories=[c.value for c in Category])
        if settings is None
        else SettingsForm(
            capacity=settings.capacity,
            requires_approval=settings.requires_approval,
            categories=settings.categories.split(","),
            opens_local=_local(settings.opens_at, event),
            closes_local=_local(settings.closes_at, event),
            reminder_days=settings.reminder_days,
            invitation_letters=settings.invitation_letters,
        )
    )
    for category, seats in secretariat.quotas_of(session, event.id).items():
        getattr(form, f"quota_{category}").data = seats
    return form


def _local(instant, event):
    return instant.astimezone(event.zone).replace(tzinfo=None) if instant else None


def _values(form: SettingsForm, event: Event) -> secretariat.SettingsValues:
    """Form data as values; a local time the clocks skip raises ModelValidationError."""
    instants = {}
    for name in ("opens_local", "closes_local"):
        local = getattr(form, name).data
        try:
            instants[name] = local_to_utc(local, event.zone) if local else None
        except ValueError as error:
            raise ModelValidationError(name, str(error)) from None
    return secretariat.SettingsValues(
        opens_at=instants["opens_local"],
        closes_at=instants["closes_local"],
        capacity=form.capacity.data,
        requires_approval=form.requires_approval.data,
        categories=form.categories.data,
        quotas={
            c.value: getattr(form, name).data for c, name in quota_fields() if getattr(form, name).data is not None
        },
        reminder_days=form.reminder_days.data,
        invitation_letters=form.invitation_letters.data,
    )


@bp.route("/events/<int:event_id>/registration-settings", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def settings(event_id: int):
    event = event_or_404(event_id)
    form = _settings_form(event)
    if form.validate_on_submit():
        try:
            secretariat.save_settings(get_session(), current_actor(), event, _values(form, event))
        except ModelValidationError as error:
            form.add_error(error.field, error.message)  # a form field (planner.db.form_field)
        else:
            flash(_("Registration settings saved."), "success")
            return redirect(url_for(".registrations", event_id=event.id))
    status = 422 if form.is_submitted() else 200
    saved = editing.settings_for(get_session(), event)
    return render_template(
        "registration/manage/settings.html",
        form=form,
        event=event,
        quota_fields=quota_fields(),
        trail=trail_for(get_session(), saved) if saved else [],
    ), status


# Private links never show on a page of the secretariat (a message queued before they were kept
# as placeholders may still hold one): only the participant ever sees their link.
bp.add_app_template_filter(mask, "mask_private_links")


@bp.get("/outbox")
@role_required("viewer")
def outbox():
    return render_template(
        "registration/manage/outbox.html",
        messages=mailer.waiting(get_session()),
        mail_server=bool(current_app.config.get("MAIL_SERVER")),
    )


@bp.get("/events/<int:event_id>/badges")
@event_permission_required(Permission.VIEW)
def badge_sheet(event_id: int):
    """Printable badges of confirmed participants, each with its check-in QR code, by sheet of the
    event's badge stock."""
    event = event_or_404(event_id)
    sheets = badges.badge_sheets(get_session(), event, current_app.config["SECRET_KEY"])
    return render_template("registration/manage/badges.html", event=event, sheets=sheets)


@bp.get("/events/<int:event_id>/check-in")
@event_permission_required(Permission.CHECK_IN)
def check_in_search(event_id: int):
    event = event_or_404(event_id)
    text = request.args.get("q", "")[:100]
    found = badges.search(get_session(), event.id, text) if text.strip() else []
    return render_template("registration/manage/check_in.html", event=event, text=text, found=found)


@bp.get("/check-in/<code>")
@event_permission_required(Permission.CHECK_IN, event_of=queries.event_of_check_in_code)
def scanned(code: str):
    """Where a badge's QR code leads: the participant and a button to check them in."""
    registration = badges.registration_for_code(get_session(), current_app.config["SECRET_KEY"], code)
    if registration is None:
        abort(404, description=_("This badge code is not valid."))
    event = get_session().get(Event, registration.event_id)
    return render_template("registration/manage/check_in.html", event=event, text="", found=[registration])


@bp.post("/registrations/<int:registration_id>/check-in")
@event_permission_required(Permission.CHECK_IN, event_of=queries.event_of_registration)
def check_in(registration_id: int):
    registration, event = _registration_or_404(registration_id)
    try:
        first = badges.check_in(get_session(), registration, utcnow())
    except badges.NotConfirmed as error:
        flash(str(error), "error")
    else:
        at = time_of_day(registration.checked_in_at, event.zone)
        flash(
            _("%(name)s checked in at %(time)s.", name=registration.full_name, time=at)
            if first
            else _("%(name)s is already checked in at %(time)s.", name=registration.full_name, time=at),
            "success" if first else "info",
        )
    return redirect(url_for(".check_in_search", event_id=event.id))


@bp.post("/registrations/<int:registration_id>/check-in/undo")
@event_permission_required(Permission.CHECK_IN, event_of=queries.event_of_registration)
def undo_check_in(registration_id: int):
    """Take back a check-in made by mistake (one click: the history keeps the time undone)."""
    registration, event = _registration_or_404(registration_id)  # CSRF: checked app-wide
    if badges.undo_check_in(get_session(), current_actor(), registration):
        flash(_("%(name)s is no longer checked in.", name=registration.full_name), "success")
    else:
        flash(_("%(name)s was not checked in.", name=registration.full_name), "info")
    return redirect(url_for(".check_in_search", event_id=event.id, q=request.form.get("q", "")[:100]))
