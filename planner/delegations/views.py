"""Public delegation pages: the focal point's form, the private delegation link, and the published
list of participants.

Thin views: parse the request, call planner.delegations.editing, render. A wrong delegation link
counts towards the same per-address limit as a wrong registration link (planner.accounts.ratelimit)
and gets a plain 404; pages behind the link are kept out of shared caches and search engines.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from planner import pagecache
from planner.accounts import ratelimit
from planner.db import get_session, utcnow
from planner.delegations import editing, participants_list, queries
from planner.delegations.forms import (
    DelegationDetailsForm,
    MemberEditForm,
    MemberPageForm,
    NewDelegationForm,
    WithdrawForm,
    delegation_values,
    filled_rows,
    member_rows,
    rows_valid,
)
from planner.delegations.models import Delegation, ParticipantsList
from planner.events.models import Event
from planner.events.queries import EVENT_ID, EVENT_PAGE, published_event_or_404
from planner.forms import ActionForm
from planner.i18n import current_language
from planner.registration import editing as registrations
from planner.registration.models import Registration
from planner.validation import ModelValidationError

bp = Blueprint("delegations", __name__)
bp.add_app_template_global(queries.delegation_name, "delegation_name")


@bp.app_template_global()
def participants_published(event: Event) -> bool:
    """For the event page: whether it links to a published list of participants."""
    publication = queries.publication(get_session(), event.id)
    return publication is not None and publication.published_at is not None


def _publication_fingerprint() -> list:
    """The event page links to the list once published (planner.pagecache): its row's change."""
    return [select(select(ParticipantsList.updated_at).where(ParticipantsList.event_id == EVENT_ID).scalar_subquery())]


bp.record_once(lambda state: pagecache.add_fingerprint(state.app, EVENT_PAGE, _publication_fingerprint))

PRIVATE_PAGES = {
    "delegations.show",
    "delegations.edit",
    "delegations.add_member",
    "delegations.edit_member",
    "delegations.withdraw_member",
    "delegations.withdraw",
}


@bp.after_request
def _private_pages_stay_private(response):
    if request.endpoint in PRIVATE_PAGES:
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def _window(event: Event):
    session = get_session()
    settings = registrations.settings_for(session, event)
    return settings, registrations.window(event, settings, utcnow())


@bp.route("/events/<slug>/delegations/new", methods=["GET", "POST"])
def new(slug: str):
    """A focal point registers a whole delegation on one page."""
    event = published_event_or_404(slug)
    settings, state = _window(event)
    if state != registrations.Window.OPEN:
        return render_template(
            "delegations/new.html", event=event, form=None, sentence=registrations.WINDOW_SENTENCES[state]
        ), (409 if request.method == "POST" else 200)
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
                _delegation, token = editing.submit(
                    get_session(), event, values, [row.participant(values.clean().member_values) for row in people]
                )
            except ModelValidationError as error:
                form.add_error(error.field, error.message)
            except registrations.RegistrationError as error:
                form.form_errors.append(str(error))
            else:
                flash(
                    _(
                        "Thank you: the delegation is registered. Keep this page's address: it is the delegation's "
                        "private link (it was also e-mailed to the focal point)."
                    ),
                    "success",
                )
                return redirect(url_for(".show", token=token))
    status = 422 if form.is_submitted() else 200
    return render_template("delegations/new.html", event=event, form=form, rows=rows, sentence=None), status


def open_delegation(token: str) -> tuple[Delegation, Event]:
    """The delegation behind a private link and its event; a wrong link is a 404 and counts towards
    the per-address limit of wrong private links (planner.accounts.ratelimit)."""
    delegation = queries.find_by_token(get_session(), token)
    if delegation is None:
        ratelimit.count_wrong_private_link()
        abort(404, description=_("This link does not open any delegation. Check that it was copied completely."))
    return delegation, get_session().get(Event, delegation.event_id)


def _member(delegation: Delegation, registration_id: int) -> Registration:
    for member in queries.members(get_session(), delegation.id):
        if member.registration.id == registration_id:
            return member.registration
    abort(404, description=_("This person is not a member of the delegation."))


@bp.get("/delegations/<token>")
def show(token: str):
    delegation, event = open_delegation(token)
    _settings, state = _window(event)
    return render_template(
        "delegations/show.html",
        delegation=delegation,
        event=event,
        token=token,
        members=queries.members(get_session(), delegation.id),
        changeable=state == registrations.Window.OPEN and delegation.withdrawn_at is None,
        action_form=ActionForm(),
    )


