"""Input the databases cannot hold is refused at the door, with a 4xx, before any query sees it.

Why a request-level guard rather than checks in each view: a security review found 500s from
hostile input all over the app, each one a value reaching a query that the database refused:

- PostgreSQL's text types cannot hold a NUL byte ("\\x00"; psycopg raises DataError), and a lone
  surrogate cannot even be encoded as UTF-8. Every slug, token, e-mail address, search text and
  form field went to a query as typed, so `/events/a%00b` was a 500 there (SQLite takes both).
  One `before_request` refuses any request whose path, query string or form holds either, with a
  400 that says why; no view has to remember it.
- PostgreSQL's `integer` stops at 2**31 - 1 and SQLite's at 2**63 - 1, and Python will not parse
  a number of more than 4,300 digits. The app's `int` URL converter is replaced by one bounded
  to 2**31 - 1 and to ASCII digits, so `/manage/events/99999999999999999999` is the plain 404 of an
  address that does not exist, on both databases, without a query being made.
- Ids read from forms and query strings go through `parse_id`: `str.isdigit()` accepts "²" and
  "١٢٣" (which `int()` refuses or reads), and a number of any length.

Integers typed into forms are bounded by their form's NumberRange (see planner/*/forms.py).
"""

from __future__ import annotations

import re

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter, ValidationError

MAX_ID = 2**31 - 1  # PostgreSQL's `integer`, the type of every id column
MAX_ID_DIGITS = 9  # parse_id: any 9-digit number is below MAX_ID

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL, and surrogates (never valid alone in UTF-8)

UNSTORABLE_MESSAGE = _l(
    "The request contains characters that cannot be stored (a NUL byte or an "
    "invalid Unicode character). Remove them and try again."
)


def unstorable(text: str) -> bool:
    """True when `text` holds a NUL byte or a lone surrogate, which no database column can hold."""
    return _UNSTORABLE.search(text) is not None


def parse_id(value: str | None) -> int | None:
    """The id a form or query-string value names: 1 to 9 ASCII digits, else None (never raises)."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_DIGITS:
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    return int(value)


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` in routes: ASCII digits only, at most MAX_ID; anything else does not match."""

    regex = r"[0-9]+"

    def __init__(
        self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed: bool = False
    ) -> None:
        bound = MAX_ID if max is None or max > MAX_ID else max
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bound, signed=signed)

    def to_python(self, value: str):
        if len(value.lstrip("-")) > len(str(MAX_ID)):  # no int() of a 5,000-digit number
            raise ValidationError()
        return super().to_python(value)


def _refuse_unstorable() -> None:
    if unstorable(request.path) or any(
        unstorable(key) or unstorable(value)
        for source in (request.args, request.form)
        for key, value in source.items(multi=True)
    ):
        abort(400, description=UNSTORABLE_MESSAGE)


def init_app(app: Flask) -> None:
    """Install the bounded `int` converter and the NUL guard. Call it before any blueprint is
    registered: a rule takes its converter when it is added to the map."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(_refuse_unstorable)
