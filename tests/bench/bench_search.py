"""Benchmark of the search box and the duplicate finder (make bench) at N generated items, on SQLite and
PostgreSQL: median and p95 of the list page's queries (first 50 rows, the count, and whether the search was capped)
for typed searches, and of `duplicate_candidates` for open items, with the query plans showing the indexes (FTS5
and the word sets' key on SQLite, the GIN index on PostgreSQL).

For each database and size the script builds a database (a SQLite file; on PostgreSQL a database of its own on the
server of PG_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres, dropped afterwards unless --keep),
loads the demo and `flask generate-load-data --items N` (which indexes as it inserts and counts the index's words),
runs VACUUM ANALYZE on PostgreSQL (the project's server runs without autovacuum), then measures in a child process.
With --keep, SQLite files and PostgreSQL databases are kept and reused by the next run (only measured again).
Usage: python tests/bench/bench_search.py [--database sqlite|postgresql|both] [--sizes 10000,1000000]
       [--keep DIR] [--runs 20] [--rounds 3] [--json FILE]
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
from tests.bench.common import env, load  # noqa: E402 - after the path

# A selective search (a street), a topical one (a phrase of one of the load data's 80 texts), one without
# diacritics, and an item code.
QUERIES = ("Trần Duy Hưng", "ngap ung", "nạo vét hồ Văn Chương", "item code")  # the code: the last item's
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "kn_bench_search")


def _stats(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def _timed(call, runs: int) -> list[float]:
    for _ in range(3):
        call()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _plan(statement) -> str:
    from sqlalchemy import text

    from app.extensions import db

    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "postgresql":
        return "\n".join(db.session.scalars(text(f"EXPLAIN (ANALYZE, COSTS OFF) {compiled}")))
    return "\n".join(str(r[-1]) for r in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))


def child(runs: int) -> None:
    from sqlalchemy import func, select
    from werkzeug.datastructures import MultiDict

    from app import create_app
    from app.extensions import db
    from app.models import Petition, SearchWordSet, User
    from app.services.petitions.listing import PetitionFilters, petition_query
    from app.services.search import query as search
    from app.services.search.duplicates import candidate_query, distinctive_words, duplicate_candidates

    app = create_app()
    out = {"search": {}, "duplicates": {}, "plan": "", "duplicate_plan": ""}
    with app.app_context():
        user = User(username="bench", full_name="Bench", role="office_leader", active=True)
        last_code = db.session.scalar(select(Petition.code).order_by(Petition.id.desc()).limit(1))
        for name in QUERIES:
            q = last_code if name == "item code" else name
            def page(q=q):  # what a list page asks in one request: its rows, the count, whether it was capped
                search.forget()  # each request searches afresh (PostgreSQL keeps a search for its request)
                query = petition_query(user, PetitionFilters.from_args(MultiDict({"q": q})))
                rows = db.session.scalars(query.limit(50)).all()
                total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
                return rows, total, search.capped(q)

            times = _timed(page, runs)
            _rows, total, capped = page()
            out["search"][name] = {"times": times, "matches": total, "capped": capped}
        postgres = db.engine.dialect.name == "postgresql"
        asked = search.terms("ngap ung")  # the statement as a search runs it: the last word as the words it begins
        out["plan"] = _plan(search.search_statement(asked, search.WINDOW, postgres, search.completions(asked[-1])))
        if not postgres:  # then the list's rows: what the search found, joined to the items by their key
            out["plan"] += "\n-- the list:\n" + _plan(
                petition_query(user, PetitionFilters.from_args(MultiDict({"q": "ngap ung"}))).limit(50))
            # Words each common and seldom together ("Trần Duy Hưng") are intersected from their sets, read by key.
            out["plan"] += "\n-- the word sets of 'Trần Duy Hưng':\n" + _plan(
                select(SearchWordSet.word, SearchWordSet.members).where(
                    SearchWordSet.word.in_(search.terms("Trần Duy Hưng"))))
        items = list(db.session.scalars(select(Petition).where(Petition.status.in_(("recorded", "classified")))
                                        .order_by(Petition.id.desc()).limit(runs)))
        cursor = iter(items * 10)
        times = _timed(lambda: duplicate_candidates(next(cursor)), runs)
        found = [len(duplicate_candidates(item)) for item in items]
        out["duplicates"] = {"times": times,
                             "mean_suggested": round(sum(found) / max(len(found), 1), 1),
                             "words": " ".join(distinctive_words(items[0]))}
        out["duplicate_plan"] = _plan(candidate_query(items[0]))
    print(json.dumps(out))


def _merge(into: dict, m: dict) -> None:
    """Add one child's measurements to a size's (times pooled over the rounds; medians and p95 recomputed)."""
    for name, r in m["search"].items():
        kept = into.setdefault("search", {}).setdefault(name, {"times": []})
        kept["times"] += r["times"]
        kept.update(matches=r["matches"], capped=r["capped"])
        kept["median_ms"], kept["p95_ms"] = (round(x, 2) for x in _stats(kept["times"]))
    d = into.setdefault("duplicates", {"times": []})
    d["times"] += m["duplicates"]["times"]
    d.update({k: v for k, v in m["duplicates"].items() if k != "times"})
    d["median_ms"], d["p95_ms"] = (round(x, 2) for x in _stats(d["times"]))
    into["plan"], into["duplicate_plan"] = m["plan"], m["duplicate_plan"]


def _pg_holds_items(name: str) -> bool:
    """Whether the kept PostgreSQL database `name` exists with generated items (and their word counts)."""
    import psycopg

    from scripts import pg_test_db

    base = pg_test_db.ADMIN_URL.rsplit("/", 1)[0]
    try:
        with psycopg.connect(f"{base}/{name}", connect_timeout=3) as conn:
            return bool(conn.execute("SELECT count(*) FROM search_term").fetchone()[0])
    except psycopg.Error:
        return False


def _prepare(database: str, n: int, folder: Path, keep: bool) -> tuple[str, float | None]:
    """The URL of a database holding the demo and n generated items, and the seconds generating took (None when
    a kept SQLite file was reused)."""
    if database == "postgresql":
        import psycopg

        from scripts import pg_test_db

        name = f"{PG_PREFIX}_{n}"
        if keep and _pg_holds_items(name):
            url = pg_test_db.ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
            with psycopg.connect(f"{url}/{name}".replace("postgresql+psycopg://", "postgresql://"),
                                 autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
            return f"{url}/{name}", None
        url = pg_test_db.create(name)
    else:
        path = folder / f"search-{n}.db"
        url = f"sqlite:///{path}"
        if keep and path.exists():
            return url, None
        path.unlink(missing_ok=True)
    seconds = load(url, n)
    if database == "postgresql":
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    return url, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the sizes taking turns")
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--keep", default="", help="folder for the SQLite files (reused by a second run); "
                                                   "PostgreSQL databases are kept and reused too")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    args = parser.parse_args()
    if args.child:
        child(args.runs)
        return
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-search-"))
    folder.mkdir(parents=True, exist_ok=True)
    databases = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    sizes = [int(x) for x in args.sizes.split(",") if x]
    results: dict[str, dict[int, dict]] = {}
    for database in databases:
        urls = {}
        for n in sizes:
            urls[n], seconds = _prepare(database, n, folder, bool(args.keep))
            if seconds is not None:
                print(f"{database:<10} {n:>9} items generated and indexed in {seconds:.1f} s", flush=True)
            results.setdefault(database, {})[n] = {"generate_s": seconds}
        # The sizes take turns, round after round, so a burst of load on this shared machine falls on all of them.
        for _round in range(args.rounds):
            for n in sizes:
                done = subprocess.run([sys.executable, __file__, "--child", "--runs", str(args.runs)], check=True,
                                      capture_output=True, text=True, cwd=ROOT, env=env(urls[n]))
                _merge(results[database][n], json.loads(done.stdout.strip().splitlines()[-1]))
        for n in sizes:
            m = results[database][n]
            for q, r in m["search"].items():
                print(f"{database:<10} {n:>9} search {q!r:<28} median {r['median_ms']:>8.2f} ms  p95 "
                      f"{r['p95_ms']:>8.2f} ms  ({r['matches']} matches{', capped' if r['capped'] else ''})", flush=True)
            d = m["duplicates"]
            print(f"{database:<10} {n:>9} duplicate suggestions{'':<17} median {d['median_ms']:>8.2f} ms  p95 "
                  f"{d['p95_ms']:>8.2f} ms  ({d['mean_suggested']} suggested per item; words: {d['words']})")
            print("query plan, search 'ngap ung':\n  " + m["plan"].replace("\n", "\n  "), flush=True)
            print("query plan, duplicate candidates:\n  " + m["duplicate_plan"].replace("\n", "\n  "), flush=True)
        if database == "postgresql" and not args.keep:
            from scripts import pg_test_db

            for n in sizes:
                pg_test_db.drop(f"{PG_PREFIX}_{n}")
        done_sizes = sorted(results.get(database, {}))
        if len(done_sizes) > 1:
            small, large = results[database][done_sizes[0]], results[database][done_sizes[-1]]
            for q in QUERIES:
                ratio = large["search"][q]["median_ms"] / max(small["search"][q]["median_ms"], 1e-6)
                print(f"{database} ratio {done_sizes[-1]} / {done_sizes[0]}, search {q!r}: {ratio:.1f}")
            ratio = large["duplicates"]["median_ms"] / max(small["duplicates"]["median_ms"], 1e-6)
            print(f"{database} ratio {done_sizes[-1]} / {done_sizes[0]}, duplicate suggestions: {ratio:.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
