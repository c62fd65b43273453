"""Lay out a resolution the way the Official Document System prints it, as a PDF, for tests.

A4 pages; the first with the document's heading; every later page with a running header (the
symbol and the title, at the top) and every page with a footer (job number and page counter);
footnotes set small at the foot of the page, their markers as small raised numbers in the text.
"""

from __future__ import annotations

from fpdf import FPDF

BODY = 10
SMALL = 8
MARKER = 6


class OdsPdf(FPDF):
    def __init__(self, symbol: str, title: str) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.symbol, self.title_line = symbol, title
        self.set_auto_page_break(True, margin=45)
        self.set_margins(25, 30, 25)

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("Helvetica", size=SMALL)
            self.set_xy(25, 10)
            self.cell(0, 4, self.symbol, new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 4, self.title_line)
            self.set_xy(25, 30)

    def footer(self) -> None:
        self.set_font("Helvetica", size=SMALL)
        self.set_xy(25, -15)
        self.cell(80, 4, "16-22938 (E)")
        self.cell(0, 4, f"{self.page_no()}/{{nb}}", align="R")


def resolution_pdf(symbol: str, title: str, paragraphs, footnotes: dict[int, str]) -> bytes:
    """`paragraphs`: (kind, number, text); the footnote n's marker follows the paragraph n
    (preambular count, then operative), and its text is printed at the foot of that page."""
    pdf = OdsPdf(symbol, title)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Helvetica", size=BODY)
    pdf.multi_cell(0, 5, f"United Nations    {symbol}\nGeneral Assembly    Distr.: General\n\n{title}\n")
    pdf.ln(4)
    pdf.multi_cell(0, 5, "The General Assembly,")
    pdf.ln(3)
    for position, (kind, number, text) in enumerate(paragraphs, start=1):
        pdf.set_font("Helvetica", size=BODY)
        pdf.multi_cell(0, 5, text if kind == "preambular" else f"{number}. {text}")
        if position in footnotes:
            pdf.set_font("Helvetica", size=MARKER)
            pdf.cell(0, 3, str(position))
            y = pdf.get_y()
            pdf.set_font("Helvetica", size=SMALL - 1)
            pdf.set_xy(25, 297 - 40)
            pdf.cell(0, 3, f"{position} {footnotes[position]}")
            pdf.set_xy(25, y + 3)
        pdf.ln(4)
    return bytes(pdf.output())
