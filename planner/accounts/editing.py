"""Account rules shared by the sign-in page, the user administration pages and the CLI.

Every change is recorded in the audit trail in the same transaction; the password and its hash
never are, nor is the session version.

Signing out, deactivation and a new password raise the user's `session_version`, which ends
every session issued before (planner.accounts.auth refuses a cookie carrying an older one). A
role change does not: the role is read from the database on every request, so it applies at
once without signing anybody out. Nor does granting or removing a per-event role, read the same
way (planner.accounts.permissions); both are recorded on the account.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from planner.accounts import passwords
from planner.accounts.event_list import known_events
from planner.accounts.models import EventRole, EventRoleGrant, Role, User
from planner.audit.trail import snapshot
from planner.db import transaction, utcnow
from planner.validation import ModelValidationError, is_email

AUDITED_FIELDS = ("email", "name", "role", "active")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (whichever part was wrong)."""
    user = find_user(session, email) if email else None
    ok = passwords.verify(user.password_hash if user else None, password)
    return user if ok and user.active else None


def create_user(session: Session, actor: str, email: str, password: str, role: Role | str, name: str = "") -> User:
    """Create an account; ModelValidationError names the field when the input cannot be used."""
    email = normalise_email(email)
    if not is_email(email):
        raise ModelValidationError("email", _("enter an e-mail address such as name@un.org"))
    if role not in set(Role):
        raise ModelValidationError("role", _("choose one of %(roles)s", roles=", ".join(Role)))
    if (why := passwords.problem(password)) is not None:
        raise ModelValidationError("password", why)
    if find_user(session, email) is not None:
        raise ModelValidationError("email", _("an account already exists for %(email)s", email=email))
    user = User(email=email, name=name.strip(), role=Role(role), password_hash=passwords.hash_password(password))
    # An IntegrityError: the same e-mail created at the same moment elsewhere.
    taken = ("email", _("an account already exists for %(email)s", email=email))
    with transaction(session, actor, unique=taken) as tx:
        session.add(user)
        tx.record(user, "create", None, snapshot(user, AUDITED_FIELDS))
    return user


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.active.desc(), User.email)))


def _active_admins(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active.is_(True))
    ).one()


def _change(session: Session, actor: str, user: User, action: str, **values) -> User:
    """Apply `values`, refusing to leave the planner without an active administrator."""
    before = snapshot(user, AUDITED_FIELDS)
    losing_admin = (
        user.role == Role.ADMIN
        and user.active
        and (values.get("role", Role.ADMIN) != Role.ADMIN or values.get("active", True) is False)
    )
    if losing_admin and _active_admins(session) <= 1:
        raise ModelValidationError(
            "role", _("this is the last active administrator; make somebody else an administrator first")
        )
    with transaction(session, actor) as tx:
        for key, value in values.items():
            setattr(user, key, value)
        entry = tx.record(user, action, before, snapshot(user, AUDITED_FIELDS))
        if entry is not None:
            user.updated_at = utcnow()
        if values.get("active", True) is False:
            _raise_session_version(user)
    return user


def _raise_session_version(user: User) -> None:
    """Make every session cookie issued to `user` so far invalid (once the caller commits).

    An SQL increment, not a read-modify-write: two sign-outs at the same moment both count.
    """
    user.session_version = User.session_version + 1


def revoke_sessions(session: Session, user: User) -> None:
    """Sign `user` out everywhere (the sign-out button): every earlier session stops working."""
    with transaction(session):
        _raise_session_version(user)
        session.add(user)


def set_role(session: Session, actor: str, user: User, role: Role | str) -> User:
    if role not in set(Role):
        raise ModelValidationError("role", _("choose one of %(roles)s", roles=", ".join(Role)))
    return _change(session, actor, user, "change role", role=Role(role))


def deactivate(session: Session, actor: str, user: User) -> User:
    """Stop the account signing in (its next request is anonymous); it stays in the trail."""
    return _change(session, actor, user, "deactivate", active=False)


def reactivate(session: Session, actor: str, user: User) -> User:
    return _change(session, actor, user, "reactivate", active=True)


def set_password(session: Session, actor: str, user: User, password: str) -> User:
    """Give `user` a new password; the sessions opened with the old one end.

    The trail records that the password changed, never the password or its hash.
    """
    if (why := passwords.problem(password)) is not None:
        raise ModelValidationError("password", why)
    password_hash = passwords.hash_password(password)
    with transaction(session, actor) as tx:
        user.password_hash = password_hash
        user.updated_at = utcnow()
        _raise_session_version(user)
        tx.record(user, "change password", None, None)
    return user


# --- per-event roles ----------------------------------------------------------------------------


def event_roles_of(session: Session, user: User) -> list[EventRoleGrant]:
    return list(
        session.exec(
            select(EventRoleGrant)
            .where(EventRoleGrant.user_id == user.id)
            .order_by(EventRoleGrant.event_id, EventRoleGrant.role)
        )
    )


def grant_event_role(session: Session, actor: str, user: User, event_id: int, role: EventRole | str) -> EventRoleGrant:
    """Let `user` act as `role` on the event `event_id` (at once: grants are read per request)."""
    if role not in set(EventRole):
        raise ModelValidationError("role", _("choose one of %(roles)s", roles=", ".join(EventRole)))
    if event_id not in {event.id for event in known_events(session)}:
        raise ModelValidationError("event_id", _("there is no event number %(id)s", id=event_id))
    already = _("%(email)s already has this role on this event", email=user.email)
    same = select(EventRoleGrant.id).where(
        EventRoleGrant.user_id == user.id, EventRoleGrant.event_id == event_id, EventRoleGrant.role == role
    )
    if session.exec(same).first() is not None:
        raise ModelValidationError("role", already)
    grant = EventRoleGrant(user_id=user.id, event_id=event_id, role=EventRole(role))
    with transaction(session, actor, unique=("role", already)) as tx:  # the same grant made meanwhile
        session.add(grant)
        tx.record(user, "grant event role", None, {"event_id": event_id, "event_role": grant.role})
    return grant


def remove_event_role(session: Session, actor: str, user: User, grant: EventRoleGrant) -> None:
    with transaction(session, actor) as tx:
        tx.record(user, "remove event role", {"event_id": grant.event_id, "event_role": grant.role}, None)
        session.delete(grant)
