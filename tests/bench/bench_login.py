"""Benchmark: a sign-in attempt for a user name that does not exist costs what one for a real account costs
(make bench). Stated as a ratio measured in one run: median time of a wrong password for an unknown name
over the median for a known name, with the production hash (scrypt). Before issue 13 it was 8 ms / 119 ms
(0.07): the response time told which user names exist. The goal is 0.8 to 1.25."""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

ROUNDS = 25


def main() -> int:
    from app import create_app
    from app.extensions import db
    from app.services.accounts.users import create_user
    from config import TestingConfig

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                                         "PASSWORD_HASH_METHOD": "scrypt",
                                         "LOGIN_FREE_FAILURES": 10_000, "LOGIN_ACCOUNT_FREE_FAILURES": 10_000,
                                         "LOGIN_ADDRESS_FREE_FAILURES": 10_000})
        with app.app_context():
            db.create_all()
            create_user(None, username="nguyen.van.an", full_name="Nguyễn Văn An",
                        password="mua-thu-ha-noi-2026", role="clerk")
            db.session.commit()
        client = app.test_client()

        def attempt(username: str, password: str) -> float:
            started = time.perf_counter()
            response = client.post("/auth/login", data={"username": username, "password": password})
            elapsed = time.perf_counter() - started
            assert response.status_code in (200, 302), response.status_code
            if response.status_code == 302:
                client.post("/auth/logout")
            return elapsed

        for _ in range(3):  # warm-up: templates, the dummy hash
            attempt("khong.ai.co", "sai-mat-khau-1")
            attempt("nguyen.van.an", "sai-mat-khau-1")
        unknown, known, correct = [], [], []
        for i in range(ROUNDS):  # interleaved, so a busy moment of the machine falls on both
            unknown.append(attempt(f"khong.ai.co.{i}", "sai-mat-khau-1"))
            known.append(attempt("nguyen.van.an", "sai-mat-khau-1"))
            correct.append(attempt("nguyen.van.an", "mua-thu-ha-noi-2026"))
        with app.app_context():
            db.engine.dispose()
    u, k, c = (statistics.median(x) * 1000 for x in (unknown, known, correct))
    ratio = u / k
    print(f"Sign-in timing over {ROUNDS} rounds (scrypt, SQLite):")
    print(f"  unknown user name, wrong password  {u:7.1f} ms (median)")
    print(f"  known user name, wrong password    {k:7.1f} ms (median)")
    print(f"  known user name, right password    {c:7.1f} ms (median, with the redirect's sign-in row)")
    print(f"  ratio unknown / known              {ratio:7.2f}  (goal 0.8 to 1.25)")
    return 0 if 0.8 <= ratio <= 1.25 else 1


if __name__ == "__main__":
    sys.exit(main())
