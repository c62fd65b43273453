"""The words a search found, marked with <mark> in the text a result shows.

Why here and not with FTS5's snippet() or PostgreSQL's ts_headline(): ts_headline compares the
text's own words with the query, so without the `unaccent` extension it would not mark
"cooperación" for "cooperacion", though the index found it; one highlighter for both databases
also shows the same snippet whichever runs. Words are compared folded (planner.search.terms),
so whatever the index matched is marked.

Every piece of the stored text is escaped; only the <mark> tags are markup.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from planner.search.terms import Terms, fold, word_spans, words

SNIPPET_WORDS = 30  # words shown of a long text around the first match
BEFORE_MATCH = 8  # of which before it


def highlight(text: str, terms: Terms) -> Markup:
    """The whole of `text`, escaped, with each searched-for word in <mark>."""
    return _marked(text, terms, 0, len(text))


def excerpt(terms: Terms, *texts: str) -> Markup:
    """About SNIPPET_WORDS words of the first of `texts` that holds a searched-for word (else of
    the first that is not empty), from a little before that word, escaped, marked, with "…"
    where text is left out. Empty when every text is."""
    wanted = terms.folded_words
    holding = (text for text in texts if any(fold(word) in wanted for word in words(text)))
    text = next(holding, None) or next((text for text in texts if text), "")
    spans = word_spans(text)
    if len(spans) <= SNIPPET_WORDS:
        return highlight(text, terms)
    first = next((n for n, (start, end) in enumerate(spans) if fold(text[start:end]) in wanted), 0)
    begin = max(0, min(first - BEFORE_MATCH, len(spans) - SNIPPET_WORDS))
    last = begin + SNIPPET_WORDS - 1
    start = 0 if begin == 0 else spans[begin][0]
    end = len(text) if last >= len(spans) - 1 else spans[last][1]
    shown = _marked(text, terms, start, end)
    return Markup("{}{}{}").format("…" if start else "", shown, "…" if end < len(text) else "")


def _marked(text: str, terms: Terms, start: int, end: int) -> Markup:
    wanted = terms.folded_words
    pieces, position = [], start
    for word_start, word_end in word_spans(text[start:end]):
        word_start, word_end = word_start + start, word_end + start
        if fold(text[word_start:word_end]) in wanted:
            pieces.append(escape(text[position:word_start]))
            pieces.append(Markup("<mark>{}</mark>").format(text[word_start:word_end]))
            position = word_end
    pieces.append(escape(text[position:end]))
    return Markup("").join(pieces)
