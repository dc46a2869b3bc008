"""Several workers released at the same instant, as several web workers or job processes would be: each in a
thread with its own app context and database session. Used by the tests of exactly-once behaviour."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from app.extensions import db


def run_together(app, workers: int, work: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Run `work()` in `workers` threads started together; returns their results, and fails with the
    exceptions raised in the threads (an exception in a thread would otherwise be lost)."""
    barrier, results, errors = threading.Barrier(workers), [], []

    def worker() -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results.append(work())
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert errors == []
    return results
