"""Where a search's time goes (the figures behind docs/PERFORMANCE.md's search sections), on an existing database
of load data: for each typed text, the median over --runs list pages (as bench_search.py asks them: the first 50
rows, the count, whether capped) of the whole page and of each kind of SQL statement it sends (timed by an
SQLAlchemy event listener); on SQLite also the page with the word sets left out (FTS5 answering alone, as before
them), and FTS5's words statement alone, newest first (as the search asks it) and oldest first. The clock is stopped
as in the benchmarks; the database is only read.

Usage: python tests/bench/search_parts.py --database-url URL [--runs 15] [TEXT ...]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.common import NOW  # noqa: E402 - after the path

TEXTS = ("Trần Duy Hưng", "ngap ung", "nạo vét hồ Văn Chương", "de nghi")
# The kind of each statement a list page sends, by a fragment of its SQL (the first that matches).
KINDS = (("sets", ("search_word_set",)), ("search", ("walked", "petition_search_fts")), ("floor", ("pg_get_expr",)), ("completions", ("search_word",)),
         ("counts", ("search_term",)), ("count", ("count(*)",)), ("rows", ("FROM petition",)))


def _kind(statement: str) -> str:
    return next((kind for kind, marks in KINDS if any(m in statement for m in marks)), "other")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("texts", nargs="*")
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=args.database_url, CLOCK_FROZEN_AT=NOW, APP_ENV="development")
    os.environ.pop("TEST_DATABASE_URL", None)
    from sqlalchemy import event, func, select, text
    from werkzeug.datastructures import MultiDict

    from app import create_app
    from app.extensions import db
    from app.models import User
    from app.services.petitions.listing import PetitionFilters, petition_query
    from app.services.search import query as search

    app = create_app()
    with app.app_context():
        user = User(username="bench", full_name="Bench", role="office_leader", active=True)  # never saved
        times: dict[str, list[float]] = {}

        def started(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001 - SQLAlchemy's
            context.bench_started = time.perf_counter()

        def ended(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001 - signature
            times.setdefault(_kind(statement), []).append((time.perf_counter() - context.bench_started) * 1000)

        event.listen(db.engine, "before_cursor_execute", started)
        event.listen(db.engine, "after_cursor_execute", ended)
        def page_times(typed: str) -> list[float]:
            pages = []
            for _ in range(args.runs):
                search.forget()
                begun = time.perf_counter()
                query = petition_query(user, PetitionFilters.from_args(MultiDict({"q": typed})))
                db.session.scalars(query.limit(50)).all()
                db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
                search.capped(typed)
                pages.append((time.perf_counter() - begun) * 1000)
            return pages

        for typed in args.texts or TEXTS:
            times.clear()
            pages = page_times(typed)
            parts = ", ".join(f"{kind} {statistics.median(ms):.2f}" for kind, ms in times.items())
            print(f"{typed!r:28} page {statistics.median(pages):7.2f} ms   {parts}")
            if db.engine.dialect.name == "sqlite":
                with_sets, search._from_sets = search._from_sets, lambda *_args: None
                try:
                    print(f"{'':28} page without the word sets {statistics.median(page_times(typed)):7.2f} ms")
                finally:
                    search._from_sets = with_sets
                words = search.terms(typed)
                every, _phrase, _like = search._sqlite_queries(words, search.completions(words[-1]))
                for order in ("DESC", "ASC"):
                    statement = text("SELECT rowid FROM petition_search_fts WHERE petition_search_fts MATCH :q "
                                     f"ORDER BY rowid {order} LIMIT 501")  # noqa: S608 - one of two literals
                    ms = []
                    for _ in range(args.runs):
                        begun = time.perf_counter()
                        db.session.execute(statement, {"q": every}).all()
                        ms.append((time.perf_counter() - begun) * 1000)
                    print(f"{'':28} FTS5 {every} ORDER BY rowid {order}: {statistics.median(ms):.2f} ms")
        db.session.rollback()


if __name__ == "__main__":
    main()
