"""Queued reports in the job process: one claim per run, stalled builders given up, retry by the owner only,
failures shown with their reason, runs and files deleted after a day, and the CLI twin of the job."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import clock, jobs
from app.extensions import db
from app.models import ReportRun
from app.services.reporting import runs as report_runs
from app.services.reporting.files import ReportRequest
from tests.conftest import AuthActions
from tests.report_pdfs import pdfcheck

STALLED = "Tiến trình tạo báo cáo đã dừng giữa chừng; bấm Thử lại."


@pytest.fixture
def queued_always(db_app, tmp_path, monkeypatch):
    """Every download is queued (no report is small enough), files under a directory of the test's own."""
    monkeypatch.setitem(db_app.config, "REPORT_INLINE_MAX_ROWS", -1)
    monkeypatch.setitem(db_app.config, "REPORT_DIR", str(tmp_path / "runs"))
    return tmp_path / "runs"


def queue_results(client, build) -> str:
    response = client.get(f"/reports/download?kind=results&session={build.session2.id}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def state(run_url: str, client) -> dict:
    return client.get(run_url + ".json").get_json()


def test_two_claims_never_take_the_same_run(build, queued_always):
    first_run = report_runs.submit(build.committee, ReportRequest(kind="results", session=build.session2.id))
    clock.set_now("2026-11-22T10:01")
    second_run = report_runs.submit(build.committee, ReportRequest(kind="overdue", format="xlsx"))
    db.session.commit()
    claims = []
    for _ in range(3):
        claims.append(report_runs.claim())
        db.session.commit()
    assert claims[0].run_id == first_run.id and claims[1].run_id == second_run.id  # oldest first
    assert claims[2] is None  # each run was taken once; nothing is left to take
    assert set(db.session.scalars(select(ReportRun.state))) == {"running"}
    assert all(c.attempt == 1 for c in claims[:2])


def test_two_builders_racing_for_one_run_get_it_once(db_app, build, queued_always):
    """Two job processes pick the same oldest run; the second one's UPDATE waits for the first's commit."""
    report_runs.submit(build.committee, ReportRequest(kind="overdue", format="xlsx"))
    db.session.commit()
    first_holds_the_row = threading.Event()
    claims: dict[str, report_runs.Claim | None] = {}

    def builder(name: str, before_commit) -> None:
        with db_app.app_context():  # a session of its own, as in another process
            try:
                if name == "second":
                    first_holds_the_row.wait(10)
                claims[name] = report_runs.claim()
                before_commit()
                db.session.commit()
            finally:
                db.session.remove()

    def hold() -> None:
        first_holds_the_row.set()
        time.sleep(0.5)  # long enough for the second builder to be waiting on the same row

    threads = [threading.Thread(target=builder, args=("first", hold)),
               threading.Thread(target=builder, args=("second", lambda: None))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert claims["first"] is not None and claims["first"].attempt == 1
    assert claims["second"] is None
    db.session.expire_all()
    assert db.session.scalar(select(ReportRun.attempt)) == 1


def test_a_stalled_run_is_failed_and_its_retry_is_built(auth, client, build, queued_always):
    build.petition("closed")
    db.session.commit()
    auth.login(build.committee)
    run_url = queue_results(client, build)
    dead = report_runs.claim()  # a builder takes the run ... and its process is killed
    db.session.commit()
    clock.set_now("2026-11-22T10:03")
    assert jobs.build_reports() == 0
    assert state(run_url, client)["state"] == "running"  # three minutes without a beat: perhaps only slow
    clock.set_now("2026-11-22T10:06")
    assert jobs.build_reports() == 0
    info = state(run_url, client)
    assert info["state"] == "failed" and info["error"] == STALLED
    page = client.get(run_url).get_data(as_text=True)
    assert STALLED in page and "Thử lại" in page and f'action="{run_url}/retry"' in page
    english = client.get(run_url + "?lang=en").get_data(as_text=True)
    assert "The process building the report stopped part-way; press Retry." in english and "Retry" in english
    client.get(run_url + "?lang=vi")

    retried = client.post(run_url + "/retry")
    assert retried.status_code == 302 and retried.headers["Location"] == run_url
    assert state(run_url, client)["state"] == "queued"
    assert "Đã đưa báo cáo vào hàng đợi" in client.get(run_url).get_data(as_text=True)
    assert jobs.build_reports() == 1
    info = state(run_url, client)
    assert info["state"] == "done" and info["error"] == "", info
    with client.get(run_url + "/file") as pdf:
        assert pdf.status_code == 200 and "Kết quả giải quyết kiến nghị cử tri" in pdfcheck.text(pdf.data)
    # The builder given up for dead can no longer touch the run that was built again.
    with pytest.raises(report_runs.Superseded):
        report_runs.beat(dead, pages=99)
    db.session.rollback()
    assert state(run_url, client)["pages"] != 99


def test_a_failed_run_is_retried_only_by_its_owner(auth, client, build, queued_always):
    auth.login(build.committee)
    run_url = queue_results(client, build)
    report_runs.claim()
    db.session.commit()
    clock.set_now("2026-11-22T11:00")
    jobs.build_reports()
    assert state(run_url, client)["state"] == "failed"
    client.post("/auth/logout")
    auth.login(build.clerk)
    assert client.post(run_url + "/retry").status_code == 403
    client.post("/auth/logout")
    auth.login(build.committee)
    assert state(run_url, client)["state"] == "failed"  # the other user's attempt changed nothing
    # A run that has not failed is not queued again.
    assert client.post(run_url + "/retry").status_code == 302
    assert client.post(run_url + "/retry").status_code == 302
    assert "Chỉ thử lại được báo cáo chưa tạo được." in client.get(run_url).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ReportRun)) == 1


