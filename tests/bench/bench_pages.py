"""Benchmark of page cost against the number of items (make bench; issue 15's table): for each size, a database with
the demo and `flask generate-load-data --items N` and the dashboards' figures as the job process keeps them (`flask
dashboards refresh`, timed), then each main page requested through the app's test client,
signed in as the role that uses it: 3 warm-up requests, then the median and p95 server time of 20, and the SQL
statements of one request (a before_cursor_execute listener). Last, the ratio of the largest size to the smallest.

Each size and database is measured in its own child process. SQLite files are kept in --keep DIR (reused when
present); PostgreSQL databases are named after --pg-url plus the size (created, or reused with --reuse).
Usage: python tests/bench/bench_pages.py [--sizes 1000,100000] [--pg-url postgresql+psycopg://postgres@127.0.0.1/kn_bench]
       [--no-sqlite] [--keep DIR] [--reuse] [--repeat 20] [--rounds 1]
With --rounds N the sizes are measured in turn N times and each page's times pooled.
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
from tests.bench.common import env, flask, load  # noqa: E402 - after the path

PASSWORD = "Bench-pages-2026!"  # noqa: S105 - a bench database's own accounts  # nosec B105
PAGES = [  # (name, account, path); {field}, {agency}, {code} are filled from the data
    ("committee dashboard", "committee", "/"),
    ("clerk dashboard", "clerk", "/"),
    ("agency dashboard", "agency", "/"),
    ("petition list, default", "committee", "/petitions"),
    ("search (accented)", "committee", "/petitions?q=ng%E1%BA%ADp%20%C3%BAng"),
    ("Excel export of a filtered list", "committee", "/reports/export/petitions.xlsx?field={field}&status=transferred"),
    ("agency inbox", "agency", "/agency/inbox"),
    ("list filtered by agency", "committee", "/petitions?agency={agency}"),
    ("list filtered by field and status", "committee", "/petitions?field={field}&status=transferred"),
    ("transfer queue", "committee", "/committee/transfers"),
    ("overdue board", "committee", "/committee/overdue"),
    ("item page", "committee", "/petitions/{code}"),
    ("a minimal page (login form)", None, "/auth/login"),
]


def child(repeat: int) -> None:
    """Measure every page in this process (the app from DATABASE_URL); prints one JSON line."""
    from sqlalchemy import event, func, select

    from app import create_app
    from app.extensions import db
    from app.models import Agency, Petition, User
    from app.services.accounts.passwords import set_password

    app = create_app()
    app.config.update(WTF_CSRF_ENABLED=False)  # the measuring script only: it posts the sign-in form directly
    with app.app_context():
        busiest = db.session.execute(
            select(Agency.id, Agency.code).join(Petition, Petition.lead_agency_id == Agency.id)
            .where(Petition.transferred_on.is_not(None)).group_by(Agency.id, Agency.code)
            .order_by(func.count().desc()).limit(1)).one()
        officer = db.session.scalar(select(User).where(User.agency_id == busiest.id, User.active.is_(True)))
        if officer is None:  # load data agencies have no accounts: give the busiest one an officer
            officer = User(username=f"bench.{busiest.code.lower()}", full_name="Chuyên viên (bench)",
                           role="agency_officer", agency_id=busiest.id, active=True, password_hash="")
            db.session.add(officer)
        accounts = {"committee": "thuongtruc", "clerk": "vanphong", "agency": officer.username}
        for name in accounts.values():
            user = officer if name == officer.username else db.session.scalar(select(User).where(User.username == name))
            if not user.password_hash or not user.check_password(PASSWORD):  # a second run keeps the first's
                set_password(user, PASSWORD)
        values = {"field": db.session.scalar(select(Petition.field_id).where(Petition.status == "transferred")
                                             .group_by(Petition.field_id).order_by(func.count().desc()).limit(1)),
                  "agency": busiest.id,
                  "code": db.session.scalar(select(Petition.code).where(Petition.status == "closed")
                                            .order_by(Petition.id.desc()).limit(1))}
        items = db.session.scalar(select(func.count()).select_from(Petition))
        db.session.commit()
        db.session.remove()
        statements = [0]

        def count(*_args) -> None:
            statements[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
    results = {}
    for name, account, path in PAGES:
        client = app.test_client()
        if account:
            response = client.post("/auth/login", data={"username": accounts[account], "password": PASSWORD})
            assert response.status_code == 302, (account, response.status_code)
        url = path.format(**values)
        times = []
        for i in range(3 + repeat):
            statements[0] = 0
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code in (200, 302), (name, response.status_code)
            if i >= 3:
                times.append(elapsed)
        times.sort()
        results[name] = {"times": times, "queries": statements[0], "status": response.status_code}
    print(json.dumps({"items": items, "pages": results}))


def prepare_sqlite(folder: Path, n: int) -> str:
    path = folder / f"pages-{n}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        print(f"  sqlite {n}: generate-load-data {load(url, n, quiet=True):.0f} s", flush=True)
    return url


def prepare_pg(base: str, n: int, reuse: bool) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"{url.database}_{n}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        if exists and reuse:
            admin.dispose()
            return url.set(database=name).render_as_string(hide_password=False)
        if exists:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    target = url.set(database=name).render_as_string(hide_password=False)
    print(f"  postgresql {n}: generate-load-data {load(target, n, quiet=True):.0f} s", flush=True)
    return target


def measure(url: str, repeat: int, refresh: bool = True) -> dict:
    if refresh:
        seconds = flask(url, "dashboards", "refresh", quiet=True)  # what the job process keeps doing
        print(f"  dashboards refresh {seconds:.1f} s", flush=True)
    out = subprocess.run([sys.executable, __file__, "--child", "--repeat", str(repeat)], check=True,
                         capture_output=True, text=True, cwd=ROOT, env=env(url))
    return json.loads(out.stdout.strip().splitlines()[-1])


def pooled(into: dict | None, run: dict) -> dict:
    """A size's measurements over the rounds: each page's times pooled, median and p95 recomputed."""
    into = into or {"items": run["items"], "pages": {}}
    for name, page in run["pages"].items():
        kept = into["pages"].setdefault(name, {"times": [], "queries": page["queries"]})
        kept["times"] = sorted(kept["times"] + page["times"])
        kept["median"] = statistics.median(kept["times"])
        kept["p95"] = kept["times"][max(0, round(0.95 * len(kept["times"])) - 1)]
    return into


def table(label: str, runs: dict[int, dict]) -> str:
    sizes = sorted(runs)
    head = " | ".join(f"{n:,} median / p95 (queries)" for n in sizes)
    lines = [f"### {label}", "", f"| page | {head} | {sizes[-1]:,}/{sizes[0]:,} |",
             "|---|" + "---:|" * (len(sizes) + 1)]
    for name, _, _ in PAGES:
        cells = []
        for n in sizes:
            m = runs[n]["pages"][name]
            cells.append(f"{m['median']:,.1f} / {m['p95']:,.1f} ms ({m['queries']})")
        ratio = runs[sizes[-1]]["pages"][name]["median"] / max(runs[sizes[0]]["pages"][name]["median"], 1e-9)
        lines.append(f"| {name} | {' | '.join(cells)} | {ratio:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PAGES_PG_URL", ""))
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--keep", default="")
    parser.add_argument("--reuse", action="store_true", help="reuse PostgreSQL databases of an earlier run")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure the sizes in turn this many times and pool the times (a burst of load on "
                             "this shared machine then falls on every size)")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.repeat)
        return
    sizes = [int(x) for x in args.sizes.split(",") if x]
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    databases = ([] if args.no_sqlite else [("SQLite", lambda n: prepare_sqlite(folder, n))])
    if args.pg_url:
        databases.append(("PostgreSQL", lambda n: prepare_pg(args.pg_url, n, args.reuse)))
    for label, prepare in databases:
        urls = {n: prepare(n) for n in sizes}
        runs: dict[int, dict] = {}
        for turn in range(args.rounds):
            for n in sizes:
                runs[n] = pooled(runs.get(n), measure(urls[n], args.repeat, refresh=turn == 0))
                print(f"  {label} {n}: measured, round {turn + 1} ({runs[n]['items']} items in the database)",
                      flush=True)
        print(table(label, runs), flush=True)
        print(flush=True)


if __name__ == "__main__":
    main()
