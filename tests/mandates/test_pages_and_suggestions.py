"""Both directions of the links on the pages, the coverage view, and accepting suggestions."""

import re
from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from planner.demo.seed import seed_demo
from planner.events.models import Event
from planner.mandates import suggestions
from planner.mandates.links import compress_numbers, references_for_events
from planner.mandates.models import Deadline, MandateLink, Resolution
from planner.mandates.queries import find_resolution


@pytest.fixture
def seeded(session):
    seed_demo(session)
    return session


def _resolution(session) -> Resolution:
    return find_resolution(session, "A-RES-71-244")


def _suggestion(session, paragraph, target):
    views = [
        v
        for v in suggestions.list_suggestions(session, _resolution(session))
        if v.suggestion.paragraph == paragraph and v.suggestion.target == target
    ]
    assert views, f"no {target} suggestion for para {paragraph}"
    return views[0]


def test_compress_numbers():
    assert compress_numbers([34, 32, 33]) == "32–34"
    assert compress_numbers([1, 30]) == "1, 30"
    assert compress_numbers([1, 2]) == "1, 2"
    assert compress_numbers([21]) == "21"


def test_seed_links_the_events_to_their_paragraphs(seeded):
    events = {e.slug: e for e in seeded.exec(select(Event))}
    refs = references_for_events(seeded, [e.id for e in events.values()])
    assert [r.label for r in refs[events["bapa-40"].id]] == ["A/RES/71/244, paras. 32–34"]
    assert [r.label for r in refs[events["gssd-expo-2016"].id]] == ["A/RES/71/244, para. 21"]
    assert [r.label for r in refs[events["hlc-19"].id]] == ["A/RES/71/244, para. 1"]
    assert [r.label for r in refs[events["hlc-20"].id]] == ["A/RES/71/244, para. 30"]
    # Oldest first: the 58th session's resolution (2003) before the 66th session's decision (2011).
    assert [r.label for r in refs[events["un-day-for-south-south-cooperation"].id]] == ["A/RES/58/220", "A/DEC/66/550"]
    assert all(
        link.paragraph_id for link in seeded.exec(select(MandateLink)) if link.resolution_symbol == "A/RES/71/244"
    )


def test_seed_twice_adds_no_link(seeded):
    before = len(seeded.exec(select(MandateLink)).all())
    assert not seed_demo(seeded).changed
    assert len(seeded.exec(select(MandateLink)).all()) == before == 9  # 8 events + 1 sample session


def test_event_page_links_each_paragraph(client, seeded):
    page = client.get("/events/bapa-40").get_data(as_text=True)
    assert "Mandated by" in page
    for anchor in ("op32", "op34"):
        assert f'href="/mandates/A-RES-71-244#{anchor}"' in page
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "Mandated by A/RES/71/244, paras. 32–34 " in text, text


def test_mandates_index_lists_imported_and_symbol_only_resolutions(client, seeded):
    page = client.get("/mandates/").get_data(as_text=True)
    assert 'href="/mandates/A-RES-71-244"' in page and "South-South cooperation" in page
    assert "A/RES/58/220" in page and "A/DEC/66/550" in page


def test_mandate_page_has_every_anchor_and_what_implements_each_paragraph(client, seeded):
    page = client.get("/mandates/A-RES-71-244").get_data(as_text=True)
    anchors = re.findall(r'id="((?:pp|op)\d+)"', page)
    assert anchors == [f"pp{n}" for n in range(1, 12)] + [f"op{n}" for n in range(1, 37)]
    op33 = page.split('id="op33"')[1].split('id="op34"')[0]
    assert 'href="/events/bapa-40"' in op33 and "Convenes" in op33
    op21 = page.split('id="op21"')[1].split('id="op22"')[0]
    assert 'href="/events/gssd-expo-2016"' in op21
    assert "Official Records of the General Assembly" not in page


def test_unknown_mandate_is_404(client, seeded):
    assert client.get("/mandates/A-RES-99-999").status_code == 404


def test_coverage_lists_open_asks_but_not_covered_ones(seeded):
    cover = suggestions.coverage(seeded, _resolution(seeded), date(2026, 11, 23))
    open_paragraphs = {(v.suggestion.paragraph, v.suggestion.target) for v in cover.open_asks}
    assert {(14, "event"), (4, "deadline"), (36, "deadline"), (33, "deadline")} <= open_paragraphs
    assert (21, "event") not in open_paragraphs  # the Expo implements it
    assert (33, "event") not in open_paragraphs  # BAPA+40 implements it


