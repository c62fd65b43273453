"""The full-text indexes, and how a query asks each database's own engine about them.

Migration 0015 made the indexes: on SQLite an FTS5 table per source table, on PostgreSQL a GIN
index on an expression of the source table's columns. `matching` adds to a SELECT of the
source table what finds its rows for some Terms and an expression that ranks them (smaller is
better, on both databases):

- SQLite: a join with the FTS5 table's rows (rowid = id) that `MATCH` a query of quoted phrases
  (FTS5's own syntax; every phrase in double quotes, so nothing typed is an operator), ranked by
  `bm25()`.
- PostgreSQL: `@@` a tsquery made of one `phraseto_tsquery('simple', ...)` per phrase, and
  `ts_rank()`. The tsvector expression is written exactly as the index's, and `'simple'` and
  the weights are literals, not parameters: PostgreSQL uses an expression index only for the
  very same expression (tests/search/test_index.py checks the plan).

Weights: a column's weight falls with its place in `columns` (a title counts more than a
description); bm25 gets ts_rank's default weights for A, B and C, so both engines lean alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import sqlalchemy as sa

from planner.agenda.models import AgendaSession, Person
from planner.events.models import Event
from planner.mandates.models import Paragraph
from planner.search.terms import Terms, fold

WEIGHT_LETTERS = "ABC"
WEIGHTS = (1.0, 0.4, 0.2)  # ts_rank's defaults for A, B and C


@dataclass(frozen=True)
class Index:
    """The full-text index of one table: `name` is its FTS5 table on SQLite and, prefixed `ix_`,
    its GIN index on PostgreSQL."""

    name: str
    table: sa.Table
    columns: tuple[str, ...]  # most important first


EVENTS = Index("search_event", Event.__table__, ("title", "theme", "description"))
SESSIONS = Index("search_session", AgendaSession.__table__, ("title", "description"))
PEOPLE = Index("search_person", Person.__table__, ("name", "function", "organisation"))
PARAGRAPHS = Index("search_paragraph", Paragraph.__table__, ("text",))
INDEXES = (EVENTS, SESSIONS, PEOPLE, PARAGRAPHS)


def matching(statement: sa.Select, index: Index, terms: Terms, dialect: str) -> tuple[sa.Select, sa.ColumnElement]:
    """`statement` (a SELECT from index.table) narrowed to the rows that hold every phrase of
    `terms`, and the expression to order them by, best first."""
    if dialect == "sqlite":
        return _fts5(statement, index, terms)
    return _tsvector(statement, index, terms)


def _fts5(statement: sa.Select, index: Index, terms: Terms) -> tuple[sa.Select, sa.ColumnElement]:
    fts = sa.table(index.name, sa.column("rowid"))
    whole_table = sa.literal_column(index.name)  # MATCH and bm25() take the table itself
    query = " ".join('"' + " ".join(phrase) + '"' for phrase in terms.phrases)  # words hold no quote
    weights = [sa.literal(weight) for weight in WEIGHTS[: len(index.columns)]]
    # FTS5 answers bm25() only inside its own query, so that is a subquery; the window function
    # that counts the matches (planner.search.queries) keeps SQLite from flattening it away.
    hits = (
        sa.select(fts.c.rowid.label("id"), sa.func.bm25(whole_table, *weights).label("rank"))
        .where(whole_table.op("MATCH")(query))
        .subquery(f"{index.name}_hits")
    )
    return statement.join(hits, hits.c.id == index.table.c.id), hits.c.rank


def _tsvector(statement: sa.Select, index: Index, terms: Terms) -> tuple[sa.Select, sa.ColumnElement]:
    simple = sa.literal_column("'simple'")
    vector = reduce(
        sa.ColumnElement.concat,
        (
            sa.func.setweight(
                sa.func.to_tsvector(simple, sa.func.search_fold(index.table.c[column])),
                sa.literal_column(f"'{WEIGHT_LETTERS[position]}'"),
            )
            for position, column in enumerate(index.columns)
        ),
    )
    phrases = [sa.func.phraseto_tsquery(simple, " ".join(fold(word) for word in phrase)) for phrase in terms.phrases]
    query = reduce(lambda left, right: left.op("&&")(right), phrases)
    return statement.where(vector.op("@@")(query)), -sa.func.ts_rank(vector, query)
