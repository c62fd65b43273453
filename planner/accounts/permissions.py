"""What a signed-in account may do on one event: its global role, plus the roles granted to it
on that event (EventRoleGrant).

A UN conference gives its accreditation desk the right to decide on that conference's
registrations and nothing else; a global role applies to every event. Management routes about
one event use `event_permission_required`; routes about objects shared by every event (series,
venues, rooms, people, mandates, the outbox, creating an event) keep `role_required`.

| role | permissions |
|---|---|
| global `viewer` | VIEW on every event |
| global `manager`, `admin` | all, on every event |
| `event_viewer` | VIEW |
| `check_in` | CHECK_IN |
| `protocol` | VIEW, PROTOCOL |
| `accreditation` | VIEW, ACCREDIT |
| `reviewer` | REVIEW (the side-event proposals, nothing else of the event) |
| `event_manager` | all |

An account's grants are read in one query, once per request (kept in `flask.g`), whatever the
number of events a page asks about.
"""

from __future__ import annotations

from enum import StrEnum
from functools import wraps
from typing import Callable

from flask import abort, g
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from planner.accounts.auth import login_manager
from planner.accounts.models import EventRole, EventRoleGrant, Role
from planner.db import get_session


class Permission(StrEnum):
    VIEW = "view"  # the event's management pages, its registrations, their exports
    EDIT = "edit"  # the event, its agenda, translations, registration settings, messages; postpone, cancel
    ACCREDIT = "accredit"  # approve, reject, restore registrations (later: delegations, credentials)
    PROTOCOL = "protocol"  # the list of participants (later: speakers)
    CHECK_IN = "check_in"  # check-in search, a scanned badge, checking a participant in
    REVIEW = "review"  # read side-event proposals, score and comment them


ALL = frozenset(Permission)
NOTHING: frozenset[Permission] = frozenset()

GLOBAL_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.NONE: NOTHING,
    Role.VIEWER: frozenset({Permission.VIEW}),
    Role.MANAGER: ALL,
    Role.ADMIN: ALL,
}

EVENT_PERMISSIONS: dict[EventRole, frozenset[Permission]] = {
    EventRole.EVENT_VIEWER: frozenset({Permission.VIEW}),
    EventRole.CHECK_IN: frozenset({Permission.CHECK_IN}),
    EventRole.REVIEWER: frozenset({Permission.REVIEW}),
    EventRole.PROTOCOL: frozenset({Permission.VIEW, Permission.PROTOCOL}),
    EventRole.ACCREDITATION: frozenset({Permission.VIEW, Permission.ACCREDIT}),
    EventRole.EVENT_MANAGER: ALL,
}

_CACHE = "planner_event_grants"  # in flask.g: {user id: {event id: frozenset of EventRole}}


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _global(user) -> frozenset[Permission]:
    return GLOBAL_PERMISSIONS[Role(user.role)] if _signed_in(user) else NOTHING


def _grants(user) -> dict[int, frozenset[EventRole]]:
    """{event id: the roles granted to `user` there}: one query, then kept for the request."""
    cache = g.setdefault(_CACHE, {})
    if user.id not in cache:
        rows = get_session().exec(
            select(EventRoleGrant.event_id, EventRoleGrant.role).where(EventRoleGrant.user_id == user.id)
        )
        grants: dict[int, set[EventRole]] = {}
        for event_id, role in rows:
            grants.setdefault(event_id, set()).add(EventRole(role))
        cache[user.id] = {event_id: frozenset(roles) for event_id, roles in grants.items()}
    return cache[user.id]


def permissions(user, event_id: int) -> frozenset[Permission]:
    """Everything `user` may do on the event `event_id` (nothing for anonymous or inactive users)."""
    mine = _global(user)
    if mine == ALL or not _signed_in(user):
        return mine
    for role in _grants(user).get(event_id, ()):
        mine |= EVENT_PERMISSIONS[role]
    return mine


def can(user, permission: Permission | str, event_id: int) -> bool:
    """Whether `user` may do `permission` on the event (a global role that gives it: no query)."""
    permission = Permission(permission)
    return permission in _global(user) or permission in permissions(user, event_id)


def visible_event_ids(user) -> set[int] | None:
    """The events `user` may find in the events list: None for all (a global role that reads
    every event), else those with a grant of theirs (empty for anonymous users)."""
    if Permission.VIEW in _global(user):
        return None
    if not _signed_in(user):
        return set()
    return set(_grants(user))


def has_any_access(user) -> bool:
    """A global role, or at least one per-event role: the management side has a page for them."""
    return bool(_global(user)) or (_signed_in(user) and bool(_grants(user)))


def may(permission: Permission | str, event_id: int) -> bool:
    """For templates: show a link or a button only to those who may use it on this event."""
    return can(current_user, permission, event_id)


def event_permission_required(permission: Permission | str, event_of: Callable[..., int | None] | None = None):
    """View decorator: anonymous -> login page (with `next`); signed in without `permission` on
    the route's event -> 403, the page `role_required` gives.

    The event is the view's `event_id` argument, or `event_of(**view_kwargs)` for a route that
    names something of the event (a session, a registration, a scanned badge code, a slug);
    None from it is a 404. Each package defines its `event_of` lookups in its own `queries.py`.
    """
    needed = Permission(permission)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            event_id = event_of(**kwargs) if event_of is not None else kwargs["event_id"]
            if event_id is None:
                abort(404)
            if not can(current_user, needed, event_id):
                abort(
                    403,
                    description=_("Your account may not do this on this event; ask an administrator if you need it."),
                )
            return view(*args, **kwargs)

        return wrapped

    return decorator


def management_access_required(view):
    """View decorator for pages every account with some role has (the events list): anonymous ->
    login page; an account with no global role and no per-event role -> 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not has_any_access(current_user):
            abort(403, description=_("Your account has no role yet; ask an administrator for one."))
        return view(*args, **kwargs)

    return wrapped
