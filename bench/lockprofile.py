"""Where the registration lock's hold goes, in-process and single-threaded (not part of `make bench`).

    PYTHONPATH=. .venv/bin/python -m bench.lockprofile [N] [--profile]

Registers N participants (default 300) for a 100-seat event, one after the other, through
`planner.registration.editing.register` on a fresh SQLite file and on a fresh PostgreSQL
database (bench/postgres.py), and times, per registration, with SQLAlchemy events:
- hold: from the moment the locking statement returns (as bench/locktimes.py counts it) until
  the COMMIT is issued, and until the COMMIT has returned;
- the driver's time for each statement run in that window, and for the COMMIT itself;
- the rest (hold minus driver time): Python, SQLAlchemy and the planner's own work under the lock.
Single-threaded, so nobody waits for the lock: the figures are the work done while holding it,
and less sensitive to a busy machine than a burst. `--profile` adds a cProfile of the windows.
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlmodel import Session

from bench import postgres
from planner import create_app, migrate
from planner.registration import editing
from planner.registration.sample import create_sample_event


def _is_lock(statement: str) -> bool:
    return statement.startswith("BEGIN IMMEDIATE") or statement.rstrip().endswith("FOR UPDATE")


class Probe:
    """Engine and session events that time one registration's hold, statement by statement."""

    def __init__(self, profile: bool):
        self.profiler = cProfile.Profile() if profile else None
        self.start = None
        self.statement_start = self.last = self.gap = 0
        self.current: dict = {}
        self.runs: list[dict] = []
        self.not_cached: dict[str, int] = {}  # statements under the hold not served from the cache

    def before(self, conn, cursor, statement, parameters, context, executemany):
        self.statement_start = time.perf_counter_ns()
        self.gap = self.statement_start - self.last if self.start is not None else 0

    def after(self, conn, cursor, statement, parameters, context, executemany):
        now = time.perf_counter_ns()
        if _is_lock(statement):
            self.start = now
            self.current = {"lock_driver": now - self.statement_start, "statements": []}
            if self.profiler:
                self.profiler.enable()
        elif self.start is not None:
            kind = " ".join(statement.split()[:3])[:40]
            self.current["statements"].append((kind, now - self.statement_start, self.gap))
            if getattr(context, "cache_hit", None) is not None and context.cache_hit.name != "CACHE_HIT":
                key = f"{kind} ({context.cache_hit.name})"
                self.not_cached[key] = self.not_cached.get(key, 0) + 1
        self.last = now

    def commit(self, conn):
        if self.start is not None:
            self.current["commit_issued"] = time.perf_counter_ns()
            self.current["commit_gap"] = self.current["commit_issued"] - self.last

    def after_commit(self, session):
        if self.start is not None and "commit_issued" in self.current:
            now = time.perf_counter_ns()
            if self.profiler:
                self.profiler.disable()
            run = self.current
            run["hold"] = run["commit_issued"] - self.start
            run["commit_driver"] = now - run["commit_issued"]
            run["hold_to_committed"] = now - self.start
            self.runs.append(run)
            self.start = None

    def install(self, engine):
        sa.event.listen(engine, "before_cursor_execute", self.before)
        sa.event.listen(engine, "after_cursor_execute", self.after)
        sa.event.listen(engine, "commit", self.commit)
        sa.event.listen(Session, "after_commit", self.after_commit)

    def remove(self, engine):
        sa.event.remove(engine, "before_cursor_execute", self.before)
        sa.event.remove(engine, "after_cursor_execute", self.after)
        sa.event.remove(engine, "commit", self.commit)
        sa.event.remove(Session, "after_commit", self.after_commit)


def measure(url: URL, n: int, profile: bool) -> Probe:
    migrate.upgrade(url)
    secret = "bench-secret-key-not-for-production"
    app = create_app({"TESTING": True, "SECRET_KEY": secret, "DATABASE_URL": url, "PUBLIC_HOST": "localhost"})
    engine = app.extensions["planner.engine"]
    with Session(engine, expire_on_commit=False) as session:
        event, _ = create_sample_event(session, "lock-profile", 100, date.today())
    probe = Probe(profile)
    probe.install(engine)
    try:
        with app.test_request_context(), Session(engine, expire_on_commit=False) as session:
            for i in range(n):
                participant = editing.Participant(
                    honorific="Ms",
                    given_name=f"Given{i}",
                    family_name=f"Family{i}",
                    email=f"p{i}@example.org",
                    organisation="Org",
                    function="Officer",
                    country="KE",
                    category="ngo",
                    represents=None,
                    accessibility_needs="",
                )
                editing.register(session, session.get(type(event), event.id), participant)
    finally:
        probe.remove(engine)
        engine.dispose()
    return probe


def report(name: str, probe: Probe) -> None:
    runs = probe.runs[20:]  # the first ones warm caches (compiled statements, the .ics)

    def med(values) -> str:
        return f"{statistics.median(values) / 1e6:.3f}"

    holds = [r["hold"] for r in runs]
    print(f"\n{name}: {len(runs)} registrations (after 20 warm-up), medians in ms")
    p95 = sorted(holds)[int(len(holds) * 0.95)] / 1e6
    print(f"  hold (lock returned -> COMMIT issued)  {med(holds)}   p95 {p95:.3f}")
    print(f"  hold to COMMIT returned               {med([r['hold_to_committed'] for r in runs])}")
    print(f"  COMMIT (driver)                       {med([r['commit_driver'] for r in runs])}")
    print(f"  lock statement (driver, before hold)  {med([r['lock_driver'] for r in runs])}")
    kinds: dict[str, list[tuple[int, int]]] = {}
    for r in runs:
        for kind, ns, gap in r["statements"]:
            kinds.setdefault(kind, []).append((gap, ns))
    driver = [sum(ns for _, ns, _ in r["statements"]) for r in runs]
    for kind, values in kinds.items():
        print(
            f"  {kind:<40} Python before it {med([g for g, _ in values])}, driver {med([n for _, n in values])}"
            f"  ({len(values) / len(runs):.1f} per registration)"
        )
    print(f"  not from the compiled cache (times, of {len(probe.runs)}): {probe.not_cached or 'none'}")
    print(f"  Python after the last statement, to COMMIT issued   {med([r['commit_gap'] for r in runs])}")
    print(f"  driver time under the hold, total     {med(driver)}")
    print(f"  Python/SQLAlchemy under the hold      {med([r['hold'] - d for r, d in zip(runs, driver, strict=True)])}")
    if probe.profiler:
        stats = pstats.Stats(probe.profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 300
    profile = "--profile" in sys.argv
    only = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")), None)
    if only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            report("SQLite", measure(make_url(f"sqlite:///{Path(folder) / 'lock.db'}"), n, profile))
    if only in (None, "postgresql"):
        with postgres.server() as (base, reason):
            if base is None:
                print(f"PostgreSQL skipped: {reason}")
                return
            with postgres.fresh_database(base) as url:
                report("PostgreSQL", measure(url, n, profile))


if __name__ == "__main__":
    main()
