"""Paragraph splitting: the OCR'd seed resolution, other layouts, and refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.mandates.parser import (
    ParsedParagraph,
    ResolutionParseError,
    _keep_hyphen,
    opening_phrase,
    parse_resolution,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "planner" / "demo" / "resolution_71_244.txt"
TEXTS = Path(__file__).resolve().parent / "texts"


def load(name: str) -> list[ParsedParagraph]:
    return parse_resolution((TEXTS / name).read_text(encoding="utf-8"))


def kinds(paragraphs):
    return [p for p in paragraphs if p.kind == "preambular"], [p for p in paragraphs if p.kind == "operative"]


@pytest.fixture(scope="module")
def seed() -> list[ParsedParagraph]:
    return parse_resolution(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pre(seed):
    return {p.number: p for p in seed if p.kind == "preambular"}


@pytest.fixture(scope="module")
def op(seed):
    return {p.number: p for p in seed if p.kind == "operative"}


# --------------------------------------------------------------------------- the seed file


def test_seed_has_11_preambular_then_36_operative_paragraphs(seed):
    preambular, operative = kinds(seed)
    assert [p.number for p in preambular] == list(range(1, 12))
    assert [p.number for p in operative] == list(range(1, 37))
    assert seed == preambular + operative


def test_every_paragraph_is_one_clean_line(seed):
    for p in seed:
        assert "\n" not in p.text and "  " not in p.text and p.text == p.text.strip()
        assert not p.text[0].isdigit(), p.text


def test_preambular_4_is_rejoined_across_footnotes_and_page_break(pre):
    text = pre[4].text
    assert text.startswith("Reaffirming its resolution 70/1 of 25 September 2015")
    assert text.endswith("to address their unfinished business,")
    assert "three dimensions — economic, social and environmental — in a balanced" in text


def test_operative_29_loses_the_ocr_debris(op):
    assert op[29].text.startswith("Encourages the growing number of forums")
    assert op[29].opening == "Encourages"


def test_operative_paragraphs_interrupted_by_footnotes_resume(op):
    assert "Office for South-South Cooperation, and in this regard requests" in op[3].text
    assert op[3].text.endswith("recommendations that remain unfulfilled;")
    assert "appointment of Junior Professional Officers to the United Nations Office" in op[10].text
    assert op[14].text.endswith("triangular cooperation are being discussed;")


@pytest.mark.parametrize(
    "footnote",
    [
        "Official Records of the General Assembly",
        "See A/66/717",
        "Resolution 70/1.",
        "On behalf of the States Members",
        "Report of the United Nations Conference on Technical Cooperation",
        "A/71/208",
        "$SC/19/2",
        "FCCC/CP/2015",
        "Resolution 69/313, annex",
        "Resolution 64/222, annex",
        "Sales No",
        "chap. L",
        "China.",
        "http://undocs.org",
        "A/RES/57/263",
    ],
)
def test_no_paragraph_contains_footnote_text(seed, footnote):
    assert not [p.number for p in seed if footnote in p.text]


def test_page_number_and_trailing_url_are_dropped(op):
    assert op[36].text.endswith("and on the implementation of the present resolution.")


@pytest.mark.parametrize(
    "kind, number, expected, where",
    [
        ("preambular", 2, "Developing Countries,", "end"),  # "Countries,*"
        ("preambular", 7, "Framework Convention on Climate Change,", "end"),  # "Change,?"
        ("operative", 1, "held from 16 to 19 May 2016;", "end"),  # "2016;°"
        ("operative", 2, "South-South cooperation, as well as his report", "in"),  # "cooperation,”"
        ("operative", 2, "United Nations support to South-South cooperation”;", "end"),  # "”;’"
        ("operative", 3, "in the United Nations system, provided recommendations", "in"),  # ",®"
        ("operative", 4, "Sustainable Development and the Addis Ababa", "in"),  # "Development’"
        ("operative", 4, "Conference on Financing for Development;", "end"),  # ";®"
        ("operative", 9, "South-South Cooperation and the complementary", "in"),  # "Cooperation®"
        ("operative", 11, "triangular cooperation, in consultation with", "in"),  # ",™"
        ("operative", 12, "South-South Cooperation will be required", "in"),  # "Cooperation™"
    ],
)
def test_footnote_markers_glued_to_words_are_stripped(seed, kind, number, expected, where):
    paragraph = next(p for p in seed if p.kind == kind and p.number == number)
    if where == "end":
        assert paragraph.text.endswith(expected), paragraph.text[-80:]
    else:
        assert expected in paragraph.text


def test_real_quotes_and_accents_are_kept(pre, op):
    assert "entitled “Transforming our world: the 2030 Agenda for Sustainable Development”, in which" in pre[4].text
    assert "under the item entitled “Operational activities for development”, the sub-item" in op[36].text
    assert "Pérez-Guerrero Trust Fund" in op[31].text


@pytest.mark.parametrize(
    "kind, number, expected",
    [
        ("operative", 12, "facilitating South-South and triangular cooperation"),  # "South-\nSouth"
        ("operative", 12, "the Office for South-South Cooperation as operationally"),
        ("operative", 19, "through the North-South transfer of technologies"),  # "North-\nSouth"
        ("operative", 26, "promoting specific capacity-development and other"),  # "capacity-\ndevelopment"
        (
            "operative",
            28,
            "Conference on South-South Cooperation and the complementary nature of South-South and North-South",
        ),
        ("operative", 5, "national and collective self-reliance"),
        ("operative", 8, "notably in capacity-building;"),
        ("preambular", 4, "far-reaching and people-centred set"),
    ],
)
def test_line_end_hyphens_of_compounds_are_kept(seed, kind, number, expected):
    paragraph = next(p for p in seed if p.kind == kind and p.number == number)
    assert expected in paragraph.text


@pytest.mark.parametrize(
    "kind, number, opening",
    [
        ("preambular", 1, "Reaffirming"),
        ("preambular", 2, "Reaffirming also"),
        ("preambular", 3, "Recalling"),
        ("preambular", 6, "Reaffirming further"),
        ("preambular", 7, "Taking note"),
        ("preambular", 8, "Noting"),
        ("preambular", 11, "Welcoming"),
        ("operative", 1, "Takes note"),
        ("operative", 2, "Also takes note"),
        ("operative", 9, "Further recognizes"),
        ("operative", 14, "Requests"),
        ("operative", 15, "Calls upon"),
        ("operative", 36, "Decides to include"),
    ],
)
def test_opening_phrases(seed, kind, number, opening):
    assert next(p for p in seed if p.kind == kind and p.number == number).opening == opening


@pytest.mark.parametrize(
    "text, opening",
    [
        ("Decides to convene a high-level United Nations conference", "Decides to convene"),
        ("Bearing in mind that", "Bearing in mind"),
        ("Deeply concerned about", "Deeply concerned"),
        ("Notes with appreciation the work", "Notes with appreciation"),
        ("Having considered the report", "Having considered"),
        ("Taking note also of", "Taking note also"),
        ("reiterates its request to the Secretary-General", "Reiterates its request"),
        ("Expresses its deep appreciation to", "Expresses its deep appreciation"),
    ],
)
def test_opening_phrase_forms(text, opening):
    assert opening_phrase(text) == opening


# --------------------------------------------------------------------------- hyphenation


@pytest.mark.parametrize(
    "left, right, keep",
    [
        ("South", "South", True),
        ("North", "South", True),
        ("capacity", "building", True),
        ("people", "centred", True),
        ("self", "reliance", True),
        ("post", "2015", True),
        ("imple", "mentation", False),
        ("inter", "national", False),
        ("devel", "opment", False),
        ("pro", "gramme", False),
    ],
)
def test_hyphen_heuristic_without_evidence(left, right, keep):
    assert _keep_hyphen(left, right, corpus="") is keep


def test_hyphen_heuristic_prefers_evidence_from_the_document():
    assert _keep_hyphen("multi", "stakeholder", corpus="a multi-stakeholder approach") is True
    assert _keep_hyphen("multi", "stakeholder", corpus="a multistakeholder approach") is False


# --------------------------------------------------------------------------- other layouts


def test_pdf_layout_with_running_headers_footers_and_page_footnotes_matches_the_seed(seed):
    """The seed's paragraphs laid out as a PDF converted with its layout: every line indented,
    "A/RES/71/244  South-South cooperation" headers, "16-22938  1/9" footers, footnotes under a
    rule line at each page end, sentences split across pages, words hyphenated at the margin."""
    assert load("pdf_layout_71_244.txt") == seed


def _stripped(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n"))


def _no_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def _inline_markers(text: str) -> str:
    """Footnote numbers printed on the same line as their footnote, as pdftotext often does."""
    return re.sub(r"\n(\s*)(\d)\n\s*", r"\n\1\2 ", text)


@pytest.mark.parametrize(
    "source, transform",
    [
        ("seed", _stripped),
        ("seed", _no_blank_lines),
        ("seed", lambda t: t.replace("\n", "\r\n")),
        ("seed", lambda t: t.replace("\n\n", "\n\n\n")),
        ("pdf", _stripped),
        ("pdf", _inline_markers),
        ("pdf", lambda t: _stripped(_inline_markers(t))),
        ("pdf", lambda t: _no_blank_lines(_stripped(_inline_markers(t)))),
    ],
    ids=[
        "seed-unindented",
        "seed-no-blank-lines",
        "seed-crlf",
        "seed-double-blank-lines",
        "pdf-unindented",
        "pdf-inline-footnote-numbers",
        "pdf-plain",
        "pdf-plain-no-blank-lines",
    ],
)
def test_layout_variants_of_the_seed_give_the_same_paragraphs(seed, source, transform):
    """Indentation, blank lines and line endings are clues, never requirements."""
    text = (SEED if source == "seed" else TEXTS / "pdf_layout_71_244.txt").read_text(encoding="utf-8")
    assert parse_resolution(transform(text)) == seed


def test_text_that_lost_its_line_breaks_matches_the_seed(seed):
    flat = "The General Assembly, " + " ".join(
        (f"{p.number}. " if p.kind == "operative" else "") + p.text for p in seed
    )
    assert "\n" not in flat
    assert parse_resolution(flat) == seed


def test_numbers_printed_on_their_own_line(seed):
    text = "The General Assembly,\n\n" + "\n\n".join(
        (f"{p.number}.\n" if p.kind == "operative" else "") + p.text for p in seed
    )
    assert parse_resolution(text) == seed


def test_one_paragraph_per_line():
    preambular, operative = kinds(load("one_per_line.txt"))
    assert [p.opening for p in preambular] == ["Recalling", "Deeply concerned", "Mindful"]
    assert [p.number for p in operative] == [1, 2, 3, 4]
    assert operative[0].text == (
        "Decides to convene a high-level meeting on South-South cooperation in New York on 12 September 2018;"
    )
    assert operative[3].text.endswith('the item entitled "South-South cooperation".')


def test_blank_line_separated_blocks_with_an_unknown_opener_and_word_breaks():
    preambular, operative = kinds(load("blank_blocks.txt"))
    assert [p.opening for p in preambular] == ["Recalling", "Resolved", "Having considered"]
    assert "strengthen the capacity-building activities" in preambular[1].text
    assert "on the implementation of the Buenos Aires" in preambular[2].text
    assert operative[0].opening == "Takes note with appreciation"
    assert operative[2].text == (
        "Encourages the South-South and triangular cooperation initiatives of the regional commissions;"
    )
    assert len(operative) == 4


def test_numbers_glued_to_the_text_or_spaced_oddly():
    preambular, operative = kinds(load("glued_numbers.txt"))
    assert len(preambular) == 1
    assert [(p.number, p.opening) for p in operative] == [
        (1, "Stresses"),
        (2, "Requests"),
        (3, "Decides to hold"),
        (4, "Welcomes"),
    ]
    assert operative[0].text == "Stresses the need to mobilize resources;"


def test_bracketed_markers_and_footnotes_at_the_end():
    preambular, operative = kinds(load("bracket_footnotes.txt"))
    assert preambular[0].text == (
        "Recalling the Buenos Aires Plan of Action, the Nairobi outcome document and the Addis Ababa Action Agenda,"
    )
    assert preambular[1].text == "Welcoming the report of the Secretary-General,"
    assert operative[0].text.endswith("on its nineteenth session;")
    assert "at its seventy-third session a comprehensive report" in operative[1].text
    assert "including an assessment" in operative[1].text
    assert operative[2].text.endswith("at its seventy-third session.")
    assert not any("[" in p.text or "See Report" in p.text or "A/72/297" in p.text for p in preambular + operative)


def test_heading_and_citation_lines_before_the_general_assembly_and_sub_items():
    preambular, operative = kinds(load("heading_73_291.txt"))
    assert len(preambular) == 1 and preambular[0].opening == "Recalling"
    assert [p.number for p in operative] == [1, 2, 3]  # the annex's own numbering is not read
    assert operative[1].text == (
        "Decides: (a) To convene the twentieth session of the High-level Committee on South-South "
        "Cooperation in New York in May 2020; (b) To include in the provisional agenda of its "
        'seventy-fourth session the item entitled "Operational activities for development";'
    )
    assert not any("plenary meeting" in p.text or "A/73/L.80" in p.text for p in operative)


def test_text_without_the_general_assembly_line():
    preambular, operative = kinds(load("no_ga_line.txt"))
    assert [p.opening for p in preambular] == ["Recalling", "Noting with concern"]
    assert [p.opening for p in operative] == ["Calls upon", "Requests", "Decides to proclaim"]


def test_pdf_copy_with_running_headers_footers_and_footnotes_mid_sentence():
    preambular, operative = kinds(load("pdf_headers.txt"))
    assert len(preambular) == 2 and len(operative) == 4
    assert preambular[1].text.endswith("Framework Convention on Climate Change,")
    assert operative[0].text.endswith("held in New York from 16 to 19 May 2017;")
    assert operative[1].text == (
        "Requests the Administrator of the United Nations Development Programme to organize two "
        "briefings by June 2018 on the implementation of the inter-agency mechanism, and in this "
        "regard requests the Office to provide the necessary support;"
    )
    every = " ".join(p.text for p in preambular + operative)
    for noise in ("A/RES/72/237", "Page 3", "17-23456", "2/4", "3/4", "Official Records", "plenary", "FCCC"):
        assert noise not in every


def test_web_copy_with_superscript_markers():
    preambular, operative = kinds(load("web_superscripts.txt"))
    assert preambular[0].text.endswith("Developing Countries and the Nairobi outcome document,")
    assert operative[1].text == (
        "Takes note of the note by the Secretary-General on the preparations for the conference;"
    )
    assert len(operative) == 3


def test_copy_from_the_documents_website():
    """Tabs after the numbers, "73/291.Title" with no space, no blank lines, the annex's own
    numbered paragraphs and a footnote after it."""
    preambular, operative = kinds(load("un_website.txt"))
    assert [p.opening for p in preambular] == ["Recalling", "Recalling also"]
    assert preambular[0].text.endswith("among Developing Countries,")
    assert [p.opening for p in operative] == ["Expresses its profound gratitude", "Endorses"]
    assert operative[1].text.endswith("annexed to the present resolution.")


def test_page_break_before_a_capitalised_continuation_and_a_missing_comma():
    paragraphs = parse_resolution(
        "The General Assembly,\n\nReaffirming its resolution 33/134, in which it endorsed the "
        "Buenos Aires Plan of Action for\n\n- 2 -\n\nPromoting and Implementing Technical "
        "Cooperation among Developing Countries,\n\nRecalling its resolution 70/1\n\n"
        "Noting the report,\n\n1. Decides to act.\n"
    )
    assert [p.text for p in paragraphs] == [
        "Reaffirming its resolution 33/134, in which it endorsed the Buenos Aires Plan of Action "
        "for Promoting and Implementing Technical Cooperation among Developing Countries,",
        "Recalling its resolution 70/1",
        "Noting the report,",
        "Decides to act.",
    ]


@pytest.mark.parametrize(
    "furniture",
    [
        "Page 2 of 5",
        "- 2 -",
        "16-22938 (E) 030117",
        "*1622938*",
        "2/5",
        "16-22938 3/5",
        "A/RES/71/244",
        "A/RES/71/244 South-South cooperation",
        "South-South cooperation A/RES/71/244",
        "South-South cooperation",
        "http://undocs.org/A/RES/71/244",
        "77",
    ],
)
def test_page_furniture_inside_a_sentence_is_dropped(furniture):
    paragraphs = parse_resolution(
        "71/244. South-South cooperation\n\nThe General Assembly,\n\n1. Requests the "
        f"Secretary-General to submit a report\n\n{furniture}\n\non the implementation of the "
        "present resolution.\n"
    )
    assert paragraphs[0].text == (
        "Requests the Secretary-General to submit a report on the implementation of the present resolution."
    )


def test_apostrophes_inside_and_after_plural_words_are_kept():
    paragraphs = parse_resolution(
        "The General Assembly,\nRecalling the Member States’ commitments and the "
        "Secretary-General’s report,\n1. Welcomes the countries' efforts;\n"
    )
    assert paragraphs[0].text == ("Recalling the Member States’ commitments and the Secretary-General’s report,")
    assert paragraphs[1].text == "Welcomes the countries' efforts;"


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("text", ["", "   \n\t \n"])
def test_empty_text_is_refused(text):
    with pytest.raises(ResolutionParseError, match="empty"):
        parse_resolution(text)


@pytest.mark.parametrize(
    "text",
    [
        "%PDF-1.4\x00\x01\x02 binary",
        "".join(chr(c) for c in range(1, 32) if chr(c) not in "\n\r\t\f\v") * 20 + "1. Decides;",
    ],
)
def test_binary_text_is_refused(text):
    with pytest.raises(ResolutionParseError, match="binary"):
        parse_resolution(text)


def test_text_without_operative_paragraphs_is_refused():
    with pytest.raises(ResolutionParseError, match="No numbered operative paragraphs"):
        parse_resolution(
            "The General Assembly,\n\nRecalling its resolution 70/1,\n\nNoting the report of the Secretary-General,\n"
        )


def test_a_missing_operative_number_is_named():
    text = "The General Assembly,\n1. Decides to act;\n2. Requests a report;\n4. Decides to remain seized."
    with pytest.raises(ResolutionParseError, match=r"paragraph 3 is missing.*from 2 to 4"):
        parse_resolution(text)


def test_a_duplicated_operative_number_is_named():
    text = "The General Assembly,\n1. Decides to act;\n2. Requests a report;\n2. Invites States;\n3. Decides."
    with pytest.raises(ResolutionParseError, match="paragraph 2 appears twice"):
        parse_resolution(text)


def test_numbering_that_does_not_start_at_one_is_refused():
    with pytest.raises(ResolutionParseError, match="paragraph 1 is missing"):
        parse_resolution("The General Assembly,\n2. Decides to act;\n3. Requests a report.")


def test_parse_error_is_a_value_error():
    assert issubclass(ResolutionParseError, ValueError)


# --------------------------------------------------------------------------- page furniture of later resolutions


def test_a_title_repeated_in_the_running_header_is_not_a_paragraph():
    """The heading's title comes back between pages (with the symbol, job number, page counter);
    footnote numbers left standing between words by PDF extraction are dropped."""
    preambular, operative = kinds(load("water_decade_headers.txt"))
    assert (len(preambular), len(operative)) == (2, 7)
    assert preambular[1].text == (
        "Noting the work of the Intergovernmental Committee on Water Cooperation at its sixth session, "
        "held in Dushanbe from 6 to 9 June 2022,"
    )
    assert operative[1].text == (
        "Takes note of the report of the Intergovernmental Committee on Water Cooperation on its sixth session, "
        "and decisions 6/1 and 6/2 of 9 June 2022;"
    )
    assert all("Midterm review" not in p.text for p in preambular + operative)


WRAPPED_TITLE = """United Nations A/RES/90/7
90/7. Outcome of the third United Nations Conference on Landlocked
Developing Countries

