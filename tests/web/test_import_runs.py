"""Large imports in the job process: confirming queues a run, its page shows progress then the result; a refused
file fails the run with every problem and imports nothing; a runner that died is given up, never left "running";
only the clerk who confirmed sees the run."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import clock, jobs
from app.extensions import db
from app.models import Event, ImportRun, Petition, SheetImport
from app.services.imports import runs as import_runs
from app.services.imports import scan
from app.services.imports.safety import sheet_rows
from tests.services.test_sheet_import import sheet

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_kien_nghi.xlsx"
STALLED = "Tiến trình nhập đã dừng giữa chừng; chưa có gì được ghi. Hãy kiểm tra và nhập lại tệp."


@pytest.fixture
def queued_always(db_app, tmp_path, monkeypatch):
    """Every confirmed sheet goes to the job process; files kept under the test's own directory."""
    monkeypatch.setitem(db_app.config, "IMPORT_INLINE_MAX_ROWS", 10)
    monkeypatch.setitem(db_app.config, "UPLOAD_DIR", str(tmp_path))
    return tmp_path


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def confirm(client, data: bytes, name: str = "tong-hop.xlsx", **form) -> str:
    checked = client.post("/imports", content_type="multipart/form-data", data={
        "file": (io.BytesIO(data), name), "session": "0", "timing": "", "check_only": "y", **form})
    pending = re.search(r'name="pending" type="hidden" value="([0-9a-f]{64})"', checked.get_data(as_text=True))
    assert pending, checked.get_data(as_text=True)[:2000]
    done = client.post("/imports", data={"pending": pending.group(1), "pending_name": name, "session": "0",
                                         "timing": "", **form})
    assert done.status_code == 302 and "/imports/run/" in done.headers["Location"], done.get_data(as_text=True)[:500]
    return done.headers["Location"]


def _rezipped(data: bytes, change) -> bytes:
    """The same workbook with each sheet's XML passed through `change`."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            body = source.read(part)
            target.writestr(part, change(body) if part.filename.startswith("xl/worksheets/") else body)
    return out.getvalue()


def test_the_rows_in_the_sheet_decide_not_its_dimension_tag(build, queued_always):
    from openpyxl import Workbook

    assert sheet_rows(SAMPLE.read_bytes()) > 27  # title block, header, sections and signatures included
    assert sheet_rows(b"not a zip") == 0
    assert import_runs.should_queue(SAMPLE.read_bytes())
    book = Workbook()
    for n in range(30):
        book.active.append([f"Kiến nghị {n}", "phường Hà Đông"])
    buffer = io.BytesIO()
    book.save(buffer)
    plain = buffer.getvalue()
    missing = _rezipped(plain, lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml))
    lying = _rezipped(plain, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', xml))
    seen = []
    _rezipped(missing, lambda xml: seen.append(xml) or xml)
    assert seen and not any(b"<dimension" in xml for xml in seen)  # the tag is really gone
    for data in (plain, missing, lying):
        assert sheet_rows(data) == 30
        assert import_runs.should_queue(data)  # more than IMPORT_INLINE_MAX_ROWS (10): to the job process


@pytest.mark.parametrize("prefix", [b"", b"x:"])
def test_rows_are_counted_across_the_chunks_prefixed_or_not(prefix):
    """Enough rows for several 256 KiB chunks: no tag cut at a chunk's end is lost or counted twice."""
    import zipfile

    n = 40_000
    xml = b"<worksheet>" + b"".join(b'<%srow r="%d"><%sc/></%srow>' % (prefix, i, prefix, prefix) for i in range(n))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml + b"</worksheet>")
    with zipfile.ZipFile(buffer) as archive:
        assert len(xml) > 3 * 256 * 1024 and scan.rows(archive) == n


