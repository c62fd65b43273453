"""The event's lock is held only for what decides the seat.

Registration opening is the product's rush hour: every registration of an event queues behind
the same lock, so what runs under it sets the ceiling (issue: 8-12 ms per registration, half of
it composing the e-mail). Under the lock now: the lock itself, one read of the counts, the
registration's INSERT and its e-mail's INSERT; the duplicate check, the private link and the
whole confirmation (text and .ics) come before it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from planner.db import writers_in_turn
from planner.registration import capacity, editing
from planner.registration.models import OutboxMessage, Registration, Status
from tests.registration.helpers import open_event, participant


def _is_lock(statement: str) -> bool:
    return statement.startswith("BEGIN IMMEDIATE") or statement.rstrip().endswith("FOR UPDATE")


def test_under_the_lock_one_read_and_two_inserts(app, session):
    event = open_event(session, capacity=5, quotas={"ngo": 3})
    engine = app.extensions["planner.engine"]
    statements: list[str] = []

    def executed(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    def committed(conn):
        statements.append("COMMIT")

    sa.event.listen(engine, "before_cursor_execute", executed)
    sa.event.listen(engine, "commit", committed)
    try:
        with app.test_request_context():
            registration, _ = editing.register(session, event, participant(1))
    finally:
        sa.event.remove(engine, "before_cursor_execute", executed)
        sa.event.remove(engine, "commit", committed)
    assert registration.status == Status.CONFIRMED
    locked = statements[next(i for i, s in enumerate(statements) if _is_lock(s)) :]
    held = locked[: locked.index("COMMIT")]
    if held[0].startswith("BEGIN IMMEDIATE"):  # SQLite: the lock, then one read of settings and counts
        held = held[1:]
        assert len(held) == 3, held
        for part in ("registration_settings.capacity", "max(registration.position)", "category_quota"):
            assert part in held[0], held[0]
        assert sorted(s.split(" (")[0] for s in held[1:]) == ["INSERT INTO outbox_message", "INSERT INTO registration"]
    else:  # PostgreSQL: after the locked row, one statement reads the counts and writes both rows
        assert len(held) == 2, held
        assert held[0].startswith("SELECT registration_settings.")  # the locked settings row
        for part in ("max(registration.position)", "category_quota", "INSERT INTO registration", "INSERT INTO outbox"):
            assert part in held[1], held[1]
    mail = session.exec(select(OutboxMessage)).one()
    assert "confirmed" in mail.body and mail.attachments  # composed before, for the status decided after


def test_the_mail_says_the_status_decided_under_the_lock(app, session):
    event = open_event(session, capacity=1)
    with app.test_request_context():
        editing.register(session, event, participant(1))
        editing.register(session, event, participant(2))
    bodies = [m.body for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert "a seat is reserved for you" in bodies[0] and "waiting list" not in bodies[0]
    assert "waiting list" in bodies[1] and "a seat is reserved" not in bodies[1]


def test_a_rejected_address_registering_again_is_told_it_is_registered(app, session):
    """The live-address index also covers rejected rows: the check before the lock passes them,
    and the index refuses the INSERT under it; the participant gets the plain answer, not a 500."""
    event = open_event(session, capacity=5)
    with app.test_request_context():
        first, _ = editing.register(session, event, participant(1))
        editing.reject(session, "admin", event, first)
        with pytest.raises(editing.AlreadyRegistered):
            editing.register(session, event, participant(1))
    assert session.exec(select(sa.func.count()).select_from(Registration)).one() == 1


def test_the_same_address_at_the_same_moment_registers_once(app, session):
    """Eight submissions of one address released together: the check before the lock lets them
    all through, the index keeps one; the others are told they are registered, nothing else."""
    event = open_event(session, capacity=5)
    engine = app.extensions["planner.engine"]
    barrier, outcomes, lock = threading.Barrier(8), [], threading.Lock()

    def submit() -> None:
        with app.test_request_context(), Session(engine, expire_on_commit=False) as own:
            barrier.wait()
            try:
                editing.register(own, own.get(type(event), event.id), participant(1))
                outcome = "registered"
            except editing.AlreadyRegistered:
                outcome = "already"
            except Exception as error:  # anything else is the failure this test looks for
                outcome = repr(error)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["already"] * 7 + ["registered"]
    assert session.exec(select(sa.func.count()).select_from(Registration)).one() == 1
    assert session.exec(select(sa.func.count()).select_from(OutboxMessage)).one() == 1


def test_the_kept_ics_follows_every_change_of_the_event(app, session):
    """Confirmations reuse the event's .ics (planner.registration.ics keeps it by everything it
    is built from): after the event changes, the next confirmation carries the new one."""
    import base64

    event = open_event(session, capacity=5)
    with app.test_request_context():
        editing.register(session, event, participant(1))
        editing.register(session, event, participant(2))
        event.title = "Renamed briefing"
        event.updated_at = event.updated_at.replace(microsecond=(event.updated_at.microsecond + 1) % 1000000)
        session.add(event)
        session.commit()
        editing.register(session, event, participant(3))
    files = [
        base64.b64decode(m.attachments[0]["content"])
        for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id))
    ]
    assert files[0] == files[1] and b"Renamed briefing" not in files[0]
    assert b"SUMMARY:Renamed briefing" in files[2]


def _plan(session, statement: sa.Select, params: dict) -> str:
    """The database's own plan for `statement` (on PostgreSQL with sequential scans priced out,
    so the few rows of a test table do not hide which indexes could answer it)."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    values = {**compiled.params, **params}
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(compiled), tuple(values[name] for name in compiled.positiontup)
        )
        return "\n".join(row[3] for row in rows)
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    return "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + str(compiled), values))


