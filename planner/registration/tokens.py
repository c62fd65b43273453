"""Private-link tokens: 256 bits, only their SHA-256 hash stored, compared in constant time.

A token is derived from a random nonce and the app's SECRET_KEY (HMAC-SHA256), so the link
itself is never written anywhere: the registration keeps the token's hash, and a waiting e-mail
keeps the nonce (in `outbox_message.link_nonce`) and a placeholder in its body. The sender
derives the token again when it sends the message, then drops the nonce. A reader of the
outbox, or of a database dump without the key, finds no usable link.

A re-sent link is kept as `pending_token_hash` beside the current one: both open the
registration until the new one is first used, which makes it the only one. So a visitor who
asks for a new link on somebody else's behalf cannot break that person's link or calendar.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app
from sqlmodel import Session, or_, select

from planner.db import transaction
from planner.registration.models import Registration

# 32 bytes in URL-safe base64 give 43 characters; anything else cannot be one of ours.
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
# Private links in text: a participant's /registrations/<token>, a delegation's
# /delegations/<token> (planner.delegations) and a side-event proposal's /side-events/<token>
# (planner.side_events), all tokens of the same shape.
TOKEN_IN_TEXT = re.compile(r"(/(?:registrations|delegations|side-events)/)[A-Za-z0-9_-]{43}")
# What a stored e-mail body holds where the private link's token goes (replaced when sent).
PLACEHOLDER = "[private-link]"


def derive_token(nonce: str, secret_key: str | None = None) -> str:
    """The token of the link `nonce` stands for: HMAC-SHA256 under SECRET_KEY, URL-safe."""
    key = (secret_key or current_app.config["SECRET_KEY"]).encode("utf-8")
    digest = hmac.new(key, b"private-link:" + nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_link() -> tuple[str, str, str]:
    """(nonce for the outbox, token for the participant's browser, hash for the database)."""
    nonce = secrets.token_urlsafe(32)
    token = derive_token(nonce)
    return nonce, token, hash_token(token)


def mail_link(registration: Registration) -> tuple[str, dict]:
    """(the nonce of the link to put in an e-mail to `registration`, the columns to set for it).

    The participant's current link when its nonce is known, else the one waiting to be used;
    only a registration taken before nonces were kept gets a new link, kept pending beside the
    old one (so the old one, and a calendar subscribed with it, keep working)."""
    nonce = registration.link_nonce or registration.pending_link_nonce
    if nonce:
        return nonce, {}
    nonce, _token, token_hash = new_link()
    return nonce, {"pending_token_hash": token_hash, "pending_link_nonce": nonce}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def mask(text: str) -> str:
    """`text` with any private-link token in it replaced by the placeholder (for pages and logs)."""
    return TOKEN_IN_TEXT.sub(lambda match: match.group(1) + PLACEHOLDER, text)


def find_by_token(session: Session, token: str) -> Registration | None:
    """The registration a link's token opens, or None (also for malformed or anonymised ones).

    The lookup is by hash (an index hit); the final constant-time comparison makes sure no
    timing of string comparison ever decides what a guessed token returns. A pending (re-sent)
    token used for the first time replaces the old one, committed at once.
    """
    if not _SHAPE.match(token or ""):
        return None
    digest = hash_token(token)
    registration = session.exec(
        select(Registration).where(or_(Registration.token_hash == digest, Registration.pending_token_hash == digest))
    ).first()
    if registration is None or registration.anonymised:
        return None
    if hmac.compare_digest(registration.token_hash, digest):
        return registration
    if registration.pending_token_hash and hmac.compare_digest(registration.pending_token_hash, digest):
        with transaction(session):
            registration.token_hash, registration.pending_token_hash = digest, None
            registration.link_nonce, registration.pending_link_nonce = registration.pending_link_nonce, None
            session.add(registration)
        return registration
    return None


def find_holder(session: Session, model, token: str):
    """The row of `model` (a table with a `token_hash` column: a delegation, a side-event proposal)
    whose private link `token` is, or None, also for a malformed token; the stored hash is compared
    in constant time, as a registration's is."""
    if not _SHAPE.match(token or ""):
        return None
    digest = hash_token(token)
    holder = session.exec(select(model).where(model.token_hash == digest)).first()
    if holder is None or not hmac.compare_digest(holder.token_hash, digest):
        return None
    return holder
