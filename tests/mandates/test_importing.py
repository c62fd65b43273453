"""Importing resolutions: the seed text, bad input refused with nothing written, replace keeps links."""

import os
import subprocess
import sys
from datetime import date

import pytest
from sqlmodel import func, select

from planner import ROOT
from planner.demo.seed import RESOLUTION
from planner.events.models import Event, EventKind, EventStatus
from planner.mandates.importing import ImportRejected, decode_text, import_resolution
from planner.mandates.links import add_link
from planner.mandates.models import MandateLink, Paragraph, Resolution

SEED_TEXT = RESOLUTION["file"].read_text(encoding="utf-8")


def _import(session, text=SEED_TEXT, **overrides):
    args = dict(symbol="A/RES/71/244", title="South-South cooperation", adopted_on=date(2016, 12, 21))
    args.update(overrides)
    return import_resolution(session, text, **args)


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_seed_text_is_stored_verbatim_with_its_paragraphs(session):
    report = _import(session)
    assert (report.preambular, report.operative) == (11, 36)
    resolution = session.exec(select(Resolution)).one()
    assert resolution.source_text == SEED_TEXT
    op29 = session.exec(select(Paragraph).where(Paragraph.kind == "operative", Paragraph.number == 29)).one()
    assert op29.text.startswith("Encourages the growing number of forums")


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("The General Assembly,\n1. Décide".encode("latin-1"), "not UTF-8 text (undecodable byte at line 2)"),
    ],
)
def test_unreadable_input_is_refused_with_a_reason(data, words):
    with pytest.raises(ImportRejected, match=words.replace("(", r"\(").replace(")", r"\)")):
        decode_text(data)


@pytest.mark.parametrize(
    "text, overrides, words",
    [
        ("The General Assembly,\nWelcomes everything warmly.", {}, "No numbered operative paragraphs"),
        (SEED_TEXT, {"symbol": "71/244"}, "not a document symbol"),
        (SEED_TEXT, {"symbol": ""}, "not a document symbol"),
        (SEED_TEXT, {"title": "  "}, "a title is needed"),
    ],
)
def test_bad_input_writes_nothing(session, text, overrides, words):
    with pytest.raises(ImportRejected, match=words):
        _import(session, text, **overrides)
    session.rollback()
    assert _count(session, Resolution) == 0 and _count(session, Paragraph) == 0


def test_importing_a_symbol_again_needs_replace(session):
    _import(session)
    with pytest.raises(ImportRejected, match="already imported"):
        _import(session)


def test_replace_keeps_links_of_unchanged_paragraphs_and_reports_the_others(session):
    _import(session)
    expo = Event(
        slug="expo", title="Expo", kind=EventKind.EXPO, timezone="Asia/Dubai", status=EventStatus.TO_BE_SCHEDULED
    )
    bapa = Event(
        slug="bapa", title="BAPA+40", kind=EventKind.CONFERENCE, timezone="UTC", status=EventStatus.TO_BE_SCHEDULED
    )
    session.add_all([expo, bapa])
    session.flush()
    add_link(session, symbol="A/RES/71/244", number=21, role="welcomes", event=expo)
    add_link(session, symbol="A/RES/71/244", number=34, role="hosts", event=bapa)
    session.commit()

    changed = SEED_TEXT.replace("generous offer by the Government of Argentina", "offer by the Government of Argentina")
    report = _import(session, changed, replace=True)
    assert report.replaced and report.kept_links == 1
    assert report.dropped_links == ["op34 hosts BAPA+40"]
    links = session.exec(select(MandateLink)).all()
    assert [(link.paragraph_number, link.event_id) for link in links] == [(21, expo.id)]
    paragraph = session.get(Paragraph, links[0].paragraph_id)
    assert (paragraph.kind, paragraph.number) == ("operative", 21)


def test_link_made_before_import_is_attached_on_import(session):
    event = Event(
        slug="hlc", title="HLC", kind=EventKind.COMMITTEE_SESSION, timezone="UTC", status=EventStatus.TO_BE_SCHEDULED
    )
    session.add(event)
    session.flush()
    link = add_link(session, symbol="A/RES/71/244", number=30, role="requests_report", event=event)
    session.commit()
    assert link.paragraph_id is None
    _import(session)
    session.refresh(link)
    assert session.get(Paragraph, link.paragraph_id).number == 30


def _cli(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url.render_as_string(hide_password=False), "SECRET_KEY": "x" * 32}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "import-resolution", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_imports_the_seed(database_url, app):
    ok = _cli(
        database_url,
        str(RESOLUTION["file"]),
        "--symbol",
        "A/RES/71/244",
        "--title",
        "South-South cooperation",
        "--adopted",
        "2016-12-21",
    )
    assert ok.returncode == 0, ok.stderr
    assert "Imported A/RES/71/244: 11 preambular and 36 operative paragraphs." in ok.stdout
    with app.app_context():
        from planner.db import get_session

        assert [r.symbol for r in get_session().exec(select(Resolution))] == ["A/RES/71/244"]


def test_cli_refuses_bad_files_with_exit_2_and_writes_nothing(sqlite_databases, tmp_path):
    """Input checks run before the database is touched, so one backend is enough here."""
    database_url = sqlite_databases.migrated()
    seed = str(RESOLUTION["file"])
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("The General Assembly,\n1. Décide de convoquer;".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    cases = [
        ([str(binary), "--symbol", "A/RES/1/1", "--title", "T"], "binary file"),
        ([str(latin), "--symbol", "A/RES/1/2", "--title", "T"], "not UTF-8"),
        ([str(empty), "--symbol", "A/RES/1/3", "--title", "T"], "is empty"),
        ([seed, "--symbol", "RES 71 244", "--title", "T"], "not a document symbol"),
        ([str(tmp_path / "missing.txt"), "--symbol", "A/RES/1/4", "--title", "T"], "cannot read"),
        ([seed, "--symbol", "A/RES/1/5", "--title", "T", "--adopted", "21/12/2016"], "not a date like 2016-12-21"),
    ]
    for args, words in cases:
        done = _cli(database_url, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr
    again = [seed, "--symbol", "A/RES/71/244", "--title", "T"]
    assert _cli(database_url, *again).returncode == 0
    refused = _cli(database_url, *again)
    assert refused.returncode == 2 and "already imported; use --replace" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
