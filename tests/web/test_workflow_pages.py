"""The workflow pages through HTTP: detail page, every lifecycle action, errors, stale pages."""
from __future__ import annotations

from app.extensions import db
from tests.web.helpers import act, fresh
from tests.web.helpers import text as page


def test_full_path_through_the_pages(client, auth, build):
    p = build.petition("recorded")
    auth.login(build.clerk)
    detail = client.get(f"/petitions/{p.code}")
    assert detail.status_code == 200
    html = page(detail)
    assert "Tổng hợp, phân loại" in html and "Duyệt chuyển cơ quan giải quyết" not in html
    r = act(client, p, "classify", field=build.field.id, competence_level="province",
            lead_agency=build.agency.id, coordinating=build.other_agency.id)
    assert r.status_code == 302, page(r)
    assert fresh(p).status == "classified"
    assert act(client, fresh(p), "submit_for_transfer").status_code == 302
    auth.login(build.committee)
    r = act(client, fresh(p), "transfer", letter_number="12/HĐND-VP", letter_date="2026-11-22")
    assert r.status_code == 302
    html = page(client.get(f"/petitions/{p.code}"))
    assert "Hạn trả lời" in html and "30 ngày làm việc" in html  # due date with its explanation
    auth.login(build.officer)
    r = act(client, fresh(p), "draft_answer", text="Sở đã sửa xong tuyến đường.", result_category="resolved")
    assert r.status_code == 302, page(r)
    auth.login(build.agency_leader)
    assert act(client, fresh(p), "submit_answer", letter_number="90/SXD").status_code == 302
    auth.login(build.committee)
    assert act(client, fresh(p), "accept", comment="Đạt.").status_code == 302
    p = fresh(p)
    assert p.status == "closed" and p.result_category == "resolved"
    html = page(client.get(f"/petitions/{p.code}"))
    for text in ("Dự thảo trả lời", "Duyệt và gửi trả lời", "Chấp nhận, kết thúc", "90/SXD"):
        assert text in html
    assert "Bạn không có thao tác nào" in html


def test_buttons_are_those_the_user_may_press(client, auth, build):
    p = build.petition("answered")
    auth.login(build.committee)
    html = page(client.get(f"/petitions/{p.code}"))
    assert "/accept_on_roadmap" in html and "/request_reanswer" in html and "/draft_answer" not in html
    auth.login(build.officer)
    html = page(client.get(f"/petitions/{p.code}"))
    assert "/accept" not in html and "/request_reanswer" not in html


def test_form_errors_rerender_in_vietnamese_and_keep_input(client, auth, build):
    p = build.petition("answered")
    auth.login(build.committee)
    r = act(client, p, "request_reanswer", reason="")
    assert r.status_code == 400
    assert "Trường này là bắt buộc." in page(r)
    assert fresh(p).status == "answered"
    auth.login(build.officer)
    q = build.petition("transferred")
    r = act(client, q, "draft_answer", text="Nội dung đã gõ dở", result_category="in_progress")
    assert r.status_code == 400
    assert "Nội dung đã gõ dở" in page(r) and "Cần ghi thời hạn hoàn thành" in page(r)


def test_stale_page_gets_409_and_changes_nothing(client, auth, build):
    p = build.petition("answered")
    seen = p.version
    auth.login(build.committee)
    assert act(client, p, "request_reanswer", reason="Chung chung.").status_code == 302
    r = client.post(f"/petitions/{p.code}/accept", data={"accept-version": str(seen),
                                                          "accept-comment": "Nhận xét đã gõ"})
    assert r.status_code == 409
    assert "Thao tác không còn hợp lệ" in page(r)
    assert "chưa được lưu" in page(r) and "Nhận xét đã gõ" in page(r)  # what was typed is not lost
    assert fresh(p).status == "reanswer_requested"


def test_version_mismatch_is_409(client, auth, build):
    p = build.petition("answered")
    auth.login(build.committee)
    r = client.post(f"/petitions/{p.code}/request_reanswer",
                    data={"request_reanswer-version": str(p.version - 1), "request_reanswer-reason": "x"})
    assert r.status_code == 409 and "vừa được người khác cập nhật" in page(r)
    assert "x</textarea>" in page(r)  # what was typed is kept


def test_set_aside_merge_forward_answered_at_meeting(client, auth, build):
    a, b, c, d = (build.petition("recorded") for _ in range(4))
    auth.login(build.clerk)
    assert act(client, a, "set_aside", kind="complaint", reason="Khiếu nại đất đai.").status_code == 302
    assert act(client, b, "mark_answered_at_meeting", explanation="Chủ tịch xã đã trả lời.").status_code == 302
    assert act(client, c, "merge", into=d.code).status_code == 403  # only the office leader merges
    auth.login(build.leader_of_office)
    assert act(client, c, "merge", into=d.code, confirmed="yes").status_code == 302
    assert fresh(c).merged_into_id == d.id
    html = page(client.get(f"/petitions/{d.code}"))
    assert c.code in html and "phường Hà Đông" in html  # the merged source stays visible
    e = build.petition("classified")
    auth.login(build.clerk)
    assert act(client, e, "forward", receiving_body="Đoàn ĐBQH", letter_number="5/VP").status_code == 302
    assert [fresh(x).status for x in (a, b, e)] == ["set_aside", "answered_at_meeting", "forwarded"]


