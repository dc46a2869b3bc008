"""Flask commands for the jobs (reminders, notifications, digest, report runs), the scheduler and the load-data
generator."""
from __future__ import annotations

import logging
import sys
from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from app import clock


def _logging() -> None:
    # One line per run on stderr, for the operator's terminal and the service manager's journal.
    if not logging.getLogger("kien_nghi").handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.getLogger("kien_nghi").addHandler(handler)
        logging.getLogger("kien_nghi").setLevel(logging.INFO)


def _parse_at(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("dạng YYYY-MM-DD HH:MM, ví dụ \"2026-07-01 08:00\"") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.timezone())


def _report(run) -> None:
    click.echo(f"{run.job}: {run.status} — tìm thấy {run.found}, xếp hàng {run.queued}, đã gửi {run.sent}, "
               f"lỗi {run.failed}, {run.duration_ms} ms. {run.message}")
    if run.status != "ok":
        raise SystemExit(1)


@click.group("reminders")
def reminders_group() -> None:
    """Nhắc hạn: the reminder job."""


@reminders_group.command("run")
@click.option("--at", "at", default=None, help='Run as if it were this moment, e.g. "2026-07-01 08:00".')
@with_appcontext
def reminders_run(at: str | None) -> None:
    """Queue every reminder due now (or at --at); safe to repeat: nothing is queued twice."""
    from app.jobs import runs as jobs

    _logging()
    _report(jobs.run_reminders(_parse_at(at)))


@click.group("notifications")
def notifications_group() -> None:
    """Thông báo: the e-mail outbox."""


@notifications_group.command("send")
@with_appcontext
def notifications_send() -> None:
    """Send the e-mails waiting in the outbox (failures are kept and retried with backoff)."""
    from app.jobs import runs as jobs

    _logging()
    _report(jobs.send_notifications())


@click.group("digest")
def digest_group() -> None:
    """Bản tin tuần: the weekly digest."""


@digest_group.command("send")
@click.option("--at", "at", default=None, help='Run as if it were this moment, e.g. "2026-07-06 07:00".')
@with_appcontext
def digest_send(at: str | None) -> None:
    """Queue this week's digest for the standing committee and each agency leader, then send the outbox."""
    from app.jobs import runs as jobs

    _logging()
    _report(jobs.send_digest(_parse_at(at)))


@click.group("dashboards")
def dashboards_group() -> None:
    """Bảng điều khiển: the dashboards' figures the job process materialises."""


@dashboards_group.command("refresh")
@with_appcontext
def dashboards_refresh() -> None:
    """Recompute every dashboard's figures now (as the scheduler's dashboards job does)."""
    from app.jobs import runs as jobs

    _logging()
    _report(jobs.refresh_dashboards())


@click.group("report-runs")
def report_runs_group() -> None:
    """Báo cáo chạy nền: the large reports queued from the web (`flask report` builds one directly)."""


@report_runs_group.command("work")
@with_appcontext
def report_runs_work() -> None:
    """Build every queued report now (as the scheduler's reports job does), fail stalled ones, delete old ones."""
    from app.jobs import runs as jobs

    _logging()
    click.echo(f"Đã xử lý {jobs.build_reports()} báo cáo chạy nền.")


@click.command("scheduler")
@click.option("--run-now", multiple=True, type=click.Choice(["reminders", "notifications", "digest", "reports", "search_terms"]),
              help="Also run this job once right after starting (repeatable).")
@with_appcontext
def scheduler_command(run_now: tuple[str, ...]) -> None:
    """Run the scheduled jobs until SIGTERM/SIGINT (the ONE scheduler process; never in web workers)."""
    from app.jobs.scheduler import serve

    _logging()
    serve(current_app._get_current_object(), tuple(run_now))


@click.command("generate-load-data")
@click.option("--items", type=click.IntRange(1, 5_000_000), default=100_000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--only-open", "only", flag_value="open", help="Only open states (in their usual proportions).")
@click.option("--only-settled", "only", flag_value="settled",
              help="Only settled states (closed, merged, set aside...): a table that grows without more open work.")
@with_appcontext
def generate_load_data(items: int, seed: int, only: str | None) -> None:
    """LOAD DATA for benchmarks, not a demo: bulk-inserts N recommendations (not through the services)."""
    import time

    from app.demo.loaddata import generate

    started = time.perf_counter()
    summary = generate(items, seed, only)
    click.echo(f"Đã tạo {items} kiến nghị (dữ liệu tải thử) trong {time.perf_counter() - started:.1f} s: {summary}")


COMMANDS = (reminders_group, notifications_group, digest_group, dashboards_group, report_runs_group, scheduler_command,
            generate_load_data)
