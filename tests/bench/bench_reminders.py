"""Benchmark: one reminder run over the demo data, then over 100,000 generated open items (make bench)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLASK = [str(Path(sys.executable).with_name("flask")), "--app", "run"]
ITEMS = int(os.environ.get("BENCH_ITEMS", "100000"))


def flask(env: dict, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def job_ms(output: str) -> str:
    match = re.search(r"xếp hàng (\d+).*?, (\d+) ms", output)
    return f"{match.group(2)} ms in the job, {match.group(1)} notices queued" if match else output.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
        # A stopped clock makes the figures repeatable: the demo is built for "today" and run on it.
        env = {**os.environ, "DATABASE_URL": url, "INSTANCE_PATH": tmp, "SECRET_KEY": "bench",
               "CLOCK_FROZEN_AT": os.environ.get("BENCH_CLOCK", "2026-11-23T07:30"), "APP_ENV": "development"}
        print(f"Reminders benchmark on {url.split('@')[-1]} (clock {env['CLOCK_FROZEN_AT']})")
        flask(env, "init-db")
        flask(env, "seed-demo")
        for label in ("demo, first run", "demo, repeated run"):
            seconds, out = flask(env, "reminders", "run")
            print(f"  {label:<34} {seconds:6.2f} s wall ({job_ms(out)})")
        seconds, out = flask(env, "generate-load-data", "--items", str(ITEMS), "--only-open")
        print(f"  generate-load-data --items {ITEMS} {seconds:6.2f} s")
        for label in (f"{ITEMS} open items, first run", f"{ITEMS} open items, repeated run"):
            seconds, out = flask(env, "reminders", "run")
            print(f"  {label:<34} {seconds:6.2f} s wall ({job_ms(out)})")


if __name__ == "__main__":
    main()
