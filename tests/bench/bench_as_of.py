"""Benchmark of figures as of a past day (make bench): the results report's figures (its JSON) and all of its data
(figures, item rows, backlog) as of a day a month back, beside the same as of today, at N generated items.

For each size the script builds a database (SQLite file, or BENCH_DATABASE_URL for PostgreSQL, which must exist and
be empty), loads the demo and `flask generate-load-data --items N` (items with their events), then measures each
case in its own child process, so "peak MB" (ru_maxrss) is that case's own. The clock is stopped (CLOCK_FROZEN_AT)
so every run computes the same figures.
Usage: python tests/bench/bench_as_of.py [--sizes 100000,1000000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.common import env, load  # noqa: E402 - after the path

PAST = "2026-10-23"  # a month back: most load data items had been transferred by then
CASES = [("json", "today"), ("json", "past"), ("data", "today"), ("data", "past")]


def child(what: str, when: str) -> None:
    """One measurement in this process (the app is created here, from DATABASE_URL)."""
    from datetime import date

    from app import clock, create_app
    from app.models import User
    from app.services.reporting import data as report_data
    from app.services.reporting.files import ReportRequest, generate

    app = create_app()
    with app.app_context():
        as_of = clock.today() if when == "today" else date.fromisoformat(PAST)
        user = User(username="bench", full_name="Bench", role="admin", active=True)
        session = report_data.get_session(None).id
        started = time.perf_counter()
        if what == "json":
            out = generate(user, ReportRequest(kind="results", format="json", session=session, as_of=as_of)).data
            size = len(out)
            figures = json.loads(out)
            rows = figures["transferred"]
        else:
            data = report_data.results(user, session, as_of)
            # The rows are read as a report lays them out (reporting/rows.py): read them all, as the PDF would.
            rows = sum(1 for _ in data.items) + sum(1 for _ in data.backlog)
            size = 0
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"what": what, "when": when, "seconds": round(seconds, 2), "peak_mb": round(peak),
                      "rows": rows, "bytes": size}))


def measure(url: str, what: str, when: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", what, when], check=True, capture_output=True,
                         text=True, cwd=ROOT, env=env(url))
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "WHEN"))
    parser.add_argument("--keep", default="", help="folder for the SQLite files (kept for a second run)")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    pg = os.environ.get("BENCH_DATABASE_URL")
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-as-of-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'items':>10} {'case':<28}{'seconds':>9}{'peak MB':>9}{'rows':>9}")
    for n in (int(x) for x in args.sizes.split(",") if x):
        url = pg or f"sqlite:///{folder / f'as-of-{n}.db'}"
        if pg or not (folder / f"as-of-{n}.db").exists():
            seconds = load(url, n)
            print(f"{n:>10} {'generate-load-data':<28}{seconds:>9.1f}", flush=True)
        results = {}
        for what, when in CASES:
            m = measure(url, what, when)
            results[(what, when)] = m
            label = f"{'JSON (figures)' if what == 'json' else 'report data'}, as of {when}"
            print(f"{n:>10} {label:<28}{m['seconds']:>9.2f}{m['peak_mb']:>9}{m['rows']:>9}", flush=True)
        for what in ("json", "data"):
            ratio = results[(what, "past")]["seconds"] / max(results[(what, "today")]["seconds"], 1e-9)
            print(f"{n:>10} {'  ratio past / today, ' + what:<28}{ratio:>9.2f}", flush=True)
        if pg:
            break  # one PostgreSQL database: one size per run


if __name__ == "__main__":
    main()