def test_a_report_that_cannot_be_built_says_why(auth, client, build, queued_always):
    run = report_runs.submit(build.committee, ReportRequest(kind="results", session=999999))
    db.session.commit()
    assert jobs.build_reports() == 1
    auth.login(build.committee)
    run_url = f"/reports/run/{run.id}"
    info = state(run_url, client)
    assert info["state"] == "failed" and info["error"] == "Không tìm thấy kỳ họp.", info
    page = client.get(run_url).get_data(as_text=True)
    assert "Không tạo được báo cáo:" in page and "Không tìm thấy kỳ họp." in page
    assert client.get(run_url + "/file").status_code == 409
    assert not queued_always.exists() or not any(queued_always.iterdir())  # no file for a failed run


def test_an_agency_cannot_queue_what_it_may_not_read(auth, client, build, queued_always):
    auth.login(build.officer)
    assert client.get("/reports/download?kind=compilation").status_code == 403
    assert client.get(f"/reports/download?kind=overdue&agency={build.other_agency.id}").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(ReportRun)) == 0


def test_runs_older_than_a_day_are_cleaned_with_their_files(auth, client, build, queued_always):
    auth.login(build.committee)
    old_url = queue_results(client, build)
    assert jobs.build_reports() == 1
    old_file = next(queued_always.iterdir())
    clock.set_now("2026-11-23T08:00")
    AuthActions(client).login(build.committee)  # the next morning: yesterday's sign-in has ended (SESSION_IDLE_MINUTES)
    new_url = queue_results(client, build)
    assert jobs.build_reports() == 1
    clock.set_now("2026-11-23T10:30")  # a day and a half after the first run, a few hours after the second
    assert jobs.build_reports() == 0
    assert client.get(old_url + ".json").status_code == 404 and not old_file.exists()
    assert state(new_url, client)["state"] == "done"
    with client.get(new_url + "/file") as response:
        assert response.status_code == 200
    assert [Path(p).name for p in queued_always.iterdir()] == [db.session.scalar(select(ReportRun.path))]


def test_report_runs_work_command_builds_the_queue(db_app, build, queued_always):
    run = report_runs.submit(build.committee, ReportRequest(kind="overdue", format="xlsx"))
    db.session.commit()
    result = db_app.test_cli_runner().invoke(args=["report-runs", "work"])
    assert result.exit_code == 0 and "Đã xử lý 1 báo cáo chạy nền." in result.output, result.output
    db.session.expire_all()
    done = db.session.get(ReportRun, run.id)
    assert done.state == "done" and (queued_always / done.path).is_file()
    assert done.filename == "kien-nghi-qua-han-20261122.xlsx"


def test_the_scheduler_job_builds_in_its_own_app_context(db_app, build, queued_always):
    run = report_runs.submit(build.committee, ReportRequest(kind="agency", format="pdf"))
    db.session.commit()
    jobs.bind(db_app)
    jobs.scheduled_reports()  # what APScheduler calls, by name, every SCHEDULE_REPORTS_SECONDS
    db.session.expire_all()
    assert db.session.get(ReportRun, run.id).state == "done"


def test_a_run_reads_its_rows_between_its_heartbeat_commits(build, queued_always, monkeypatch):
    """The job commits a heartbeat while the PDF is laid out, and the rows are read as it is laid out: each chunk is
    its own short query, so a commit between two chunks loses nothing (a cursor held open across it would not
    survive on PostgreSQL)."""
    from sqlalchemy import event

    from app.services.reporting import rows as report_rows
    from reports import tables

    voters = "Cử tri phường Hà Đông đề nghị sửa chữa đường Tô Hiệu bị xuống cấp, ngập úng khi mưa lớn. " * 8
    made = [build.petition("transferred", content=voters) for _ in range(9)]  # the appendix spans a few pages
    run = report_runs.submit(build.committee, ReportRequest(kind="results", session=build.session2.id))
    db.session.commit()
    monkeypatch.setattr(report_rows, "CHUNK", 2)
    monkeypatch.setattr(tables, "CHUNK", 2)  # the PDF's tables of two rows: rows are read as pages are laid out
    monkeypatch.setattr(report_runs, "BEAT_SECONDS", 0)  # a heartbeat, and its commit, on every page
    seen: list[str] = []

    def statement(conn, cursor, sql, *args) -> None:
        if sql.lstrip().startswith("SELECT") and "FROM answer" in sql:
            seen.append("chunk")  # each chunk reads its items' latest answers

    def commit(conn) -> None:
        seen.append("commit")

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", commit)
    try:
        assert jobs.build_reports() == 1
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine, "commit", commit)
    chunks = [i for i, what in enumerate(seen) if what == "chunk"]
    assert "commit" in seen[chunks[0]:chunks[-1]]  # heartbeats were committed while the rows were being read
    db.session.expire_all()
    done = db.session.get(ReportRun, run.id)
    assert done.state == "done" and done.rows == 9 and done.pages > 1
    appendix = pdfcheck.text((queued_always / done.path).read_bytes()).split("PHỤ LỤC")[1]
    assert all(p.code in appendix for p in made)
