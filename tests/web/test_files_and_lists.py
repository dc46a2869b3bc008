"""Attachments (type, size, magic bytes, permissions), lists (filters in the URL, paging, export link), CSRF."""
from __future__ import annotations

import io

from app.extensions import db
from app.models import Attachment
from tests.web.helpers import act, text

PDF = b"%PDF-1.4\n%%EOF\n"


def upload(client, p, name, data):
    return client.post(f"/petitions/{p.code}/attachments",
                       data={"upload-file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_upload_and_download_with_permissions(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.officer)
    assert upload(client, p, "cong-van.pdf", PDF).status_code == 302
    row = db.session.query(Attachment).one()
    assert row.stored_name == f"{row.sha256}.pdf" and row.size == len(PDF)
    with client.get(f"/petitions/files/{row.id}") as r:
        assert r.status_code == 200 and r.data == PDF
    auth.login(build.user("agency_officer", build.commune))
    with client.get(f"/petitions/files/{row.id}") as r:
        assert r.status_code == 404


def test_upload_refuses_bad_type_and_fake_content(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.officer)
    r = upload(client, p, "virus.exe", b"MZ....")
    assert r.status_code == 400 and "không được chấp nhận" in text(r)
    r = upload(client, p, "gia.pdf", b"MZ not a pdf")
    assert r.status_code == 400 and "không đúng định dạng PDF" in text(r)
    assert db.session.query(Attachment).count() == 0


def test_upload_too_large_has_a_clear_message(client, auth, build, db_app):
    p = build.petition("transferred")
    auth.login(build.officer)
    db_app.config["MAX_CONTENT_LENGTH"] = 2048
    try:
        r = upload(client, p, "lon.pdf", PDF + b"x" * 4096)
    finally:
        db_app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    assert r.status_code == 413 and "Tệp quá lớn" in text(r)


def test_draft_answer_with_attachment_and_bad_file_keeps_text(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.officer)
    data = {"draft_answer-version": str(p.version), "draft_answer-text": "Nội dung trả lời dài.",
            "draft_answer-result_category": "resolved",
            "draft_answer-files": (io.BytesIO(b"not a pdf"), "tl.pdf")}
    r = client.post(f"/petitions/{p.code}/draft_answer", data=data, content_type="multipart/form-data")
    assert r.status_code == 400 and "Nội dung trả lời dài." in text(r)
    db.session.expire_all()
    assert p.status == "transferred"
    data["draft_answer-files"] = (io.BytesIO(PDF), "tl.pdf")
    r = client.post(f"/petitions/{p.code}/draft_answer", data=data, content_type="multipart/form-data")
    assert r.status_code == 302
    row = db.session.query(Attachment).one()
    assert row.answer_id is not None
    html = text(client.get(f"/petitions/{p.code}"))
    assert html.index("Nội dung trả lời dài.") < html.index(f"/petitions/files/{row.id}")


def test_file_over_the_limit_keeps_the_answer_typed_with_it(client, auth, build, db_app):
    """The per-file limit is enforced by the form, so the answer text comes back with the message."""
    p = build.petition("transferred")
    auth.login(build.officer)
    db_app.config["MAX_UPLOAD_BYTES"] = 2048
    try:
        data = {"draft_answer-version": str(p.version), "draft_answer-text": "Trả lời kèm công văn rất dài.",
                "draft_answer-result_category": "resolved",
                "draft_answer-files": (io.BytesIO(PDF + b"x" * 4096), "tl.pdf")}
        r = client.post(f"/petitions/{p.code}/draft_answer", data=data, content_type="multipart/form-data")
    finally:
        db_app.config["MAX_UPLOAD_BYTES"] = 20 * 1024 * 1024
    assert r.status_code == 400
    assert "Tệp quá lớn" in text(r) and "Trả lời kèm công văn rất dài." in text(r)
    db.session.expire_all()
    assert p.status == "transferred" and db.session.query(Attachment).count() == 0


def test_list_filters_live_in_the_url_and_paging(client, auth, build):
    for _ in range(3):
        build.petition("recorded")
    late = build.petition("transferred", transfer_on=build.session1.opening)
    other = build.petition("transferred", agency=build.other_agency)
    auth.login(build.committee)
    html = text(client.get("/petitions?status=recorded&per_page=20"))
    assert late.code not in html and html.count("KN-2026-") >= 3
    assert 'href="/reports/export/petitions.xlsx?status=recorded&amp;per_page=20"' in html
    html = text(client.get("/petitions?overdue=1"))
    assert late.code in html and other.code not in html
    html = text(client.get(f"/petitions?agency={build.other_agency.id}"))
    assert other.code in html and late.code not in html
    html = text(client.get("/petitions?sort=code&dir=asc&per_page=20&page=1"))
    assert html.index("KN-2026-000001") < html.index("KN-2026-000002")
    assert "sort=code" in html  # links keep the sort
    assert client.get("/petitions?page=abc&per_page=x&sort=evil").status_code == 200


def test_agency_lists_show_only_their_items(client, auth, build):
    mine = build.petition("transferred")
    theirs = build.petition("transferred", agency=build.commune)
    auth.login(build.officer)
    for url in ("/agency/inbox", "/petitions", "/petitions?q=KN", "/agency/inbox?all=1"):
        html = text(client.get(url))
        assert mine.code in html and theirs.code not in html, url
    assert "còn" in text(client.get("/agency/inbox"))  # days left


def test_batch_transfer_with_letter_and_deadline_explanation(client, auth, build):
    a, b = build.petition("awaiting_transfer"), build.petition("awaiting_transfer")
    auth.login(build.committee)
    page = client.get("/committee/transfers")
    assert a.code in text(page) and "ngày làm việc" in text(page)
    r = client.post("/committee/transfers", data={
        "ids": [str(a.id), str(b.id)], f"v-{a.id}": str(a.version), f"v-{b.id}": str(b.version),
        "letter_number": "125/HĐND-VP", "letter_date": "2026-11-22"}, follow_redirects=True)
    # Each item's due date in one short sentence, the rule's text not repeated (issue 12).
    assert "Đã duyệt chuyển 2 kiến nghị" in text(r) and "ngày làm việc kể từ 22/11/2026" in text(r)
    assert "Quy tắc" not in text(r)
    db.session.expire_all()
    assert a.status == b.status == "transferred" and a.transfer_letter_number == "125/HĐND-VP"


def test_batch_transfer_stale_changes_nothing(client, auth, build):
    a, b = build.petition("awaiting_transfer"), build.petition("awaiting_transfer")
    auth.login(build.committee)
    r = client.post("/committee/transfers", data={
        "ids": [str(a.id), str(b.id)], f"v-{a.id}": str(a.version), f"v-{b.id}": str(b.version - 1),
        "letter_number": "9/HĐND", "letter_date": "2026-11-22"})
    assert r.status_code == 409
    db.session.expire_all()
    assert a.status == b.status == "awaiting_transfer"
    r = client.post("/committee/transfers", data={"ids": [str(a.id)], "letter_number": ""})
    assert r.status_code == 400 and "Trường này là bắt buộc." in text(r)


def test_overdue_board_sorted_and_very_overdue_highlighted(client, auth, build):
    from app import clock

    early = build.petition("transferred", transfer_on=build.session1.opening)
    later = build.petition("transferred", transfer_on=build.session1.closing or build.session2.opening.replace(month=10))
    build.petition("transferred")
    auth.login(build.committee)
    with clock.travel_to("2026-11-22T10:00"):
        html = text(client.get("/committee/overdue"))
    assert html.index(early.code) < html.index(later.code)
    assert "table-danger" in html and "Quá hạn nghiêm trọng" in html
    assert text(client.get(f"/committee/overdue?agency={build.other_agency.id}")).count("KN-2026-") == 0


def test_csrf_is_required_on_forms(client, auth, build, db_app):
    p = build.petition("answered")
    auth.login(build.committee)
    db_app.config["WTF_CSRF_ENABLED"] = True
    try:
        r = act(client, p, "accept")
    finally:
        db_app.config["WTF_CSRF_ENABLED"] = False
    assert r.status_code == 400
    db.session.expire_all()
    assert p.status == "answered"
