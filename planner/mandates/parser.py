"""Split the text of a General Assembly resolution into its paragraphs.

Resolution text reaches the planner in poor shape: OCR'd scans with footnotes dropped into the
middle of a sentence, PDF copies with running headers and page footers, web copies with
bracketed footnote markers. What does not change is the shape of a resolution, so the parser
relies on that shape rather than on one layout:

* preambular paragraphs start with a participle or adjective ("Recalling", "Taking note",
  "Deeply concerned", ...) and end with a comma;
* operative paragraphs start with a printed number ("1.", "12.") and end with a semicolon,
  the last one with a full stop;
* anything that interrupts that flow (footnote bodies, page numbers, running headers) is noise.

Pipeline
--------
1. ``_reject_unusable``     refuse empty or binary-looking input with a readable message.
2. ``_normalise``           unify line breaks, exotic spaces, hyphen characters and ligatures.
3. ``_split_heading``       drop the heading up to "The General Assembly," and keep the title
                            (from a line such as "71/244. South-South cooperation").
4. ``_drop_page_furniture`` drop page numbers, "Page 2", "2/5", job numbers ("16-22938 (E)"),
                            URLs and running headers ("A/RES/71/244 South-South cooperation").
5. ``_Assembler``           a line-by-line state machine that opens paragraphs, continues them,
                            and skips footnote blocks until the interrupted sentence resumes.
6. ``_finish``              join each paragraph's lines (resolving line-end hyphenation, see
                            ``_keep_hyphen``), strip footnote markers glued to words, and take
                            the opening phrase.
7. ``_check_numbering``     operative numbers must run 1, 2, ... N.

Besides the standard library only flask_babel's gettext is used, for the refusals' messages; outside
a request it returns them in English, so the module can be tested without the web application.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

PREAMBULAR = "preambular"
OPERATIVE = "operative"


@dataclass(frozen=True)
class ParsedParagraph:
    """One paragraph of a resolution, cleaned to a single line of text."""

    kind: str  # "preambular" or "operative"
    number: int  # operative: its printed number; preambular: position 1..N
    text: str  # cleaned text, one line, single spaces, no number prefix
    opening: str  # opening phrase, e.g. "Reaffirming also", "Also takes note"


class ResolutionParseError(ValueError):
    """The text cannot be read as a resolution; the message says why, in plain words."""


def parse_resolution(text: str) -> list[ParsedParagraph]:
    """Paragraphs of a resolution: preambular first, then operative, each in printed order.

    Raises ResolutionParseError when the text is empty, binary, has no numbered operative
    paragraphs, or when the operative numbering is not 1..N (the message names the number).
    """
    _reject_unusable(text)
    lines = _merge_lonely_numbers(_split_run_on(_normalise(text).split("\n")))
    heading = _split_heading(lines)
    body = _drop_page_furniture(heading.body, heading.title_lines)
    drafts = _Assembler(body, first_block_is_paragraph=heading.found_ga_line).run()
    corpus = " ".join(line.strip() for line in body).lower()
    footnotes = _footnote_numbers(body)
    paragraphs = [_finish(draft, corpus, footnotes) for draft in drafts]
    paragraphs = [p for p in paragraphs if p.text]
    _check_numbering(paragraphs)
    return paragraphs


# --------------------------------------------------------------------------- 1. refuse junk


def _reject_unusable(text: str) -> None:
    """Fail early, with a message a secretariat user can act on, rather than parse garbage."""
    if not isinstance(text, str):
        raise ResolutionParseError(_("The resolution must be given as text."))
    if not text.strip():
        raise ResolutionParseError(
            _(
                'The resolution text is empty. Paste the full text, from "The General Assembly," '
                "to the last operative paragraph."
            )
        )
    if "\x00" in text or _control_share(text) > 0.02 or text.count("\ufffd") > max(3, len(text) // 50):
        raise ResolutionParseError(
            _(
                "This does not look like the text of a resolution: it contains binary data (for "
                "example a PDF or Word file read as text). Copy the text out of the document and "
                "paste it instead."
            )
        )


def _control_share(text: str) -> float:
    """Share of control characters other than ordinary line breaks and tabs."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    return controls / len(text)


# --------------------------------------------------------------------------- 2. normalise

_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys(
            map(
                ord,
                "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v",
            ),
            " ",
        ),
        **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
        **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2043"), "-"),
        "\u2028": "\n",
        "\u2029": "\n",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
    }
)


