"""The public search page, `/search?q=...`, which the box in every page's header submits to.

Whatever is typed gets a page: text that cannot be searched for (too long, no letter or digit)
gets one saying why; NUL bytes never get here (planner.input_guard answers 400). The results
come grouped by kind, each hit a link with the words found marked (templates/search/).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from planner.db import get_session
from planner.search import links, queries, snippets
from planner.search.terms import Terms, Unsearchable, parse

bp = Blueprint("search", __name__)


@bp.get("/search")
def results():
    text = request.args.get("q", "")
    problem = None
    try:
        terms = parse(text)
    except Unsearchable as unsearchable:
        terms, problem = Terms(()), unsearchable.message
    return render_template(
        "search/results.html",
        search_text=text,
        terms=terms,
        problem=problem,
        groups=queries.search(get_session(), terms),
        highlight=snippets.highlight,
        excerpt=snippets.excerpt,
        session_url=links.session_url,
        person_url=links.person_url,
    )
