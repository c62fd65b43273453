"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from planner.accounts import editing, ratelimit
from planner.accounts.auth import begin_session
from planner.accounts.forms import LoginForm
from planner.db import get_session
from planner.forms import ActionForm

bp = Blueprint("accounts", __name__)

WRONG = _l("E-mail or password is wrong.")


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: no open redirect to another host, and
    no control character (CR/LF would split the Location header; browsers drop TAB and LF)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if not target.isprintable():  # C0/C1 controls, DEL, line separators...
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        claims = ratelimit.sign_in_claims(form.email.data)
        ratelimit.take(claims)  # before the password is checked; raises Limited (429)
        user = editing.authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            ratelimit.give_back(claims)  # a successful sign-in does not count
            session.clear()  # nothing from before the sign-in carries over
            login_user(user)
            begin_session(user)
            flash(_("Signed in as %(email)s.", email=user.email), "success")
            return redirect(safe_next(form.next.data) or url_for("events_manage.index"))
        form.form_errors.append(WRONG)
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET asks, POST signs out: a sign-out link on another site cannot end the session.

    Signing out raises the user's session version first, so every cookie issued to this account
    until now (a copy of this one included, and the user's other browsers) stops working.
    """
    form = ActionForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            editing.revoke_sessions(get_session(), current_user._get_current_object())
        logout_user()
        session.clear()
        flash(_("You are signed out."), "success")
        return redirect(url_for("events.index"))
    return render_template("accounts/logout.html", form=form, signed_in=current_user.is_authenticated)
