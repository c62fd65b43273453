"""What a visitor typed into the search box, as the phrases to look for.

Nothing typed reaches a full-text query language as syntax. The text is cut into words: runs of
letters and digits (with their combining marks), as SQLite's unicode61 tokenizer and the
PostgreSQL index's `search_fold` cut documents. So FTS5's `"`, `*`, `NEAR`, `:`, `-`, `(` and
tsquery's `&`, `|`, `!`, `<->` are separators or plain words, and no input can make a query fail.

- Text in double quotes ("..." or “...” or «...») is one phrase: its words, in that order.
- Any other stretch without spaces is a phrase too: "Jean-Baptiste" is the words "jean" and
  "baptiste" side by side, as both engines index the name; "A/RES/71/244" is four words.
- Every phrase must appear (AND); there is no OR, NOT or prefix search.

Words are lower-cased. `fold` strips the diacritics of Latin letters the way the indexes do
(FTS5's `remove_diacritics 2`; `search_fold` in migration 0015 on PostgreSQL), so "cooperacion"
finds "cooperación" and the highlighter marks it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from flask_babel import lazy_gettext as _l

MAX_LENGTH = 200  # characters: a search box takes words, not a document

_QUOTES = re.compile('["“”„«»]')


class Unsearchable(ValueError):
    """The text cannot be searched for; `message` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Terms:
    """The phrases of a search, each a tuple of lower-cased words; empty when nothing was typed."""

    phrases: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.phrases)

    @cached_property
    def folded_words(self) -> frozenset[str]:
        """Every word of every phrase, folded: what the highlighter marks."""
        return frozenset(fold(word) for phrase in self.phrases for word in phrase)


def parse(text: str) -> Terms:
    """The phrases in `text`; raises Unsearchable when it is too long or holds no word at all."""
    if len(text) > MAX_LENGTH:
        raise Unsearchable(_l("The search text is too long: use at most %(count)s characters.", count=MAX_LENGTH))
    phrases: list[tuple[str, ...]] = []
    for position, stretch in enumerate(_QUOTES.split(unicodedata.normalize("NFC", text))):
        quoted = position % 2 == 1
        for chunk in [stretch] if quoted else stretch.split():
            phrase = tuple(word.lower() for word in words(chunk))
            if phrase and phrase not in phrases:
                phrases.append(phrase)
    if not phrases and text.strip():
        raise Unsearchable(_l("Type a word to search for: the search looks for letters and digits."))
    return Terms(tuple(phrases))


def words(text: str) -> list[str]:
    """The words of `text` in order (see word_spans)."""
    return [text[start:end] for start, end in word_spans(text)]


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word: a run of letters, digits and combining marks that holds at least
    one letter or digit (a mark alone is no word)."""
    spans = []
    start = None
    solid = False
    for index, character in enumerate(text):
        category = unicodedata.category(character)[0]
        if category in "LNM":
            if start is None:
                start, solid = index, False
            solid = solid or category != "M"
            continue
        if start is not None and solid:
            spans.append((start, index))
        start = None
    if start is not None and solid:
        spans.append((start, len(text)))
    return spans


def _latin_folding() -> dict[int, str]:
    """Each Latin letter with diacritics whose canonical decomposition starts with an ASCII letter
    (Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional) -> that letter: the
    table migration 0015 wrote into `search_fold` (tests/search/test_index.py compares them)."""
    table = {}
    for code in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base
    return table


FOLDING = _latin_folding()


def fold(word: str) -> str:
    """`word` lower-cased and without the diacritics of Latin letters: "Cooperación" -> "cooperacion"."""
    return unicodedata.normalize("NFC", word).translate(FOLDING).lower()