def _normalise(text: str) -> str:
    """One kind of line break, plain spaces and hyphens, no ligatures; a soft hyphen at a line
    end is a word break, so the two halves are joined there."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = re.sub(r"\u00ad[ \t]*\n[ \t]*", "", text)
    return text.translate(_TRANSLATION)


_RUN_ON_OPERATIVE = re.compile(r"(?<=[;.:])\s+(?=\d{1,3}\s*\.\s*[A-Z])")
_RUN_ON_PREAMBULAR = re.compile(
    r"(?<=,)\s+(?=(?:(?:Also|Further|Deeply|Gravely)\s+)?"
    r"[A-Z][a-z]{2,}ing\b|(?:Convinced|Concerned|Mindful|Aware|Conscious|"
    r"Cognizant|Determined|Alarmed|Guided)\b)"
)
_RUN_ON_GA = re.compile(r"(The\s+General\s+Assembly\s*,)\s+(?=[A-Z])")


def _split_run_on(lines: list[str]) -> list[str]:
    """Text that lost its line breaks (one huge line) is split before each "N. Verb" that
    follows a semicolon or full stop, and before each participle that follows a comma."""
    result = []
    for line in lines:
        if len(line) > 1000 and len(_RUN_ON_OPERATIVE.findall(line)) >= 2:
            line = _RUN_ON_GA.sub(r"\1\n", line, count=1)
            first = re.search(r"(?<=[,;.:])\s+(?=1\s*\.\s*[A-Z])", line)
            head, tail = (line[: first.start()], line[first.end() :]) if first else (line, "")
            head = _RUN_ON_PREAMBULAR.sub("\n", head)
            line = head + "\n" + _RUN_ON_OPERATIVE.sub("\n", tail) if first else head
        result.extend(line.split("\n"))
    return result


def _merge_lonely_numbers(lines: list[str]) -> list[str]:
    """A number printed on its own line ("3.") belongs to the next line of text."""
    result: list[str] = []
    pending = None
    for line in lines:
        if re.fullmatch(r"\s*\d{1,3}\s*\.\s*", line):
            pending = line.strip()
            continue
        if pending and line.strip():
            line, pending = f"{pending} {line.strip()}", None
        result.append(line)
    if pending:
        result.append(pending)
    return result


# --------------------------------------------------------------------------- 3. heading

_GA_LINE = re.compile(r"^\s*The\s+General\s+Assembly\s*[,.:;]?\s*(?P<rest>.*)$", re.I)
_TITLE_LINE = re.compile(r"^\s*\d{1,3}/\d{1,4}\s*[.:]\s*(?P<title>[A-Z].*?)\s*$")


@dataclass
class _Heading:
    body: list[str]
    title_lines: list[str]  # the title as printed, one entry per line (a long title wraps)
    found_ga_line: bool


def _split_heading(lines: list[str]) -> _Heading:
    """Everything before "The General Assembly," is heading (symbol, date, committee, title).

    Without that line the whole text is body; the assembler then skips lines until the first
    recognisable paragraph. A long title wraps ("73/291. Buenos Aires outcome document of the
    second High-level" / "United Nations Conference on South-South Cooperation"); its lines
    run until the next blank line and come back, one by one, in the running header.
    """
    title_lines: list[str] = []
    for index, line in enumerate(lines[:40]):
        match = _TITLE_LINE.match(line)
        if match:
            title_lines = [match.group("title")]
            for following in lines[index + 1 : index + 4]:
                if not following.strip() or _GA_LINE.match(following):
                    break
                title_lines.append(following.strip())
            break
    for index, line in enumerate(lines):
        match = _GA_LINE.match(line)
        if match and (not match.group("rest") or match.group("rest")[0].isupper()):
            rest = match.group("rest")
            return _Heading(([rest] if rest else []) + lines[index + 1 :], title_lines, True)
    return _Heading(lines, title_lines, False)


# --------------------------------------------------------------------------- 4. furniture

_FURNITURE_TOKEN = re.compile(
    r"""^(?:
      \d{1,3}                          # page number: 77
    | \d{1,3}/\d{1,3}                  # page counter: 2/5
    | \d{2}-\d{4,6}(?:\([A-Z]\))?      # job number: 16-22938
    | \d{6}                            # date code printed next to the job number
    | \([A-Z]\)                        # language code: (E)
    | \*\d{6,}\*                       # barcode text: *1622938*
    | GE\.\d{2}-\d+(?:\([A-Z]\))?      # Geneva job number
    | [A-Z]{1,2}/RES/[\w/.()-]+        # running symbol: A/RES/71/244
    | [Pp]age | p\. | of | [-–—]          # "Page 2 of 5", "- 2 -"
)$""",
    re.X,
)
_RES_SYMBOL = re.compile(r"\b[A-Z]{1,2}/RES/[\w/.()-]+")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_BOILERPLATE = re.compile(r"^(?:Please\s+recycle|\u2672)\s*$", re.I)


def _drop_page_furniture(lines: list[str], title_lines: list[str]) -> list[str]:
    """Remove lines printed by the page layout rather than by the Assembly.

    Removed lines become blank lines: a page break separates blocks just as a blank line does,
    and a sentence that continues after it is still recognised as a continuation. Besides the
    lines recognised one by one, a running header that repeats a short title the heading did
    not print (or printed differently) is removed: a short line without final punctuation that
    occurs more than once, each time next to other page furniture.
    """
    titles = {_title_key(line) for line in title_lines}
    titles.add(_title_key(" ".join(title_lines)))
    titles.discard("")
    dropped = [not line.strip() or _is_furniture(line.strip(), titles) for line in lines]
    places: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if not dropped[index]:
            places.setdefault(line.strip(), []).append(index)
    for line, indexes in places.items():
        if len(indexes) > 1 and all(_is_header_like(line, lines, dropped, index) for index in indexes):
            titles.add(_title_key(line))
    return ["" if line.strip() and _is_furniture(line.strip(), titles) else line for line in lines]


def _title_key(line: str) -> str:
    return " ".join(line.split()).casefold().rstrip(" .")


def _is_header_like(line: str, lines: list[str], dropped: list[bool], index: int) -> bool:
    """A short unpunctuated line beside a page number, a job number or the running symbol."""
    if len(line.split()) > 12 or _terminal_punctuation(line) or not _starts_upper(line):
        return False
    if _operative_start(line) or _is_preamble_start(line):
        return False
    neighbours = [j for j in range(index - 3, index + 4) if 0 <= j < len(lines) and j != index and lines[j].strip()]
    return any(dropped[j] for j in neighbours)


def _is_furniture(line: str, titles: set[str]) -> bool:
    if not line:
        return False
    if _URL_LINE.match(line) or _BOILERPLATE.match(line):
        return True
    if _title_key(line) in titles:
        return True
    tokens = line.split()
    if all(_FURNITURE_TOKEN.match(token) for token in tokens):
        return all(_sane_counter(token) for token in tokens)
    return _is_running_header(line)


def _sane_counter(token: str) -> bool:
    """ "2/5" is a page counter; "70/1" is a resolution number and is kept."""
    if re.fullmatch(r"\d{1,3}/\d{1,3}", token):
        page, pages = (int(part) for part in token.split("/"))
        return 0 < page <= pages
    return True


def _is_running_header(line: str) -> bool:
    """ "A/RES/71/244  South-South cooperation": a RES symbol plus a few words, no punctuation."""
    match = _RES_SYMBOL.search(line)
    if not match:
        return False
    rest = (line[: match.start()] + " " + line[match.end() :]).strip()
    return not re.search(r"[,;.:]", rest) and len(rest.split()) <= 10


# --------------------------------------------------------------------------- 5. assemble

_OPERATIVE_START = re.compile(r"^(?P<number>\d{1,3})\s*\.\s*(?P<rest>\S.*)$")
_SUB_ITEM = re.compile(r"^\((?:[a-z]{1,2}|[ivxl]{1,5}|\d{1,2})\)\s*\S")
_END_MARKER = re.compile(r"^(?:\d+(?:st|nd|rd|th)\s+plenary\s+meeting\b.*|Annex(?:es)?(?:\s+[IVXLC\d]+)?\s*)$")
_MONTH_WORD = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\b"
)

# Footnote markers that open a footnote body at the start of a line: "* A/71/208.",
# "% Official Records ...", "® See A/66/717.", "\" Resolution 70/1.", "[1] See ...", "*".
_SYMBOL_MARKER_LINE = re.compile(r"^(?:[*%$#°®™†‡§¶\"“”'’`^~]+(?:\s+\S.*)?|[_=~-]{5,})$")
_FOOTNOTE_RULE = re.compile(r"^[_=~-]{5,}$")  # the rule printed above footnotes
_SUPERSCRIPT_LINE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S")
_BRACKET_MARKER_LINE = re.compile(r"^\[\d{1,3}\]\s*\S")
_DIGIT_MARKER_LINE = re.compile(r"^\d{1,2}\s+(?P<body>\S.*)$")

_FOOTNOTE_START = re.compile(
    r"""^(?:
      See\b | Ibid\b | Idem\b | Cf\. | Resolutions?\s+[\dA-Z] | Decisions?\s+[\dA-Z]
    | Official\s+Records | Reports?\s+of\b | On\s+behalf\s+of\b
    | United\s+Nations(?:,|\s+publication|\s+Treaty)
    | Available\s+(?:at|from) | Sales\s+No | No\.\s | chap\.\s | vol\.\s | paras?\.\s
    | sect\.\s | annex[.,]?\s*$ | Supplement\s+No | Adopted\s+(?:by|at|on)\b
    | https?:// | www\. | [A-Z]{1,6}(?:/[\w.()-]+){2,}
)""",
    re.X,
)
_FOOTNOTE_INSIDE = re.compile(
    r"Official Records|Supplement No\.|Sales No\.|United Nations publication|"
    r"Treaty Series|\bvol\.\s*\d|https?://|\bchap\.\s*[IVXL\d]|"
    r"\band Corr\.|, annex\.\s*$"
)


@dataclass
class _Line:
    raw: str
    after_blank: bool

    @property
    def text(self) -> str:
        return self.raw.strip()


@dataclass
class _Draft:
    kind: str
    number: int
    lines: list[str] = field(default_factory=list)

    def is_complete(self) -> bool:
        """Does the text so far end where a paragraph of this kind ends?"""
        end = _terminal_punctuation(self.lines[-1])
        return bool(end) and end in (",;" if self.kind == PREAMBULAR else ";.")


class _Assembler:
    """Reads body lines in order and groups them into paragraph drafts.

    State: the current draft, whether we are still in the preamble, and whether we are inside
    a noise block (footnotes, a page break) that interrupted the current paragraph. A noise
    block ends when the paragraph visibly resumes: a line that does not read like a citation
    and does not continue an unfinished footnote sentence, a new numbered paragraph, or (while
    still in the preamble) a new participle paragraph.
    """

    def __init__(self, lines: list[str], *, first_block_is_paragraph: bool) -> None:
        self.lines = lines
        self.drafts: list[_Draft] = []
        self.section = PREAMBULAR
        self.noise = False
        self.noise_tail_open = False  # the last noise line did not finish its sentence
        self.expected = 1  # next operative number
        self.first_block_is_paragraph = first_block_is_paragraph
        self.one_per_line = _looks_one_paragraph_per_line(lines)

    def run(self) -> list[_Draft]:
        after_blank = True
        for raw in self.lines:
            if not raw.strip():
                after_blank = True
                continue
            if self.section == OPERATIVE and _END_MARKER.match(raw.strip()):
                break
            self._feed(_Line(raw, after_blank))
            after_blank = False
        return self.drafts

    # -- dispatch ---------------------------------------------------------------------------

    def _feed(self, line: _Line) -> None:
        current = self.drafts[-1] if self.drafts else None
        complete = current is None or current.is_complete()
        numbered = _operative_start(line.text)
        if numbered and self._accept_number(numbered[0], complete, line):
            self._open(OPERATIVE, numbered[0], numbered[1])
        elif _is_footnote_marker_line(line.text):
            self._note_noise(line)
        elif (
            self.section == PREAMBULAR
            and _is_preamble_start(line.text)
            and (complete or self._may_lack_its_comma(current, line))
        ):
            self._open(PREAMBULAR, 0, line.text)
        elif current is None:
            self._before_first_paragraph(line)
        elif _SUB_ITEM.match(line.text):
            self._append(line)
        elif self.noise:
            self._inside_noise(line, complete)
        elif not complete:
            self._continue_open_paragraph(line)
        else:
            self._after_complete_paragraph(line)

    def _accept_number(self, number: int, complete: bool, line: _Line) -> bool:
        """A numbered line opens a paragraph if it is the expected number, or if it stands where
        a paragraph may start (the previous one is finished, or a blank line precedes it), so
        that gaps and duplicates are reported rather than swallowed."""
        return number == self.expected or complete or line.after_blank

    def _may_lack_its_comma(self, current: _Draft, line: _Line) -> bool:
        """A participle after a blank line (or in one-paragraph-per-line text) opens a new
        paragraph even if the previous one lost its final comma, unless that one stops
        mid-phrase ("... Plan of Action for" / "Promoting and Implementing ...")."""
        return (line.after_blank or self.one_per_line) and not _ends_mid_phrase(current.lines[-1])

    def _before_first_paragraph(self, line: _Line) -> None:
        """Heading lines are skipped; right after "The General Assembly," any capitalised block
        is the first paragraph, even with an opener we do not know."""
        if self.first_block_is_paragraph and _starts_upper(line.text) and not _is_footnote_like(line.text):
            self._open(PREAMBULAR, 0, line.text)

    def _inside_noise(self, line: _Line, complete: bool) -> None:
        if not complete and self._resumes(line):
            self._append(line)
        else:
            self._note_noise(line)

    def _resumes(self, line: _Line) -> bool:
        """Does this line continue the paragraph a footnote block interrupted?"""
        text = line.text
        if _is_footnote_like(text):
            return False
        if not line.after_blank and self.noise_tail_open:
            return False  # the footnote's own sentence is still running
        return _starts_lower(text) or text[0].isalpha()

    def _continue_open_paragraph(self, line: _Line) -> None:
        """The paragraph is unfinished: the line continues it, unless a citation-like line
        after a blank line shows that an unmarked footnote block has started."""
        if line.after_blank and _is_footnote_like(line.text):
            self._note_noise(line)
        else:
            self._append(line)

    def _after_complete_paragraph(self, line: _Line) -> None:
        """The paragraph looks finished but the line is no recognised paragraph start."""
        text = line.text
        new_block = line.after_blank or self.one_per_line
        if self.section == PREAMBULAR and new_block and _starts_upper(text) and not _is_footnote_like(text):
            self._open(PREAMBULAR, 0, text)  # preambular opener we do not know
        elif not line.after_blank and not _is_footnote_like(text):
            self._append(line)  # the line break fell after a comma
        elif _starts_lower(text) and not _is_footnote_like(text):
            self._append(line)  # sentence resumes after a page break
        else:
            self._note_noise(line)

    # -- actions ----------------------------------------------------------------------------

    def _open(self, kind: str, number: int, first_text: str) -> None:
        if kind == OPERATIVE:
            self.section = OPERATIVE
            self.expected = number + 1
        else:
            number = sum(1 for d in self.drafts if d.kind == PREAMBULAR) + 1
        self.drafts.append(_Draft(kind, number, [_clean_opening_noise(first_text)]))
        self.noise = False

    def _append(self, line: _Line) -> None:
        self.drafts[-1].lines.append(line.text)
        self.noise = False

    def _note_noise(self, line: _Line) -> None:
        self.noise = True
        self.noise_tail_open = not line.text.endswith(".") and not _FOOTNOTE_RULE.match(line.text)


def _looks_one_paragraph_per_line(lines: list[str]) -> bool:
    """Most lines end a paragraph: the text was pasted one paragraph per line."""
    filled = [line for line in lines if line.strip()]
    if len(filled) < 4:
        return False
    ending = sum(1 for line in filled if _terminal_punctuation(line))
    return ending / len(filled) >= 0.75


_FUNCTION_WORDS = frozenset(
    """
    a an the of for to in on by with at from as and or nor but that which whose its their his her
    among between under into upon within without towards through including such
""".split()
)


def _ends_mid_phrase(line: str) -> bool:
    """The line stops where no sentence can end: on a function word, a hyphen or a dash."""
    line = line.rstrip()
    words = re.findall(r"[A-Za-z]+", line[-20:])
    return line.endswith(("-", "—", "–")) or bool(words) and words[-1].lower() in _FUNCTION_WORDS


def _operative_start(text: str) -> tuple[int, str] | None:
    """(number, text) for "12. Requests ...", "1.Stresses ...", " 29. FEncourages ..."."""
    match = _OPERATIVE_START.match(text)
    if not match:
        return None
    rest = _clean_opening_noise(match.group("rest"))
    if not rest or not rest[0].isupper() or _is_footnote_like(rest):
        return None
    number = int(match.group("number"))
    return (number, rest) if 0 < number < 1000 else None


def _clean_opening_noise(text: str) -> str:
    """Drop OCR debris before the first word: stray quotes or bullets, and a stray capital
    glued to the verb ("FEncourages" -> "Encourages")."""
    text = re.sub(r"^[^\w(“\"‘']+", "", text.strip())
    return re.sub(r"^[A-Z](?=[A-Z][a-z]{2,})", "", text)


_PREAMBLE_WORDS = frozenset(
    """
    Affirming Alarmed Appreciative Aware Cognizant Committed Concerned Confident Conscious
    Considering Convinced Desirous Determined Disturbed Dismayed Encouraged Grateful Guided
    Inspired Mindful Persuaded Pleased Resolved Satisfied Saddened Shocked Welcoming
""".split()
)
_PREAMBLE_ADVERBS = frozenset(
    """
    Also Further Deeply Gravely Seriously Strongly Fully Profoundly Greatly Firmly Highly
    Particularly Especially Once
""".split()
)
_NOT_OPENERS = frozenset(
    """
    Beijing Nanjing Kunming Chongqing Xining During Including Regarding Concerning Pending
    Notwithstanding Excluding Nothing Something Morning Evening Spring Thing Building
""".split()
)


def _is_preamble_start(text: str) -> bool:
    """A capitalised participle or adjective that opens preambular paragraphs."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", _clean_opening_noise(text)[:60])[:2]
    if not words or not words[0][0].isupper():
        return False
    first = words[0]
    if first in _PREAMBLE_WORDS:
        return True
    if first in _PREAMBLE_ADVERBS and len(words) > 1:
        second = words[1]
        return second.endswith(("ing", "ed")) or second.capitalize() in _PREAMBLE_WORDS
    return len(first) >= 6 and first.endswith("ing") and first[1:].islower() and first not in _NOT_OPENERS