def test_accepting_the_briefings_creates_two_linked_events(seeded, client):
    view = _suggestion(seeded, 14, "event")
    created = suggestions.accept(seeded, _resolution(seeded), view.key, actor="test")
    assert len(created) == 2
    assert all(e.kind == "briefing" and e.status == "to_be_scheduled" for e in created)
    refs = references_for_events(seeded, [e.id for e in created])
    assert all(refs[e.id][0].label == "A/RES/71/244, para. 14" for e in created)
    # Accepted is not done: briefings "to be scheduled" leave the ask open until one has a day.
    cover = suggestions.coverage(seeded, _resolution(seeded), date(2026, 11, 23))
    assert (14, "event") in {(v.suggestion.paragraph, v.suggestion.target) for v in cover.open_asks}
    created[0].status = "scheduled"
    created[0].starts_at = datetime(2027, 3, 1, 15, tzinfo=timezone.utc)
    created[0].ends_at = datetime(2027, 3, 1, 17, tzinfo=timezone.utc)
    seeded.add(created[0])
    seeded.commit()
    cover = suggestions.coverage(seeded, _resolution(seeded), date(2026, 11, 23))
    assert (14, "event") not in {(v.suggestion.paragraph, v.suggestion.target) for v in cover.open_asks}
    page = client.get("/mandates/A-RES-71-244").get_data(as_text=True)
    op14 = page.split('id="op14"')[1].split('id="op15"')[0]
    assert f'href="/events/{created[0].slug}"' in op14
    with pytest.raises(suggestions.SuggestionError, match="already accepted"):
        suggestions.accept(seeded, _resolution(seeded), view.key, actor="test")


def test_accepting_the_modalities_deadline_and_it_shows_overdue(seeded, client):
    view = _suggestion(seeded, 33, "deadline")
    [deadline] = suggestions.accept(seeded, _resolution(seeded), view.key, actor="test")
    assert isinstance(deadline, Deadline)
    assert (deadline.due_on, deadline.precision) == (date(2017, 12, 31), "year")
    cover = suggestions.coverage(seeded, _resolution(seeded), date(2026, 11, 23))
    assert cover.overdue == [deadline]
    page = client.get("/mandates/A-RES-71-244").get_data(as_text=True)
    coverage = page.split('id="coverage-heading"')[1].split('id="text-heading"')[0]
    assert coverage.index("Overdue:") < coverage.index("nothing scheduled yet")


def test_accepting_a_host_suggestion_can_link_an_existing_event(seeded):
    bapa = seeded.exec(select(Event).where(Event.slug == "bapa-40")).one()
    view = _suggestion(seeded, 34, "event")
    assert view.suggestion.host == "Argentina"
    assert view.covered_by  # the seed already links BAPA+40 to para 34
    count = len(seeded.exec(select(Event)).all())
    created = suggestions.accept(seeded, _resolution(seeded), view.key, actor="test", existing_event=bapa)
    assert created == [] and len(seeded.exec(select(Event)).all()) == count
    assert _suggestion(seeded, 34, "event").decision.decision == "accepted"


def test_dismissing_takes_an_ask_off_the_coverage_list(seeded):
    view = _suggestion(seeded, 4, "deadline")
    suggestions.dismiss(seeded, _resolution(seeded), view.key, actor="test")
    cover = suggestions.coverage(seeded, _resolution(seeded), date(2026, 11, 23))
    assert (4, "deadline") not in {(v.suggestion.paragraph, v.suggestion.target) for v in cover.open_asks}
    assert _suggestion(seeded, 4, "deadline").decision.decided_by == "test"


UN_DAY_RESOLUTION = """58/220. Economic and technical cooperation among developing countries

     The General Assembly,

     Recalling its resolution 57/263 of 20 December 2002,

     1.   Takes note with appreciation of the report of the Secretary-General;2

     2.   Decides to declare 19 December as the United Nations Day for South-South
Cooperation;

2 A/58/319.
"""


def test_accepting_a_proclaimed_day_creates_a_yearly_observance(session):
    from planner.mandates.importing import import_resolution

    import_resolution(
        session,
        UN_DAY_RESOLUTION,
        symbol="A/RES/58/220",
        title="Economic and technical cooperation among developing countries",
        adopted_on=date(2003, 12, 23),
    )
    resolution = find_resolution(session, "A-RES-58-220")
    [view] = [v for v in suggestions.list_suggestions(session, resolution) if v.suggestion.paragraph == 2]
    [day] = suggestions.accept(session, resolution, view.key, actor="test")
    assert (day.kind, day.recurrence, day.all_day) == ("observance", "yearly", True)
    assert day.first_day == date(2004, 12, 19)  # the first 19 December after adoption
