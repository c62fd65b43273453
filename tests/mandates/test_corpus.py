"""The parser and ask detection measured on annotated resolutions (bench/corpus/).

Real resolutions are read from RESOLUTION_CORPUS (../shared/corpus/resolutions beside the
clone), never copied into the repository; the made-up texts of tests/mandates/texts are always
measured. The figures asked of the parser: every text splits exactly, at least 90 % of dated
asks are found, and no date is wrong.
"""

from __future__ import annotations

import pytest

from bench.parser_corpus import annotations, corpus_folder, measure, results

REAL = [(note, path) for note, path in annotations() if note["source"] == "shared"]


def test_the_corpus_folder_holds_the_annotated_resolutions():
    if not corpus_folder().is_dir():
        pytest.skip(f"the resolution corpus folder {corpus_folder()} is absent (set RESOLUTION_CORPUS)")
    assert len(REAL) >= 3, "every real resolution annotated in bench/corpus/ should be in the corpus folder"


@pytest.mark.parametrize("note, path", annotations(), ids=lambda value: getattr(value, "stem", ""))
def test_each_text_splits_exactly_and_no_date_is_wrong(note, path):
    result = measure(note, path)
    assert result.paragraphs == result.expected_paragraphs
    assert result.wrong == []
    assert result.found >= 0.9 * result.expected, result.missing


def test_at_least_90_percent_of_dated_asks_are_found_over_the_corpus():
    measured = results()
    found, expected = sum(r.found for r in measured), sum(r.expected for r in measured)
    assert expected >= 6
    assert found / expected >= 0.9
    assert sum(len(r.wrong) for r in measured) == 0
