"""Benchmark of large reports' memory (make bench): peak RSS and seconds of the results report of the largest session
(PDF and Excel) and of the Excel export of a large filtered list (every item of the most frequent status), at 10,000
and 100,000 generated items, and the ratio of their peak memory (the goal of issue 15: at most 2).

Each case runs in its own child process, so "peak MB" (ru_maxrss) is that build's own; "idle app" is the same
child creating the app and finding the session without building anything (the floor under every case). The
reports are built as the web and the job process build them (`reporting.files.generate`: gather, then render), for
the command line's user (every item visible). The clock is stopped at the load data's day (CLOCK_FROZEN_AT).

Databases: `--db 10000=PATH` for an existing file (opened read-only: the shared /work/bench files stay untouched),
else `--folder DIR/items-N.db`, made once with `init-db`, `seed-demo`, `generate-load-data --items N` and kept.
Usage: python tests/bench/bench_report_memory.py [--sizes 10000,100000] [--folder instance/bench-report-memory]
       [--db 10000=/work/bench/pages-10000.db] [--cases results-pdf,results-xlsx,list-xlsx] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.common import env, load  # noqa: E402 - after the path

CASES = {"idle": "idle app (no report)", "results-pdf": "results report, PDF",
         "results-xlsx": "results report, Excel", "list-xlsx": "list export (one status), Excel"}


def read_only(path: Path) -> str:
    """A SQLite URL that cannot write to the file (SQLite's URI form, mode=ro)."""
    return f"sqlite:///file:{path.resolve()}?mode=ro&uri=true"


def child(case: str) -> None:
    """One measurement in this process: the app is created here, from DATABASE_URL."""
    from sqlalchemy import func, select

    from app import create_app
    from app.extensions import db
    from app.models import Petition, User
    from app.services.reporting.files import ReportRequest, generate

    app = create_app()
    with app.app_context():
        user = User(username="bench", full_name="Bench", role="admin", active=True)  # sees every item; never saved
        largest = db.session.execute(select(Petition.session_id, func.count()).where(Petition.session_id.is_not(None))
                                     .group_by(Petition.session_id).order_by(func.count().desc()).limit(1)).first()
        status = db.session.execute(select(Petition.status, func.count()).group_by(Petition.status)
                                    .order_by(func.count().desc()).limit(1)).first()
        requests = {
            "results-pdf": ReportRequest(kind="results", format="pdf", session=largest[0]),
            "results-xlsx": ReportRequest(kind="results", format="xlsx", session=largest[0]),
            "list-xlsx": ReportRequest(kind="list", format="xlsx", filters={"status": status[0]}),
        }
        started = time.perf_counter()
        rows = size = 0
        if case != "idle":
            report = generate(user, requests[case])
            rows, size = report.rows, len(report.data)
        seconds = time.perf_counter() - started
        db.session.rollback()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024), "rows": rows,
                      "kb": round(size / 1024), "status": status[0], "session_items": largest[1]}))


def measure(url: str, case: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", case], check=True, cwd=ROOT, env=env(url),
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def database(n: int, given: dict[int, str], folder: Path) -> str:
    if n in given:
        return read_only(Path(given[n]))
    path = folder / f"items-{n}.db"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        url = f"sqlite:///{part}"
        seconds = load(url, n)
        print(f"{n:>9,} items: generate-load-data {seconds:.1f} s", flush=True)
        part.rename(path)
    return read_only(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--folder", default=str(ROOT / "instance" / "bench-report-memory"),
                        help="where generated databases are kept (reused by the next run)")
    parser.add_argument("--db", action="append", default=[], help="N=PATH: an existing SQLite file for N items")
    parser.add_argument("--cases", default=",".join(c for c in CASES if c != "idle"))
    parser.add_argument("--json", default="", help="also write the figures to this file")
    parser.add_argument("--child", default="")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    given = {int(n): path for n, path in (item.split("=", 1) for item in args.db)}
    sizes = [int(x) for x in args.sizes.split(",") if x]
    cases = ["idle", *(c for c in args.cases.split(",") if c)]
    results: dict[tuple[int, str], dict] = {}
    print(f"{'items':>9} {'case':<42}{'rows':>8}{'seconds':>9}{'peak MB':>9}{'file KB':>9}", flush=True)
    for n in sizes:
        url = database(n, given, Path(args.folder))
        for case in cases:
            m = results[(n, case)] = measure(url, case)
            label = CASES[case] + (f" ({m['status']})" if case == "list-xlsx" else "")
            print(f"{n:>9,} {label:<42}{m['rows']:>8,}{m['seconds']:>9.2f}{m['peak_mb']:>9}{m['kb']:>9,}", flush=True)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        print(f"\n{large:,} / {small:,} items: peak memory (goal: at most 2); memory above the idle app; seconds; rows")
        idle_small, idle_large = results[(small, "idle")]["peak_mb"], results[(large, "idle")]["peak_mb"]
        for case in cases[1:]:
            a, b = results[(small, case)], results[(large, case)]
            above = (b["peak_mb"] - idle_large) / max(a["peak_mb"] - idle_small, 1)
            print(f"  {CASES[case]:<42}{b['peak_mb'] / a['peak_mb']:>6.2f}{above:>7.1f}x"
                  f"{b['seconds'] / max(a['seconds'], 0.01):>7.1f}x{b['rows'] / max(a['rows'], 1):>7.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps({f"{n}:{c}": m for (n, c), m in results.items()}, indent=1))


if __name__ == "__main__":
    main()
