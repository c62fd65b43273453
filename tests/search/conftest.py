"""A small public site to search, built through the services, with things that must stay hidden:

- BAPA+40 (published): a published panel whose description speaks of "cooperación" and whose
  chair is Jean-Baptiste Ndiaye; a draft session with its own person (Quixote);
- a draft event with a published session and its person (Paloma);
- resolution A/RES/99/1, imported from a test text.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from planner.agenda import editing as agenda
from planner.agenda.editing import SessionValues
from planner.mandates.importing import import_resolution
from planner.search import queries
from planner.search.terms import parse
from tests.agenda.helpers import make_event

RESOLUTION = (Path(__file__).parents[1] / "mandates" / "texts" / "one_per_line.txt").read_text(encoding="utf-8")


def session_values(title, description="", people=(), start="2019-03-20 09:00", end="2019-03-20 10:00"):
    return SessionValues(
        title=title,
        kind="interactive_panel",
        local_start=datetime.fromisoformat(start),
        local_end=datetime.fromisoformat(end),
        description=description,
        people=list(people),
    )


def found(session, text: str) -> dict[str, list[str]]:
    """What a search finds, by kind: event slugs, session titles, people's names, paragraph anchors."""
    names = {
        "events": lambda hit: hit.slug,
        "sessions": lambda hit: hit.session.title,
        "people": lambda hit: hit.person.name,
        "paragraphs": lambda hit: f"{hit.resolution.symbol}#{hit.paragraph.anchor}",
    }
    return {
        group.kind.name: [names[group.kind.name](hit) for hit in group.hits]
        for group in queries.search(session, parse(text))
    }


@pytest.fixture
def site(session):
    """The site above; returns its rows by name."""
    return make_site(session)


def make_site(session):
    bapa = make_event(session, "bapa-40")
    panel = agenda.save_session(
        session,
        "test",
        bapa,
        None,
        session_values(
            "Interactive panel on the Blue Economy",
            "Small island developing States and cooperación Sur-Sur in ocean science.",
            [("chair", "Jean-Baptiste Ndiaye"), ("speaker", "Amina Diallo")],
        ),
    )
    agenda.publish_agenda(session, "test", bapa)
    draft = agenda.save_session(  # after publishing: a draft
        session,
        "test",
        bapa,
        None,
        session_values(
            "Zebra draft briefing",
            "Zebra words nobody may read yet.",
            [("chair", "Quixote Hidden")],
            "2019-03-21 09:00",
            "2019-03-21 10:00",
        ),
    )
    hidden_event = make_event(session, "draft-event")
    hidden_event.published = False
    session.add(hidden_event)
    session.commit()
    unlisted = agenda.save_session(
        session,
        "test",
        hidden_event,
        None,
        session_values("Unlisted zebra meeting", "", [("chair", "Paloma Invisible")]),
    )
    agenda.publish_agenda(session, "test", hidden_event)
    report = import_resolution(
        session, RESOLUTION, symbol="A/RES/99/1", title="South-South cooperation", adopted_on=None
    )
    return {"bapa": bapa, "panel": panel, "draft": draft, "unlisted": unlisted, "resolution": report.resolution}
