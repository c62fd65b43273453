"""The rule an event's colour obeys: readable under white text (WCAG 2.1, success criterion 1.4.3).

The colour is used two ways: as the band at the top of the event's page and of its badges, with
white text on it, and as an accent (headings, rules) on the white page. Both are the same pair of
colours, white and the event's, so one ratio decides both: a colour is accepted when its contrast
with white is at least 4.5:1, the AA level for text of any size. A lighter colour is refused with
the ratio it has, rather than quietly paired with black text: what is stored then always reads
both ways, and no page has to choose a text colour.

Contrast as WCAG defines it: (L1 + 0.05) / (L2 + 0.05), L the relative luminance of the lighter and
the darker colour, from sRGB channels linearised with the standard's own threshold (0.03928).
"""

from __future__ import annotations

import math
import re

from flask_babel import gettext as _

from planner.formatting import number

HEX = re.compile(r"#[0-9a-f]{6}")
WHITE = "#ffffff"
MINIMUM = 4.5  # WCAG 2.1 AA, text of any size


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of "#rrggbb": 0 for black, 1 for white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two "#rrggbb" colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ratio_text(ratio: float) -> str:
    """ "4.49": cut, not rounded, so a ratio just under the minimum never reads as the minimum."""
    return number(math.floor(ratio * 100) / 100)


def colour_problem(colour: str) -> str | None:
    """Why `colour` ("#rrggbb", lower case) cannot be an event's colour, or None when it can."""
    if not HEX.fullmatch(colour):
        return _("Give the colour as # and six hexadecimal digits, such as #0b5ea8, or leave it empty.")
    ratio = contrast(colour, WHITE)
    if ratio < MINIMUM:
        return _(
            "White text on %(colour)s has a contrast of only %(ratio)s:1; at least 4.5:1 is needed (WCAG 2.1 AA). "
            "Choose a darker colour.",
            colour=colour,
            ratio=ratio_text(ratio),
        )
    return None
