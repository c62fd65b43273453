"""Queueing e-mails: a row in the caller's transaction, so a mail exists exactly when what it
announces was committed. planner.registration.mailer sends them afterwards."""
from __future__ import annotations

import base64
from dataclasses import dataclass

from sqlmodel import Session

from planner.registration.models import OutboxMessage


@dataclass(frozen=True)
class Attachment:
    name: str
    mime_type: str
    content: bytes

    def as_json(self) -> dict:
        return {"name": self.name, "mime_type": self.mime_type,
                "content": base64.b64encode(self.content).decode("ascii")}


def queue_mail(session: Session, recipient: str, subject: str, body: str,
               attachments: list[Attachment] = ()) -> OutboxMessage:
    """Add a queued message to `session` (the caller commits)."""
    message = OutboxMessage(recipient=recipient, subject=subject, body=body,
                            attachments=[a.as_json() for a in attachments])
    session.add(message)
    return message
