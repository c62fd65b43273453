"""Who is signed in, and what they may do: Flask-Login set-up and the `role_required` decorator.

Other packages import `role_required` and `current_actor` from here; keep both stable.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user

from planner.accounts.models import Role, User
from planner.db import get_session

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.localize_callback = str   # the lazy message in the reader's language, as plain text
login_manager.login_message_category = "info"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """Load the user on every request, so a deactivation or role change applies at once."""
    if not user_id.isdigit():
        return None
    user = get_session().get(User, int(user_id))
    return user if user is not None and user.active else None


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
                abort(403, description=_("This page needs the %(role)s role; ask an "
                                         "administrator if you need it.",
                                         role=needed.label.lower()))
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
