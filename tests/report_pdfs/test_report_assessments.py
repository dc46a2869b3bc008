"""The committee's assessment written in the report form: kept in its own table (not in the report run, which is
deleted a day later), printed by every later run of the same report, shown again in the form; written by the
committee (or the office's leader) only; emptied, it is removed only from the report the form showed it for."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from app import clock, jobs
from app.extensions import db
from app.models import ReportAssessment, ReportRun
from app.services.reporting import assessments
from app.services.reporting import runs as report_runs
from tests.report_pdfs import pdfcheck

TEXT = "Các cơ quan đã tích cực trả lời cử tri."


def _form(build, **extra) -> dict:
    return {"kind": "results", "format": "pdf", "session": build.session2.id, "as_of": "22/11/2026",
            "assessment": TEXT, "responsible": "Sở Xây dựng", **extra}


def _flat(pdf: bytes) -> str:
    return " ".join(pdfcheck.text(pdf).split())


def test_assessment_outlives_its_run_and_is_printed_by_later_runs(auth, client, build, db_app, tmp_path,
                                                                    monkeypatch):
    build.petition("closed")
    db.session.commit()
    monkeypatch.setitem(db_app.config, "REPORT_DIR", str(tmp_path / "runs"))
    monkeypatch.setitem(db_app.config, "REPORT_INLINE_MAX_ROWS", 0)  # queued, as a large report is
    auth.login(build.committee)
    queued = client.post("/reports/download", data=_form(build))
    assert queued.status_code == 302 and "/reports/run/" in queued.headers["Location"]
    assert jobs.build_reports() == 1
    with client.get(queued.headers["Location"] + "/file") as pdf:
        flat = _flat(pdf.data)
    assert f"ĐÁNH GIÁ CHUNG {TEXT}" in flat
    assert "Cơ quan chịu trách nhiệm về việc chậm trả lời, chưa giải quyết: Sở Xây dựng." in flat
    # Two days later the run and its file are gone; the assessment is not.
    with clock.travel_to(datetime(2026, 11, 24, 10, 0)):
        assert report_runs.clean_old() == 1
        db.session.commit()
    assert db.session.scalar(select(ReportRun)) is None
    kept = db.session.scalars(select(ReportAssessment)).all()
    assert [(k.session_id, k.as_of, k.kind, k.scope, k.text) for k in kept] == [
        (build.session2.id, date(2026, 11, 22), "results", "all", TEXT)]
    # The form shows it again for that report, and lists it among those kept.
    page = client.get(f"/reports/?session={build.session2.id}&as_of=22/11/2026").get_data(as_text=True)
    assert f">{TEXT}</textarea>" in page and 'value="Sở Xây dựng"' in page and "Đánh giá chung đã lưu" in page
    assert f">{TEXT}</textarea>" not in client.get(f"/reports/?session={build.session2.id}&as_of=21/11/2026") \
        .get_data(as_text=True)  # another cut-off date is another report
    # A later run of the same report (a quick link, built at once) prints it.
    monkeypatch.setitem(db_app.config, "REPORT_INLINE_MAX_ROWS", 1000)
    later = client.get(f"/reports/download?kind=results&session={build.session2.id}&as_of=22/11/2026")
    assert later.status_code == 200 and f"ĐÁNH GIÁ CHUNG {TEXT}" in _flat(later.data)
    other_day = client.get(f"/reports/download?kind=results&session={build.session2.id}&as_of=21/11/2026")
    assert TEXT not in _flat(other_day.data)


def test_only_the_committee_and_the_office_leader_write_it(auth, client, build):
    db.session.commit()
    for user in (build.clerk, build.officer):
        auth.login(user)
        page = client.get("/reports/").get_data(as_text=True)
        assert 'name="assessment"' not in page
        refused = client.post("/reports/download", data=_form(build, **({"agency": build.agency.id}
                                                                        if user is build.officer else {})))
        assert refused.status_code == 403
        assert "Chỉ Thường trực HĐND và lãnh đạo Văn phòng được ghi đánh giá chung" in refused.get_data(as_text=True)
        assert db.session.scalar(select(ReportAssessment)) is None
    auth.login(build.leader_of_office)
    assert 'name="assessment"' in client.get("/reports/").get_data(as_text=True)
    assert client.post("/reports/download", data=_form(build)).status_code == 200  # small: built at once
    assert db.session.scalar(select(ReportAssessment.text)) == TEXT


def test_too_long_an_assessment_is_refused_and_the_form_keeps_what_was_typed(auth, client, build):
    db.session.commit()
    auth.login(build.committee)
    long_text = "Đánh giá " * 2500
    refused = client.post("/reports/download", data=_form(build, assessment=long_text))
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Phần đánh giá quá dài." in page and long_text.strip()[:200] in page
    assert db.session.scalar(select(ReportAssessment)) is None


def test_an_emptied_box_removes_only_the_assessment_it_showed(auth, client, build):
    db.session.commit()
    auth.login(build.committee)
    shown = f"{build.session2.id}|2026-11-22|"
    assert client.post("/reports/download", data=_form(build)).status_code == 200
    # The form showed 21/11's (none) and the date was then changed to 22/11: 22/11's stays.
    client.post("/reports/download", data=_form(build, assessment="", responsible="",
                                                 assessment_for=f"{build.session2.id}|2026-11-21|"))
    assert db.session.scalar(select(ReportAssessment.text)) == TEXT
    client.post("/reports/download", data=_form(build, assessment="", responsible="", assessment_for=shown))
    assert db.session.scalar(select(ReportAssessment)) is None


def test_written_again_it_replaces_the_one_kept(build):
    """One row per report: a second save replaces the first (the unique key holds on both databases)."""
    args = ("results", build.session2.id, date(2026, 11, 22), None)
    assessments.write(build.committee, *args, TEXT, "")
    assessments.write(build.leader_of_office, *args, "Đánh giá sửa lại.", "Sở Y tế")
    db.session.commit()
    rows = db.session.scalars(select(ReportAssessment)).all()
    assert [(r.text, r.responsible, r.written_by_id) for r in rows] == [
        ("Đánh giá sửa lại.", "Sở Y tế", build.leader_of_office.id)]
    assert assessments.texts(build.clerk, *args) == ("Đánh giá sửa lại.", "Sở Y tế")  # every reader's report
    assert assessments.texts(build.clerk, "results", build.session2.id, date(2026, 11, 22) + timedelta(1),
                             None) == ("", "")


def test_an_agencys_report_is_listed_with_the_agencys_name(auth, client, build):
    """The kept assessments name the agency a report was cut for (the form lists them to choose again)."""
    db.session.commit()
    auth.login(build.committee)
    assert client.post("/reports/download", data=_form(build, agency=build.agency.id)).status_code == 200
    page = client.get(f"/reports/?session={build.session2.id}&as_of=22/11/2026&agency={build.agency.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Đánh giá chung đã lưu" in text and build.agency.name in text.split("Đánh giá chung đã lưu", 1)[1]
