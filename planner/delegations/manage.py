"""Secretariat pages for delegations, credentials, accreditation and the list of participants.

Who may do what (planner.accounts.permissions): reading needs VIEW on the event; entering and
changing delegations and people, credentials and accreditation need ACCREDIT (the accreditation
desk, event managers); publishing the list of participants needs PROTOCOL; size limits need EDIT.
Every change goes through planner.delegations.editing or .accreditation, with its audit entry.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from planner.accounts.auth import current_actor
from planner.accounts.permissions import Permission, event_permission_required
from planner.audit.trail import trail_for
from planner.collation import sort_key
from planner.db import get_or_404, get_session
from planner.delegations import accreditation, editing, participants_list, queries, reports
from planner.delegations.forms import (
    AccreditationForm,
    CredentialsForm,
    DelegationDetailsForm,
    LimitsForm,
    MemberEditForm,
    MemberPageForm,
    NewDelegationForm,
    PublishListForm,
    WithdrawForm,
    delegation_values,
    filled_rows,
    limit_fields,
    member_rows,
    rows_valid,
)
from planner.delegations.models import Delegation
from planner.events.models import Event
from planner.events.queries import event_or_404
from planner.forms import ActionForm
from planner.i18n import current_language
from planner.registration import editing as registrations
from planner.registration.models import Category, Registration
from planner.validation import ModelValidationError

bp = Blueprint("delegations_manage", __name__, url_prefix="/manage")

_of_delegation = queries.event_of_delegation
_of_registration = queries.event_of_registration


def _delegation(delegation_id: int) -> tuple[Delegation, Event]:
    delegation = get_or_404(Delegation, delegation_id, "delegation")
    return delegation, get_session().get(Event, delegation.event_id)


def _member(delegation: Delegation, registration_id: int) -> Registration:
    for member in queries.members(get_session(), delegation.id):
        if member.registration.id == registration_id:
            return member.registration
    abort(404, description=_("This person is not a member of the delegation."))


@bp.get("/events/<int:event_id>/delegations")
@event_permission_required(Permission.VIEW)
def index(event_id: int):
    session = get_session()
    event = event_or_404(event_id)
    by_name = sort_key(current_language().code)
    delegations = sorted(
        queries.of_event(session, event.id),
        key=lambda d: (d.withdrawn_at is not None, not d.is_state, by_name(queries.delegation_name(d))),
    )
    return render_template(
        "delegations/manage/index.html",
        event=event,
        delegations=delegations,
        counts=queries.live_counts(session, event.id),
        name=queries.delegation_name,
    )


@bp.route("/events/<int:event_id>/delegations/new", methods=["GET", "POST"])
@event_permission_required(Permission.ACCREDIT)
def new(event_id: int):
    """The secretariat enters a delegation itself (a note verbale received by post or e-mail):
    the same form and rules as the focal point's, at any time, with the audit trail."""
    session = get_session()
    event = event_or_404(event_id)
    settings = registrations.settings_for(session, event)
    if settings is None:
        flash(_("Set up registration for this event first: delegation members are registrations."), "error")
        return redirect(url_for(".index", event_id=event.id))
    form = NewDelegationForm().for_categories(settings.offered)
    rows = member_rows(request.form if request.method == "POST" else None)
    if form.is_submitted():
        form_ok, rows_ok = form.validate_on_submit(), rows_valid(rows)
        people = filled_rows(rows)
        if not people:
            form.form_errors.append(_("Name at least the head of delegation in the first row."))
        elif form_ok and rows_ok:
            values = delegation_values(form, current_language().code)
            try:
                delegation, _token = editing.submit(
                    session,
                    event,
                    values,
                    [row.participant(values.clean().member_values) for row in people],
                    actor=current_actor(),
                )
            except ModelValidationError as error:
                form.add_error(error.field, error.message)
            except registrations.RegistrationError as error:
                form.form_errors.append(str(error))
            else:
                flash(_("The delegation is registered; the focal point and each member were e-mailed."), "success")
                return redirect(url_for(".show", delegation_id=delegation.id))
    status = 422 if form.is_submitted() else 200
    return render_template("delegations/manage/new.html", event=event, form=form, rows=rows), status


@bp.get("/delegations/<int:delegation_id>")
@event_permission_required(Permission.VIEW, _of_delegation)
def show(delegation_id: int):
    delegation, event = _delegation(delegation_id)
    return _show_page(delegation, event, CredentialsForm(obj=delegation))


def _show_page(delegation: Delegation, event: Event, credentials_form: CredentialsForm, status: int = 200):
    """The delegation's page, with the credentials form as given (filled, or sent with errors)."""
    session = get_session()
    return render_template(
        "delegations/manage/show.html",
        delegation=delegation,
        event=event,
        name=queries.delegation_name(delegation),
        members=queries.members(session, delegation.id),
        credentials_form=credentials_form,
        action_form=ActionForm(),
        trail=trail_for(session, delegation),
    ), status


