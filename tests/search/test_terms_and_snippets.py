"""Reading the search box (phrases, quotes, folding) and marking what was found, without a database."""

from __future__ import annotations

import pytest

from planner.search.snippets import SNIPPET_WORDS, excerpt, highlight
from planner.search.terms import MAX_LENGTH, Unsearchable, fold, parse


@pytest.mark.parametrize(
    ("typed", "phrases"),
    [
        ("", ()),
        ("   ", ()),
        ("Island", (("island",),)),
        ("jean-baptiste NDIAYE", (("jean", "baptiste"), ("ndiaye",))),
        ('"importance of triangular" cooperation', (("importance", "of", "triangular"), ("cooperation",))),
        ("“smart quotes” «guillemets»", (("smart", "quotes"), ("guillemets",))),
        ('"unbalanced quote', (("unbalanced", "quote"),)),
        ("NEAR(a b) OR -c*", (("near", "a"), ("b",), ("or",), ("c",))),
        ("A/RES/71/244", (("a", "res", "71", "244"),)),
        ("island island", (("island",),)),
        ("e\u0301te\u0301", (("été",),)),  # decomposed accents are composed first
    ],
)
def test_typed_text_becomes_phrases_of_words(typed, phrases):
    assert parse(typed).phrases == phrases


@pytest.mark.parametrize("typed", ['"*" : ()', "\u0301", "---", "x" * (MAX_LENGTH + 1)])
def test_text_with_no_word_or_too_long_is_unsearchable(typed):
    with pytest.raises(Unsearchable):
        parse(typed)


def test_folding_strips_latin_diacritics_and_case_only():
    assert fold("Cooperación") == "cooperacion"
    assert fold("Nguyễn Đức Øresund") == "nguyen đuc øresund"  # Đ and Ø have no decomposition
    assert fold("МОСКВА") == "москва"


def test_highlight_marks_every_found_word_folded_and_escapes_the_rest():
    marked = highlight("<Cooperación> & cooperacion-SUR", parse("cooperacion sur"))
    assert marked == "&lt;<mark>Cooperación</mark>&gt; &amp; <mark>cooperacion</mark>-<mark>SUR</mark>"


def test_an_excerpt_of_a_long_text_starts_a_little_before_the_first_match():
    words = [f"w{n}" for n in range(100)]
    text = " ".join(words[:50] + ["target"] + words[50:])
    shown = str(excerpt(parse("target"), text))
    assert shown.startswith("…w42 ") and shown.endswith("…") and "<mark>target</mark>" in shown
    assert len(shown.strip("…").split()) == SNIPPET_WORDS


def test_an_excerpt_takes_the_first_text_holding_a_match_else_the_first_not_empty():
    terms = parse("reef")
    assert excerpt(terms, "A theme", "A description of the reef") == "A description of the <mark>reef</mark>"
    assert excerpt(terms, "", "No match here") == "No match here"
    assert excerpt(terms, "", "") == ""
    long = " ".join(["word"] * 40)
    assert str(excerpt(terms, long)).endswith("…") and not str(excerpt(terms, long)).startswith("…")
