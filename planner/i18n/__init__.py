"""The interface in the six official UN languages (Flask-Babel), right-to-left for Arabic.

Strings are marked with `_()`/`lazy_gettext` (Python) and `_()`/`{% trans %}` (templates); the
catalogues live in planner/translations/<code>/LC_MESSAGES/messages.po and are compiled to .mo by
`make` at install time (scripts/update-translations re-extracts them after a change).
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

from flask import Flask, request
from flask_babel import Babel

from planner.config import ConfigError
from planner.i18n import selection
from planner.i18n.languages import LANGUAGES, Language, language
from planner.i18n.selection import current_language

__all__ = ["LANGUAGES", "Language", "language", "current_language", "init_app"]

babel = Babel()


def language_links() -> list[tuple[Language, str]]:
    """Each language with the URL of this same page in it (the switcher on every page)."""
    args = request.args.to_dict(flat=False)
    links = []
    for code, lang in LANGUAGES.items():
        args["lang"] = [code]
        links.append((lang, f"{request.path}?{urlencode(args, doseq=True)}"))
    return links


def content_language(environ=os.environ) -> str:
    """CONTENT_LANGUAGE: the language the secretariat enters events and sessions in (English)."""
    code = environ.get("CONTENT_LANGUAGE", "en").strip().lower() or "en"
    if code not in LANGUAGES:
        raise ConfigError(f"CONTENT_LANGUAGE: {code!r} is not one of {', '.join(LANGUAGES)}")
    return code


def init_app(app: Flask) -> None:
    app.config.setdefault("CONTENT_LANGUAGE", content_language())
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    babel.init_app(app, locale_selector=selection.select_locale)
    selection.init_app(app)
    app.jinja_env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks as babel.cfg extracts them
    app.jinja_env.globals.update(current_language=current_language, language_links=language_links)
