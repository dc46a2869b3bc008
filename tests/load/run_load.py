"""`make load`: locust against gunicorn on PostgreSQL with generated items, the way production runs.

1. a fresh PostgreSQL database (scripts/pg_test_db.py; PG_ADMIN_URL names the server), `flask init-db`,
   `flask seed-demo`, `flask generate-load-data --items N`, then VACUUM ANALYZE (the planner needs statistics
   after a bulk load, and autovacuum may be off or late, as on the project's machines);
2. known passwords for the demo's clerk, office leader, standing committee and a few agencies' officers;
3. gunicorn with gunicorn.conf.py (WEB_WORKERS and WEB_THREADS from the environment or config.py's defaults)
   and the job process (`flask scheduler`), as `make serve` starts them;
4. locust headless, bounded in time (tests/load/locustfile.py): 50 users by default, clerks : committee :
   agencies = 2 : 1 : 2, a few seconds of think time between pages;
5. a table per page (requests, failures, p50/p95/p99, requests/s) printed and written to
   test-artifacts/load/report.md; the raw locust CSV files lie beside it. Exit status 1 if any request failed.

Usage: python tests/load/run_load.py [--items 100000] [--users 50] [--minutes 5] [--spawn-rate 5] [--keep]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts import pg_test_db  # noqa: E402

OUT = ROOT / "test-artifacts" / "load"
PASSWORD = "Tai-thu-2026"  # set on the load accounts only, in a throwaway database
SEARCHES = ["đường", "Hà Đông", "trường học", "ngập úng", "bảo hiểm y tế", "đèn chiếu sáng"]
PAGES = ["clerk dashboard", "committee dashboard", "agency dashboard", "petition list, default", "search (accented)",
         "Excel export of a filtered list", "agency inbox", "list filtered by agency",
         "list filtered by field and status", "agency's petition list", "transfer queue", "overdue board",
         "answers to review", "item page", "record an item (write)", "sign in (form)", "sign in", "floor: /healthz"]


def flask(env: dict, *args: str) -> str:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "run", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    print(f"  flask {' '.join(args)}: {time.perf_counter() - started:.1f} s", flush=True)
    return done.stdout


def prepare(url: str, items: int) -> dict:
    """The data and what the simulated people need to know of it (accounts, item codes, filters)."""
    env = {**os.environ, "DATABASE_URL": url, "APP_ENV": "development", "SECRET_KEY": "load-test",
           "INSTANCE_PATH": str(OUT / "instance")}
    env.pop("TEST_DATABASE_URL", None)
    flask(env, "init-db")
    flask(env, "seed-demo")
    flask(env, "generate-load-data", "--items", str(items))
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "APP_ENV", "SECRET_KEY", "INSTANCE_PATH")})
    from sqlalchemy import func, select, text

    from app import create_app
    from app.extensions import db
    from app.models import Agency, Field, Petition, Session, User
    from app.services.accounts.passwords import set_password

    app = create_app()
    with app.app_context():
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            started = time.perf_counter()
            conn.execute(text("VACUUM ANALYZE"))
            print(f"  VACUUM ANALYZE: {time.perf_counter() - started:.1f} s", flush=True)
        busiest = db.session.execute(
            select(Agency.id, Agency.code).join(Petition, Petition.lead_agency_id == Agency.id)
            .where(Petition.transferred_on.is_not(None)).group_by(Agency.id, Agency.code)
            .order_by(func.count().desc()).limit(5)).all()
        officers = {code: f"{code.lower().replace('-', '')}.cv" for _, code in busiest}
        accounts = {"clerk": ["vanphong", "lanhdaovp"], "committee": ["thuongtruc"], "agency": list(officers.values())}
        for username in [name for names in accounts.values() for name in names]:
            set_password(db.session.scalar(select(User).where(User.username == username)), PASSWORD)
        codes = {"any": list(db.session.scalars(select(Petition.code).order_by(func.random()).limit(500)))}
        for agency_id, code in busiest:
            codes[officers[code]] = list(db.session.scalars(
                select(Petition.code).where(Petition.lead_agency_id == agency_id, Petition.transferred_on.is_not(None))
                .order_by(func.random()).limit(200)))
        plan = {"accounts": accounts, "password": PASSWORD, "codes": codes, "searches": SEARCHES,
                "fields": [str(i) for i in db.session.scalars(select(Field.id))],
                "agencies": [str(agency_id) for agency_id, _ in busiest],
                "session": db.session.scalar(select(Session.id).order_by(Session.opening.desc()).limit(1)),
                "items": db.session.scalar(select(func.count()).select_from(Petition)),
                "think_min": 2, "think_max": 8}
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return plan


def wait_until_ready(base: str, server: subprocess.Popen) -> None:
    import requests

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited; see test-artifacts/load/web.log")
        try:
            if requests.get(f"{base}/readyz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not become ready within two minutes")


def table(stats_csv: Path) -> tuple[str, int, float]:
    rows = {row["Name"]: row for row in csv.DictReader(stats_csv.open(encoding="utf-8"))}
    lines = ["| page | requests | failures | p50 ms | p95 ms | p99 ms | req/s |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name in [*PAGES, *sorted(set(rows) - set(PAGES) - {"Aggregated"}), "Aggregated"]:
        row = rows.get(name)
        if row is None:
            continue
        label = "all requests" if name == "Aggregated" else name
        lines.append(f"| {label} | {int(row['Request Count']):,} | {int(row['Failure Count'])} | {row['50%']} | "
                     f"{row['95%']} | {row['99%']} | {float(row['Requests/s']):.2f} |")
    total = rows["Aggregated"]
    return "\n".join(lines), int(total["Failure Count"]), float(total["Requests/s"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database (kn_load) afterwards")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    from tests.smtp_server import free_port

    print(f"== Load data: demo + {args.items:,} generated items on PostgreSQL", flush=True)
    url = pg_test_db.create("kn_load")
    plan = prepare(url, args.items)
    plan_file = OUT / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    from config import Config

    port = free_port()
    env = {**os.environ, "WEB_BIND": f"127.0.0.1:{port}", "LOAD_PLAN": str(plan_file)}
    base = f"http://127.0.0.1:{port}"
    with (OUT / "web.log").open("w") as web_log, (OUT / "jobs.log").open("w") as jobs_log:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "run:app"], cwd=ROOT,
                                  env=env, stdout=web_log, stderr=subprocess.STDOUT)
        jobs = subprocess.Popen([sys.executable, "-m", "flask", "--app", "run", "scheduler"], cwd=ROOT, env=env,
                                stdout=jobs_log, stderr=subprocess.STDOUT)
        try:
            wait_until_ready(base, server)
            print(f"== gunicorn at {base}: {Config.WEB_WORKERS} worker(s) x {Config.WEB_THREADS} thread(s), "
                  f"plus the job process; locust: {args.users} users for {args.minutes:g} min", flush=True)
            prefix = OUT / "locust"
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "tests/load/locustfile.py"),
                                   "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
                                   "--run-time", f"{int(args.minutes * 60)}s", "--host", base, "--csv", str(prefix),
                                   "--only-summary", "--stop-timeout", "30"], cwd=ROOT, env=env,
                                  capture_output=True, text=True)
            elapsed = time.perf_counter() - started
            (OUT / "locust.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        finally:
            for process in (jobs, server):
                process.terminate()
            for process in (jobs, server):
                process.wait(timeout=60)
    rows, failures, rate = table(Path(f"{prefix}_stats.csv"))
    header = (f"Load run: {plan['items']:,} items on PostgreSQL, {args.users} users (clerks : committee : agencies "
              f"= 2 : 1 : 2, {plan['think_min']}-{plan['think_max']} s think time) for {elapsed / 60:.1f} min; "
              f"gunicorn {Config.WEB_WORKERS} workers x {Config.WEB_THREADS} threads; {os.cpu_count()} CPUs, "
              f"Python {platform.python_version()}.\nErrors: {failures}. Throughput: {rate:.1f} requests/s.")
    report = f"{header}\n\n{rows}\n"
    (OUT / "report.md").write_text(report, encoding="utf-8")
    print(report)
    if not args.keep:
        pg_test_db.drop("kn_load")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