def _is_footnote_marker_line(text: str) -> bool:
    """A footnote body opened by its marker: symbol, superscript, "[1]", or "8 Resolution ..."."""
    if _SYMBOL_MARKER_LINE.match(text) or _SUPERSCRIPT_LINE.match(text) or _BRACKET_MARKER_LINE.match(text):
        return True
    match = _DIGIT_MARKER_LINE.match(text)
    if not match:
        return False
    body = match.group("body")
    if _MONTH_WORD.match(body) or not (body[0].isupper() or body[0].isdigit()):
        return False  # "6 October 2009, ..." continues a sentence
    return _is_footnote_like(body) or body.endswith(".")


def _is_footnote_like(text: str) -> bool:
    """Reads like a citation: "See ...", "Resolution 70/1.", "Official Records ...", "A/71/208."."""
    text = text.strip()
    if _FOOTNOTE_START.match(text) or _FOOTNOTE_INSIDE.search(text):
        return True
    words = text.split()
    return len(words) <= 4 and text.endswith(".") and bool(re.search(r"[\d/]", text))


def _starts_upper(text: str) -> bool:
    return bool(text) and text[0].isupper()


def _starts_lower(text: str) -> bool:
    """Starts with a lower-case word, possibly after an opening quote or bracket."""
    return bool(re.match(r"^[“\"‘'(]?[a-z]", text))


