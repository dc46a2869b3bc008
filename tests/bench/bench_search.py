"""Benchmark of the search box and the duplicate finder (make bench) at N generated items: median and p95 of the
list page's query (first 50 rows and the count) for typed searches, and of `duplicate_candidates` for open items,
with the query plan showing the full-text index (FTS5 on SQLite, the GIN index on PostgreSQL).

For each size the script builds a database (SQLite file, or BENCH_DATABASE_URL for PostgreSQL, which must exist and
be empty; one size per run then), loads the demo and `flask generate-load-data --items N` (which indexes as it
inserts), then measures in a child process.
Usage: python tests/bench/bench_search.py [--sizes 10000,1000000] [--keep DIR] [--runs 20]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
NOW = "2026-11-23T07:30"
# A selective search (a street), a topical one (a phrase of one of the load data's 80 texts), one without
# diacritics, and an item code.
QUERIES = ("Trần Duy Hưng", "ngap ung", "nạo vét hồ Văn Chương", "item code")  # the code: the last item's


def env(url: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "CLOCK_FROZEN_AT": NOW, "APP_ENV": "development"}


def flask(url: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "run", *args], check=True, cwd=ROOT, env=env(url),
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _timed(call, runs: int) -> tuple[float, float]:
    for _ in range(3):
        call()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def child(runs: int) -> None:
    from sqlalchemy import func, select, text
    from werkzeug.datastructures import MultiDict

    from app import create_app
    from app.extensions import db
    from app.models import Petition, User
    from app.services.petitions.listing import PetitionFilters, petition_query
    from app.services.search.duplicates import duplicate_candidates

    app = create_app()
    out = {"search": {}, "duplicates": {}, "plan": ""}
    with app.app_context():
        user = User(username="bench", full_name="Bench", role="office_leader", active=True)
        last_code = db.session.scalar(select(Petition.code).order_by(Petition.id.desc()).limit(1))
        for name in QUERIES:
            q = last_code if name == "item code" else name
            query = petition_query(user, PetitionFilters.from_args(MultiDict({"q": q})))

            def page(query=query):
                rows = db.session.scalars(query.limit(50)).all()
                total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
                return rows, total

            median, p95 = _timed(page, runs)
            out["search"][name] = {"median_ms": round(median, 2), "p95_ms": round(p95, 2), "matches": page()[1]}
        compiled = petition_query(user, PetitionFilters.from_args(MultiDict({"q": "ngap ung"}))).limit(50) \
            .compile(db.engine, compile_kwargs={"literal_binds": True})
        if db.engine.dialect.name == "postgresql":
            out["plan"] = "\n".join(db.session.scalars(text(f"EXPLAIN {compiled}")))
        else:
            out["plan"] = "\n".join(str(r[-1]) for r in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        items = list(db.session.scalars(select(Petition).where(Petition.status.in_(("recorded", "classified")))
                                        .order_by(Petition.id).limit(runs)))
        cursor = iter(items * 10)
        median, p95 = _timed(lambda: duplicate_candidates(next(cursor)), runs)
        out["duplicates"] = {"median_ms": round(median, 2), "p95_ms": round(p95, 2)}
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--keep", default="", help="folder for the SQLite files (kept for a second run)")
    args = parser.parse_args()
    if args.child:
        child(args.runs)
        return
    pg = os.environ.get("BENCH_DATABASE_URL")
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-search-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for n in (int(x) for x in args.sizes.split(",") if x):
        url = pg or f"sqlite:///{folder / f'search-{n}.db'}"
        if pg or not (folder / f"search-{n}.db").exists():
            flask(url, "init-db")
            flask(url, "seed-demo")
            seconds = flask(url, "generate-load-data", "--items", str(n))
            print(f"{n:>9} items generated and indexed in {seconds:.1f} s", flush=True)
        done = subprocess.run([sys.executable, __file__, "--child", "--runs", str(args.runs)], check=True,
                              capture_output=True, text=True, cwd=ROOT, env=env(url))
        m = json.loads(done.stdout.strip().splitlines()[-1])
        results[n] = m
        for q, r in m["search"].items():
            print(f"{n:>9} search {q!r:<28} median {r['median_ms']:>8.2f} ms  p95 {r['p95_ms']:>8.2f} ms"
                  f"  ({r['matches']} matches)", flush=True)
        d = m["duplicates"]
        print(f"{n:>9} duplicate suggestions{'':<17} median {d['median_ms']:>8.2f} ms  p95 {d['p95_ms']:>8.2f} ms")
        print("query plan ('ngap ung'):\n  " + m["plan"].replace("\n", "\n  "), flush=True)
        if pg:
            break
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = results[sizes[0]], results[sizes[-1]]
        for q in QUERIES:
            ratio = large["search"][q]["median_ms"] / max(small["search"][q]["median_ms"], 1e-6)
            print(f"ratio {sizes[-1]} / {sizes[0]}, search {q!r}: {ratio:.1f}")
        ratio = large["duplicates"]["median_ms"] / max(small["duplicates"]["median_ms"], 1e-6)
        print(f"ratio {sizes[-1]} / {sizes[0]}, duplicate suggestions: {ratio:.1f}")


if __name__ == "__main__":
    main()
