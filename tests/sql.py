"""Counting the SQL statements a request runs: the query budgets (the agenda page, feeds, the
page cache) are asserted with it, and `make bench` prints them (bench/agenda.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def statements_of(app) -> Iterator[list[str]]:
    """The statements the app's engine runs inside the block, in order."""
    engine = app.extensions["planner.engine"]
    statements: list[str] = []

    def executed(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", executed)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", executed)


def counted_get(app, client, url: str, **kwargs):
    """(the response to GET `url`, the number of SQL statements serving it took)."""
    with statements_of(app) as statements:
        response = client.get(url, **kwargs)
    return response, len(statements)
