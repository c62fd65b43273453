"""Importing resolutions: the seed text, bad input refused with nothing written, replace keeps links."""

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import func, select

from planner import ROOT
from planner.demo.seed import RESOLUTION
from planner.events.models import Event, EventKind, EventStatus
from planner.mandates.importing import ImportRejected, decode_text, import_resolution, text_of_file
from planner.mandates.links import add_link
from planner.mandates.models import MandateLink, Paragraph, Resolution
from planner.mandates.parser import parse_resolution
from tests.mandates.ods_pdf import resolution_pdf

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


def test_cli_refuses_bad_files_with_exit_2_and_writes_nothing(app, tmp_path):
    """The command's own refusals, run in this process (the real command line is the tests above
    and below): each one line on stderr, exit status 2, nothing written."""
    seed = str(RESOLUTION["file"])
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("The General Assembly,\n1. Décide de convoquer;".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    cases = [
        ([str(binary), "--symbol", "A/RES/1/1", "--title", "T"], "PDF file cannot be read"),
        ([str(latin), "--symbol", "A/RES/1/2", "--title", "T"], "not UTF-8"),
        ([str(empty), "--symbol", "A/RES/1/3", "--title", "T"], "is empty"),
        ([seed, "--symbol", "RES 71 244", "--title", "T"], "not a document symbol"),
        ([str(tmp_path / "missing.txt"), "--symbol", "A/RES/1/4", "--title", "T"], "cannot read"),
        ([seed, "--symbol", "A/RES/1/5", "--title", "T", "--adopted", "21/12/2016"], "not a date like 2016-12-21"),
    ]
    runner = app.test_cli_runner()
    for args, words in cases:
        with app.app_context():  # as `flask` pushes one before reading the arguments
            done = runner.invoke(args=["import-resolution", *args])
        assert done.exit_code == 2, (args, done.output)
        assert words in done.stderr, (args, done.stderr)
        assert done.exception is None or isinstance(done.exception, SystemExit)  # refused, not crashed
    again = ["import-resolution", seed, "--symbol", "A/RES/71/244", "--title", "T"]
    with app.app_context():
        assert runner.invoke(args=again).exit_code == 0
        refused = runner.invoke(args=again)
    assert refused.exit_code == 2 and "already imported; use --replace" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    with app.app_context():
        from planner.db import get_session

        assert [r.symbol for r in get_session().exec(select(Resolution))] == ["A/RES/71/244"]


# --------------------------------------------------------------------------- PDF, Word, refusals


def _paragraphs(text):
    return [(p.kind, p.number, p.text) for p in parse_resolution(text)]


def test_a_pdf_in_the_ods_layout_gives_the_paragraphs_of_the_text():
    """Running header on every later page, footer with job number and page counter, footnotes
    at the foot of the page with small raised markers: none of it reaches the paragraphs."""
    expected = _paragraphs(SEED_TEXT)
    footnotes = {3: "A/71/208.", 14: "Official Records of the General Assembly, Supplement No. 39 (A/71/39)."}
    pdf = resolution_pdf("A/RES/71/244", "71/244. South-South cooperation", expected, footnotes)
    text = text_of_file(pdf, "resolution.pdf")
    assert "16-22938" not in text and "Official Records" not in text
    assert _paragraphs(text) == expected


def test_a_pdf_imports_like_its_text(session):
    pdf = resolution_pdf("A/RES/71/244", "71/244. South-South cooperation", _paragraphs(SEED_TEXT), {})
    report = _import(session, text_of_file(pdf))
    assert (report.preambular, report.operative) == (11, 36)


def test_a_word_file_with_generated_numbers_gives_the_paragraphs_of_the_text():
    import docx

    expected = _paragraphs(SEED_TEXT)
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "A/RES/71/244 South-South cooperation"  # not read: another part
    document.add_paragraph("71/244. South-South cooperation")
    document.add_paragraph("The General Assembly,")
    for kind, _number, text in expected:
        document.add_paragraph(text, style="List Number" if kind == "operative" else None)
    data = io.BytesIO()
    document.save(data)
    assert _paragraphs(text_of_file(data.getvalue(), "resolution.docx")) == expected


@pytest.mark.parametrize(
    "data, words",
    [
        (b"%PDF-1.7\n\x00\x01\x02", "PDF file cannot be read"),
        (b"PK\x03\x04\x14\x00\x00\x00 not really a zip", "binary file"),
    ],
)
def test_broken_pdf_and_word_files_are_refused_with_a_reason(data, words):
    with pytest.raises(ImportRejected, match=words):
        text_of_file(data)


def test_a_pdf_without_text_is_refused():
    from fpdf import FPDF

    blank = FPDF()
    blank.add_page()
    with pytest.raises(ImportRejected, match="holds no text"):
        text_of_file(bytes(blank.output()))


@pytest.mark.parametrize(
    "text, overrides, words",
    [
        (SEED_TEXT, {"adopted_on": date(2099, 12, 21)}, "is in the future"),
        ("United Nations A/RES/72/237\n\nThe General Assembly,\n1. Decides;", {}, "is resolution A/RES/72/237"),
        ("A minute of a meeting.\nNothing was decided.", {}, "No numbered operative paragraphs"),
    ],
)
def test_future_adoption_wrong_or_no_resolution_writes_nothing(session, text, overrides, words):
    with pytest.raises(ImportRejected, match=words):
        _import(session, text, **overrides)
    session.rollback()
    assert _count(session, Resolution) == 0 and _count(session, Paragraph) == 0


def test_a_reissued_symbol_printed_with_a_star_is_the_same_resolution(session):
    text = "United Nations A/RES/71/244*\n\n" + SEED_TEXT
    assert _import(session, text).operative == 36


# --------------------------------------------------------------------------- the import page


def _post_import(client, fields):
    from tests.forms import BASE, csrf_token

    page = client.get("/manage/mandates/import").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "title": "South-South cooperation", "body": "General Assembly", **fields}
    return client.post(
        "/manage/mandates/import",
        data=data,
        headers={"Referer": BASE + "/manage/mandates/import"},
        content_type="multipart/form-data",
    )