def test_a_large_import_runs_in_the_job_with_progress_then_its_result(client, auth, build, queued_always):
    auth.login(build.clerk)
    run_url = confirm(client, SAMPLE.read_bytes())
    assert count(Petition) == 0  # confirming only queued it
    page = client.get(run_url).get_data(as_text=True)
    assert "Tệp đang chờ đến lượt nhập" in page and 'data-poll="1"' in page
    assert client.get(run_url + ".json").get_json()["state"] == "queued"

    seen = []  # what the page's JSON says at each commit the runner makes while it works
    real_run = import_runs.run

    def watched(claim, checkpoint):
        def spy():
            checkpoint()
            seen.append(client.get(run_url + ".json").get_json())
        real_run(claim, spy)
    import_runs.run = watched
    try:
        assert jobs.run_imports() == 1
    finally:
        import_runs.run = real_run
    assert [(s["state"], s["phase"], s["rows"]) for s in seen] == [("running", "writing", 27)]
    info = client.get(run_url + ".json").get_json()
    batch = db.session.scalar(select(SheetImport))
    assert info["state"] == "done" and info["sheet_import_id"] == batch.id and batch.item_count == 27
    assert count(Petition) == 27
    page = client.get(run_url).get_data(as_text=True)
    assert "Đã nhập xong trong" in page and f"/imports/{batch.id}" in page and 'data-poll="1"' not in page
    assert not (queued_always / "imports" / f"{batch.sha256}.xlsx").exists()  # the kept file is gone once imported
    english = client.get(run_url + "?lang=en").get_data(as_text=True)
    assert "Imported in" in english


def test_a_refused_file_fails_the_run_with_every_problem_and_imports_nothing(client, auth, build, queued_always):
    rows = [[n, f"Sửa đường thôn {n}.", "xã Gia Lâm", "", "10/06/2026", "Nhà văn hóa", "Sở Xây dựng"]
            for n in range(1, 15)]
    data = sheet(*rows)
    auth.login(build.clerk)
    run_url = confirm(client, data)
    from app.services.imports import importer  # meanwhile another clerk imports the same rows
    importer.run(build.clerk, "ban-khac.xlsx", sheet(*rows, title="trước Kỳ họp thứ 2, HĐND khóa XVII"))
    db.session.commit()
    before = count(Petition), count(Event)
    assert jobs.run_imports() == 1
    info = client.get(run_url + ".json").get_json()
    assert info["state"] == "failed" and "đã được nhập ngày" in info["error"], info
    assert (count(Petition), count(Event)) == before and count(SheetImport) == 1
    assert "đã được nhập ngày" in client.get(run_url).get_data(as_text=True)

    bad = sheet(*rows[:12], [13, "Lắp đèn.", "xã Gia Lâm", "", "31/02/2026", "Nhà văn hóa", "Sở Xây dựng"])
    run = import_runs.submit(build.clerk, "loi.xlsx", bad, {"session_id": build.session2.id})  # as if checked before
    db.session.commit()
    assert jobs.run_imports() == 1
    info = client.get(f"/imports/run/{run.id}.json?lang=en").get_json()
    assert info["state"] == "failed" and info["problems"] == [
        "Row 18, column E (Ngày tiếp xúc): “31/02/2026” is not a real date (dd/mm/yyyy)."], info
    assert count(Petition) == before[0]


def test_a_runner_that_died_is_given_up_and_nothing_it_did_stays(client, auth, build, queued_always):
    auth.login(build.clerk)
    run_url = confirm(client, SAMPLE.read_bytes())
    dead = import_runs.claim()  # a job process takes the run ... and is killed while writing
    db.session.commit()
    clock.set_now("2026-11-22T10:03")
    assert jobs.run_imports() == 0
    assert client.get(run_url + ".json").get_json()["state"] == "running"  # three minutes: perhaps only slow
    clock.set_now("2026-11-22T10:06")
    assert jobs.run_imports() == 0
    info = client.get(run_url + ".json").get_json()
    assert info["state"] == "failed" and info["error"] == STALLED
    assert count(Petition) == 0 and STALLED in client.get(run_url).get_data(as_text=True)
    with pytest.raises(import_runs.Superseded):  # the runner given up can no longer touch the run
        import_runs.beat(dead, phase="writing")
    db.session.rollback()


def test_a_job_process_taking_over_fails_the_stalled_runs(db_app, build, queued_always):
    from app.jobs import scheduler

    import_runs.submit(build.clerk, "a.xlsx", SAMPLE.read_bytes(), {})
    db.session.commit()
    import_runs.claim()
    db.session.commit()
    clock.set_now("2026-11-22T10:30")
    assert scheduler.fail_stalled_runs() == 1
    assert db.session.scalar(select(ImportRun.state)) == "failed"


def test_only_the_clerk_who_confirmed_sees_the_run(client, auth, build, queued_always):
    auth.login(build.clerk)
    run_url = confirm(client, SAMPLE.read_bytes())
    auth.logout()
    auth.login(build.leader_of_office)
    assert client.get(run_url).status_code == 403
    assert client.get("/imports/run/" + "f" * 32).status_code == 404
    assert client.get("/imports/run/not-hex!").status_code == 404
