"""Search on SQLite (FTS5) and PostgreSQL (tsvector): what it must find, what it must never show,
how it ranks and bounds, and the page around it (the header box, marks, links, messages)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.agenda import editing as agenda
from planner.agenda.models import Person
from planner.mandates.importing import import_resolution
from planner.search import queries
from planner.search.terms import MAX_LENGTH, parse
from tests.agenda.helpers import add_session, at, bulk_add_sessions, make_rooms
from tests.search.conftest import RESOLUTION, found, session_values
from tests.sql import counted_get


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_a_session_is_found_by_a_word_of_its_description(session, site):
    assert found(session, "island")["sessions"] == ["Interactive panel on the Blue Economy"]
    assert found(session, "ocean SCIENCE")["sessions"] == ["Interactive panel on the Blue Economy"]
    assert found(session, "ocean astronomy")["sessions"] == []  # every word must be there


@pytest.mark.parametrize("typed", ["Baptiste", "jean-baptiste", "Jean Baptiste", "JEAN-BAPTISTE ndiaye", "Ndiaye"])
def test_a_person_is_found_by_part_of_a_hyphenated_name(session, site, typed):
    assert found(session, typed)["people"] == ["Jean-Baptiste Ndiaye"]


def test_a_hyphenated_query_is_a_phrase_not_two_loose_words(session, site):
    assert found(session, "Baptiste-Jean")["people"] == []


@pytest.mark.parametrize(
    "typed", ['"importance of triangular cooperation"', "importance of triangular cooperation", "Stresses triangular"]
)
def test_a_paragraph_is_found_by_a_phrase_of_its_text(session, site, typed):
    assert found(session, typed)["paragraphs"] == ["A/RES/99/1#op3"]


def test_a_quoted_phrase_must_appear_in_that_order(session, site):
    assert found(session, '"triangular importance"')["paragraphs"] == []
    assert found(session, "triangular importance")["paragraphs"] == ["A/RES/99/1#op3"]


@pytest.mark.parametrize("typed", ["cooperacion", "COOPERACIÓN", "cooperación sur-sur", '"cooperacion sur sur"'])
def test_accents_and_capitals_do_not_matter(session, site, typed):
    assert found(session, typed)["sessions"] == ["Interactive panel on the Blue Economy"]


def test_a_word_with_an_accent_finds_the_word_without(session, site):
    assert "A/RES/99/1#op3" in found(session, "triangulár")["paragraphs"]


@pytest.mark.parametrize("typed", ["zebra", "Quixote", "Paloma Invisible", "Unlisted", "draft-event"])
def test_drafts_and_unpublished_events_are_never_shown(session, site, client, typed):
    assert not any(found(session, typed).values())
    page = _main(client.get("/search", query_string={"q": typed}).get_data(as_text=True))
    assert "0 results" in page and "search-hit" not in page


def test_unpublishing_an_event_hides_it_its_sessions_and_its_people(session, site):
    bapa = site["bapa"]
    assert found(session, "Ndiaye")["people"] and found(session, "island")["sessions"]
    bapa.published = False
    session.add(bapa)
    session.commit()
    assert found(session, "Ndiaye")["people"] == found(session, "island")["sessions"] == []
    assert found(session, "bapa")["events"] == []


def test_an_edited_description_is_found_at_once_and_the_old_words_are_not(session, site):
    panel = site["panel"]
    agenda.save_session(
        session, "test", site["bapa"], panel, session_values(panel.title, "Mangroves and coral reefs.", [])
    )
    assert found(session, "mangroves")["sessions"] == ["Interactive panel on the Blue Economy"]
    assert found(session, "island")["sessions"] == []
    assert found(session, "Ndiaye")["people"] == []  # no longer in a published session


def test_a_renamed_person_is_found_by_the_new_name_only(session, site):
    person = session.get(Person, site["panel"].roles[0].person_id)
    agenda.save_person(session, "test", person, {"name": "Jean-Baptiste Ndiaye-Sarr"})
    assert found(session, "Sarr")["people"] == ["Jean-Baptiste Ndiaye-Sarr"]
    agenda.save_person(session, "test", person, {"name": "Amadou Sarr"})
    assert found(session, "Baptiste")["people"] == []


def test_a_new_paragraph_is_found_at_once(session, site):
    text = RESOLUTION.replace("Stresses the importance", "Stresses the importance of mangrove restoration and")
    import_resolution(
        session, text, symbol="A/RES/99/1", title="South-South cooperation", adopted_on=None, replace=True
    )
    import_resolution(
        session, RESOLUTION.replace("triangular", "quadrilateral"), symbol="A/RES/99/2", title="T", adopted_on=None
    )
    assert found(session, "mangrove restoration")["paragraphs"] == ["A/RES/99/1#op3"]
    assert found(session, "quadrilateral")["paragraphs"] == ["A/RES/99/2#op3"]


def test_a_title_match_ranks_before_a_description_match(session, site):
    bapa = site["bapa"]
    day = ("2019-03-22", "09:00"), ("2019-03-22", "10:00")
    mentioned = add_session(session, bapa, "Morning meeting", at(*day[0]), at(*day[1]), published=True)
    mentioned.description = "Among much else, a word on coral reefs and how the region watches over them."
    session.add(mentioned)
    session.commit()
    add_session(session, bapa, "Coral reefs", at(*day[0]), at(*day[1]), published=True)  # a later id
    assert found(session, "coral")["sessions"] == ["Coral reefs", "Morning meeting"]


def test_each_kind_shows_its_best_matches_and_counts_them_all(session, site, client):
    bapa = site["bapa"]
    for number in range(queries.PER_KIND + 5):
        add_session(
            session, bapa, f"Meeting {number}", at("2019-03-22", "09:00"), at("2019-03-22", "10:00"), published=True
        )
    [group] = [g for g in queries.search(session, parse("meeting")) if g.kind.name == "sessions"]
    assert group.total == queries.PER_KIND + 5 and len(group.hits) == queries.PER_KIND
    page = client.get("/search?q=meeting").get_data(as_text=True)
    assert f"The best {queries.PER_KIND} of {queries.PER_KIND + 5} are shown" in page


# --- the page --------------------------------------------------------------------------------


def test_results_are_grouped_linked_and_marked(session, site, client):
    panel = site["panel"]
    page = _main(client.get("/search?q=cooperaci%C3%B3n").get_data(as_text=True))
    assert '<h2 id="found-sessions">Sessions <span class="muted">(1)</span></h2>' in page
    assert f'href="/events/bapa-40/sessions/{panel.id}"' in page or f'href="/events/bapa-40#session-{panel.id}"' in page
    assert "<mark>cooperación</mark> Sur-Sur" in page
    paragraphs = _main(client.get("/search?q=triangular").get_data(as_text=True))
    assert '<h2 id="found-paragraphs">Resolution paragraphs' in paragraphs
    assert 'href="/mandates/A-RES-99-1#op3"' in paragraphs and "importance of <mark>triangular</mark>" in paragraphs
    people = _main(client.get("/search?q=Baptiste").get_data(as_text=True))
    assert "Jean-<mark>Baptiste</mark> Ndiaye" in people


def test_links_fall_back_to_the_programme_when_there_are_no_session_or_person_pages(app, site, client):
    panel = site["panel"]
    for endpoint in ("agenda_pages.session", "agenda_pages.person"):
        app.view_functions.pop(endpoint, None)
    page = _main(client.get("/search?q=Ndiaye").get_data(as_text=True))
    assert f'href="/events/bapa-40#session-{panel.id}"' in page


def test_stored_text_is_escaped_and_only_the_marks_are_markup(session, site, client):
    bapa = site["bapa"]
    add_session(
        session,
        bapa,
        '<script>alert("x")</script> Solar & wind',
        at("2019-03-22", "09:00"),
        at("2019-03-22", "10:00"),
        published=True,
    )
    page = _main(client.get("/search", query_string={"q": "solar"}).get_data(as_text=True))
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>Solar</mark> &amp; wind" in page
    assert "<script>" not in page


@pytest.mark.parametrize("path", ["/", "/events/bapa-40", "/mandates/", "/search?q=island", "/login"])
def test_every_page_has_the_labelled_search_box_in_its_header(site, client, path):
    page = client.get(path).get_data(as_text=True)
    header = page[page.index("<header") : page.index("</header>")]
    form = re.search(r'<form class="site-search" role="search" method="get" action="/search">.*?</form>', header, re.S)
    assert form, header
    assert '<label class="visually-hidden" for="site-search-q">' in form.group(0)
    assert '<input type="search" id="site-search-q" name="q"' in form.group(0)


def test_the_header_box_keeps_what_was_searched_for(site, client):
    page = client.get("/search", query_string={"q": 'jean "baptiste'}).get_data(as_text=True)
    assert 'name="q" value="jean &#34;baptiste"' in page


def test_an_empty_search_explains_itself_and_queries_nothing(site, client):
    page = _main(client.get("/search?q=").get_data(as_text=True))
    assert "Type one or more words" in page and "result" not in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("x" * (MAX_LENGTH + 1), f"at most {MAX_LENGTH} characters"),
        ("a" * 5000, f"at most {MAX_LENGTH} characters"),
        ('"*" : () - !', "Type a word to search for"),
    ],
)
def test_text_that_cannot_be_searched_gets_a_clear_message(site, client, typed, message):
    response = client.get("/search", query_string={"q": typed})
    assert response.status_code == 200
    assert message in _main(response.get_data(as_text=True))


HOSTILE = [
    '"',
    '""',
    '"unbalanced',
    "*",
    "cooper*",
    "NEAR(cooperation island)",
    "NEAR(a b, 2)",
    "cooperation OR island",
    "-island",
    "NOT island",
    "island AND",
    "title:island",
    "{title description}: island",
    "(island",
    "island)",
    "^island",
    "a & b | !c <-> d",
    "a:*",
    "' OR 1=1 --",
    "%_\\",
    "\u0301",
    "́́",
    "‮ island",
    "中文合作",
    "تعاون",
    "𝔘𝔫",
    "x" * MAX_LENGTH,
    " ".join("a" * 2 for _ in range(MAX_LENGTH // 3)),
]


def test_query_syntax_typed_into_the_box_is_only_text(site, client):
    statuses = {typed: client.get("/search", query_string={"q": typed}).status_code for typed in HOSTILE}
    assert {typed: status for typed, status in statuses.items() if status != 200} == {}


def test_operators_are_words_not_operators(session, site):
    assert found(session, "cooperation OR zzzz")["paragraphs"] == []  # OR is a word, not a choice
    assert found(session, "-island")["sessions"] == ["Interactive panel on the Blue Economy"]  # no exclusion
    assert found(session, "NEAR(ocean science)")["sessions"] == []  # "near" is a word too


def test_a_nul_byte_is_refused_before_the_search(site, client):
    response = client.get("/search?q=a%00b")
    assert response.status_code == 400
    assert "cannot be stored" in response.get_data(as_text=True)


def test_the_page_costs_the_same_queries_for_3_and_300_matches(app, client, session, site):
    """Each kind is one ranked query (people one more, for their sessions), whatever the matches."""
    bapa, start = site["bapa"], at("2019-03-22", "09:00")
    _venue, rooms = make_rooms(session, "Room A")
    counts = []
    for first, count in ((0, 3), (3, 297)):
        bulk_add_sessions(session, bapa.id, [rooms[0].id], start, first, count, timedelta(minutes=30))  # "Chair <n>"
        session.execute(
            sa.text("UPDATE agenda_session SET description = 'Opened by its chair.' WHERE title LIKE 'Session %'")
        )
        session.commit()
        response, queries_made = counted_get(app, client, "/search?q=chair")
        counts.append(queries_made)
        hits = response.get_data(as_text=True).count('class="search-hit"')
        assert hits == (3 + 3 if count == 3 else 2 * queries.PER_KIND)  # sessions and their chairs
    assert counts[0] == counts[1]
