"""Benchmark of the results report as of a past day (make bench): the report itself (its PDF, every section and the
full appendix, as the web and the job process build it) and its JSON (`flask report results --format json`), as of a
day a month back and as of today, seconds and peak memory, at N generated items, on SQLite and PostgreSQL.

For each size and database the script takes a database with the demo and `flask generate-load-data --items N`
(items with their events): a SQLite file in --keep DIR (made once, kept), a PostgreSQL database kn_bench_as_of_N
(made once with --keep, else made again; VACUUM ANALYZE either way: the project's server runs without autovacuum).
Each case runs in its own child process, so its "peak MB" (ru_maxrss) is that build's own; "idle app" is the same
child creating the app and choosing the session without building anything (the floor under every case: ReportLab,
openpyxl, ICU, SQLAlchemy). The clock is stopped (CLOCK_FROZEN_AT) so every run computes the same figures; the report
is that of the session with the most items, for a reader who sees every item.
Usage: python tests/bench/bench_as_of.py [--sizes 100000,1000000] [--database sqlite|postgresql|both]
       [--keep DIR] [--cases idle,json,pdf] [--json FILE]
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
from tests.bench.common import NOW, env, load  # noqa: E402 - after the path

PAST = "2026-10-23"  # a month before the stopped clock: most load data items had been transferred by then
PG_PREFIX = "kn_bench_as_of"
LABELS = {"idle": "idle app (no report)", "json": "results JSON", "pdf": "results report, PDF"}


def child(what: str, when: str) -> None:
    """One measurement in this process (the app is created here, from DATABASE_URL)."""
    from datetime import date

    from sqlalchemy import func, select

    from app import clock, create_app
    from app.extensions import db
    from app.models import Petition, User
    from app.services.reporting.files import ReportRequest, generate

    app = create_app()
    with app.app_context():
        as_of = clock.today() if when == "today" else date.fromisoformat(PAST)
        user = User(username="bench", full_name="Bench", role="admin", active=True)  # sees every item; never saved
        # The session with the most items (as the memory benchmark takes it): the longest report.
        session = db.session.execute(select(Petition.session_id).where(Petition.session_id.is_not(None))
                                     .group_by(Petition.session_id).order_by(func.count().desc()).limit(1)).scalar()
        started, cpu = time.perf_counter(), time.process_time()
        rows = size = 0
        if what != "idle":
            report = generate(user, ReportRequest(kind="results", format=what, session=session, as_of=as_of))
            rows, size = report.rows, len(report.data)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        db.session.rollback()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    # This process's CPU seconds (on SQLite the query's too; PostgreSQL's server works apart) and the machine's load
    # average: on a shared machine the wall-clock seconds say as much about the neighbours as about the report.
    print(json.dumps({"what": what, "when": when, "seconds": round(seconds, 2), "peak_mb": round(peak),
                      "rows": rows, "kb": round(size / 1024), "cpu_seconds": round(cpu, 2),
                      "load": round(os.getloadavg()[0], 1)}))


def measure(url: str, what: str, when: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", what, when], check=True, capture_output=True,
                         text=True, cwd=ROOT, env=env(url))
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pg_url(name: str) -> str:
    from scripts import pg_test_db

    return pg_test_db.ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1) + f"/{name}"


def _pg_holds_items(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3) as conn:
            return bool(conn.execute("SELECT count(*) FROM petition").fetchone()[0])
    except psycopg.Error:
        return False


def _analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def database(kind: str, n: int, folder: Path, keep: bool) -> tuple[str, float | None]:
    """The URL of a database with the demo and n load data items, and the seconds its load data took (None: kept)."""
    if kind == "postgresql":
        from scripts import pg_test_db

        url = _pg_url(f"{PG_PREFIX}_{n}")
        seconds = None
        if not (keep and _pg_holds_items(url)):
            url = pg_test_db.create(f"{PG_PREFIX}_{n}")
            seconds = load(url, n)
        _analyze(url)
        return url, seconds
    path = folder / f"as-of-{n}.db"
    url = f"sqlite:///{path}"
    if keep and path.exists():
        return url, None
    path.unlink(missing_ok=True)
    return url, load(url, n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--keep", default="", help="folder for the SQLite files; with it PostgreSQL's are kept too")
    parser.add_argument("--cases", default="idle,json,pdf")
    parser.add_argument("--json", default="", help="also write the measurements to this file")
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "WHEN"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-as-of-")).resolve()  # Flask-SQLAlchemy would read a
    # relative SQLite path as relative to the instance folder
    folder.mkdir(parents=True, exist_ok=True)
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    cases = [c for c in args.cases.split(",") if c]
    print(f"clock stopped at {NOW}; past day {PAST}")
    print(f"{'database':<11}{'items':>10} {'case':<36}{'seconds':>9}{'peak MB':>9}{'rows':>9}{'KB':>8}")
    measured = []
    for n in (int(x) for x in args.sizes.split(",") if x):
        for kind in kinds:
            url, seconds = database(kind, n, folder, bool(args.keep))
            if seconds is not None:
                print(f"{kind:<11}{n:>10} {'generate-load-data':<36}{seconds:>9.1f}", flush=True)
            for what in cases:
                for when in (("today",) if what == "idle" else ("today", "past")):
                    m = measure(url, what, when)
                    measured.append({"database": kind, "items": n, **m})
                    label = LABELS[what] + ("" if what == "idle" else f", as of {when if when == 'today' else PAST}")
                    print(f"{kind:<11}{n:>10} {label:<36}{m['seconds']:>9.2f}{m['peak_mb']:>9}{m['rows']:>9}"
                          f"{m['kb']:>8}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(measured, indent=1))


if __name__ == "__main__":
    main()
