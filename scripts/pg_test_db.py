"""Create a throwaway PostgreSQL database for the test suite and print its URL (exit 3 if unreachable).

Usage: python scripts/pg_test_db.py create|drop [NAME]. The server is PG_ADMIN_URL
(default postgresql://postgres@127.0.0.1:5432/postgres, trust auth as on the CI machine).
The test suite imports `create` and `drop` (tests/conftest.py, fresh_database_url), so the logic exists once.
"""
from __future__ import annotations

import os
import sys

import psycopg

ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def admin_url_next_to(url: str) -> str:
    """The maintenance database (postgres) on the server of `url` (a SQLAlchemy or libpq URL)."""
    server = url.rsplit("/", 1)[0].replace("postgresql+psycopg://", "postgresql://", 1)
    return f"{server}/postgres"


class Unreachable(Exception):
    """No PostgreSQL server answers at the admin URL."""


def _connect(admin_url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        raise Unreachable(f"PostgreSQL unreachable at {admin_url}: {exc}".strip()) from exc


def create(name: str, admin_url: str = ADMIN_URL) -> str:
    """A new empty database `name` (an old one of that name is dropped first); its SQLAlchemy URL."""
    with _connect(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}"


def drop(name: str, admin_url: str = ADMIN_URL) -> None:
    """Drop database `name`, closing whatever connections are still open on it."""
    with _connect(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "create"
    name = argv[2] if len(argv) > 2 else f"kn_test_{os.getpid()}"
    try:
        if command == "create":
            print(create(name))
        else:
            drop(name)
    except Unreachable as exc:
        print(exc, file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