_TRAILING_MARKERS = re.compile(r"(?:[\s*?%$#°®™†‡§¶”’\"'`¹²³⁴⁵⁶⁷⁸⁹⁰]|\[\d{1,3}\]|(?<=[,;])\d{1,3})+$")


def _terminal_punctuation(line: str) -> str:
    """The last punctuation mark of a line once footnote markers are ignored ("Change,?" -> ",")."""
    stripped = _TRAILING_MARKERS.sub("", line.rstrip())
    return stripped[-1] if stripped and stripped[-1] in ",;.:" else ""


# --------------------------------------------------------------------------- 6. finish


def _finish(draft: _Draft, corpus: str, footnotes: frozenset[int] = frozenset()) -> ParsedParagraph:
    text = _join_lines(draft.lines, corpus)
    text = _strip_markers(text)
    text = _strip_lone_markers(text, footnotes)
    text = re.sub(r"\s+", " ", text).strip()
    return ParsedParagraph(draft.kind, draft.number, text, opening_phrase(text))


def _footnote_numbers(lines: list[str]) -> frozenset[int]:
    """Numbers of the footnote bodies printed in the text ("14  Official Records ...")."""
    numbers = set()
    for line in lines:
        match = re.match(r"\s*(\d{1,3})\s+\S", line)
        if match and _is_footnote_marker_line(line.strip()):
            numbers.add(int(match.group(1)))
    return frozenset(numbers)


