"""Demo data drawn from the seed documents beside this module (resolution 71/244 and the office's
"who we are" text, planner/demo/*.txt): facts only, no invented dates.

`seed_demo` is idempotent: it looks every row up by its natural key (slug) and only writes the
fields that differ, so a second run changes nothing, not even `updated_at`. The events' titles
come in the other UN languages too, as the United Nations writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from planner.agenda.models import AgendaSession
from planner.agenda.sample import seed_sample_agenda
from planner.db import utcnow
from planner.events.models import Event, EventKind, EventSeries, EventStatus, EventTranslation, Recurrence
from planner.mandates.importing import import_resolution
from planner.mandates.links import add_link, find_link
from planner.mandates.models import LinkRole, Resolution

SERIES = [
    dict(
        slug="gssd-expo",
        title="Global South-South Development Expo",
        description="The annual Expo showcasing Southern development solutions, organised by the "
        "United Nations Office for South-South Cooperation.",
    ),
    dict(
        slug="hlc",
        title="Sessions of the High-level Committee on South-South Cooperation",
        description="The High-level Committee, a subsidiary body of the General Assembly, reviews "
        "worldwide progress in South-South cooperation; the Office is its secretariat.",
    ),
    dict(
        slug="high-level-conference",
        title="High-level United Nations Conferences on South-South Cooperation",
        description="",
    ),
]

# (slug, fields, (first day, last day) or None). Dates from the resolution text or the public record.
EVENTS = [
    (
        "gssd-expo-2016",
        dict(
            title="Eighth annual Global South-South Development Expo",
            kind=EventKind.EXPO,
            series="gssd-expo",
            edition=8,
            timezone="Asia/Dubai",
            city="Dubai",
            country="AE",
            host="United Arab Emirates",
            theme="Enhancing innovation towards achieving the 2030 Agenda",
            description="Showcasing sustainable development solutions that can be scaled up and "
            "replicated through South-South and triangular cooperation.",
        ),
        (date(2016, 10, 31), date(2016, 11, 3)),
    ),
    (
        "hlc-19",
        dict(
            title="Nineteenth session of the High-level Committee on South-South Cooperation",
            kind=EventKind.COMMITTEE_SESSION,
            series="hlc",
            edition=19,
            timezone="America/New_York",
            city="New York",
            country="US",
            description="The General Assembly took note of the decisions adopted at this session.",
        ),
        (date(2016, 5, 16), date(2016, 5, 19)),
    ),
    (
        "bapa-40",
        dict(
            title="Second High-level United Nations Conference on South-South Cooperation (BAPA+40)",
            kind=EventKind.CONFERENCE,
            series="high-level-conference",
            edition=2,
            timezone="America/Argentina/Buenos_Aires",
            city="Buenos Aires",
            country="AR",
            host="Argentina",
            description="On the occasion of the fortieth anniversary of the adoption of the Buenos "
            "Aires Plan of Action for Promoting and Implementing Technical Cooperation "
            "among Developing Countries (1978).",
        ),
        (date(2019, 3, 20), date(2019, 3, 22)),
    ),
    (
        "hlc-20",
        dict(
            title="Twentieth session of the High-level Committee on South-South Cooperation",
            kind=EventKind.COMMITTEE_SESSION,
            series="hlc",
            edition=20,
            timezone="America/New_York",
            status=EventStatus.TO_BE_SCHEDULED,
            description="The Secretary-General reports to this session on the steps taken to "
            "strengthen South-South cooperation within the United Nations development "
            "system. No date is set in the sources.",
        ),
        None,
    ),
    (
        "un-day-for-south-south-cooperation",
        dict(
            title="United Nations Day for South-South Cooperation",
            kind=EventKind.OBSERVANCE,
            timezone="America/New_York",
            recurrence=Recurrence.YEARLY,
            description="Observed every year on 12 September (since 2012; before then on "
            "19 December), with events organised by the United Nations Office for "
            "South-South Cooperation.",
        ),
        (date(2012, 9, 12), date(2012, 9, 12)),
    ),
]


# The events' official names in the other languages (UN documents and terminology); the Expo's
# name is given only where the UN publishes one.
TRANSLATED_TITLES = {
    "gssd-expo-2016": {
        "fr": "Huitième Exposition mondiale sur le développement Sud-Sud",
        "es": "Octava Exposición Mundial sobre el Desarrollo Sur-Sur",
        "zh": "第八届全球南南发展博览会",
    },
    "hlc-19": {
        "fr": "Dix-neuvième session du Comité de haut niveau pour la coopération Sud-Sud",
        "es": "19º período de sesiones del Comité de Alto Nivel sobre la Cooperación Sur-Sur",
        "ar": "الدورة التاسعة عشرة للجنة الرفيعة المستوى المعنية بالتعاون فيما بين بلدان الجنوب",
        "ru": "Девятнадцатая сессия Комитета высокого уровня по сотрудничеству Юг-Юг",
        "zh": "南南合作高级别委员会第十九届会议",
    },
    "bapa-40": {
        "fr": "Deuxième Conférence de haut niveau des Nations Unies sur la coopération Sud-Sud (PABA+40)",
        "es": "Segunda Conferencia de Alto Nivel de las Naciones Unidas sobre la Cooperación Sur-Sur (PABA+40)",
        "ar": "مؤتمر الأمم المتحدة الرفيع المستوى الثاني المعني بالتعاون فيما بين بلدان الجنوب",
        "ru": "Вторая Конференция Организации Объединенных Наций высокого уровня по сотрудничеству Юг-Юг",
        "zh": "第二次联合国南南合作高级别会议",
    },
    "hlc-20": {
        "fr": "Vingtième session du Comité de haut niveau pour la coopération Sud-Sud",
        "es": "20º período de sesiones del Comité de Alto Nivel sobre la Cooperación Sur-Sur",
        "ar": "الدورة العشرون للجنة الرفيعة المستوى المعنية بالتعاون فيما بين بلدان الجنوب",
        "ru": "Двадцатая сессия Комитета высокого уровня по сотрудничеству Юг-Юг",
        "zh": "南南合作高级别委员会第二十届会议",
    },
    "un-day-for-south-south-cooperation": {
        "fr": "Journée des Nations Unies pour la coopération Sud-Sud",
        "es": "Día de las Naciones Unidas para la Cooperación Sur-Sur",
        "ar": "يوم الأمم المتحدة للتعاون فيما بين بلدان الجنوب",
        "ru": "День Организации Объединенных Наций по сотрудничеству Юг-Юг",
        "zh": "联合国南南合作日",
    },
}

# The seed resolution (resolution_71_244.txt): its text carries no symbol, so it is given here.
RESOLUTION = dict(
    symbol="A/RES/71/244",
    title="South-South cooperation",
    adopted_on=date(2016, 12, 21),
    file=Path(__file__).with_name("resolution_71_244.txt"),
)

# (event slug, resolution symbol, operative paragraph or None for the whole text, role)
LINKS = [
    ("gssd-expo-2016", "A/RES/71/244", 21, LinkRole.WELCOMES),
    ("bapa-40", "A/RES/71/244", 32, LinkRole.REQUESTS),
    ("bapa-40", "A/RES/71/244", 33, LinkRole.CONVENES),
    ("bapa-40", "A/RES/71/244", 34, LinkRole.HOSTS),
    ("hlc-19", "A/RES/71/244", 1, LinkRole.TAKES_NOTE),
    ("hlc-20", "A/RES/71/244", 30, LinkRole.REQUESTS_REPORT),
    # The UN Day was proclaimed by resolution 58/220 and moved to 12 September by decision
    # 66/550; neither text is imported, so these links name the symbol only.
    ("un-day-for-south-south-cooperation", "A/RES/58/220", None, LinkRole.PROCLAIMS),
    ("un-day-for-south-south-cooperation", "A/DEC/66/550", None, LinkRole.PROCLAIMS),
]

# The sample agenda's opening plenary (planner.agenda.sample) convenes the conference that
# paragraph 33 asks for: (event slug, session title, resolution symbol, paragraph, role).
SESSION_LINKS = [("bapa-40", "Opening plenary", "A/RES/71/244", 33, LinkRole.CONVENES)]


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def seed_demo(session: Session) -> SeedReport:
    """Create or bring up to date the demo series and events; commit once at the end."""
    report = SeedReport()
    series_ids = {spec["slug"]: _upsert_series(session, spec, report) for spec in SERIES}
    for slug, spec, days in EVENTS:
        _upsert_event(session, slug, dict(spec), days, series_ids, report)
    session.flush()
    _upsert_translations(session, report)
    session.commit()  # CLI entry point (seed-demo): the events exist before the resolution links them
    _import_resolution(session, report)
    _link_events(session, report)
    seed_sample_agenda(session, report)
    _link_sessions(session, report)
    session.commit()  # CLI entry point (seed-demo): rerunning it changes nothing
    return report


def _import_resolution(session: Session, report: SeedReport) -> None:
    spec = dict(RESOLUTION)
    path = spec.pop("file")
    if session.exec(select(Resolution).where(Resolution.symbol == spec["symbol"])).first():
        return
    import_resolution(session, path.read_text(encoding="utf-8"), **spec)
    report.created.append(f"resolution {spec['symbol']}")


def _link_events(session: Session, report: SeedReport) -> None:
    for slug, symbol, number, role in LINKS:
        event = session.exec(select(Event).where(Event.slug == slug)).one()
        if find_link(session, symbol=symbol, number=number, role=role, event=event):
            continue
        add_link(session, symbol=symbol, number=number, role=role, event=event)
        where = f"para. {number}" if number else "whole text"
        report.created.append(f"link {symbol} {where} {role.label} {slug}")


def _link_sessions(session: Session, report: SeedReport) -> None:
    for slug, title, symbol, number, role in SESSION_LINKS:
        agenda_session = session.exec(
            select(AgendaSession)
            .join(Event, Event.id == AgendaSession.event_id)
            .where(Event.slug == slug, AgendaSession.title == title)
        ).one()
        if not find_link(session, symbol=symbol, number=number, role=role, agenda_session=agenda_session):
            add_link(session, symbol=symbol, number=number, role=role, agenda_session=agenda_session)
            report.created.append(f"link {symbol} para. {number} {title}")


def _upsert_series(session: Session, spec: dict, report: SeedReport) -> int:
    series = session.exec(select(EventSeries).where(EventSeries.slug == spec["slug"])).first()
    if series is None:
        series = EventSeries(**spec)
        session.add(series)
        report.created.append(f"series {spec['slug']}")
    elif _assign(series, spec):
        report.updated.append(f"series {spec['slug']}")
    session.flush()
    return series.id


def _upsert_event(session, slug, spec, days, series_ids, report) -> None:
    if "series" in spec:
        spec["series_id"] = series_ids[spec.pop("series")]
    spec.setdefault("status", EventStatus.SCHEDULED if days else EventStatus.TO_BE_SCHEDULED)
    event = session.exec(select(Event).where(Event.slug == slug)).first()
    is_new = event is None
    if is_new:
        event = Event(slug=slug, **spec)
    changed = _assign(event, spec)
    if days:
        before = (event.starts_at, event.ends_at, event.all_day)
        event.set_days(*days)
        changed |= before != (event.starts_at, event.ends_at, event.all_day)
    if is_new:
        session.add(event)
        report.created.append(f"event {slug}")
    elif changed:
        event.updated_at = utcnow()
        report.updated.append(f"event {slug}")


def _upsert_translations(session: Session, report: SeedReport) -> None:
    """The translated titles, written only where they differ. A translation's own `updated_at` is
    what a feed in that language notices (planner.calendar.feeds.fingerprint)."""
    events = {e.slug: e for e in session.exec(select(Event).where(Event.slug.in_(TRANSLATED_TITLES)))}
    stored = {
        (t.event_id, t.language): t
        for t in session.exec(
            select(EventTranslation).where(EventTranslation.event_id.in_([e.id for e in events.values()]))
        )
    }
    for slug, titles in TRANSLATED_TITLES.items():
        event = events[slug]
        for language, title in titles.items():
            translation = stored.get((event.id, language))
            if translation is None:
                session.add(EventTranslation(event_id=event.id, language=language, title=title))
                report.created.append(f"translation {slug} {language}")
            elif translation.title != title:
                translation.title, translation.updated_at = title, utcnow()
                report.updated.append(f"translation {slug} {language}")


def _assign(obj, values: dict) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
