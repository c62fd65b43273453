"""Error pages in the reader's language.

Werkzeug names and describes HTTP errors in English only, so the common codes get their title and
explanation here. A description our own code passed to `abort()` (already marked for translation
where it is raised) says more than the generic one and is kept.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

TITLES = {
    400: _l("Bad Request"),
    403: _l("Forbidden"),
    404: _l("Not Found"),
    405: _l("Method Not Allowed"),
    409: _l("Conflict"),
    410: _l("Gone"),
    413: _l("Request Entity Too Large"),
    429: _l("Too Many Requests"),
    500: _l("Internal Server Error"),
    503: _l("Service Unavailable"),
}

DESCRIPTIONS = {
    400: _l("The browser sent a request that this site could not understand."),
    403: _l("You do not have permission to see this page."),
    404: _l("There is no page at this address. If you typed it, check the spelling and try again."),
    405: _l("This page cannot be used in this way."),
    409: _l(
        "The request conflicts with the current state of this page; it may have changed in "
        "the meantime. Reload the page and try again."
    ),
    410: _l("This page is no longer available."),
    413: _l("What was sent is too large for the site to accept."),
    429: _l("Too many requests were sent in a short time. Try again later."),
    500: _l("Something went wrong on the server and the request could not be completed. Try again later."),
    503: _l("The site is temporarily unavailable, for maintenance or because it is overloaded. Try again later."),
}


def is_custom(error: HTTPException) -> bool:
    """True when our code gave the error its own description (werkzeug's default otherwise)."""
    return error.description != type(error).description


def title(error: HTTPException) -> str:
    return str(TITLES.get(error.code, error.name))


def description(error: HTTPException) -> str:
    if is_custom(error) or error.code not in DESCRIPTIONS:
        return str(error.description or "")
    return str(DESCRIPTIONS[error.code])
