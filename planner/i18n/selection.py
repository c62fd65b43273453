"""Which language a page is shown in: `?lang=`, then the remembered choice, then Accept-Language.

A `?lang=` that names one of the six languages is remembered in a long-lived `lang` cookie (set on
HTML pages only: calendar feeds are shared, cacheable responses and read `?lang=` alone). Pages
whose language may come from the cookie or the browser say so with `Vary: Accept-Language, Cookie`.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import get_locale

from planner.i18n.languages import DEFAULT, LANGUAGES, language

COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


def asked_language() -> str | None:
    """The `?lang=` of this request when it names one of the six languages."""
    code = request.args.get("lang", "").strip().lower()
    return code if code in LANGUAGES else None


def select_locale() -> str:
    """Flask-Babel's locale selector (outside a request: English)."""
    if not request:
        return DEFAULT
    if asked := asked_language():
        return asked
    remembered = request.cookies.get(COOKIE, "")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT)


def current_language():
    """The Language this request is answered in."""
    return language(str(get_locale()))


def init_app(app: Flask) -> None:
    @app.after_request
    def _remember_choice(response):
        if response.mimetype != "text/html":
            return response
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        response.headers.setdefault("Content-Language", current_language().tag)
        asked = asked_language()
        if asked and request.cookies.get(COOKIE) != asked:
            response.set_cookie(
                COOKIE, asked, max_age=ONE_YEAR, samesite="Lax", httponly=True, secure=request.is_secure
            )
        return response