@bp.route("/delegations/<int:delegation_id>/edit", methods=["GET", "POST"])
@event_permission_required(Permission.ACCREDIT, _of_delegation)
def edit(delegation_id: int):
    delegation, event = _delegation(delegation_id)
    form = DelegationDetailsForm(obj=delegation) if request.method == "GET" else DelegationDetailsForm()
    if form.validate_on_submit():
        values = delegation_values(form, delegation.language, delegation)
        try:
            editing.update(get_session(), delegation, values, actor=current_actor())
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("The delegation was saved."), "success")
            return redirect(url_for(".show", delegation_id=delegation.id))
    status = 422 if form.is_submitted() else 200
    return render_template("delegations/manage/edit.html", delegation=delegation, event=event, form=form), status


@bp.post("/delegations/<int:delegation_id>/credentials")
@event_permission_required(Permission.ACCREDIT, _of_delegation)
def credentials(delegation_id: int):
    delegation, event = _delegation(delegation_id)
    form = CredentialsForm()
    if form.validate_on_submit():
        changed = editing.record_credentials(
            get_session(),
            current_actor(),
            delegation,
            form.credentials.data,
            form.credentials_date.data,
            form.credentials_note.data,
        )
        flash(_("Credentials recorded.") if changed else _("Nothing was changed."), "success")
        return redirect(url_for(".show", delegation_id=delegation.id))
    return _show_page(delegation, event, form, 422)


