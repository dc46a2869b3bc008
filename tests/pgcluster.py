"""A throwaway PostgreSQL server of a test's own (initdb in a temporary folder, a free port), for the fault tests
that restart or stop PostgreSQL: the shared server on 5432 serves other people's suites and is never touched.

Run as root, the server runs as the `postgres` user (PostgreSQL refuses root). Without the server binaries the
tests skip with a note, except on CI (CI=true), where they must run.
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.smtp_server import free_port

HOW_TO = ("PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql-15 to run the fault tests "
          "that restart PostgreSQL.")


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        return ["su", "postgres", "-c"]  # unusual; runuser ships with util-linux on Debian
    return [runuser, "-u", "postgres", "--"]


class Cluster:
    """initdb + pg_ctl on a free port, trust authentication for user postgres, sockets in its own folder."""

    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            if os.environ.get("CI") == "true":
                pytest.fail("CI=true: the PostgreSQL fault tests must not skip. " + HOW_TO)
            pytest.skip(HOW_TO)
        self.bindir = bindir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="kn-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8",
                  "--locale=C.UTF-8")

    def _run(self, tool: str, *args: str, timeout: float = 120) -> None:
        command = [str(self.bindir / tool), *args]
        done = subprocess.run(_as_server_user() + command, capture_output=True, text=True, timeout=timeout,
                              cwd=self.root)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr}\n{log}")

    def _pg_ctl(self, action: str, *extra: str) -> None:
        # fsync off: a throwaway server need not survive a power cut; a restart still keeps every commit.
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", action, "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options,
                  *extra)

    def start(self) -> Cluster:
        self._pg_ctl("start")
        return self

    def restart(self, down_for: float = 0.0) -> None:
        """Fast shutdown (every connection is cut, as in a real restart), `down_for` seconds without a server,
        then start again; returns when the server accepts connections."""
        self._pg_ctl("stop", "-m", "fast")
        time.sleep(down_for)
        self._pg_ctl("start")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):  # already stopped
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)

    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self, name: str) -> str:
        """A new empty database; its SQLAlchemy URL."""
        with psycopg.connect(self.admin_url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"
