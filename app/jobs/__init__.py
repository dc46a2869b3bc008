"""The job process: scheduled jobs (runs.py) and the one scheduler that runs them (scheduler.py).

`app.jobs:scheduled_*` are the names the persistent job store keeps, and the CLI and tests call
`app.jobs.run_reminders` and friends: they stay importable from here.
"""
from __future__ import annotations

from app.jobs.runs import (
    bind,
    build_reports,
    count_search_terms,
    refresh_dashboards,
    run_imports,
    run_reminders,
    scheduled_dashboards,
    scheduled_digest,
    scheduled_imports,
    scheduled_notifications,
    scheduled_reminders,
    scheduled_reports,
    scheduled_search_terms,
    send_digest,
    send_notifications,
)

__all__ = ["bind", "build_reports", "count_search_terms", "refresh_dashboards", "run_imports", "run_reminders",
           "scheduled_dashboards", "scheduled_digest", "scheduled_imports", "scheduled_notifications",
           "scheduled_reminders", "scheduled_reports", "scheduled_search_terms", "send_digest", "send_notifications"]