def test_the_import_page_takes_a_pdf(client, session, signed_in):
    signed_in("manager")
    pdf = resolution_pdf("A/RES/71/244", "71/244. South-South cooperation", _paragraphs(SEED_TEXT), {5: "A/71/208."})
    response = _post_import(
        client, {"symbol": "A/RES/71/244", "text": "", "upload": (io.BytesIO(pdf), "A_RES_71_244.pdf")}
    )
    assert response.status_code == 302
    session.expire_all()
    assert _count(session, Paragraph) == 47


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"symbol": "A/RES/71/244", "text": SEED_TEXT, "adopted": "2099-12-21"}, "The adoption date is in the future."),
        ({"symbol": "A/RES/72/237", "text": "United Nations A/RES/71/244\n" + SEED_TEXT}, "is resolution A/RES/71/244"),
        ({"symbol": "A/RES/71/244", "text": "", "upload": (b"%PDF-1.4 broken", "x.pdf")}, "cannot be read"),
    ],
)
def test_the_import_page_refuses_a_future_date_another_symbol_or_a_broken_pdf(
    client, session, signed_in, fields, words
):
    signed_in("manager")
    if "upload" in fields:
        content, name = fields["upload"]
        fields = {**fields, "upload": (io.BytesIO(content), name)}
    response = _post_import(client, fields)
    assert response.status_code == 422
    assert words in response.get_data(as_text=True)
    session.expire_all()
    assert _count(session, Resolution) == 0


def test_a_later_resolution_on_another_topic_is_reviewed_with_its_dated_asks(client, session, signed_in):
    """End to end: a text with running headers, footnote numbers, a decade and other bodies'
    sessions imports, and its review page shows the dated events and whose session is meant."""
    signed_in("manager")
    text = (Path(__file__).parent / "texts" / "water_decade_headers.txt").read_text(encoding="utf-8")
    response = _post_import(client, {"symbol": "A/RES/98/150", "text": text, "title": "Water Action Decade"})
    assert response.status_code == 302
    page = client.get("/manage/mandates/A-RES-98-150").get_data(as_text=True)
    assert "United Nations Water Conference" in page and "22 March 2023" in page
    assert "International Decade for Action" in page
    assert "session of: General Assembly" in page and "session of: Committee" in page


def test_the_cli_imports_a_pdf(sqlite_databases, tmp_path):
    database_url = sqlite_databases.migrated()
    pdf = tmp_path / "A_RES_71_244.pdf"
    pdf.write_bytes(resolution_pdf("A/RES/71/244", "71/244. South-South cooperation", _paragraphs(SEED_TEXT), {}))
    done = _cli(database_url, str(pdf), "--symbol", "A/RES/71/244", "--title", "South-South cooperation")
    assert done.returncode == 0, done.stderr
    assert "11 preambular and 36 operative paragraphs" in done.stdout