# A number standing alone between words: "the first South Summit, 2 the Marrakech Framework".
_LONE_NUMBER = re.compile(r"(?<=[A-Za-z,;.)”’\"])\s+(?P<n>\d{1,3})(?=\s+(?P<next>[\w“\"(]+)|\s*(?P<end>[;,.]|$))")
# Words after which a number is part of the text: "paragraph 28", "Goal 17", "Group of 77", "by 15".
_NUMBER_TAKERS = frozenset(
    """
    paragraph paragraphs para paras subparagraph subparagraphs resolution resolutions decision decisions
    section sections chapter chapters annex annexes item items goal goals target targets article articles
    rule rules no vol page pages principle principles table figure recommendation recommendations phase
    part parts level tier group option options step steps cluster category volume agenda protocol and or
    to of than the its their at by in on from between least about some over under nearly approximately
    only first every all these those with for per each top almost around
""".split()
)
# Words that may follow a footnote number: the sentence simply goes on.
_AFTER_MARKER = frozenset(
    """
    and or nor but that which who whose where whereby while the a an its their his her this these those
    in on of as at to by for with from into under within among through during since including
    adopted entitled held contained annexed is are was were has have had be been being should shall will
    would may can must not also both as well so
""".split()
)


def _strip_lone_markers(text: str, footnotes: frozenset[int]) -> str:
    """Drop footnote numbers that PDF extraction left standing between words ("Climate Change 6
    that", "at its nineteenth session, 14 Committee decision", "...; 15"). Only numbers of
    footnotes printed in the text are candidates, and never one a preceding word calls for."""
    if not footnotes:
        return text

    def replace(match: re.Match) -> str:
        if int(match.group("n")) not in footnotes:
            return match.group(0)
        before = re.search(r"([A-Za-z]+)\W*$", match.string[: match.start()])
        if before and (before.group(1).lower() in _NUMBER_TAKERS or before.group(1).isupper()):
            return match.group(0)
        after = match.group("next")
        after_punctuation = match.string[match.start() - 1] in ',;.)”’"'
        if after and after.lower() not in _AFTER_MARKER:
            # "session, 14 Committee decision": a capital opens the next citation only after punctuation;
            # "that 7 States" counts States.
            if not (after_punctuation and after[:1].isupper() and not _MONTH_WORD.match(after)):
                return match.group(0)
        return ""

    return _LONE_NUMBER.sub(replace, text)


