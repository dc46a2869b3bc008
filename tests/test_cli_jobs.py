"""The job commands do what the scheduled jobs do: `flask reminders run`, `notifications send`, `digest send`."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import JobRun, Notice
from app.services.deadlines import rules as deadlines
from tests.conftest import d


def test_demo_shows_due_soon_and_overdue_notices_after_one_run(db_app):
    runner = db_app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    result = runner.invoke(args=["reminders", "run"])
    assert result.exit_code == 0, result.output
    kinds = dict(db.session.execute(select(Notice.kind, func.count()).group_by(Notice.kind)).all())
    assert kinds.get("due_soon", 0) >= 1 and kinds.get("overdue", 0) >= 3, kinds
    again = runner.invoke(args=["reminders", "run"])
    assert "xếp hàng 0" in again.output
    assert db.session.scalar(select(func.count()).select_from(Notice)) == sum(kinds.values())


def test_reminders_run_at_a_given_moment(build, db_app):
    cal = deadlines.working_calendar()
    build.petition("transferred", transfer_on=cal.subtract_working_days(d("30/11/2026"), 30))
    db.session.commit()
    runner = db_app.test_cli_runner()
    assert "xếp hàng 0" in runner.invoke(args=["reminders", "run", "--at", "2026-11-24 08:00"]).output
    result = runner.invoke(args=["reminders", "run", "--at", "2026-12-01 08:00"])
    assert result.exit_code == 0 and "xếp hàng 2" in result.output, result.output
    bad = runner.invoke(args=["reminders", "run", "--at", "mai"])
    assert bad.exit_code != 0
    runs = db.session.scalars(select(JobRun).order_by(JobRun.id)).all()
    assert [r.status for r in runs] == ["ok", "ok"] and runs[1].queued == 2


def test_notifications_and_digest_commands(build, db_app):
    build.committee.email = "thuongtruc@hdnd.example.vn"
    db.session.commit()
    runner = db_app.test_cli_runner()
    result = runner.invoke(args=["digest", "send", "--at", "2026-11-23 07:00"])
    assert result.exit_code == 0 and "xếp hàng 1" in result.output, result.output
    # The test configuration points at a port nobody listens on: the message stays queued.
    sent = runner.invoke(args=["notifications", "send"])
    assert sent.exit_code == 0
    assert {r.job for r in db.session.scalars(select(JobRun))} == {"digest", "notifications"}
