"""The JSON read API: published data only, UTC instants beside the event's zone, JSON errors."""

import pytest
from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.demo.seed import seed_demo
from planner.events.models import Event, EventKind, EventStatus
from planner.mandates.links import add_link


@pytest.fixture
def seeded(session):
    seed_demo(session)
    return session


def test_events_list_published_events_with_zones_days_and_mandates(client, seeded):
    seeded.add(
        Event(
            slug="draft",
            title="Draft",
            kind=EventKind.MEETING,
            timezone="UTC",
            status=EventStatus.TO_BE_SCHEDULED,
            published=False,
        )
    )
    seeded.commit()
    response = client.get("/api/v1/events")
    assert response.status_code == 200 and response.content_type == "application/json"
    events = {e["slug"]: e for e in response.get_json()["events"]}
    assert set(events) == {"gssd-expo-2016", "hlc-19", "bapa-40", "hlc-20", "un-day-for-south-south-cooperation"}
    bapa = events["bapa-40"]
    assert (bapa["starts_at"], bapa["first_day"], bapa["last_day"]) == (
        "2019-03-20T03:00:00Z",
        "2019-03-20",
        "2019-03-22",
    )  # midnight in Buenos Aires
    assert bapa["timezone"] == "America/Argentina/Buenos_Aires" and bapa["all_day"] is True
    assert [m["label"] for m in bapa["mandates"]] == ["A/RES/71/244, paras. 32–34"]
    assert events["hlc-20"]["starts_at"] is None and events["hlc-20"]["calendar_url"] is None
    assert events["un-day-for-south-south-cooperation"]["recurrence"] == "yearly"
    assert list(events)[-1] == "hlc-20"  # to be scheduled: listed after the dated ones


def test_filters_and_json_errors(client, seeded):
    expo = client.get("/api/v1/events?kind=expo").get_json()["events"]
    assert [e["slug"] for e in expo] == ["gssd-expo-2016"]
    hlc = client.get("/api/v1/events?series=hlc").get_json()["events"]
    assert {e["slug"] for e in hlc} == {"hlc-19", "hlc-20"}
    for url, status in [
        ("/api/v1/events?kind=party", 400),
        ("/api/v1/events?status=maybe", 400),
        ("/api/v1/events?series=nope", 404),
        ("/api/v1/events/nope", 404),
        ("/api/v1/mandates/A-RES-1-1", 404),
        ("/api/v1/no-such-thing", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status and response.content_type == "application/json"
        assert response.get_json()["error"]["status"] == status


def test_event_detail_lists_only_published_sessions(client, seeded):
    bapa = seeded.exec(select(Event).where(Event.slug == "bapa-40")).one()
    sample = seeded.exec(select(AgendaSession).where(AgendaSession.event_id == bapa.id)).all()
    sample[0].published = False
    seeded.add(sample[0])
    seeded.commit()
    detail = client.get("/api/v1/events/bapa-40").get_json()
    titles = [s["title"] for s in detail["sessions"]]
    assert len(titles) == len(sample) - 1 and sample[0].title not in titles
    assert client.get("/api/v1/events/bapa-40/sessions").get_json()["sessions"] == detail["sessions"]
    assert all(s["sample"] for s in detail["sessions"])


def test_mandate_paragraphs_with_what_implements_them_and_no_drafts(client, seeded):
    draft = Event(
        slug="draft-briefing",
        title="Draft briefing",
        kind=EventKind.BRIEFING,
        timezone="UTC",
        status=EventStatus.TO_BE_SCHEDULED,
        published=False,
    )
    seeded.add(draft)
    seeded.flush()
    add_link(seeded, symbol="A/RES/71/244", number=14, role="requests_briefing", event=draft)
    seeded.commit()
    body = client.get("/api/v1/mandates/A-RES-71-244").get_json()
    paragraphs = {p["anchor"]: p for p in body["paragraphs"]}
    assert len(paragraphs) == 47 and body["symbol"] == "A/RES/71/244"
    op33 = paragraphs["op33"]["implemented_by"]
    assert {"role": "convenes", "type": "event", "slug": "bapa-40"}.items() <= op33[0].items()
    assert paragraphs["op14"]["implemented_by"] == []  # the draft stays private
    listing = client.get("/api/v1/mandates").get_json()["mandates"]
    assert {m["symbol"] for m in listing} >= {"A/RES/71/244", "A/RES/58/220", "A/DEC/66/550"}
    page = client.get("/mandates/A-RES-71-244").get_data(as_text=True)
    assert "Draft briefing" not in page
