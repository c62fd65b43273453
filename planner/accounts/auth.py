"""Who is signed in, and what they may do: Flask-Login set-up and the `role_required` decorator.

Other packages import `role_required` and `current_actor` from here; keep both stable.

A signed-in session (a signed cookie) carries the user's `session_version` from the moment of
sign-in and the time it was last used. The user loader refuses it when the version is no longer
the user's (raised by sign-out, deactivation and a password change: planner.accounts.editing)
or when it has been idle longer than SESSION_IDLE_MINUTES, so a copied cookie stops working at
sign-out instead of living as long as its signature (31 days). The last-seen time is refreshed
at most once a minute, only for signed-in users and never on a response marked
`Cache-Control: public`: anonymous visitors get no cookie from this.
"""

from __future__ import annotations

import time
from functools import wraps

from flask import abort, after_this_request, current_app, flash, g, has_request_context, redirect, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import LoginManager, current_user, login_url

from planner.accounts.models import Role, User
from planner.db import get_session
from planner.input_guard import parse_id

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.localize_callback = str  # the lazy message in the reader's language, as plain text
login_manager.login_message_category = "info"


# Keys of the session cookie (beside Flask-Login's own `_user_id`, `_fresh`, `_id`).
VERSION_KEY = "_session_version"
SEEN_KEY = "_last_seen"
SEEN_REFRESH_SECONDS = 60
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds", VERSION_KEY, SEEN_KEY)


def _now() -> int:
    """Seconds since the epoch; a function of its own so that tests can move the clock."""
    return int(time.time())


def begin_session(user: User) -> None:
    """Right after `login_user`: tie the session to the user's current version, start its clock."""
    session[VERSION_KEY] = user.session_version
    session[SEEN_KEY] = _now()


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """Load the user on every request, so a deactivation or role change applies at once.

    None (anonymous) also for a session issued under an older `session_version` (signed out,
    deactivated, password changed) and for one idle longer than SESSION_IDLE_MINUTES.
    """
    user_id = parse_id(user_id)
    if user_id is None:
        return None
    user = get_session().get(User, user_id)
    if user is None or not user.active:
        return None
    version = session.get(VERSION_KEY)
    if type(version) is not int or version != user.session_version:
        g.planner_session_ended = "revoked"
        return None
    seen, now = session.get(SEEN_KEY), _now()
    if type(seen) is not int or now - seen > current_app.config["SESSION_IDLE_MINUTES"] * 60:
        g.planner_session_ended = "idle"
        return None
    if now - seen >= SEEN_REFRESH_SECONDS:

        @after_this_request
        def _refresh_last_seen(response):
            if not response.cache_control.public:  # a shared cache must never keep a cookie
                session[SEEN_KEY] = now
            return response

    return user


@login_manager.unauthorized_handler
def _sign_in_first():
    """Flask-Login's default (flash, then the sign-in page with `next`), saying why when the
    session has just ended by itself, and dropping that session's stale sign-in."""
    ended = g.get("planner_session_ended")
    if ended:
        for key in _LOGIN_KEYS:
            session.pop(key, None)
    if ended == "idle":
        minutes = current_app.config["SESSION_IDLE_MINUTES"]
        flash(
            ngettext(
                "You were signed out after %(num)d minute without activity. Please sign in again.",
                "You were signed out after %(num)d minutes without activity. Please sign in again.",
                minutes,
            ),
            "info",
        )
    else:
        flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def role_required(role: Role | str):
    """View decorator: anonymous -> login page (with `next`); signed in without the role -> 403.

    Roles nest (admin > manager > viewer), so `@role_required("viewer")` admits every active user.
    """
    needed = Role(role)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(needed):
                abort(
                    403,
                    description=_(
                        "This page needs the %(role)s role; ask an administrator if you need it.",
                        role=needed.label.lower(),
                    ),
                )
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can(role: Role | str) -> bool:
    """For templates: show an edit button only to those who may press it."""
    return bool(current_user and current_user.is_authenticated and current_user.has_role(role))


def current_actor() -> str:
    """The name the audit trail records: the signed-in user's e-mail, else "cli"."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.email
    return "cli"
