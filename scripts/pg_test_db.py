"""Create a throwaway PostgreSQL database for the test suite and print its URL (exit 3 if unreachable).

Usage: python scripts/pg_test_db.py create|drop [NAME]. The server is PG_ADMIN_URL
(default postgresql://postgres@127.0.0.1:5432/postgres, trust auth as on the CI machine).
"""
from __future__ import annotations

import os
import sys

import psycopg

ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "create"
    name = argv[2] if len(argv) > 2 else f"kn_test_{os.getpid()}"
    try:
        conn = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL unreachable at {ADMIN_URL}: {exc}".strip(), file=sys.stderr)
        return 3
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if command == "create":
            conn.execute(f'CREATE DATABASE "{name}"')
            base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
            print(f"{base}/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
