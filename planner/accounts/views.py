"""Sign in and sign out."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from planner.accounts import services
from planner.accounts.forms import LoginForm
from planner.accounts.ratelimit import login_limits, mark_failed_login
from planner.db import get_session
from planner.events.forms import ActionForm

bp = Blueprint("accounts", __name__)

WRONG = _l("E-mail or password is wrong.")


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: no open redirect to another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = services.authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            session.clear()   # nothing from before the sign-in carries over
            login_user(user)
            flash(_("Signed in as %(email)s.", email=user.email), "success")
            return redirect(safe_next(form.next.data) or url_for("manage.index"))
        mark_failed_login()
        form.form_errors.append(WRONG)
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET asks, POST signs out: a sign-out link on another site cannot end the session."""
    form = ActionForm()
    if form.validate_on_submit():
        logout_user()
        session.clear()
        flash(_("You are signed out."), "success")
        return redirect(url_for("events.index"))
    return render_template("accounts/logout.html", form=form, signed_in=current_user.is_authenticated)