def _join_lines(lines: list[str], corpus: str) -> str:
    """One line of text; a line ending in a hyphen is joined as a compound or a word break."""
    text = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        left = re.search(r"([A-Za-z]+)-$", text[-60:]) if text.endswith("-") else None
        right = re.match(r"[A-Za-z0-9]+", line)
        if left and right:
            keep = _keep_hyphen(left.group(1), right.group(0), corpus)
            text = text + line if keep else text[:-1] + line
        else:
            text = f"{text} {line}"
    return text


# First halves that stand on their own, so "X-\nY" is the compound "X-Y".
_COMPOUND_HEADS = frozenset(
    """
    self non co sub pre post mid anti counter multi inter intra cross ex vice quasi semi socio
    macro micro capacity people well long short medium high low small large decision policy
    result results evidence gender age disability child country community human rights time
    cost follow state member region sector science knowledge data market climate disaster risk
    far wide broad world system one two three four five top open public private middle least
    land sea water food energy income trade debt tax peace health life youth women girl rule
    rules South North East West government donor partner demand supply value south north east
    west fact case city island mountain forest ocean marine early full part follow-up all
    nation national regional global local country-led gender-based twenty thirty forty fifty
    sixty seventy eighty ninety
""".split()
)
# Whole words that OCR or PDF hyphenation often splits after a prefix ("inter-\nnational").
_JOINED_WORDS = frozenset(
    """
    international intergovernmental interregional interrelated interlinked interconnected
    interconnectivity interdependence interdependent interface intervention interventions
    subregional subprogramme subprogrammes subsidiary programme programmes cooperation
    coordination coordinate coordinated coordinating multilateral multilateralism
    multidimensional multisectoral multilingualism preambular socioeconomic transboundary
    worldwide peacebuilding peacekeeping policymakers policymaking stakeholders landlocked
    nationwide prerequisite preconditions precondition undertake underline overall outcome
    outcomes reaffirms reaffirming reiterates reiterating recommendations implementation
    development sustainable commitment cooperative coherence nongovernmental
""".split()
)


