"""One event, many resolutions (issue 17, item 2): a suggestion that names an event already in the
planner offers to link it, with the paragraph's role; the event page lists every resolution that
refers to it, oldest first; the mandate index shows which resolutions follow which."""

from datetime import date

import pytest
from sqlmodel import select

from planner.demo.seed import seed_demo
from planner.events.models import Event
from planner.mandates import suggestions
from planner.mandates.importing import import_resolution
from planner.mandates.links import add_link
from planner.mandates.matching import acronym, matching_events, name_words, names_match
from planner.mandates.models import MandateLink
from planner.mandates.proposals import Suggestion
from planner.mandates.queries import find_resolution, successions
from planner.mandates.recalls import referenced_events

# A short resolution-like text: a later resolution that recalls BAPA+40 (held under A/RES/71/244).
RECALLING = (
    "The General Assembly,\n"
    "Recalling its resolution 71/244 of 21 December 2016,\n"
    "1. Recalls the convening of the second High-level United Nations Conference on South-South Cooperation,"
    " held in Buenos Aires from 20 to 22 March 2019;\n"
    "2. Decides to convene a meeting of the High-level Committee on South-South Cooperation in 2021;\n"
)
# The same reference in a preambular paragraph, which ask detection does not read.
PREAMBULAR = (
    "The General Assembly,\n"
    "Recalling its resolution 71/244 of 21 December 2016,\n"
    "Recalling also the convening of the second High-level United Nations Conference on South-South"
    " Cooperation in Buenos Aires from 20 to 22 March 2019,\n"
    "1. Takes note of the report of the Secretary-General;\n"
)
BAPA = "Second High-level United Nations Conference on South-South Cooperation"


@pytest.fixture
def seeded(session):
    seed_demo(session)
    return session


def _bapa(session) -> Event:
    return session.exec(select(Event).where(Event.slug == "bapa-40")).one()


def _event_suggestion(title, start=None, end=None, role="recalls", **more) -> Suggestion:
    return Suggestion(3, "event", title, None, role, start, end, end, "day" if start else None, None, **more)


# --- the matching rule ---------------------------------------------------------------------------


def test_names_are_compared_by_their_words_with_ordinals_as_numbers():
    assert name_words("Second High-level Conference on South-South Cooperation") == {
        "2",
        "high",
        "level",
        "conference",
        "south",
        "cooperation",
    }
    assert names_match(BAPA, BAPA + " (BAPA+40)")
    assert names_match("2nd high-level United Nations conference on South–South cooperation", BAPA)
    assert names_match("BAPA+40 conference", BAPA + " (BAPA+40)")  # the acronym alone
    assert acronym(BAPA + " (BAPA+40)") == "BAPA+40"


def test_other_editions_and_other_events_do_not_match():
    hlc = "session of the High-level Committee on South-South Cooperation"
    assert not names_match(f"Twentieth {hlc}", f"Nineteenth {hlc}")
    assert not names_match("Global South-South Development Expo", BAPA)
    assert not names_match("Conference", BAPA)  # one word in common is not a name


def test_a_suggestion_matches_an_event_with_its_name_and_overlapping_days(seeded):
    bapa = _bapa(seeded)
    assert matching_events(seeded, _event_suggestion(BAPA, date(2019, 3, 20), date(2019, 3, 22))) == [bapa]
    assert matching_events(seeded, _event_suggestion(BAPA, date(2019, 3, 22), date(2019, 3, 25))) == [bapa]
    # The right name on other days, or other words on the right days, is no match.
    assert matching_events(seeded, _event_suggestion(BAPA, date(2019, 4, 1), date(2019, 4, 3))) == []
    assert matching_events(seeded, _event_suggestion("World Water Forum", date(2019, 3, 20), date(2019, 3, 22))) == []
    # No dates: nothing, unless the resolution refers back to an event held before its adoption.
    assert matching_events(seeded, _event_suggestion(BAPA)) == []
    assert matching_events(seeded, _event_suggestion(BAPA), held_before=date(2019, 12, 19)) == [bapa]
    assert matching_events(seeded, _event_suggestion(BAPA), held_before=date(2018, 12, 19)) == []


def test_a_coarser_date_phrase_covers_its_month_or_year(seeded):
    month = Suggestion(33, "event", BAPA, "conference", "convenes", None, None, date(2019, 3, 31), "month", "in March")
    year = Suggestion(33, "event", BAPA, "conference", "convenes", None, None, date(2019, 12, 31), "year", "in 2019")
    assert matching_events(seeded, month) == matching_events(seeded, year) == [_bapa(seeded)]


def test_references_back_to_events_are_read_in_both_kinds_of_paragraph():
    class Paragraph:
        def __init__(self, kind, number, text):
            self.kind, self.number, self.text = kind, number, text

    found = referenced_events(
        [
            Paragraph(
                "preambular",
                2,
                f"Recalls the convening of the {'s' + BAPA[1:]}, held in Buenos Aires from 20 to 22 March 2019,",
            ),
            Paragraph("operative", 1, f"Endorses the Buenos Aires outcome document of the {'s' + BAPA[1:]};"),
            Paragraph("operative", 2, "Recalls its resolution 71/244;"),
        ]
    )
    assert [(s.paragraph_kind, s.paragraph, s.role, s.title, s.start) for s in found] == [
        ("preambular", 2, "recalls", BAPA, date(2019, 3, 20)),
        ("operative", 1, "endorses_outcome", BAPA, None),
    ]
    assert found[0].city == "Buenos Aires"


