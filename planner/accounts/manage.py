"""User administration under /manage/users (administrators only).

Deactivating an account goes through a confirmation page that states what it does; reactivating
only gives back, so it is one click. Per-event roles (planner.accounts.permissions) are granted
and removed on the user's page, each with one POST, like a change of role."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from planner.accounts import editing
from planner.accounts.auth import current_actor, role_required
from planner.accounts.event_list import known_events
from planner.accounts.forms import DeactivateForm, EventRoleForm, RoleForm, UserForm
from planner.accounts.models import EventRole, EventRoleGrant, Role, User
from planner.audit.trail import trail_for
from planner.db import get_or_404, get_session
from planner.validation import ModelValidationError

bp = Blueprint("accounts_manage", __name__, url_prefix="/manage/users")


def _user_or_404(user_id: int) -> User:
    return get_or_404(User, user_id, "user")


@bp.get("/")
@role_required("admin")
def index():
    return render_template("accounts/manage/users.html", users=editing.list_users(get_session()))


@bp.route("/new", methods=["GET", "POST"])
@role_required("admin")
def new():
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = editing.create_user(
                get_session(),
                current_actor(),
                form.email.data,
                form.password.data,
                form.role.data,
                form.name.data or "",
            )
        except ModelValidationError as error:
            form.add_error(error.field, error.message)
        else:
            flash(_("Account %(email)s created.", email=user.email), "success")
            return redirect(url_for(".show", user_id=user.id))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/manage/user_form.html", form=form), status


@bp.get("/<int:user_id>")
@role_required("admin")
def show(user_id: int):
    user = _user_or_404(user_id)
    session = get_session()
    events = known_events(session)
    titles = {event.id: event.title for event in events}
    return render_template(
        "accounts/manage/user.html",
        user=user,
        role_form=RoleForm(role=user.role),
        event_roles=[(grant, titles.get(grant.event_id, "")) for grant in editing.event_roles_of(session, user)],
        event_role_form=EventRoleForm().setup(events),
        trail=trail_for(session, user),
    )


def _apply(change, done: str) -> None:
    """Run one account change; a refused one (the last administrator) comes back as a message."""
    try:
        change()
    except ModelValidationError as error:
        flash(_("Nothing was changed: %(problem)s.", problem=error.message), "error")
    else:
        flash(done, "success")


@bp.post("/<int:user_id>/role")
@role_required("admin")
def change_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        _apply(
            lambda: editing.set_role(get_session(), current_actor(), user, form.role.data),
            _("%(email)s is now %(role)s.", email=user.email, role=Role(form.role.data).label.lower()),
        )
    else:
        flash(_("Nothing was changed: choose a role from the list."), "error")
    return redirect(url_for(".show", user_id=user_id))


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
@role_required("admin")
def deactivate(user_id: int):
    """GET: what deactivating does (no more sign-in, open sessions end); POST from that page: do it.

    A POST without the page's confirmation changes nothing (422); a refused one (the last
    administrator, an account already deactivated) says why (409)."""
    user = _user_or_404(user_id)
    form = DeactivateForm()
    problem = None if user.active else _("This account is already deactivated.")
    if problem is None and form.validate_on_submit():
        try:
            editing.deactivate(get_session(), current_actor(), user)
        except ModelValidationError as error:
            problem = _("Nothing was changed: %(problem)s.", problem=error.message)
        else:
            flash(_("%(email)s can no longer sign in.", email=user.email), "success")
            return redirect(url_for(".show", user_id=user_id))
    status = (409 if problem else 422) if form.is_submitted() else 200
    return render_template("accounts/manage/deactivate.html", user=user, form=form, problem=problem), status


@bp.post("/<int:user_id>/reactivate")
@role_required("admin")
def reactivate(user_id: int):
    user = _user_or_404(user_id)
    _apply(
        lambda: editing.reactivate(get_session(), current_actor(), user),
        _("%(email)s can sign in again.", email=user.email),
    )
    return redirect(url_for(".show", user_id=user_id))


@bp.post("/<int:user_id>/event-roles")
@role_required("admin")
def grant_event_role(user_id: int):
    user = _user_or_404(user_id)
    events = known_events(get_session())
    form = EventRoleForm().setup(events)
    if form.validate_on_submit():
        title = next(event.title for event in events if event.id == form.event_id.data)
        _apply(
            lambda: editing.grant_event_role(get_session(), current_actor(), user, form.event_id.data, form.role.data),
            _(
                "%(email)s has the role “%(role)s” on “%(title)s”.",
                email=user.email,
                role=EventRole(form.role.data).label,
                title=title,
            ),
        )
    else:
        flash(_("Nothing was changed: choose an event and a role from the lists."), "error")
    return redirect(url_for(".show", user_id=user_id))


@bp.post("/<int:user_id>/event-roles/<int:grant_id>/remove")
@role_required("admin")
def remove_event_role(user_id: int, grant_id: int):
    """One click, like a change of role: it only takes away, and its button names the role and
    the event (CSRF is checked app-wide)."""
    user = _user_or_404(user_id)
    grant = get_session().get(EventRoleGrant, grant_id)
    if grant is None or grant.user_id != user.id:
        abort(404, description=_("This account has no such role."))
    done = _("%(email)s no longer has the role “%(role)s” on that event.", email=user.email, role=grant.role_label)
    _apply(lambda: editing.remove_event_role(get_session(), current_actor(), user, grant), done)
    return redirect(url_for(".show", user_id=user_id))
