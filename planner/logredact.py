"""Private links and badge codes kept out of the logs.

A participant's private link `/registrations/<token>` opens, edits and cancels a registration
(a focal point's `/delegations/<token>` a whole delegation), and a badge's
`/manage/check-in/<code>` names a participant: an access log line holding either is a key left
lying around. `redact(text)` replaces the secret part by `[redacted]`, also inside
a `?next=` (percent-encoded slashes) or a Referer.

It is applied to every access line gunicorn writes (`AccessLogger`, the `logger_class` of
gunicorn.conf.py) and, through `init_app`, to the development server's request lines (the
`werkzeug` logger of `make run`) and to the app's own log (a traceback's "Exception on
/registrations/... [GET]").

This module needs only the standard library and gunicorn: gunicorn.conf.py loads it by path in
the gunicorn master, which must not import the app (workers import it after the fork).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

try:
    from gunicorn.glogging import Logger
except ImportError:  # gunicorn runs on Unix only; `flask run` elsewhere needs none of it
    Logger = None

REDACTED = "[redacted]"

_SLASH = r"(?:/|%2F)"
# A token is 32 bytes in URL-safe base64: exactly 43 characters (planner.registration.tokens).
_PRIVATE_LINK = re.compile(
    rf"({_SLASH}(?:registrations|delegations|side-events){_SLASH})[A-Za-z0-9_-]{{43}}(?![A-Za-z0-9_-])", re.IGNORECASE
)
# A check-in code is "<registration id>-<24 hex digits>" (planner.registration.badges); anything
# in that place of the URL is hidden, whatever its shape.
_CHECK_IN = re.compile(rf"({_SLASH}manage{_SLASH}check-in{_SLASH})[^/?#&\s\"]+", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with private-link tokens and check-in codes replaced by [redacted]."""
    text = _PRIVATE_LINK.sub(rf"\1{REDACTED}", text)
    return _CHECK_IN.sub(rf"\1{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts each record's formatted message (and keeps the record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


if Logger is not None:

    class AccessLogger(Logger):
        """gunicorn's logger, with every access-log atom redacted (the request line, the path,
        the query string, the Referer and any header or environ value a custom format prints)."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


_FILTER = RedactingFilter()


def init_app(app: Flask) -> None:
    """Redact the development server's request lines and the app's own log records."""
    for logger in (logging.getLogger("werkzeug"), app.logger):
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