def _member_page(delegation_id: int, registration_id: int | None):
    """Add a member (no registration_id) or change one."""
    delegation, event = _delegation(delegation_id)
    registration = _member(delegation, registration_id) if registration_id else None
    if registration is None:
        form = MemberPageForm()
    else:
        form = MemberEditForm(obj=registration) if request.method == "GET" else MemberEditForm()
    if form.validate_on_submit():
        values = editing.member_values(delegation)
        try:
            if registration is None:
                added = editing.add_member(
                    get_session(), event, delegation, form.participant(values), actor=current_actor()
                )
                flash(_("%(name)s was added; an e-mail is on its way to them.", name=added.full_name), "success")
            else:
                person = form.participant(values, email=registration.email)
                editing.update_member(get_session(), event, delegation, registration, person, actor=current_actor())
                flash(_("The member was saved."), "success")
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except registrations.RegistrationError as error:
            form.form_errors.append(str(error))
        else:
            return redirect(url_for(".show", delegation_id=delegation.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "delegations/manage/member.html", delegation=delegation, event=event, form=form, registration=registration
    ), status


@bp.route("/delegations/<int:delegation_id>/members/new", methods=["GET", "POST"])
@event_permission_required(Permission.ACCREDIT, _of_delegation)
def add_member(delegation_id: int):
    return _member_page(delegation_id, None)


@bp.route("/delegations/<int:delegation_id>/members/<int:registration_id>/edit", methods=["GET", "POST"])
@event_permission_required(Permission.ACCREDIT, _of_delegation)
def edit_member(delegation_id: int, registration_id: int):
    return _member_page(delegation_id, registration_id)


@bp.route("/delegations/<int:delegation_id>/members/<int:registration_id>/withdraw", methods=["GET", "POST"])
@event_permission_required(Permission.ACCREDIT, _of_delegation)
def withdraw_member(delegation_id: int, registration_id: int):
    delegation, event = _delegation(delegation_id)
    registration = _member(delegation, registration_id)
    form = WithdrawForm()
    problem = None
    if form.validate_on_submit():
        try:
            editing.withdraw_member(get_session(), event, delegation, registration, actor=current_actor())
        except registrations.RegistrationError as error:
            problem = str(error)
        else:
            flash(_("%(name)s was withdrawn from the delegation.", name=registration.full_name), "success")
            return redirect(url_for(".show", delegation_id=delegation.id))
    status = (409 if problem else 422) if form.is_submitted() else 200
    return render_template(
        "delegations/manage/withdraw_member.html",
        delegation=delegation,
        event=event,
        form=form,
        registration=registration,
        problem=problem,
    ), status


@bp.post("/delegations/<int:delegation_id>/members/<int:registration_id>/head")
@event_permission_required(Permission.ACCREDIT, _of_delegation)
def make_head(delegation_id: int, registration_id: int):
    delegation, event = _delegation(delegation_id)  # CSRF: checked app-wide
    registration = _member(delegation, registration_id)
    try:
        editing.make_head(get_session(), event, delegation, registration, actor=current_actor())
    except registrations.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s now heads the delegation.", name=registration.full_name), "success")
    return redirect(url_for(".show", delegation_id=delegation.id))


@bp.route("/delegations/<int:delegation_id>/withdraw", methods=["GET", "POST"])
@event_permission_required(Permission.ACCREDIT, _of_delegation)
def withdraw(delegation_id: int):
    delegation, event = _delegation(delegation_id)
    form = WithdrawForm()
    problem = None
    if form.validate_on_submit():
        try:
            editing.withdraw(get_session(), event, delegation, actor=current_actor())
        except registrations.RegistrationError as error:
            problem = str(error)
        else:
            flash(_("The delegation was withdrawn; every member was told."), "success")
            return redirect(url_for(".show", delegation_id=delegation.id))
    status = (409 if problem else 422) if form.is_submitted() else 200
    return render_template(
        "delegations/manage/withdraw.html",
        delegation=delegation,
        event=event,
        form=form,
        members=queries.members(get_session(), delegation.id, live_only=True),
        problem=problem,
    ), status


@bp.route("/registrations/<int:registration_id>/accreditation", methods=["GET", "POST"])
@event_permission_required(Permission.ACCREDIT, _of_registration)
def accredit(registration_id: int):
    """Accredit, refuse (with the reason the person receives) or set back one person."""
    session = get_session()
    registration = get_or_404(Registration, registration_id, "registration")
    event = session.get(Event, registration.event_id)
    delegation = queries.delegation_of(session, registration.id)
    form = AccreditationForm(decision=registration.accreditation, reason=registration.accreditation_reason)
    if request.method == "POST":
        form = AccreditationForm()
    if form.validate_on_submit():
        try:
            changed = accreditation.decide(
                session, current_actor(), event, registration, form.decision.data, form.reason.data
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except registrations.RegistrationError as error:
            form.form_errors.append(str(error))
        else:
            flash(
                _("%(name)s: %(decision)s.", name=registration.full_name, decision=registration.accreditation_label)
                if changed
                else _("Nothing was changed."),
                "success",
            )
            if delegation is not None:
                return redirect(url_for(".show", delegation_id=delegation.id))
            return redirect(url_for("registration_manage.show", registration_id=registration.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "delegations/manage/accredit.html", registration=registration, event=event, delegation=delegation, form=form
    ), status


@bp.post("/delegations/<int:delegation_id>/accredit-all")
@event_permission_required(Permission.ACCREDIT, _of_delegation)
def accredit_all(delegation_id: int):
    """Accredit every live member still pending (the usual case once credentials are in)."""
    delegation, event = _delegation(delegation_id)  # CSRF: checked app-wide
    session = get_session()
    pending = [m.registration for m in queries.members(session, delegation.id, live_only=True)]
    pending = [r for r in pending if r.accreditation == "pending"]
    changed = accreditation.decide_many(session, current_actor(), event, pending, "accredited")
    flash(_("%(count)d people accredited; each was e-mailed.", count=changed), "success")
    return redirect(url_for(".show", delegation_id=delegation.id))


@bp.get("/events/<int:event_id>/credentials")
@event_permission_required(Permission.VIEW)
def credentials_report(event_id: int):
    event = event_or_404(event_id)
    return render_template(
        "delegations/manage/credentials.html", event=event, report=reports.credentials(get_session(), event.id)
    )


@bp.get("/events/<int:event_id>/credentials.csv")
@event_permission_required(Permission.VIEW)
def credentials_csv(event_id: int):
    event = event_or_404(event_id)
    body = reports.credentials_csv(get_session(), event.id)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-credentials.csv"'},
    )


@bp.route("/events/<int:event_id>/participants-list", methods=["GET", "POST"])
@event_permission_required(Permission.PROTOCOL)
def participants(event_id: int):
    """The list of participants as it would be published, and publishing it (or taking it down)."""
    session = get_session()
    event = event_or_404(event_id)
    publication = queries.publication(session, event.id)
    form = PublishListForm(edition=publication.edition if publication else "provisional")
    if request.method == "POST":
        form = PublishListForm()
        if form.validate_on_submit():
            edition = None if request.form.get("unpublish") else form.edition.data
            editing.publish_list(session, current_actor(), event, edition)
            flash(_("The list of participants is published.") if edition else _("The list was taken down."), "success")
            return redirect(url_for(".participants", event_id=event.id))
    return render_template(
        "delegations/manage/participants.html",
        event=event,
        publication=publication,
        form=form,
        groups=participants_list.build(session, event.id),
        display_name=participants_list.display_name,
    ), (422 if form.is_submitted() else 200)


@bp.route("/events/<int:event_id>/delegation-limits", methods=["GET", "POST"])
@event_permission_required(Permission.EDIT)
def limits(event_id: int):
    session = get_session()
    event = event_or_404(event_id)
    current = queries.limits(session, event.id)
    form = LimitsForm(data={name: current.get(category.value) for category, name in limit_fields()})
    if request.method == "POST":
        form = LimitsForm()
        if form.validate_on_submit():
            wanted = {category.value: form[name].data for category, name in limit_fields()}
            editing.set_limits(session, current_actor(), event, wanted)
            flash(_("The delegation size limits were saved."), "success")
            return redirect(url_for(".index", event_id=event.id))
    return render_template(
        "delegations/manage/limits.html", event=event, form=form, fields=limit_fields(), categories=Category
    ), (422 if form.is_submitted() else 200)
