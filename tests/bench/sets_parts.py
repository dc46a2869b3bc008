"""What the word sets (search/sets.py) answer for and what they cost a write, on an existing SQLite database of load
data with its sets built (the figures behind docs/PERFORMANCE.md, "Word sets on SQLite"):
- FTS5 asked for words together with a rowid bound above every row, against one word so bounded: a bound does not
  stop FTS5 stepping through the lists of words asked together;
- an item's index row rewritten after its whole content changed (median of --runs items), and 2,000 items rewritten
  at once, with the sets and with them dropped, in one transaction rolled back: the database is left as it was.

Usage: python tests/bench/sets_parts.py --database-url sqlite:///PATH [--runs 40]
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

CONTENTS = ("Đề nghị sửa đường Trần Duy Hưng, mưa ngập úng.", "Cử tri phản ánh chợ tạm lấn chiếm vỉa hè.")


def _ms(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=args.database_url, CLOCK_FROZEN_AT=NOW, APP_ENV="development")
    os.environ.pop("TEST_DATABASE_URL", None)
    from sqlalchemy import func, select, text, update

    from app import create_app
    from app.extensions import db
    from app.models import Petition, PetitionSearch
    from app.services.search import index, sets

    app = create_app()
    with app.app_context():
        conn = db.session.connection()
        top = conn.scalar(select(func.max(PetitionSearch.petition_id)))
        bounded = text("SELECT rowid FROM petition_search_fts WHERE petition_search_fts MATCH :q AND rowid > :n "
                       "ORDER BY rowid DESC LIMIT 501")
        for q in ('"tran"', '"tran" AND "duy"', '"tran" AND "duy" AND "hung"'):
            ms = _ms(lambda q=q: conn.execute(bounded, {"q": q, "n": top}).all(), args.runs)
            print(f"FTS5 {q} AND rowid > {top} (no row above it): {ms:.2f} ms")
        ids = list(db.session.scalars(select(Petition.id).order_by(Petition.id.desc()).limit(2000)))
        for label in ("with the sets", "sets dropped"):
            if label == "sets dropped":
                sets.drop()
            times = []
            for k, pid in enumerate(ids[:args.runs]):
                db.session.execute(update(Petition).where(Petition.id == pid).values(content=CONTENTS[k % 2]))
                started = time.perf_counter()
                index.refresh([pid])
                times.append((time.perf_counter() - started) * 1000)
            db.session.execute(update(Petition).where(Petition.id.in_(ids)).values(content=CONTENTS[0]))
            started = time.perf_counter()
            index.refresh(ids)
            many = (time.perf_counter() - started) * 1000
            print(f"{label}: an item's row rewritten, median of {args.runs}: {statistics.median(times):.2f} ms; "
                  f"2,000 items' rows: {many:.0f} ms")
        db.session.rollback()


if __name__ == "__main__":
    main()
