"""`make bench` / `python -m bench`: run every benchmark and print one table.

Each module's `run()` returns rows (benchmark, figure, target, ok, measured detail). Figures are
ratios or counts from one run, so they hold on a noisy machine; absolute times are given in the
last column for context only.
"""

import time

from bench import agenda, feeds, load, parser_corpus, registration

HEADER = (
    f"Benchmarks. Feeds: {feeds.SESSIONS:,} sessions, SQLite. Registration: "
    f"{registration.PARTICIPANTS} simultaneous POSTs for {registration.SEATS} seats, flask run and gunicorn "
    f"({registration.WORKERS} workers x gunicorn.conf.py's threads). "
    "Floors (bench/floor_app.py) run in the same run under "
    "the same gunicorn settings: a constant page, and one INSERT under the same kind of lock."
)


def main() -> None:
    started = time.monotonic()
    rows = [*feeds.run(), *agenda.run(), *registration.run(), *load.run(), *parser_corpus.run()]
    print(HEADER)
    widths = [max(len(str(row[i])) for row in [("benchmark", "figure", "target"), *rows]) for i in range(3)]
    print(f"{'benchmark':<{widths[0]}}  {'figure':<{widths[1]}}  {'target':<{widths[2]}}  ok   measured")
    for name, figure, target, ok, detail in rows:
        verdict = "-" if ok is None else "yes" if ok else "NO"
        print(f"{name:<{widths[0]}}  {figure:<{widths[1]}}  {target:<{widths[2]}}  {verdict:<3}  {detail}")
    print(f"({time.monotonic() - started:.0f} s in all)")


main()
