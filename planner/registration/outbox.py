"""Queueing e-mails: a row in the caller's transaction, so a mail exists exactly when what it
announces was committed. planner.registration.mailer sends them afterwards.

What is stored is already safe to send: the recipient is one checked address (never a list or a
group), the subject is one line (a CR/LF in an event title cannot start a new header) that fits
its column, and a private link is a placeholder plus the nonce it is derived from
(planner.registration.tokens), never the link itself.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlmodel import Session

from planner.registration.models import SUBJECT_MAX, OutboxMessage
from planner.validation import ModelValidationError, is_email


@dataclass(frozen=True)
class Attachment:
    name: str
    mime_type: str
    content: bytes

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "mime_type": self.mime_type,
            "content": base64.b64encode(self.content).decode("ascii"),
        }


# Any run of white space that may break a line (CR, LF, U+2028...), but not the no-break spaces
# French typography puts before a colon ("Manifestation reportée : ..."), which stay as they are.
_BREAKING_SPACE = re.compile(r"(?:(?![\u00a0\u202f])\s)+")


def one_line(text: str, limit: int = SUBJECT_MAX) -> str:
    """`text` as a single header line of at most `limit` characters (cut with an ellipsis)."""
    line = _BREAKING_SPACE.sub(" ", text).strip(" ")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def new_mail(
    recipient: str,
    subject: str,
    body: str,
    attachments: list[Attachment] = (),
    link_nonce: str | None = None,
) -> OutboxMessage:
    """A queued message, checked and encoded, not yet added to any session."""
    if not is_email(recipient):
        raise ModelValidationError("email", _("Enter an e-mail address such as name@example.org."))
    return OutboxMessage(
        recipient=recipient,
        subject=one_line(subject),
        body=body,
        attachments=[a.as_json() for a in attachments],
        link_nonce=link_nonce,
    )


def queue_mail(
    session: Session,
    recipient: str,
    subject: str,
    body: str,
    attachments: list[Attachment] = (),
    link_nonce: str | None = None,
) -> OutboxMessage:
    """Add a queued message to `session` (the caller commits)."""
    message = new_mail(recipient, subject, body, attachments, link_nonce)
    session.add(message)
    return message
