"""The text of a resolution from an uploaded file: plain text, PDF or Word (.docx).

Resolutions are published by the Official Document System as PDF and Word files. The parser
reads text, so this module turns either into the text a person would have pasted, leaving out
what the page layout adds:

* PDF (pdfplumber, on pdfminer.six): lines are read with their positions and font sizes. The
  running header (top of every page but the first) and footer (job number, page counter at
  the foot of every page) go by position; footnotes go because they are set smaller than the
  body text and sit below it; superscript footnote markers go because they are set smaller
  still; a bare number in the left margin is a line number. A blank line marks each larger
  vertical gap, as between paragraphs in the printed page.
* Word (python-docx): one line per paragraph, blank lines between; headers, footers and
  footnotes live in other parts of the file and are not read. An operative number that Word
  generates (a numbered list) is written out ("3. "), as printed.

Anything else is decoded as UTF-8 text (planner.mandates.importing.decode_text).
"""

from __future__ import annotations

import io
import re
import statistics
import zipfile

from flask_babel import gettext as _

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"

# Share of the page height, from the top and from the bottom, that holds the running header and
# the footer in the Official Document System layout (A4 and letter alike).
HEADER_SHARE = 0.09
FOOTER_SHARE = 0.08


class ExtractionError(ValueError):
    """The file cannot be read; the message says why in plain words."""


def kind_of(data: bytes) -> str:
    """ "pdf", "docx" or "text", from the first bytes (the file name may lie)."""
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
    return "text"


# ----------------------------------------------------------------------------------------- PDF


def text_from_pdf(data: bytes) -> str:
    """The body text of a PDF, page after page, a blank line between pages and paragraphs."""
    import pdfplumber  # imported here: only an upload of a PDF needs it

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [(page.height, page.extract_text_lines(return_chars=True)) for page in pdf.pages]
    except Exception as error:  # a damaged or encrypted upload fails anywhere in pdfminer: refuse it, never a 500
        raise ExtractionError(_("The PDF file cannot be read (%(reason)s).", reason=type(error).__name__)) from None
    sizes = [
        char["size"] for _height, lines in pages for line in lines for char in line["chars"] if char["text"].strip()
    ]
    if not sizes:
        raise ExtractionError(
            _("The PDF file holds no text (a scan?); paste the text of the resolution or upload its Word file.")
        )
    body_size = statistics.mode(round(size, 1) for size in sizes)
    out: list[str] = []
    for number, (height, lines) in enumerate(pages):
        out.extend(_page_lines(lines, height, body_size, first=number == 0))
        out.append("")
    return "\n".join(out)


def _page_lines(lines: list[dict], height: float, body_size: float, *, first: bool) -> list[str]:
    body = []
    for line in lines:
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not chars:
            continue
        if line["bottom"] > height * (1 - FOOTER_SHARE) or (not first and line["top"] < height * HEADER_SHARE):
            continue  # running header or footer
        size = statistics.median(c["size"] for c in chars)
        if size < body_size * 0.92:
            continue  # footnote (or any other small print below the text)
        text = _line_text(line, body_size)
        if re.fullmatch(r"\d{1,3}", text) and line["x0"] < 60:
            continue  # line number in the margin
        body.append((line["top"], line["bottom"], text))
    result: list[str] = []
    gaps = [b[0] - a[0] for a, b in zip(body, body[1:], strict=False) if b[0] > a[0]]
    step = statistics.median(gaps) if gaps else 0
    previous_top = None
    for top, _bottom, text in body:
        if previous_top is not None and step and top - previous_top > step * 1.4:
            result.append("")
        result.append(text)
        previous_top = top
    return result


def _line_text(line: dict, body_size: float) -> str:
    """The line's text without superscript footnote markers (characters set much smaller)."""
    text = []
    last = None
    for char in line["chars"]:
        if char["text"].strip() and char["size"] < body_size * 0.8:
            continue
        if last is not None and char["x0"] - last["x1"] > last["size"] * 0.2 and text and text[-1] != " ":
            text.append(" ")
        if char["text"] != " " or (text and text[-1] != " "):
            text.append(char["text"])
        last = char
    return "".join(text).strip()


# ---------------------------------------------------------------------------------------- Word


def text_from_docx(data: bytes) -> str:
    """The paragraphs of a Word file's main text, a blank line between them."""
    import docx  # python-docx; imported here: only an upload of a Word file needs it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ExtractionError(_("The Word file cannot be read (%(reason)s).", reason=type(error).__name__)) from None
    lines = []
    counters: dict[str, int] = {}
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        list_id = _list_id(paragraph)
        if list_id is not None and not re.match(r"\d{1,3}\s*\.", text):
            counters[list_id] = counters.get(list_id, 0) + 1
            text = f"{counters[list_id]}. {text}"
        lines.extend([text, ""])
    return "\n".join(lines)


def _list_id(paragraph) -> str | None:
    """The numbering list a paragraph belongs to (w:numPr), set on the paragraph or by its style
    ("List Number"), if Word numbers it; numId 0 switches numbering off."""
    for element in (paragraph._p, paragraph.style.element if paragraph.style is not None else None):
        properties = element.pPr if element is not None else None
        numbering = properties.numPr if properties is not None else None
        if numbering is not None and numbering.numId is not None:
            return None if numbering.numId.val == 0 else str(numbering.numId.val)
    return None
