"""The demo data: the five events of the seed documents, idempotently."""

from datetime import date

from sqlmodel import select

from planner.demo.seed import seed_demo
from planner.events.models import Event, EventSeries


def _events(session):
    return {e.slug: e for e in session.exec(select(Event)).all()}


def test_seed_loads_the_five_events_with_their_facts(session):
    seed_demo(session)
    events = _events(session)
    assert len(events) == 5

    expo = events["gssd-expo-2016"]
    assert (expo.first_day, expo.last_day) == (date(2016, 10, 31), date(2016, 11, 3))
    assert (expo.timezone, expo.city, expo.country, expo.host) == ("Asia/Dubai", "Dubai", "AE", "United Arab Emirates")
    assert expo.theme == "Enhancing innovation towards achieving the 2030 Agenda"
    assert expo.edition == 8 and session.get(EventSeries, expo.series_id).slug == "gssd-expo"

    hlc19 = events["hlc-19"]
    assert (hlc19.first_day, hlc19.last_day, hlc19.timezone) == (
        date(2016, 5, 16),
        date(2016, 5, 19),
        "America/New_York",
    )

    bapa = events["bapa-40"]
    assert (bapa.first_day, bapa.last_day) == (date(2019, 3, 20), date(2019, 3, 22))
    assert (bapa.timezone, bapa.city, bapa.host) == ("America/Argentina/Buenos_Aires", "Buenos Aires", "Argentina")

    hlc20 = events["hlc-20"]
    assert hlc20.status == "to_be_scheduled" and hlc20.starts_at is None and hlc20.edition == 20

    un_day = events["un-day-for-south-south-cooperation"]
    assert un_day.all_day and un_day.recurrence == "yearly" and un_day.kind == "observance"
    assert (un_day.first_day, un_day.last_day) == (date(2012, 9, 12), date(2012, 9, 12))


def test_second_run_changes_nothing(session):
    seed_demo(session)
    before = {slug: (e.updated_at, e.sequence, e.starts_at) for slug, e in _events(session).items()}
    report = seed_demo(session)
    assert not report.changed
    session.expire_all()
    after = {slug: (e.updated_at, e.sequence, e.starts_at) for slug, e in _events(session).items()}
    assert after == before