def _keep_hyphen(left: str, right: str, corpus: str) -> bool:
    """Keep the hyphen of "left-\\nright" (a compound) or drop it (a word broken at the margin).

    In order: evidence from the document itself (the hyphenated or the joined form occurs
    elsewhere); a capital or digit after the break ("South-\\nSouth", "post-\\n2015") means a
    compound; a known whole word ("inter-\\nnational") means a break; a first half that stands
    on its own ("capacity-\\nbuilding", "self-\\nreliance") means a compound; anything else
    ("imple-\\nmentation") is a word break.
    """
    hyphenated, joined = f"{left}-{right}".lower(), f"{left}{right}".lower()
    if re.search(rf"(?<![\w-]){re.escape(hyphenated)}(?![\w])", corpus):
        return True
    if re.search(rf"(?<![\w-]){re.escape(joined)}(?![\w])", corpus):
        return False
    if right[0].isupper() or right[0].isdigit():
        return True
    if joined in _JOINED_WORDS:
        return False
    return left.lower() in _COMPOUND_HEADS or left in _COMPOUND_HEADS


_PUNCT_MARKER = re.compile(r"(?<=[,;])(?:[*?%$#”’\"'`]|\d{1,3})+(?=\s|$)")
_APOSTROPHE_MARKER = re.compile(r"(?<=[A-Za-rt-z])[’'](?=[\s,;.:)]|$)")


def _strip_markers(text: str) -> str:
    """Remove footnote markers glued to words or punctuation, keep real quotes and apostrophes.

    "Change,?" -> "Change,", "2016;°" -> "2016;", "cooperation,” as" -> "cooperation, as",
    "Development’ and" -> "Development and", "Action,[1]" -> "Action,", "Action¹" -> "Action".
    A closing quote after a comma is kept when a quotation is open, as is "1,000".
    """
    text = re.sub(r"\[\d{1,3}\]", "", text)
    text = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", text)
    text = re.sub(r"[®™†‡¶]+", "", text)
    text = re.sub(r"(?<!\d)°(?![CF]\b)", "", text)
    text = re.sub(r"(?<=[\w,;.:)”’\"])\*+|(?<=\s)\*+(?=\s|$)", "", text)
    text = _PUNCT_MARKER.sub(_drop_marker_after_punctuation, text)
    text = _APOSTROPHE_MARKER.sub(_drop_apostrophe_marker, text)
    return re.sub(r"(?<=[a-z]{3})\d{1,2}(?=[\s,;.:)]|$)", "", text)


def _drop_marker_after_punctuation(match: re.Match) -> str:
    marker, before = match.group(0), match.string[: match.start()]
    if before.endswith(",") and re.fullmatch(r"\d{3}", marker) and before[-2:-1].isdigit():
        return marker  # "1,000"
    if "”" in marker and before.count("“") > before.count("”"):
        return marker  # closes a real quotation
    if '"' in marker and before.count('"') % 2 == 1:
        return marker
    if ("’" in marker or "'" in marker) and "‘" in before[-300:]:
        return marker
    return ""


