"""Password hashing with argon2 (argon2-cffi's recommended parameters).

Only the hash is ever stored; the clear password lives in local variables for the time of one
call and is never logged or written into the audit trail.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import ngettext

MIN_LENGTH = 12

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong e-mail costs as much time as a wrong
# password and the response time does not tell whether an account exists.
_DUMMY_HASH = _hasher.hash("not-a-real-password-only-for-timing")


def problem(password: str) -> str | None:
    """Why `password` cannot be used, or None when it can."""
    if len(password) < MIN_LENGTH:
        return ngettext(
            "a password needs at least %(num)d character", "a password needs at least %(num)d characters", MIN_LENGTH
        )
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; with no hash, spend the same time and say False."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
