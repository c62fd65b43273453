"""An event's title, theme and description in the reader's language, the original otherwise.

Translations are looked up once per request and language (one query for every event a page
shows, however many), and only when a page asks for a translatable field. The secretariat writes
them with `save_translation` (the management page, the demo seed), which also tells calendar
clients that the event changed.
"""

from __future__ import annotations

from flask import current_app, g, has_request_context
from markupsafe import Markup
from sqlmodel import Session, select

from planner.db import transaction, utcnow
from planner.events.models import Event, EventTranslation
from planner.i18n.languages import LANGUAGES, Language, language
from planner.i18n.selection import current_language
from planner.validation import ModelValidationError

TRANSLATABLE = ("title", "theme", "description")


def translations_for(
    session: Session, language: str, event_ids: list[int] | None = None
) -> dict[int, EventTranslation]:
    """Every event's translation into `language` (or only those of `event_ids`), by event id."""
    query = select(EventTranslation).where(EventTranslation.language == language)
    if event_ids is not None:
        query = query.where(EventTranslation.event_id.in_(event_ids))
    return {row.event_id: row for row in session.exec(query)}


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


Reader = tuple[Language | None, dict[int, EventTranslation]]


def for_reader(session: Session, code: str, event_ids: list[int]) -> Reader:
    """What a calendar written for one reader (their personal feed, the .ics in their e-mail)
    needs: their Language, or None when they read the language events are entered in (the
    calendar is then exactly as entered), and the events' translations into it."""
    if code == current_app.config.get("CONTENT_LANGUAGE", "en"):
        return None, {}
    return language(code), translations_for(session, code, event_ids)


def entered_in(event: Event | None = None, field: str | None = None) -> Markup:
    """` lang="en"` for text shown as it was entered, when the page is in another language
    (WCAG 3.1.2, language of parts: a screen reader then reads an English title in English on an
    Arabic page). Text is entered in CONTENT_LANGUAGE; an event field with a translation into the
    page's language needs no attribute. Without `event`: text that is never translated (session
    titles, deadlines)."""
    page = current_language()
    entered = language(current_app.config["CONTENT_LANGUAGE"])
    if page.code == entered.code:
        return Markup("")
    if event is not None:
        translation = _request_translations(page.code).get(event.id)
        if translation is not None and getattr(translation, field):
            return Markup("")
    return Markup(' lang="%s"') % entered.tag


def translation_of(session: Session, event: Event, language: str) -> EventTranslation | None:
    """The event's translation into `language`, if one was written."""
    return session.exec(
        select(EventTranslation).where(EventTranslation.event_id == event.id, EventTranslation.language == language)
    ).first()


def translations_of_event(session: Session, event: Event) -> dict[str, EventTranslation]:
    """Every translation of one event, by language code."""
    rows = session.exec(select(EventTranslation).where(EventTranslation.event_id == event.id))
    return {row.language: row for row in rows}


def _audit_values(translation: EventTranslation | None, language: str) -> dict[str, str]:
    """{"title_fr": ..., "theme_fr": ..., "description_fr": ...}: the event's trail names the
    language of every field it records, since all six languages share the event's history."""
    return {f"{field}_{language}": getattr(translation, field) if translation else "" for field in TRANSLATABLE}


def save_translation(
    session: Session, event: Event, language: str, title: str, theme: str, description: str, actor: str
) -> bool:
    """Create, change or (all three fields empty) delete the event's translation into `language`.

    One transaction, recorded in the event's audit trail. The event's `updated_at` moves so that
    every feed serving it gets a new ETag; a new title in that language also raises `sequence`,
    since that language's feeds give it as the SUMMARY. False when nothing changed (then nothing
    is written).
    """
    if language not in LANGUAGES:
        raise ModelValidationError("language", f"unknown language {language!r}")
    values = {"title": title.strip(), "theme": theme.strip(), "description": description.strip()}
    translation = translation_of(session, event, language)
    before = _audit_values(translation, language)
    old_title = localized(event, "title", {event.id: translation} if translation else {})
    after = {f"{field}_{language}": value for field, value in values.items()}
    if before == after:
        return False
    with transaction(session, actor) as tx:
        translation = _write(session, event, language, translation, values)
        new_title = localized(event, "title", {event.id: translation} if translation else {})
        if new_title != old_title:
            before["sequence"], after["sequence"] = event.sequence, event.sequence + 1
            event.sequence += 1
        event.updated_at = utcnow()
        tx.record(event, "translate", before, after)
    return True


def _write(
    session: Session, event: Event, language: str, translation: EventTranslation | None, values: dict[str, str]
) -> EventTranslation | None:
    """Apply `values` to the row (created if needed, deleted when all are empty); the row or None."""
    if not any(values.values()):
        if translation is not None:
            session.delete(translation)
        return None
    if translation is None:
        translation = EventTranslation(event_id=event.id, language=language)
        session.add(translation)
    for field, value in values.items():
        setattr(translation, field, value)
    translation.updated_at = utcnow()
    session.flush()
    return translation
