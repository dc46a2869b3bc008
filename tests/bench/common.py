"""What the benchmarks that build their own databases share: the stopped clock, the environment of a `flask`
command against one database, and running such a command (timed), e.g. the demo plus load data."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T07:30"  # a stopped clock: the figures repeat


def env(url: str) -> dict:
    """The environment of the app against `url` (never the test suite's database)."""
    out = {**os.environ, "DATABASE_URL": url, "CLOCK_FROZEN_AT": NOW, "APP_ENV": "development"}
    out.pop("TEST_DATABASE_URL", None)
    return out


def flask(url: str, *args: str, quiet: bool = False) -> float:
    """Run `flask --app run ARGS` against `url`; its seconds. `quiet`: its log lines too are left out."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "run", *args], check=True, cwd=ROOT, env=env(url),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if quiet else None)
    return time.perf_counter() - started


def load(url: str, items: int, quiet: bool = False) -> float:
    """A fresh schema, the demo and `items` load data items at `url`; the seconds of the load data alone."""
    flask(url, "init-db", quiet=quiet)
    flask(url, "seed-demo", quiet=quiet)
    return flask(url, "generate-load-data", "--items", str(items), quiet=quiet)
