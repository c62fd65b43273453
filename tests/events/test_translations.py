"""Event translations: the service that writes them, the fallback field by field, and the
public pages that read them (one query, however many events a page shows)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event as sa_event
from sqlmodel import select

from planner.audit.trail import trail_for
from planner.demo.seed import seed_demo
from planner.events import editing
from planner.events.editing import EventValues
from planner.events.models import Event, EventTranslation
from planner.events.translations import localized, save_translation, translations_for
from planner.validation import ModelValidationError

ACTOR = "ana@un.example"


def _event(session, slug: str = "expo-2030", title: str = "Global South-South Development Expo", **fields) -> Event:
    return editing.create_event(
        session,
        "test",
        EventValues(
            slug=slug,
            title=title,
            kind="expo",
            status="scheduled",
            timezone="Asia/Dubai",
            all_day=True,
            first_day=date(2030, 10, 1),
            last_day=date(2030, 10, 3),
            published=True,
            theme=fields.get("theme", "Innovation"),
            description=fields.get("description", "Solutions."),
        ),
    )


def _rows(session, event: Event) -> list[EventTranslation]:
    session.expire_all()
    return session.exec(select(EventTranslation).where(EventTranslation.event_id == event.id)).all()


def test_saving_creates_a_translation_records_it_and_tells_feeds(session):
    event = _event(session)
    stamp, sequence = event.updated_at, event.sequence
    assert save_translation(session, event, "fr", " Exposition mondiale ", "", "", ACTOR) is True
    [row] = _rows(session, event)
    assert (row.language, row.title, row.theme, row.description) == ("fr", "Exposition mondiale", "", "")
    assert event.updated_at > stamp and event.sequence == sequence + 1
    [entry, _created] = trail_for(session, event)
    assert (entry.actor, entry.action) == (ACTOR, "translate")
    assert entry.before == {"title_fr": "", "sequence": sequence}
    assert entry.after == {"title_fr": "Exposition mondiale", "sequence": sequence + 1}


def test_a_new_theme_moves_updated_at_but_not_the_sequence(session):
    event = _event(session)
    save_translation(session, event, "es", "Exposición", "", "", ACTOR)
    stamp, sequence = event.updated_at, event.sequence
    assert save_translation(session, event, "es", "Exposición", "Innovación", "", ACTOR) is True
    assert event.updated_at > stamp and event.sequence == sequence
    [row] = _rows(session, event)
    assert (row.title, row.theme) == ("Exposición", "Innovación")
    assert trail_for(session, event)[0].after == {"theme_es": "Innovación"}


def test_saving_the_same_values_writes_nothing(session):
    event = _event(session)
    save_translation(session, event, "ru", "Выставка", "", "", ACTOR)
    stamp, entries = event.updated_at, len(trail_for(session, event))
    assert save_translation(session, event, "ru", "Выставка", "", " ", ACTOR) is False
    assert event.updated_at == stamp and len(trail_for(session, event)) == entries


def test_three_empty_fields_delete_the_translation(session):
    event = _event(session)
    save_translation(session, event, "zh", "博览会", "创新", "", ACTOR)
    sequence = event.sequence
    assert save_translation(session, event, "zh", "", "", "", ACTOR) is True
    assert _rows(session, event) == []
    assert event.sequence == sequence + 1  # the Chinese feed's SUMMARY is the original again
    assert trail_for(session, event)[0].after == {"title_zh": "", "theme_zh": "", "sequence": sequence + 1}


def test_an_unknown_language_is_refused(session):
    event = _event(session)
    with pytest.raises(ModelValidationError):
        save_translation(session, event, "de", "Ausstellung", "", "", ACTOR)
    assert _rows(session, event) == []


def test_fallback_is_field_by_field(session):
    event = _event(session, theme="Innovation", description="Solutions.")
    save_translation(session, event, "ar", "المعرض", "", "حلول.", ACTOR)
    translations = translations_for(session, "ar")
    assert localized(event, "title", translations) == "المعرض"
    assert localized(event, "theme", translations) == "Innovation"
    assert localized(event, "description", translations) == "حلول."
    assert localized(event, "title", translations_for(session, "fr")) == event.title
    with pytest.raises(ValueError):
        localized(event, "slug", translations)


def test_seed_gives_the_un_names_and_stays_idempotent(session):
    seed_demo(session)
    un_day = session.exec(select(Event).where(Event.slug == "un-day-for-south-south-cooperation")).one()
    titles = {
        code: localized(un_day, "title", translations_for(session, code)) for code in ("fr", "es", "ar", "ru", "zh")
    }
    assert titles == {
        "fr": "Journée des Nations Unies pour la coopération Sud-Sud",
        "es": "Día de las Naciones Unidas para la Cooperación Sur-Sur",
        "ar": "يوم الأمم المتحدة للتعاون فيما بين بلدان الجنوب",
        "ru": "День Организации Объединенных Наций по сотрудничеству Юг-Юг",
        "zh": "联合国南南合作日",
    }
    count = len(session.exec(select(EventTranslation)).all())
    assert count >= 20
    assert not seed_demo(session).changed
    assert len(session.exec(select(EventTranslation)).all()) == count


# --- the public pages ---------------------------------------------------------------------------


def test_the_event_page_in_french_shows_the_french_title(client, session):
    seed_demo(session)
    page = client.get("/events/un-day-for-south-south-cooperation?lang=fr").get_data(as_text=True)
    assert '<html lang="fr"' in page
    assert "Journée des Nations Unies pour la coopération Sud-Sud" in page


def test_an_event_without_a_french_translation_shows_the_original(client, session):
    _event(session, title="Briefing on triangular cooperation")
    page = client.get("/events/expo-2030?lang=fr").get_data(as_text=True)
    assert '<html lang="fr"' in page and "Briefing on triangular cooperation" in page


def _translation_queries(app, client, url: str) -> int:
    """How many SQL statements serving `url` sends to the event_translation table."""
    statements = []
    engine = app.extensions["planner.engine"]

    def count(_conn, _cursor, statement, *_args):
        if "event_translation" in statement:
            statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_home_page_reads_translations_once_however_many_events(app, client, session):
    for number in range(3):
        event = _event(session, slug=f"expo-{number}", title=f"Expo {number}")
        save_translation(session, event, "fr", f"Exposition {number}", "", "", ACTOR)
    assert _translation_queries(app, client, "/?lang=fr") == 1
    for number in range(3, 12):
        event = _event(session, slug=f"expo-{number}", title=f"Expo {number}")
        save_translation(session, event, "fr", f"Exposition {number}", "", "", ACTOR)
    assert _translation_queries(app, client, "/?lang=fr") == 1
    assert "Exposition 11" in client.get("/?lang=fr").get_data(as_text=True)