# --- end to end: import, accept, the event page --------------------------------------------------


def _import_recalling(session):
    return import_resolution(
        session, RECALLING, symbol="A/RES/74/9", title="South-South cooperation", adopted_on=date(2019, 12, 19)
    ).resolution


def test_importing_a_resolution_that_recalls_bapa40_offers_the_existing_event(seeded, client):
    """Depends on the "Recalls the convening of ..." reading of planner.mandates.recalls, not on
    ask detection (planner.mandates.asks), which classifies "Recalls" as no ask."""
    bapa = _bapa(seeded)
    resolution = _import_recalling(seeded)
    [view] = [v for v in suggestions.list_suggestions(seeded, resolution) if v.reference]
    assert view.key.startswith("op1:event:")
    assert view.matches == [bapa] and view.suggestion.role == "recalls"
    assert not view.is_open  # a reference is no ask: coverage does not list it
    assert view.key not in {v.key for v in suggestions.coverage(seeded, resolution, date(2026, 1, 1)).open_asks}

    page = client.get("/manage/mandates/A-RES-74-9")
    assert page.status_code == 302  # management pages need an account: checked signed in below

    created = suggestions.accept(seeded, resolution, view.key, actor="ana@un.example")
    assert created == []  # linked, nothing created
    link = seeded.exec(select(MandateLink).where(MandateLink.resolution_symbol == "A/RES/74/9")).one()
    assert (link.event_id, link.paragraph_kind, link.paragraph_number, link.role) == (
        bapa.id,
        "operative",
        1,
        "recalls",
    )
    assert link.paragraph_id is not None

    html = client.get("/events/bapa-40").get_data(as_text=True)
    mandated = html[html.index("Mandated by") :]
    assert mandated.index("A/RES/71/244") < mandated.index("A/RES/74/9")  # both, oldest first
    assert 'href="/mandates/A-RES-74-9#op1"' in html


def test_the_review_page_preselects_the_matching_event(seeded, client, signed_in):
    _import_recalling(seeded)
    signed_in("manager")
    html = client.get("/manage/mandates/A-RES-74-9").get_data(as_text=True)
    assert "Already in the planner: " + BAPA + " (BAPA+40)" in html
    assert f'<option selected value="{_bapa(seeded).id}">' in html
    assert "Para. 1" in html and "Recalls" in html


def _import_preambular(session):
    return import_resolution(
        session, PREAMBULAR, symbol="A/RES/74/10", title="Preambular", adopted_on=date(2019, 12, 19)
    ).resolution


def test_a_preambular_reference_is_offered_for_linking_its_event(seeded):
    resolution = _import_preambular(seeded)
    [view] = [v for v in suggestions.list_suggestions(seeded, resolution) if v.reference]
    assert view.key.startswith("pp2:event:") and view.anchor == "pp2"
    assert view.matches == [_bapa(seeded)]
    assert suggestions.accept(seeded, resolution, view.key, actor="ana@un.example") == []
    link = seeded.exec(select(MandateLink).where(MandateLink.resolution_symbol == "A/RES/74/10")).one()
    assert (link.event_id, link.paragraph_kind, link.paragraph_number) == (_bapa(seeded).id, "preambular", 2)


def test_a_preambular_reference_with_no_matching_event_is_not_offered(session):
    resolution = _import_preambular(session)  # no demo data: BAPA+40 is not in the planner
    assert [v for v in suggestions.list_suggestions(session, resolution) if v.reference] == []


def test_an_ask_naming_an_event_in_the_planner_offers_it_too(seeded):
    """Operative asks match as well: 71/244 para. 33 convenes BAPA+40, which the demo has."""
    views = suggestions.list_suggestions(seeded, find_resolution(seeded, "A-RES-71-244"))
    convening = [v for v in views if v.suggestion.paragraph == 33 and v.suggestion.target == "event"]
    assert convening and all(_bapa(seeded) in v.matches for v in convening)


def test_the_mandate_index_shows_which_resolutions_follow_which(seeded, client):
    resolution = _import_recalling(seeded)
    lines = successions(seeded)
    assert [[r.symbol for r in line] for line in lines] == [["A/RES/71/244", "A/RES/74/9"]]  # 74/9 cites 71/244
    html = client.get("/mandates/").get_data(as_text=True)
    assert "Resolutions that follow one another" in html
    line = html[html.index("Resolutions that follow one another") :]
    assert line.index("A/RES/71/244") < line.index("A/RES/74/9")
    assert resolution.symbol in line


def test_resolutions_linked_to_one_event_follow_one_another(seeded):
    text = "The General Assembly,\n1. Takes note of the report;"
    later = import_resolution(seeded, text, symbol="A/RES/75/1", title="Later", adopted_on=date(2020, 12, 1))
    assert successions(seeded) == []  # no link and no citation yet
    add_link(seeded, symbol=later.resolution.symbol, number=1, role="takes_note", event=_bapa(seeded))
    seeded.commit()
    assert [[r.symbol for r in line] for line in successions(seeded)] == [["A/RES/71/244", "A/RES/75/1"]]
