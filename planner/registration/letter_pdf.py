"""A letter of invitation set as a PDF, in any of the six languages (fpdf2 with HarfBuzz shaping).

Why fpdf2 with uharfbuzz (see pyproject.toml): HarfBuzz joins Arabic letters and fpdf2 orders
mixed runs by the Unicode bidirectional algorithm, and the text is written in logical order, so
`pdftotext` (and a consulate's copy and paste) reads an Arabic name as it was typed.

Fonts are files, found by path (app config LETTER_FONT_*; planner.config gives Debian's Noto
paths): Noto Sans for Latin and Cyrillic, Noto Naskh Arabic, Noto Sans CJK (Simplified Chinese
face). Each document embeds only the fonts its text needs (the CJK collection alone costs half a
second to load), and the others stand in as fallbacks for a name in another script: a Chinese
name in an English letter is set in the CJK font. A missing file raises FontMissing, which names
the file and the variable, never a traceback on the secretariat's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# font name in the document: (config key of its file, the script it is needed for, primary in)
_FONTS = {
    "sans": ("LETTER_FONT_SANS", None, ("en", "fr", "es", "ru")),
    "arabic": ("LETTER_FONT_ARABIC", ARABIC, ("ar",)),
    "cjk": ("LETTER_FONT_CJK", CJK, ("zh",)),
}


class FontMissing(RuntimeError):
    """A font file a letter needs is not on this machine; the message says which and how to fix it."""


@dataclass
class LetterText:
    """Everything a letter says, already in its language; `rtl` for Arabic."""

    language: str
    rtl: bool
    sender: str
    date_line: str
    reference: str
    recipient: str
    title: str
    paragraphs: list[str]
    details: list[tuple[str, str]]
    closing: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        parts = [self.sender, self.date_line, self.reference, self.recipient, self.title, *self.paragraphs]
        parts += [f"{label} {value}" for label, value in self.details] + self.closing
        return "\n".join(parts)


def _font_file(key: str) -> Path:
    path = Path(current_app.config[key])
    if not path.is_file():
        raise FontMissing(
            _(
                "The font file %(path)s is missing, so letters cannot be made. Run scripts/ensure-pdf-tools "
                "or set %(variable)s to the path of the font.",
                path=path,
                variable=key,
            )
        )
    return path


def _fonts_for(text: LetterText) -> list[str]:
    """The document's fonts, its main one first: the language's, then those of other scripts used."""
    content = text.all_text()
    main = next(name for name, (_key, _script, primary) in _FONTS.items() if text.language in primary)
    others = [name for name, (_key, script, _primary) in _FONTS.items() if name != main]
    # Latin is always at hand (passport numbers, e-mail addresses); other scripts only when used.
    return [main, *[name for name in others if name == "sans" or _FONTS[name][1].search(content)]]


def render(text: LetterText) -> bytes:
    """The letter as PDF bytes: A4, one column, aligned to the reading direction's start."""
    from fpdf import FPDF  # imported here: half a second at every start of the app, needed only for letters

    pdf = FPDF(format="A4")
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.set_title(text.title)
    pdf.set_lang(text.language)
    pdf.set_creator("secretariat-planner")
    fonts = _fonts_for(text)
    for name in fonts:
        key = _FONTS[name][0]
        face = current_app.config["LETTER_FONT_CJK_FACE"] if name == "cjk" else 0
        pdf.add_font(name, fname=str(_font_file(key)), collection_font_number=face)
    pdf.set_fallback_fonts(fonts[1:], exact_match=False)
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if text.rtl else "ltr")
    pdf.add_page()
    start, end = ("R", "L") if text.rtl else ("L", "R")

    def line(content: str, size: float = 11, align: str = start, after: float = 2) -> None:
        pdf.set_font(fonts[0], size=size)
        pdf.multi_cell(0, size * 0.55, content, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    line(text.sender, size=13, after=1)
    line(text.date_line, align=end, after=1)
    line(text.reference, size=9, align=end, after=8)
    line(text.recipient, after=8)
    line(text.title, size=16, after=6)
    for paragraph in text.paragraphs:
        line(paragraph, after=4)
    pdf.ln(2)
    for label, value in text.details:
        line(f"{label} {value}", after=1)
    pdf.ln(8)
    for closing in text.closing:
        line(closing, after=1)
    return bytes(pdf.output())
