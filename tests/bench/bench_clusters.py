"""Benchmark of the session duplicates page (/duplicates?session=, search.duplicates.session_clusters) on an existing
database of load data (make bench points it at the SQLite file bench_pages.py keeps): the session with the most
items being compiled, its first page of clusters: median time of --runs calls (after one warm-up) and the number of
SQL statements, which must not grow with the session (before issue 14's batching: two per item of the session).
The database is only read.

Usage: python tests/bench/bench_clusters.py --database-url URL [--database-url URL ...] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def measure(url: str, runs: int) -> str:
    from sqlalchemy import event, func, select

    from app import create_app
    from app.extensions import db
    from app.models import Petition, Session, User
    from app.services.search.duplicates import COMPILING, session_clusters
    from config import TestingConfig

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        session_id, compiling = db.session.execute(
            select(Petition.session_id, func.count()).where(Petition.status.in_(COMPILING))
            .group_by(Petition.session_id).order_by(func.count().desc()).limit(1)).one()
        session = db.session.get(Session, session_id)
        leader = db.session.scalar(select(User).where(User.role == "office_leader").limit(1))
        statements: list[int] = []
        event.listen(db.engine, "before_cursor_execute", lambda *_args: statements.append(1))
        times, found = [], None
        for run in range(runs + 1):
            db.session.expire_all()
            statements.clear()
            started = time.perf_counter()
            found = session_clusters(session, leader)
            if run:  # the first is a warm-up
                times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
        items = db.session.scalar(select(func.max(Petition.id)))
        # Before the batching the function returned every cluster of the session (a list): kept readable for a
        # before/after run of this script against the older code.
        clusters, shown = (found.clusters, f"page 1 ({len(found.items.items)} items)") if hasattr(found, "clusters") \
            else (found, "every item")
        return (f"{url.split(':')[0]}, last item id {items:,}: session {session.name} with {compiling:,} items being "
                f"compiled, {shown}: median {statistics.median(times):.0f} ms, {len(statements)} statements, "
                f"{len(clusters)} clusters")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", action="append", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for url in args.database_url:
        print(measure(url, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
