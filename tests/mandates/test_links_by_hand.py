"""Links by hand (issue 17, item 3): on an event's and a session's management pages, find a
paragraph by symbol and number, read its text, choose a role and link it, or remove a link; the
same from the paragraph's page; every change in the trail, and the public pages up to date."""

import re

import pytest
from sqlmodel import select

from planner.agenda.models import AgendaSession
from planner.audit.models import AuditEntry
from planner.demo.seed import seed_demo
from planner.events.models import Event
from planner.mandates import editing
from planner.mandates.citations import parse_citation
from planner.mandates.models import MandateLink, ParagraphKind
from planner.mandates.queries import find_resolution, paragraph_at
from tests.forms import BASE, csrf_token

PARA_33 = "in that regard decides to convene a high-level United Nations conference on South-South cooperation"


@pytest.fixture
def seeded(session):
    seed_demo(session)
    return session


def _bapa(session) -> Event:
    return session.exec(select(Event).where(Event.slug == "bapa-40")).one()


def _panel(session) -> AgendaSession:
    return session.exec(
        select(AgendaSession).join(Event).where(Event.slug == "bapa-40", AgendaSession.title == "Interactive panel 1")
    ).one()


def _post(client, url, data, page_url):
    page = client.get(page_url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(page), **data}, headers={"Referer": BASE + page_url})


def _paragraph_id(html: str) -> str:
    return re.search(r'name="paragraph_id" value="(\d+)"', html).group(1)


@pytest.mark.parametrize(
    ("text", "symbol", "kind", "number"),
    [
        ("71/244 33", "71/244", "operative", 33),
        ("A/RES/71/244 para. 33", "A/RES/71/244", "operative", 33),
        ("a/res/71/244, op33", "A/RES/71/244", "operative", 33),
        ("resolution 71/244, paragraph 12", "71/244", "operative", 12),
        ("71/244 pp5", "71/244", "preambular", 5),
        ("A/RES/57/270 B 3", "A/RES/57/270 B", "operative", 3),
        ("A/RES/71/244", "A/RES/71/244", "operative", None),
    ],
)
def test_citations_are_read_as_people_type_them(text, symbol, kind, number):
    citation = parse_citation(text)
    assert (citation.symbol, citation.kind, citation.number) == (symbol, ParagraphKind(kind), number)


@pytest.mark.parametrize("text", ["", "hello", "33", "para. 33 of something"])
def test_text_without_a_resolution_number_is_no_citation(text):
    assert parse_citation(text) is None


def test_an_event_is_linked_by_hand_then_unlinked_with_both_in_its_history(seeded, client, signed_in):
    bapa = _bapa(seeded)
    signed_in("manager")
    event_page = f"/manage/events/{bapa.id}"
    html = client.get(event_page).get_data(as_text=True)
    assert "Mandate: linked paragraphs" in html and "A/RES/71/244, op33" in html  # the seed's links

    picker = f"/manage/mandates/events/{bapa.id}/links?q=A/RES/71/244+para.+12"
    found = client.get(picker).get_data(as_text=True)
    assert "A/RES/71/244, op12" in found
    paragraph = paragraph_at(seeded, find_resolution(seeded, "A-RES-71-244"), "op12")
    assert paragraph.text[:60] in found  # the text is shown before linking

    done = _post(client, picker, {"paragraph_id": _paragraph_id(found), "role": "recalls"}, picker)
    assert done.status_code == 302 and done.headers["Location"].endswith(event_page)
    link = seeded.exec(
        select(MandateLink).where(MandateLink.event_id == bapa.id, MandateLink.paragraph_number == 12)
    ).one()
    assert (link.role, link.paragraph_id) == ("recalls", paragraph.id)

    html = client.get(event_page).get_data(as_text=True)
    assert "Linked to A/RES/71/244, op12." in html
    trail = html[html.index("History") :] if "History" in html else html
    assert "Link to a paragraph" in trail and "Recalls" in trail

    removed = _post(client, f"/manage/mandates/events/{bapa.id}/links/{link.id}/remove", {}, event_page)
    assert removed.status_code == 302 and removed.headers["Location"].endswith(event_page)
    link_id = link.id
    seeded.expire_all()
    assert seeded.get(MandateLink, link_id) is None
    html = client.get(event_page).get_data(as_text=True)
    assert "Link to A/RES/71/244, op12 removed." in html
    assert "Link to a paragraph removed" in html
    actions = seeded.exec(
        select(AuditEntry.action).where(AuditEntry.object_type == "event", AuditEntry.object_id == str(bapa.id))
    ).all()
    assert {"link", "unlink"} <= set(actions)


def test_a_session_linked_by_hand_shows_on_the_programme_and_the_mandate_page(seeded, client, signed_in):
    panel = _panel(seeded)
    panel.published = True
    seeded.add(panel)
    seeded.commit()
    assert "A/RES/71/244, para. 20" not in client.get("/events/bapa-40").get_data(as_text=True)  # kept in the cache

    editing.link_paragraph(
        seeded,
        "ana@un.example",
        find_resolution(seeded, "A-RES-71-244"),
        paragraph_at(seeded, find_resolution(seeded, "A-RES-71-244"), "op20"),
        "takes_note",
        agenda_session=panel,
    )
    programme = client.get("/events/bapa-40").get_data(as_text=True)
    assert "A/RES/71/244, para. 20" in programme  # the page cache saw the new link
    mandate = client.get("/mandates/A-RES-71-244").get_data(as_text=True)
    op20 = mandate[mandate.index('id="op20"') : mandate.index('id="op21"')]
    assert "Interactive panel 1" in op20 and "Takes note" in op20

    link = seeded.exec(select(MandateLink).where(MandateLink.session_id == panel.id)).one()
    editing.unlink(seeded, "ana@un.example", link)
    assert "A/RES/71/244, para. 20" not in client.get("/events/bapa-40").get_data(as_text=True)


