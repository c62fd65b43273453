"""The floor: a minimal Flask app that does the least a page or a registration can do.

`make bench` serves it under the same gunicorn settings as the planner (bench/server.py) and
reports the planner's figures as ratios to it, measured in the same run, so a figure says how
far the planner is from what this machine and this stack can do at all:
- `GET /constant`: a constant page (no database, no template, no session);
- `POST /insert`: one INSERT under the same kind of lock a registration takes
  (planner.registration.capacity): `BEGIN IMMEDIATE` on SQLite, `SELECT ... FOR UPDATE` of one
  row on PostgreSQL, then commit.
"""

from __future__ import annotations

import functools
import os

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import URL, make_url

from planner.db import make_engine

metadata = sa.MetaData()
floor_lock = sa.Table("floor_lock", metadata, sa.Column("id", sa.Integer, primary_key=True))
floor_row = sa.Table(
    "floor_row",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False),
)

app = Flask(__name__)


def create(url: URL) -> None:
    """The floor's two tables, made once by the benchmark before the server starts."""
    engine = make_engine(url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(floor_lock.insert().values(id=1))
    engine.dispose()


@functools.cache
def engine():
    """Each worker's engine, made after the fork (as the planner's is), like the planner's."""
    return make_engine(make_url(os.environ["DATABASE_URL"]))


@app.get("/constant")
def constant():
    return "<!doctype html><title>Floor</title><p>A constant page.</p>"


@app.post("/insert")
def insert():
    with engine().connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.execute(sa.select(floor_lock.c.id).where(floor_lock.c.id == 1).with_for_update())
        connection.execute(floor_row.insert().values(email="floor@example.org"))
        connection.commit()
    return "", 302, {"Location": "/constant"}
