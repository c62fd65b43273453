"""An event's title, theme and description in the reader's language, the original otherwise.

Translations are looked up once per request and language (one query for every event a page
shows, however many), and only when a page asks for a translatable field.
"""
from __future__ import annotations

from flask import g, has_request_context
from sqlmodel import Session, select

from planner.events.models import Event, EventTranslation
from planner.i18n.selection import current_language

TRANSLATABLE = ("title", "theme", "description")


def translations_for(session: Session, language: str) -> dict[int, EventTranslation]:
    """Every event's translation into `language`, by event id."""
    rows = session.exec(select(EventTranslation).where(EventTranslation.language == language))
    return {row.event_id: row for row in rows}


def _request_translations(language: str) -> dict[int, EventTranslation]:
    from planner.db import get_session

    cache = g.setdefault("event_translations", {})
    if language not in cache:
        cache[language] = translations_for(get_session(), language)
    return cache[language]


def localized(event: Event, field: str, translations: dict[int, EventTranslation] | None = None) -> str:
    """`event.<field>` in the current request's language (or from `translations`, for feeds and
    e-mails built outside a request), falling back to the original field by field."""
    if field not in TRANSLATABLE:
        raise ValueError(f"{field!r} is not a translatable event field")
    original = getattr(event, field)
    if translations is None:
        if not has_request_context() or event.id is None:
            return original
        translations = _request_translations(current_language().code)
    translation = translations.get(event.id)
    return (getattr(translation, field) if translation else "") or original
