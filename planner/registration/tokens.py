"""Private-link tokens: 256 random bits, only their SHA-256 hash stored, compared in constant time."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from sqlmodel import Session, select

from planner.registration.models import Registration

# token_urlsafe(32) gives 43 characters; anything else cannot be one of ours.
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> tuple[str, str]:
    """(token for the participant's link, hash for the database)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def find_by_token(session: Session, token: str) -> Registration | None:
    """The registration a link's token opens, or None (also for malformed or anonymised ones).

    The lookup is by hash (an index hit); the final constant-time comparison makes sure no
    timing of string comparison ever decides what a guessed token returns.
    """
    if not _SHAPE.match(token or ""):
        return None
    digest = hash_token(token)
    registration = session.exec(select(Registration).where(Registration.token_hash == digest)).first()
    if registration is None or registration.anonymised or \
            not hmac.compare_digest(registration.token_hash, digest):
        return None
    return registration