The General Assembly,

Recalling its resolution 88/1,

1. Welcomes the outcome of the Conference held in Gaborone from 3 to
A/RES/90/7
Outcome of the third United Nations Conference on Landlocked
Developing Countries
25-01234
2/2
5 August 2034;

2. Decides to remain seized of the matter.
"""


def test_a_wrapped_title_in_the_running_header_is_dropped_line_by_line():
    preambular, operative = kinds(parse_resolution(WRAPPED_TITLE))
    assert [p.text for p in preambular] == ["Recalling its resolution 88/1,"]
    assert operative[0].text == "Welcomes the outcome of the Conference held in Gaborone from 3 to 5 August 2034;"


NO_TITLE_LINE = """The General Assembly,

Recalling its resolution 88/1,

1. Welcomes the report of the Board and
A/RES/90/8
Ocean science
25-01235
2/3
requests the Board to continue its work;

2. Notes the work of the Commission and
Ocean science
A/RES/90/8
3/3
25-01235
invites it to report;

3. Decides to remain seized of the matter.
"""


def test_a_short_header_repeated_beside_the_symbol_is_dropped_without_a_title_line():
    preambular, operative = kinds(parse_resolution(NO_TITLE_LINE))
    assert len(preambular) == 1
    assert [p.text for p in operative] == [
        "Welcomes the report of the Board and requests the Board to continue its work;",
        "Notes the work of the Commission and invites it to report;",
        "Decides to remain seized of the matter.",
    ]


@pytest.mark.parametrize(
    "line, kept",
    [
        ("1. Recalls the Paris Agreement, 5 and the Convention;", "Recalls the Paris Agreement, and the Convention;"),
        ("1. Notes the Convention on Climate Change 5 that entered into force;", None),
        ("1. Recalls paragraph 5 of its resolution 70/1;", "Recalls paragraph 5 of its resolution 70/1;"),
        ("1. Recalls the Group of 5 and its work;", "Recalls the Group of 5 and its work;"),
        ("1. Recalls that 7 States have ratified it;", "Recalls that 7 States have ratified it;"),
        ("1. Notes the report on its session, 5 Committee decision 1/1;", None),
    ],
)
def test_standalone_footnote_numbers_go_only_when_the_footnote_is_printed(line, kept):
    text = f"The General Assembly,\n\nRecalling its resolution 88/1,\n\n{line}\n\n5  See A/90/1.\n7  See A/90/2.\n"
    [operative] = kinds(parse_resolution(text))[1]
    expected = kept or re.sub(r"\s\d\s", " ", line[3:])
    assert operative.text == expected
    without_footnotes = parse_resolution(f"The General Assembly,\n\n{line}\n")
    assert without_footnotes[-1].text == line[3:]
