"""Benchmark: the reminder run over the demo, and its cost against the size of the table (make bench).

Part 1 times `flask reminders run` over the demo data (first and repeated run).
Part 2 shows that the run's cost follows the open and overdue items, not the table: two databases hold the same
open work (the demo plus --open generated open items, about a quarter of those with the agencies overdue); the
second also holds --settled settled items (closed, merged, set aside ...: 990,000 by default, a table of a
million). Both get a first run (every notice of the backlog is queued) and repeated runs (the daily case), and the
script prints the ratio large / small of each, measured in the same run.

    python tests/bench/bench_reminders.py [--open 10000] [--settled 990000] [--repeat 3]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/kn_bench_rem  (an empty database: part 2 makes
    <name>_small and <name>_large beside it on the same server, dropped at the end)
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLASK = [str(Path(sys.executable).with_name("flask")), "--app", "run"]
CLOCK = os.environ.get("BENCH_CLOCK", "2026-11-23T07:30")  # a stopped clock: the figures repeat


def flask(env: dict, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def in_job(output: str) -> tuple[int, float]:
    """(notices queued, milliseconds in the job) from the command's summary line."""
    match = re.search(r"xếp hàng (\d+).*?, (\d+) ms", output)
    if not match:
        raise SystemExit(f"unexpected output of `flask reminders run`:\n{output}")
    return int(match.group(1)), float(match.group(2))


def environment(url: str, tmp: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "INSTANCE_PATH": tmp, "SECRET_KEY": "bench", "CLOCK_FROZEN_AT": CLOCK,
            "APP_ENV": "development"}


def overdue_count(url: str) -> tuple[int, int, int]:
    """(items, open items, overdue items) as the reminder run sees them today."""
    from sqlalchemy import func, select

    from app import clock, create_app
    from app.extensions import db
    from app.models import Petition
    from app.services.deadlines import flags
    from config import Config
    from workflows.petition import OPEN_STATES

    app = create_app(Config, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        clock.set_now(CLOCK)
        count = lambda *where: db.session.scalar(select(func.count()).select_from(Petition).where(*where))  # noqa: E731
        figures = (count(), count(Petition.status.in_(OPEN_STATES)), count(flags.overdue_clause(clock.today())))
        db.session.remove()
        db.engine.dispose()
    return figures


def part_demo(tmp: str, base_url: str | None) -> None:
    url = base_url or f"sqlite:///{tmp}/demo.db"
    env = environment(url, tmp)
    print(f"Part 1: the demo, on {url.split('@')[-1]} (clock {CLOCK})")
    flask(env, "init-db")
    flask(env, "seed-demo")
    for label in ("demo, first run", "demo, repeated run"):
        seconds, out = flask(env, "reminders", "run")
        notices, ms = in_job(out)
        print(f"  {label:<22} {ms:8.0f} ms in the job, {seconds:6.2f} s wall, {notices} notices queued", flush=True)


def _copy(url: str, tmp: str, suffix: str, empty: bool = False) -> str:
    """A copy of the database at `url` (a SQLite file, or a PostgreSQL database made from it as a template) named
    with `suffix`; `empty`: a new empty database instead."""
    if url.startswith("sqlite"):
        target = f"{tmp}/{suffix}.db"
        if not empty:
            shutil.copyfile(url.removeprefix("sqlite:///"), target)
        return f"sqlite:///{target}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    source = make_url(url)
    name = f"{source.database}_{suffix}"
    admin = create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"' + ("" if empty else f' TEMPLATE "{source.database}"')))
    admin.dispose()
    return source.set(database=name).render_as_string(hide_password=False)


def _drop(url: str) -> None:
    if url.startswith("sqlite"):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
    admin.dispose()


def part_scale(tmp: str, base_url: str | None, open_items: int, settled: int, repeat: int) -> None:
    seed_url = _copy(base_url or f"sqlite:///{tmp}/demo.db", tmp, "seed", empty=True)
    env = environment(seed_url, tmp)
    print(f"\nPart 2: the same open work in a small and a large table ({open_items:,} open items; "
          f"+{settled:,} settled items in the large one)")
    flask(env, "init-db")
    flask(env, "seed-demo")
    seconds, _ = flask(env, "generate-load-data", "--items", str(open_items), "--only-open", "--seed", "11")
    print(f"  generate-load-data --items {open_items} --only-open: {seconds:.1f} s", flush=True)
    urls = {"small": _copy(seed_url, tmp, "small"), "large": _copy(seed_url, tmp, "large")}
    seconds, _ = flask(environment(urls["large"], tmp), "generate-load-data", "--items", str(settled),
                       "--only-settled", "--seed", "12")
    print(f"  generate-load-data --items {settled} --only-settled: {seconds:.1f} s", flush=True)
    figures = {}
    for name, url in urls.items():
        items, open_now, overdue = overdue_count(url)
        figures[name] = {"items": items, "open": open_now, "overdue": overdue, "repeated": []}
        notices, figures[name]["first"] = in_job(flask(environment(url, tmp), "reminders", "run")[1])
        figures[name]["notices"] = notices
    for _ in range(repeat):  # the sizes take turns, so a burst of load on this shared machine falls on both
        for name, url in urls.items():
            figures[name]["repeated"].append(in_job(flask(environment(url, tmp), "reminders", "run")[1])[1])
    print("\n| table | items | open | overdue | first run: notices, ms in the job | repeated run: median ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, f in figures.items():
        print(f"| {name} | {f['items']:,} | {f['open']:,} | {f['overdue']:,} | {f['notices']:,}, "
              f"{f['first']:,.0f} | {statistics.median(f['repeated']):,.0f} |")
    small, large = figures["small"], figures["large"]
    print(f"\nRatio large / small: first run {large['first'] / max(small['first'], 1):.2f}, repeated run "
          f"{statistics.median(large['repeated']) / max(statistics.median(small['repeated']), 1):.2f} "
          f"(the same {small['overdue']:,} overdue items; tables of {small['items']:,} and {large['items']:,})")
    for url in (*urls.values(), seed_url):
        _drop(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=int(os.environ.get("BENCH_REMINDER_OPEN", "10000")))
    parser.add_argument("--settled", type=int, default=int(os.environ.get("BENCH_REMINDER_SETTLED", "990000")))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    base_url = os.environ.get("BENCH_DATABASE_URL")
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_demo:
            part_demo(tmp, base_url)
        part_scale(tmp, base_url, args.open, args.settled, args.repeat)

if __name__ == "__main__":
    main()
