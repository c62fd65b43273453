"""Fuzzing /search?q= with Hypothesis, on SQLite and on PostgreSQL: whatever a visitor types
(the suite's hostile strings, and any mix of FTS5 and tsquery syntax with words that are in the
index), the answer is a page, never a 5xx; a NUL byte is the input guard's 400."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from tests.test_fuzz import FUZZ, HOSTILE, _no_server_error

SYNTAX = ['"', "*", "NEAR", "NEAR(", "OR", "AND", "NOT", "-", ":", "(", ")", "^", "+", "&", "|", "!", "<->", "'", "\\"]
WORDS = ["island", "cooperación", "Jean-Baptiste", "triangular", "zebra", "A/RES/99/1", "中文", "تعاون"]
QUERY_SYNTAX = st.lists(st.sampled_from(SYNTAX + WORDS + [" "]), max_size=25).map("".join)


def test_fuzz_search(site, client):
    @FUZZ
    @given(text=st.one_of(HOSTILE, QUERY_SYNTAX))
    @example(text='NEAR("island" cooperación, 2) OR -zebra* : (title:x)')
    @example(text='"' * 201)
    def check(text):
        response = client.get("/search", query_string={"q": text})
        _no_server_error(response, text)
        assert response.status_code == (400 if "\x00" in text else 200), text
        assert "Zebra draft briefing" not in response.get_data(as_text=True)

    check()