def test_roadmap_progress_and_mark_done(client, auth, build):
    p = build.petition("on_roadmap")
    auth.login(build.officer)
    r = act(client, p, "report_progress", percent="150", text="x")
    assert r.status_code == 400 and "Từ 0 đến 100." in page(r)
    assert act(client, fresh(p), "report_progress", percent="60", text="Đã thi công 60%.").status_code == 302
    auth.login(build.committee)
    assert "60%" in page(client.get("/committee/roadmaps"))
    assert act(client, fresh(p), "mark_done", result_category="resolved").status_code == 302
    assert fresh(p).status == "closed"


def test_return_reroute_and_send_back_draft(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.officer)
    assert act(client, p, "return_not_competent", reason="Thuộc Sở Y tế.").status_code == 403  # through the leader
    assert act(client, p, "propose_return", reason="Thuộc Sở Y tế.",
               suggested_agency=build.other_agency.id).status_code == 302
    auth.login(build.agency_leader)
    html = page(client.get(f"/petitions/{p.code}"))
    assert "chờ lãnh đạo cơ quan duyệt" in html and "Thuộc Sở Y tế." in html
    assert act(client, fresh(p), "return_not_competent", reason="").status_code == 302
    auth.login(build.clerk)
    html = page(client.get(f"/petitions/{p.code}"))
    assert "Sở Xây dựng trả lại: không đúng thẩm quyền" in html and "Sở Y tế" in html
    # The returning agency is refused unless confirmed; a new agency goes through.
    r = act(client, fresh(p), "reroute", field=build.field.id, competence_level="province", lead_agency=build.agency.id)
    assert r.status_code == 400 and "vừa trả lại" in page(r) and fresh(p).status == "returned"
    assert act(client, fresh(p), "reroute", field=build.field.id, competence_level="province",
               lead_agency=build.other_agency.id).status_code == 302
    assert fresh(p).status == "classified" and fresh(p).lead_agency_id == build.other_agency.id
    q = build.petition("answer_drafted")
    auth.login(build.agency_leader)
    assert act(client, q, "send_back_draft", reason="Bổ sung số liệu.").status_code == 302
    assert fresh(q).status == "transferred"


def test_unknown_or_forbidden_petition_is_404(client, auth, build):
    p = build.petition("classified")
    auth.login(build.officer)
    assert client.get(f"/petitions/{p.code}").status_code == 404  # not transferred yet
    assert client.get("/petitions/KN-2026-999999").status_code == 404
    other = build.petition("transferred", agency=build.other_agency)
    assert client.get(f"/petitions/{other.id}").status_code == 404
    assert other.code not in page(client.get("/petitions"))


def test_reviews_queue_shows_the_answer_to_judge(client, auth, build):
    p = build.petition("answered")
    auth.login(build.committee)
    html = page(client.get("/committee/reviews"))
    assert p.code in html and "Sở đã chỉ đạo sửa chữa xong." in html and "88/SXD-VP" in html


def test_merge_offers_the_open_items_to_keep(client, auth, build):
    a, b = build.petition("recorded"), build.petition("classified")
    closed = build.petition("closed")
    auth.login(build.leader_of_office)
    html = page(client.get(f"/petitions/{a.code}"))
    assert f'name="merge-into" id="merge-into-{b.id}" value="{b.code}"' in html
    assert f'value="{closed.code}"' not in html
    r = act(client, a, "merge", into=closed.code, confirmed="yes")
    assert r.status_code == 409 and "đã kết thúc" in page(r)


def test_after_a_stale_409_the_form_carries_the_current_version(client, auth, build):
    p = build.petition("answered")
    auth.login(build.committee)
    r = client.post(f"/petitions/{p.code}/request_reanswer",
                    data={"request_reanswer-version": "0", "request_reanswer-reason": "Chưa rõ."})
    assert r.status_code == 409
    assert f'name="request_reanswer-version" type="hidden" value="{p.version}"' in page(r)


def test_a_server_error_says_the_form_was_not_saved(client, auth, build, db_app, monkeypatch):
    from app.services.petitions import reviews

    p = build.petition("answered")
    auth.login(build.committee)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reviews, "request_reanswer", broken)
    db_app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        r = act(client, p, "request_reanswer", reason="Chưa rõ.")
    finally:
        db_app.config["PROPAGATE_EXCEPTIONS"] = True
    assert r.status_code == 500 and "chưa được lưu" in page(r)
    assert fresh(p).status == "answered"


