"""`flask scheduler` for the fault test: the same process, except that the reminder run pauses before each kind
after the first, so the test can kill it between two committed kinds. Test code only; production has no hook.

Usage: python -m tests.fault_scheduler PAUSE_SECONDS <flask arguments...>
"""
from __future__ import annotations

import sys
import time
from itertools import count

from flask.cli import main

from app.services.notices import reminders


def pause_between_kinds(seconds: float) -> None:
    queue_kind, calls = reminders.queue_kind, count()

    def paused(*args, **kwargs):
        if next(calls):  # every kind but the first: the previous kind is committed by now
            time.sleep(seconds)
        return queue_kind(*args, **kwargs)

    reminders.queue_kind = paused


if __name__ == "__main__":
    pause_between_kinds(float(sys.argv[1]))
    sys.argv = ["flask", *sys.argv[2:]]
    main()