def _drop_apostrophe_marker(match: re.Match) -> str:
    """A ’ at the end of a word not ending in "s" is a marker, unless a ‘quotation’ is open."""
    return match.group(0) if "‘" in match.string[max(0, match.start() - 300) : match.start()] else ""


# --------------------------------------------------------------------------- opening phrase

_ADVERB = (
    r"(?:also|further|again|once\s+again|strongly|firmly|deeply|gravely|fully|warmly|"
    r"seriously|profoundly|greatly|sincerely|particularly|especially|most)"
)
_CONTINUATIONS = (
    (r"tak(?:es|ing|e)", r"note|into\s+account|into\s+consideration"),
    (r"bear(?:s|ing)|keep(?:s|ing)", r"in\s+mind"),
    (r"call(?:s|ing)", r"upon|on"),
    (r"look(?:s|ing)", r"forward"),
    (r"having", r"[a-z]+"),
    (r"guided", r"by"),
    (r"decides|deciding", r"to\s+[a-z]+"),
    (
        r"express(?:es|ing)|reiterat(?:es|ing)|renew(?:s|ing)",
        r"its\s+(?:(?:deep|deepest|sincere|profound|grave|serious|strong|full|firm)\s+)?"
        r"(?:appreciation|gratitude|concern|support|request|call|commitment|condolences|solidarity|"
        r"satisfaction|regret)",
    ),
)
_WITH_PHRASE = (
    r"with\s+(?:(?:deep|grave|great|serious|particular)\s+)?"
    r"(?:appreciation|concern|satisfaction|interest|regret|gratitude)"
)


def opening_phrase(text: str) -> str:
    """The opening words as printed: "Reaffirming also", "Taking note", "Also takes note",
    "Calls upon", "Decides to convene", "Notes with appreciation", "Encourages"."""
    match = re.match(rf"(?i)(?:{_ADVERB}\s+)*[A-Za-z][A-Za-z-]*", text)
    if not match:
        return ""
    end = match.end()
    verb = match.group(0).split()[-1].lower()
    end = _extend(text, end, r"(?:also|further)")
    for verbs, continuation in _CONTINUATIONS:
        if re.fullmatch(verbs, verb):
            end = _extend(text, end, continuation)
    end = _extend(text, end, _WITH_PHRASE)
    end = _extend(text, end, r"(?:also|further)")
    phrase = " ".join(text[:end].split())
    return phrase[:1].upper() + phrase[1:]


def _extend(text: str, end: int, pattern: str) -> int:
    """Extend the opening over `pattern` if it follows immediately."""
    match = re.compile(rf"\s+(?:{pattern})\b", re.I).match(text, end)
    return match.end() if match else end


# --------------------------------------------------------------------------- 7. numbering


def _check_numbering(paragraphs: list[ParsedParagraph]) -> None:
    """Operative paragraphs must be numbered 1, 2, ..., N; say which number is wrong."""
    numbers = [p.number for p in paragraphs if p.kind == OPERATIVE]
    if not numbers:
        raise ResolutionParseError(
            _(
                'No numbered operative paragraphs were found (paragraphs such as "1. Decides ..."). '
                "Check that the whole resolution was pasted, including its operative part."
            )
        )
    for number, times in Counter(numbers).items():
        if times == 2:
            raise ResolutionParseError(
                _(
                    "Operative paragraph %(number)d appears twice; "
                    "each operative paragraph number should be used once.",
                    number=number,
                )
            )
        if times > 2:
            raise ResolutionParseError(
                _(
                    "Operative paragraph %(number)d appears %(times)d times; "
                    "each operative paragraph number should be used once.",
                    number=number,
                    times=times,
                )
            )
    for position, number in enumerate(numbers, start=1):
        if number == position:
            continue
        if position == 1:
            raise ResolutionParseError(
                _(
                    "Operative paragraph 1 is missing: the first operative paragraph is numbered %(number)d.",
                    number=number,
                )
            )
        previous = numbers[position - 2]
        if number > position:
            raise ResolutionParseError(
                ngettext(
                    "Operative paragraph %(missing)s is missing: the numbering jumps from %(previous)d to %(number)d.",
                    "Operative paragraphs %(missing)s are missing: the numbering jumps from %(previous)d "
                    "to %(number)d.",
                    number - position,
                    missing=", ".join(str(n) for n in range(position, number)),
                    previous=previous,
                    number=number,
                )
            )
        raise ResolutionParseError(
            _(
                "Operative paragraphs are out of order: paragraph %(number)d comes after paragraph %(previous)d.",
                number=number,
                previous=previous,
            )
        )