def test_wtforms_own_messages_are_vietnamese(client, auth, build):
    p = build.petition("answered")
    auth.login(build.committee)
    r = act(client, p, "accept_on_roadmap", expected_date="31/02/2027")
    assert r.status_code == 400 and "Ngày không hợp lệ (dd/mm/yyyy)." in page(r)
    assert "Not a valid" not in page(r)
    q = build.petition("recorded")
    auth.login(build.clerk)
    r = act(client, q, "set_aside", kind="khong-co", reason="x" * 5000)
    assert "Lựa chọn không hợp lệ." in page(r) and "Không được dài quá 4000 ký tự." in page(r)


def test_classify_needs_an_explicit_field_and_level(client, auth, build):
    p = build.petition("recorded")
    auth.login(build.clerk)
    r = act(client, p, "classify", field="0", competence_level="", lead_agency="0")
    assert r.status_code == 400 and page(r).count("Trường này là bắt buộc.") == 2
    assert fresh(p).status == "recorded"


def test_reanswer_deadline_is_labelled(client, auth, build):
    p = build.petition("reanswer_requested")
    auth.login(build.officer)
    html = page(client.get(f"/petitions/{p.code}"))
    assert "Hạn trả lời lại" in html and "Trả lời lại: 15 ngày làm việc" in html


def test_refusals_speak_the_users_language(client, auth, build):
    """Service and lifecycle messages follow the user's language, with English labels inside them."""
    import io

    from workflows.petition import STATES

    p = build.petition("answered")
    committee = build.committee
    committee.locale = "en"
    db.session.commit()
    auth.login(committee)
    detail = page(client.get(f"/petitions/{p.code}"))
    assert "Accept and close" in detail and "Request a new answer" in detail and "Chấp nhận, kết thúc" not in detail
    assert "Answer due:" not in detail  # answered: the deadline no longer runs, so none is shown
    live = page(client.get(f"/petitions/{build.petition('transferred').code}"))
    why = live[live.index("Answer due:</strong>"):].split("</details>")[0]  # the due date's explanation
    assert "working days from" in why and "Seriously overdue from" in why and "Quy tắc" not in why
    stale = client.post(f"/petitions/{p.code}/request_reanswer",
                        data={"request_reanswer-version": str(p.version - 1), "request_reanswer-reason": "x"})
    assert stale.status_code == 409 and "Someone else has just updated this recommendation" in page(stale)
    assert act(client, p, "accept", result_category="resolved").status_code == 302
    again = act(client, fresh(p), "accept", result_category="resolved")
    assert again.status_code == 409
    assert f"the recommendation is now “{STATES['closed'][1]}”. Nothing was changed." in page(again)
    bad = client.post(f"/petitions/{p.code}/attachments", content_type="multipart/form-data",
                      data={"upload-file": (io.BytesIO(b"MZ not a pdf"), "gia.pdf")})
    assert bad.status_code == 400 and "The content of “gia.pdf” is not a valid PDF file." in page(bad)
    assert fresh(p).status == "closed"


def test_committee_decides_the_lead_agency_at_transfer(client, auth, build):
    """The office proposes; the standing committee may sign the letter to another lead agency."""
    from app.models import Event

    p = build.petition("awaiting_transfer")
    assert p.lead_agency_id == build.agency.id
    auth.login(build.committee)
    html = page(client.get(f"/petitions/{p.code}"))
    form = html[html.index('action="/petitions/' + p.code + '/transfer"'):]
    assert f'<option selected value="{build.agency.id}">' in form.split("</select>")[0]  # proposal pre-filled

    unchosen = act(client, p, "transfer", letter_number="12/HĐND-VP", letter_date="20/11/2026", lead_agency=0)
    assert unchosen.status_code == 400 and "12/HĐND-VP" in page(unchosen)
    both = client.post(f"/petitions/{p.code}/transfer", data={
        "transfer-version": str(p.version), "transfer-letter_number": "12/HĐND-VP",
        "transfer-letter_date": "20/11/2026", "transfer-lead_agency": str(build.other_agency.id),
        "transfer-coordinating": str(build.other_agency.id)})
    assert both.status_code == 400 and "không đồng thời là cơ quan phối hợp" in page(both)
    assert fresh(p).status == "awaiting_transfer" and fresh(p).lead_agency_id == build.agency.id

    moved = act(client, fresh(p), "transfer", letter_number="12/HĐND-VP", letter_date="20/11/2026",
                lead_agency=build.other_agency.id, coordinating=build.agency.id)
    assert moved.status_code == 302, page(moved)
    done = fresh(p)
    assert done.status == "transferred" and done.lead_agency_id == build.other_agency.id
    assert [a.id for a in done.coordinating_agencies] == [build.agency.id]
    event = db.session.query(Event).filter_by(petition_id=p.id, action="transfer").one()
    assert event.data["lead_agency"] == build.other_agency.name
    auth.login(build.user("agency_officer", build.other_agency))
    assert p.code in page(client.get("/agency/inbox"))