def test_the_seat_counts_read_an_index_of_confirmed_entries_not_the_waiting_list(app, session):
    """Under the lock, the counts are answered from indexes: the confirmed entries of
    ix_registration_event_status_category (twice: in total and in the category) and the last
    position from the event's positions, so a long waiting list does not lengthen the lock (one
    pass over the event's rows read 500 of them per registration with 100 seats and 400 waiting)."""
    event = open_event(session, capacity=5)
    with app.test_request_context():
        for n in range(40):  # 5 confirmed, 35 waiting
            editing.register(session, event, participant(n))
    if session.connection().dialect.name == "postgresql":
        session.connection().exec_driver_sql("ANALYZE registration")
    plan = _plan(session, sa.select(capacity.seats_cte()), {"event_id": event.id, "category": "ngo"})
    assert "SCAN registration" not in plan and "Seq Scan on registration" not in plan, plan
    if session.connection().dialect.name == "sqlite":
        assert plan.count("USING COVERING INDEX ix_registration_event_status_category") == 2, plan
    else:  # PostgreSQL picks among the indexes on status by its statistics: confirmed entries either way
        assert (
            plan.count("Index Cond: ((status)::text = 'confirmed'::text)") == 2
            or plan.count("ix_registration_event_status_category") == 2
        ), plan


def test_on_sqlite_a_registration_waits_its_turn_on_the_writers_file_lock(app, session):
    """While the writers' lock is taken (planner.db.writers_in_turn), a registration on SQLite
    waits for it, without a row, and goes through the moment it is released; on PostgreSQL, whose
    row lock queues waiters itself, there is no such lock and it goes straight through."""
    event = open_event(session, capacity=5)
    engine = app.extensions["planner.engine"]
    sqlite = engine.dialect.name == "sqlite"
    done = threading.Event()

    def submit() -> None:
        with app.test_request_context(), Session(engine, expire_on_commit=False) as own:
            editing.register(own, own.get(type(event), event.id), participant(1))
        done.set()

    with writers_in_turn(session):
        thread = threading.Thread(target=submit)
        thread.start()
        finished_while_held = done.wait(timeout=1 if sqlite else 30)
        rows_while_held = session.exec(select(sa.func.count()).select_from(Registration)).one()
        session.rollback()
    thread.join(timeout=30)
    assert done.is_set()
    assert session.exec(select(sa.func.count()).select_from(Registration)).one() == 1
    assert (finished_while_held, rows_while_held) == ((False, 0) if sqlite else (True, 1))
    if sqlite:
        assert Path(engine.url.database + ".writers").exists()
