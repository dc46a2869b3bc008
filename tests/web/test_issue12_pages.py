"""Issue 12 through the pages: batch classification, the correction form, the inbox's "Mới", state shown as it is
(rejected answers, closing results, no pre-set result), the author's draft edit, one default report session."""
from __future__ import annotations

import re

from app.extensions import db
from app.models import Session
from app.services.petitions import reviews
from tests.web.helpers import act, fresh, part
from tests.web.helpers import text as html


def test_batch_classification_from_the_submissions_page(client, auth, build):
    a, b = build.petition("recorded"), build.petition("recorded")
    auth.login(build.clerk)
    page = html(client.get("/submissions?step=recorded"))
    assert a.code in page and "Phân loại các kiến nghị đã chọn" in page and "mở từng kiến nghị" not in page
    form = {"ids": [a.id, b.id], f"v-{a.id}": a.version, f"v-{b.id}": b.version, "field": build.field.id,
            "competence_level": "province", "lead_agency": build.agency.id, "step": "recorded"}
    missing = client.post("/submissions/classify", data={**form, "competence_level": ""})
    assert missing.status_code == 400 and fresh(a).status == "recorded"
    assert client.post("/submissions/classify", data=form).status_code == 302
    assert [fresh(p).status for p in (a, b)] == ["classified", "classified"]
    assert fresh(a).lead_agency_id == build.agency.id


def test_batch_classification_is_all_or_nothing_with_the_item_named(client, auth, build):
    a, gone = build.petition("recorded"), build.petition("transferred")
    auth.login(build.clerk)
    r = client.post("/submissions/classify", data={
        "ids": [a.id, gone.id], f"v-{a.id}": a.version, f"v-{gone.id}": gone.version, "field": build.field.id,
        "competence_level": "province", "lead_agency": build.agency.id})
    assert r.status_code in (403, 409) and gone.code in html(r)
    assert fresh(a).status == "recorded"
    auth.login(build.officer)
    assert client.post("/submissions/classify", data={"ids": [a.id]}).status_code == 403


def test_correction_form_on_the_detail_page_and_its_history(client, auth, build):
    p = build.petition("classified")
    auth.login(build.clerk)
    page = html(client.get(f"/petitions/{p.code}"))
    assert "Sửa phân loại" in page
    r = client.post(f"/petitions/{p.code}/correct", data={
        "correct-version": p.version, "correct-field": build.field.id, "correct-competence_level": "commune",
        "correct-lead_agency": build.commune.id, "correct-summary": "Sửa cống Tô Hiệu"})
    assert r.status_code == 302
    assert (fresh(p).lead_agency_id, fresh(p).summary) == (build.commune.id, "Sửa cống Tô Hiệu")
    page = html(client.get(f"/petitions/{p.code}"))
    assert "Sở Xây dựng → UBND xã Gia Lâm" in page and "Sửa đường Tô Hiệu → Sửa cống Tô Hiệu" in page
    blank = client.post(f"/petitions/{p.code}/correct", data={
        "correct-version": fresh(p).version, "correct-field": build.field.id, "correct-competence_level": "",
        "correct-lead_agency": build.commune.id, "correct-summary": "Giữ nguyên chữ đã gõ"})
    assert blank.status_code == 400 and "Giữ nguyên chữ đã gõ" in html(blank)
    q = build.petition("transferred")
    assert "Sửa phân loại" not in html(client.get(f"/petitions/{q.code}"))
    assert client.post(f"/petitions/{q.code}/correct", data={"correct-version": q.version}).status_code == 403
    auth.login(build.officer)
    assert client.post(f"/petitions/{q.code}/correct", data={"correct-version": q.version}).status_code == 403


def test_the_inbox_marks_what_the_agency_has_not_opened(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.agency_leader)
    row = re.search(rf"{p.code}</a>.*?</td>", html(client.get("/agency/inbox")), re.S).group(0)
    assert "badge-new" in row
    client.get(f"/petitions/{p.code}")  # the leader opens it: the whole agency has now seen it
    auth.login(build.officer)
    row = re.search(rf"{p.code}</a>.*?</td>", html(client.get("/agency/inbox")), re.S).group(0)
    assert "badge-new" not in row


def test_rejected_answers_are_marked_with_the_reason_and_only_the_live_deadline_shows(client, auth, build):
    p = build.petition("answered")
    reviews.request_reanswer(build.committee, p, reason="Trả lời chung chung, chưa nêu thời gian.")
    db.session.commit()
    auth.login(build.committee)
    page = html(client.get(f"/petitions/{p.code}"))
    answer = page[page.index('id="answers"'):page.index('id="reviews"')]
    assert "Không được chấp nhận" in answer and "Trả lời chung chung, chưa nêu thời gian." in answer
    assert "Đã gửi · Đã giải quyết xong" not in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", answer))
    assert "Hạn trả lời lại" in page  # the re-answer deadline runs now
    r = build.petition("on_roadmap")
    page = html(client.get(f"/petitions/{r.code}"))
    assert 'id="deadline"' not in page and "Hạn trả lời lại" not in page and "Hạn trả lời:</strong>" not in page
    done = part(page, 'action="/petitions/' + r.code + '/mark_done"', "</form>")
    assert "Đang giải quyết" not in done and "Đã giải quyết xong" in done


def test_a_new_answer_has_no_preset_result_and_its_author_edits_the_draft(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.officer)
    page = html(client.get(f"/petitions/{p.code}"))
    select = part(page, 'name="draft_answer-result_category"', "</select>")
    chosen = [o for o in re.findall(r"<option[^>]*>", select) if "selected" in o]
    assert chosen == [] or all('value=""' in o for o in chosen)
    refused = act(client, p, "draft_answer", text="Sở đã sửa xong.")
    assert refused.status_code == 400 and fresh(p).status == "transferred"
    assert act(client, fresh(p), "draft_answer", text="Sở đã sửa.", result_category="resolved").status_code == 302
    page = html(client.get(f"/petitions/{p.code}"))
    assert 'id="edit-draft"' in page
    r = client.post(f"/petitions/{p.code}/draft", data={
        "edit_draft-version": fresh(p).version, "edit_draft-text": "Sở đã sửa xong, nghiệm thu.",
        "edit_draft-result_category": "explained"})
    assert r.status_code == 302
    assert "Sở đã sửa xong, nghiệm thu." in html(client.get(f"/petitions/{p.code}"))
    auth.login(build.agency_leader)
    assert 'id="edit-draft"' not in html(client.get(f"/petitions/{p.code}"))
    assert client.post(f"/petitions/{p.code}/draft", data={"edit_draft-version": fresh(p).version}).status_code == 403


def test_the_report_form_and_the_quick_links_use_one_default_session(client, auth, build):
    # The last session by date has not opened yet (08/12/2026): the default is the one that has (25/06/2026).
    auth.login(build.committee)
    page = html(client.get("/reports/"))
    selected = re.search(r'<option value="(\d+)" selected>', page).group(1)
    assert int(selected) == build.session1.id
    assert db.session.get(Session, build.session2.id).opening > build.session1.opening
