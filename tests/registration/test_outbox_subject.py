"""Subjects are one header line: breaking white space folds to a space, no-break spaces stay."""

import pytest

from planner.registration.outbox import one_line


@pytest.mark.parametrize(
    "text, line",
    [
        ("Cancelled: Expo\r\nBcc: someone@example.org", "Cancelled: Expo Bcc: someone@example.org"),
        ("Expo\u2028\u2029\x85\x0b\x0c  2027 ", "Expo 2027"),
        ("Manifestation reportée\u00a0: Expo", "Manifestation reportée\u00a0: Expo"),  # French typography kept
        ("Prix\u202f: 5", "Prix\u202f: 5"),
    ],
)
def test_one_line(text, line):
    assert one_line(text) == line
    assert "\r" not in one_line(text) and "\n" not in one_line(text)


def test_a_long_subject_is_cut_with_an_ellipsis():
    assert one_line("x" * 400, limit=10) == "x" * 9 + "…"