def test_the_session_page_links_and_removes(seeded, client, signed_in):
    panel = _panel(seeded)
    signed_in("manager")
    page = f"/manage/sessions/{panel.id}"
    assert "Mandate: linked paragraphs" in client.get(page).get_data(as_text=True)
    picker = f"/manage/mandates/sessions/{panel.id}/links?q=71/244+33"
    found = client.get(picker).get_data(as_text=True)
    assert PARA_33 in found
    done = _post(client, picker, {"paragraph_id": _paragraph_id(found), "role": "convenes"}, picker)
    assert done.status_code == 302 and done.headers["Location"].endswith(page)
    html = client.get(page).get_data(as_text=True)
    assert "A/RES/71/244, op33" in html and "Link to a paragraph" in html
    remove = re.search(r'action="(/manage/mandates/sessions/\d+/links/\d+/remove)"', html).group(1)
    assert _post(client, remove, {}, page).status_code == 302
    assert "Link to a paragraph removed" in client.get(page).get_data(as_text=True)


def test_the_paragraph_page_links_an_event_and_removes_it(seeded, client, signed_in):
    signed_in("manager")
    page = "/manage/mandates/A-RES-71-244/paragraphs/op12"
    html = client.get(page).get_data(as_text=True)
    assert "Links of A/RES/71/244, op12" in html and "Nothing is linked to this paragraph yet." in html
    found = client.get(page + "?q=BAPA").get_data(as_text=True)
    bapa = _bapa(seeded)
    assert f'value="event:{bapa.id}"' in found
    done = _post(client, page + "?q=BAPA", {"target": f"event:{bapa.id}", "role": "endorses_outcome"}, page)
    assert done.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Endorses the outcome of" in html and bapa.title in html
    remove = re.search(r'action="(/manage/mandates/events/\d+/links/\d+/remove)"', html).group(1)
    back = _post(client, remove, {"back": "paragraph"}, page)
    assert back.headers["Location"].endswith(page)
    assert "Nothing is linked to this paragraph yet." in client.get(page).get_data(as_text=True)
    assert client.get("/manage/mandates/A-RES-71-244/paragraphs/op99").status_code == 404
    assert client.get("/manage/mandates/A-RES-71-244/paragraphs/x1").status_code == 404


def test_bad_input_is_a_message_never_a_500(seeded, client, signed_in):
    bapa = _bapa(seeded)
    signed_in("manager")
    picker = f"/manage/mandates/events/{bapa.id}/links"
    assert "names no resolution" in client.get(picker + "?q=hello").get_data(as_text=True)
    assert "No imported paragraph matches" in client.get(picker + "?q=99/1+2").get_data(as_text=True)
    for data in (
        {"paragraph_id": "999999", "role": "recalls"},
        {"paragraph_id": "abc", "role": "recalls"},
        {"paragraph_id": "1" * 400, "role": "recalls"},
        {"role": "recalls"},
        {"paragraph_id": "1", "role": "owns"},
    ):
        assert _post(client, picker, data, picker).status_code == 422, data
    # The seed links para. 33 to BAPA+40 as "convenes": the same link again is refused.
    found = client.get(picker + "?q=71/244+33").get_data(as_text=True)
    again = _post(client, picker, {"paragraph_id": _paragraph_id(found), "role": "convenes"}, picker)
    assert again.status_code == 422 and "already linked with that role" in again.get_data(as_text=True)
    paragraph_page = "/manage/mandates/A-RES-71-244/paragraphs/op12"
    for target in ("event:999999", "room:1", "event:", "session:x"):
        assert _post(client, paragraph_page, {"target": target, "role": "recalls"}, paragraph_page).status_code == 422
    link = seeded.exec(select(MandateLink).where(MandateLink.event_id == bapa.id)).first()
    remove = f"/manage/mandates/events/{bapa.id}/links/{link.id}/remove"
    assert client.post(remove, data={}).status_code == 400  # no CSRF token
    assert (
        _post(client, f"/manage/mandates/events/{bapa.id}/links/999999/remove", {}, paragraph_page).status_code == 404
    )
    other_event = seeded.exec(select(Event).where(Event.slug != "bapa-40")).first()
    elsewhere = f"/manage/mandates/events/{other_event.id}/links/{link.id}/remove"
    assert _post(client, elsewhere, {}, paragraph_page).status_code == 404  # not that event's link


def test_a_viewer_reads_the_paragraph_page_but_changes_nothing(seeded, client, signed_in):
    signed_in("viewer")
    page = "/manage/mandates/A-RES-71-244/paragraphs/op33"
    html = client.get(page).get_data(as_text=True)
    assert PARA_33 in html and "Second High-level United Nations Conference" in html  # text, linked event
    assert "Remove the link" not in html and "Link an event or a session" not in html
    assert _post(client, page, {"target": f"event:{_bapa(seeded).id}", "role": "recalls"}, page).status_code == 403
    html = client.get(f"/manage/events/{_bapa(seeded).id}").get_data(as_text=True)
    assert "Mandate: linked paragraphs" in html and "Find the paragraph" not in html