@bp.route("/delegations/<token>/edit", methods=["GET", "POST"])
def edit(token: str):
    """The focal point changes the head's level or the focal point's details."""
    delegation, event = open_delegation(token)
    form = DelegationDetailsForm(obj=delegation) if request.method == "GET" else DelegationDetailsForm()
    if form.validate_on_submit():
        try:
            editing.update(get_session(), delegation, delegation_values(form, delegation.language, delegation))
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("Your changes were saved."), "success")
            return redirect(url_for(".show", token=token))
    status = 422 if form.is_submitted() else 200
    return render_template("delegations/edit.html", delegation=delegation, event=event, token=token, form=form), status


@bp.route("/delegations/<token>/members/new", methods=["GET", "POST"])
def add_member(token: str):
    delegation, event = open_delegation(token)
    form = MemberPageForm()
    if form.validate_on_submit():
        try:
            added = editing.add_member(
                get_session(), event, delegation, form.participant(editing.member_values(delegation))
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except registrations.RegistrationError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("%(name)s was added; an e-mail is on its way to them.", name=added.full_name), "success")
            return redirect(url_for(".show", token=token))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "delegations/member.html", delegation=delegation, event=event, token=token, form=form, registration=None
    ), status


@bp.route("/delegations/<token>/members/<int:registration_id>/edit", methods=["GET", "POST"])
def edit_member(token: str, registration_id: int):
    delegation, event = open_delegation(token)
    registration = _member(delegation, registration_id)
    form = MemberEditForm(obj=registration) if request.method == "GET" else MemberEditForm()
    if form.validate_on_submit():
        person = form.participant(editing.member_values(delegation), email=registration.email)
        try:
            changed = editing.update_member(get_session(), event, delegation, registration, person)
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        except registrations.RegistrationError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Your changes were saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".show", token=token))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "delegations/member.html", delegation=delegation, event=event, token=token, form=form, registration=registration
    ), status


@bp.route("/delegations/<token>/members/<int:registration_id>/withdraw", methods=["GET", "POST"])
def withdraw_member(token: str, registration_id: int):
    delegation, event = open_delegation(token)
    registration = _member(delegation, registration_id)
    form = WithdrawForm()
    problem = None
    if form.validate_on_submit():
        try:
            editing.withdraw_member(get_session(), event, delegation, registration)
        except registrations.RegistrationError as error:
            problem = str(error)
        else:
            flash(_("%(name)s was withdrawn from the delegation.", name=registration.full_name), "success")
            return redirect(url_for(".show", token=token))
    status = (409 if problem else 422) if form.is_submitted() else 200
    return render_template(
        "delegations/withdraw_member.html",
        delegation=delegation,
        event=event,
        token=token,
        form=form,
        registration=registration,
        problem=problem,
    ), status


@bp.post("/delegations/<token>/members/<int:registration_id>/head")
def make_head(token: str, registration_id: int):
    delegation, event = open_delegation(token)  # CSRF: checked app-wide
    registration = _member(delegation, registration_id)
    try:
        editing.make_head(get_session(), event, delegation, registration)
    except registrations.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s now heads the delegation.", name=registration.full_name), "success")
    return redirect(url_for(".show", token=token))


@bp.route("/delegations/<token>/withdraw", methods=["GET", "POST"])
def withdraw(token: str):
    delegation, event = open_delegation(token)
    form = WithdrawForm()
    problem = None
    if form.validate_on_submit():
        try:
            editing.withdraw(get_session(), event, delegation)
        except registrations.RegistrationError as error:
            problem = str(error)
        else:
            flash(_("The delegation was withdrawn; every member was told."), "success")
            return redirect(url_for(".show", token=token))
    status = (409 if problem else 422) if form.is_submitted() else 200
    return render_template(
        "delegations/withdraw.html",
        delegation=delegation,
        event=event,
        token=token,
        form=form,
        members=queries.members(get_session(), delegation.id, live_only=True),
        problem=problem,
    ), status


@bp.get("/events/<slug>/participants")
def participants(slug: str):
    """The published list of participants (404 until the secretariat publishes it)."""
    event = published_event_or_404(slug)
    session = get_session()
    publication = queries.publication(session, event.id)
    if publication is None or publication.published_at is None:
        abort(404, description=_("The list of participants of this event is not published yet."))
    return render_template(
        "delegations/participants.html",
        event=event,
        publication=publication,
        groups=participants_list.build(session, event.id),
        display_name=participants_list.display_name,
    )
