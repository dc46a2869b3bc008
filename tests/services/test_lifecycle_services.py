"""The lifecycle through the services: state, fields, events, errors, and nothing changed on refusal."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from app import clock
from app.extensions import db
from app.models import Answer, Event, Petition, ProgressEntry, Review
from app.services import audit
from app.services.errors import Conflict, InvalidData, PermissionDenied
from app.services.petitions import answers, reviews, transfers
from app.services.petitions import intake as petitions
from workflows.petition import DUE_DATE_STATES, STATES


def events(p: Petition) -> list[str]:
    return [e.action for e in audit.history(p)]


def test_record_gives_sequential_codes_and_an_event(build):
    first = build.petition("recorded")
    second = build.petition("recorded")
    assert first.code == "KN-2026-000001"
    assert second.code == "KN-2026-000002"
    assert first.status == "recorded"
    [event] = audit.history(first)
    assert (event.action, event.from_state, event.to_state, event.actor_id) == ("record", None, "recorded", build.clerk.id)


def test_record_refuses_empty_content_and_non_office_roles(build):
    with pytest.raises(InvalidData, match="không được để trống"):
        petitions.record_petition(build.clerk, content="   ")
    with pytest.raises(PermissionDenied):
        petitions.record_petition(build.officer, content="Đề nghị lắp đèn đường.")
    assert db.session.scalar(select(Petition.id)) is None


def test_classify_sets_field_level_and_agencies(build):
    p = build.petition("recorded")
    petitions.classify(build.clerk, p, field=build.field, competence_level="province",
                       lead_agency=build.agency, coordinating=[build.other_agency])
    assert p.status == "classified"
    assert p.field == build.field and p.lead_agency == build.agency
    assert [a.code for a in p.coordinating_agencies] == ["SYT"]
    event = audit.history(p)[-1]
    assert event.data["lead_agency"] == "Sở Xây dựng"


def test_lead_agency_cannot_also_coordinate(build):
    p = build.petition("recorded")
    with pytest.raises(InvalidData, match="phối hợp"):
        petitions.classify(build.clerk, p, field=build.field, competence_level="province",
                           lead_agency=build.agency, coordinating=[build.agency])


def test_transfer_starts_the_clock_and_explains_the_due_date(build):
    p = build.petition("awaiting_transfer")
    transfers.transfer(build.committee, p, letter_number="125/HĐND-VP", letter_date=date(2026, 11, 20))
    assert p.status == "transferred"
    assert p.transferred_on == date(2026, 11, 20)
    # 30 working days after Friday 20/11/2026, skipping weekends and 24/11 (Vietnam Cultural Day).
    assert p.due_date == date(2027, 1, 5)
    assert p.deadline_info["purpose"] == "answer"
    # The history says it in one short sentence; the working days skipped are in the details shown on demand.
    explained = audit.history(p)[-1]
    assert explained.reason == "05/01/2027: 30 ngày làm việc kể từ 20/11/2026."
    assert "24/11/2026" in explained.data["details"] and "24/11/2026" not in explained.reason
    assert events(p)[-2:] == ["transfer", "deadline_set"]


def test_whole_path_logs_every_step_with_actor(build):
    p = build.petition("transferred")
    officer, leader, committee = build.officer, build.agency_leader, build.committee
    answers.draft_answer(officer, p, text="Đang khảo sát.", result_category="explained")
    answers.send_back_draft(leader, p, reason="Cần nêu rõ kinh phí.")
    assert p.status == "transferred"
    answers.draft_answer(officer, p, text="Đã bố trí 2 tỷ đồng.", result_category="in_progress",
                         expected_date=date(2027, 6, 30))
    answers.submit_answer(leader, p, letter_number="12/SXD-VP", letter_date=date(2026, 11, 22))
    reviews.request_reanswer(committee, p, reason="Chưa nêu thời gian.")
    assert p.reanswer_count == 1
    answers.draft_answer(officer, p, text="Hoàn thành trong quý II/2027.", result_category="in_progress",
                         expected_date=date(2027, 6, 30))
    answers.submit_answer(leader, p)
    reviews.accept_on_roadmap(committee, p)
    assert p.roadmap_expected_date == date(2027, 6, 30)
    answers.report_progress(officer, p, percent=60, text="Đã thi công 60%.")
    reviews.mark_done(committee, p, comment="Đã kiểm tra thực tế.")
    assert p.status == "closed" and p.result_category == "resolved" and p.closed_at is not None
    log = audit.history(p)
    assert [e.action for e in log] == [
        "record", "classify", "submit_for_transfer", "transfer", "deadline_set", "draft_answer",
        "send_back_draft", "draft_answer", "submit_answer", "request_reanswer", "deadline_set",
        "draft_answer", "submit_answer", "accept_on_roadmap", "report_progress", "mark_done",
    ]
    assert all(e.actor_id is not None and e.at is not None for e in log)
    assert {e.actor_id for e in log if e.action == "submit_answer"} == {leader.id}
    assert db.session.scalar(select(ProgressEntry.percent)) == 60
    assert [a.status for a in answers.answers_of(p)] == ["sent_back", "submitted", "submitted"]
    assert db.session.scalars(select(Review.decision).order_by(Review.id)).all() == [
        "request_reanswer", "accept_on_roadmap", "mark_done"]


def test_request_reanswer_sets_a_new_deadline_from_the_reanswer_rule(build):
    p = build.petition("answered", transfer_on=date(2026, 10, 1))
    with clock.travel_to("2026-11-23T09:00"):
        review = reviews.request_reanswer(build.committee, p, reason="Trả lời chưa đúng trọng tâm.")
    # 15 working days from Monday 23/11/2026, skipping 24/11 and the weekends.
    assert p.due_date == date(2026, 12, 15)
    assert review.new_due_date == p.due_date
    assert p.deadline_info["purpose"] == "reanswer"


def test_accept_closes_with_the_answers_result_category(build):
    p = build.petition("answered")
    reviews.accept(build.committee, p, comment="Đạt yêu cầu.")
    assert (p.status, p.result_category) == ("closed", "resolved")


def test_return_and_reroute(build):
    p = build.petition("returned")
    assert events(p)[-1] == "return_not_competent"
    petitions.reroute(build.clerk, p, lead_agency=build.other_agency, coordinating=[], reason="Chuyển Sở Y tế.")
    assert p.status == "classified" and p.due_date is None and p.lead_agency == build.other_agency


def test_set_aside_answered_at_meeting_forward_and_withdraw(build):
    a, b, c, d = (build.petition("recorded") for _ in range(4))
    petitions.set_aside(build.clerk, a, kind="complaint", reason="Khiếu nại theo Luật Khiếu nại.")
    petitions.mark_answered_at_meeting(build.clerk, b, explanation="Chủ tịch UBND xã đã giải trình.")
    petitions.classify(build.clerk, c, field=build.field, competence_level="central", lead_agency=None)
    petitions.forward(build.clerk, c, receiving_body="Đoàn ĐBQH Thành phố", letter_number="5/VP")
    petitions.withdraw(build.leader_of_office, d, reason="Cử tri rút kiến nghị.")
    assert [x.status for x in (a, b, c, d)] == ["set_aside", "answered_at_meeting", "forwarded", "withdrawn"]
    assert a.set_aside_kind == "complaint" and c.forwarded_to == "Đoàn ĐBQH Thành phố"


def test_merge_links_duplicates_and_repoints_earlier_merges(build):
    survivor, dup, older_dup = (build.petition("recorded") for _ in range(3))
    petitions.merge(build.leader_of_office, older_dup, into=dup)
    petitions.merge(build.leader_of_office, dup, into=survivor)
    assert dup.merged_into == survivor and older_dup.merged_into == survivor
    assert {x.code for x in survivor.merged_items} == {dup.code, older_dup.code}
    assert "merge_received" in events(survivor)


def test_only_office_leader_merges(build):
    a, b = build.petition("recorded"), build.petition("recorded")
    with pytest.raises(PermissionDenied):
        petitions.merge(build.clerk, a, into=b)
    assert a.status == "recorded"


def test_cannot_merge_into_a_finished_item(build):
    a, closed = build.petition("recorded"), build.petition("closed")
    with pytest.raises(Conflict):
        petitions.merge(build.leader_of_office, a, into=closed)


@pytest.mark.parametrize(("state", "call"), [
    ("recorded", lambda b, p: transfers.transfer(b.committee, p, letter_number="1", letter_date=date(2026, 11, 20))),
    ("transferred", lambda b, p: petitions.submit_for_transfer(b.clerk, p)),
    ("closed", lambda b, p: petitions.withdraw(b.leader_of_office, p, reason="Không còn cần thiết")),
    ("on_roadmap", lambda b, p: answers.draft_answer(b.officer, p, text="x", result_category="resolved")),
])
def test_illegal_move_is_a_conflict_and_changes_nothing(build, state, call):
    p = build.petition(state)
    db.session.commit()
    before = (p.status, p.version, len(audit.history(p)))
    with pytest.raises(Conflict) as exc:
        call(build, p)
    db.session.rollback()
    db.session.refresh(p)
    assert exc.value.status == 409
    assert (p.status, p.version, len(audit.history(p))) == before


def test_illegal_transition_answers_409_with_a_clear_message(build):
    p = build.petition("recorded")
    with pytest.raises(Conflict) as exc:
        transfers.transfer(build.committee, p, letter_number="1", letter_date=date(2026, 11, 20))
    assert exc.value.status == 409
    assert "Mới cập nhật" in exc.value.message


def test_missing_reason_is_invalid_data_and_changes_nothing(build):
    p = build.petition("answered")
    db.session.commit()
    with pytest.raises(InvalidData, match="lý do"):
        reviews.request_reanswer(build.committee, p, reason="  ")
    db.session.rollback()
    assert p.status == "answered" and p.reanswer_count == 0


def test_only_the_lead_agency_answers(build):
    p = build.petition("transferred")
    stranger = build.user("agency_officer", build.other_agency)  # coordinating, not lead
    with pytest.raises(PermissionDenied):
        answers.draft_answer(stranger, p, text="Trả lời", result_category="resolved")
    with pytest.raises(PermissionDenied):
        answers.submit_answer(build.officer, p)  # officers draft, leaders submit
    assert p.status == "transferred"


def test_answer_needs_a_valid_result_category(build):
    p = build.petition("transferred")
    with pytest.raises(InvalidData, match="kết quả"):
        answers.draft_answer(build.officer, p, text="Trả lời", result_category="")
    with pytest.raises(InvalidData):
        answers.draft_answer(build.officer, p, text="Trả lời", result_category="maybe")
    assert db.session.scalar(select(Answer.id)) is None


def test_roadmap_needs_an_expected_date(build):
    p = build.petition("transferred")
    answers.draft_answer(build.officer, p, text="Đang giải quyết", result_category="in_progress")
    answers.submit_answer(build.agency_leader, p)
    with pytest.raises(InvalidData, match="thời hạn hoàn thành"):
        reviews.accept_on_roadmap(build.committee, p)
    reviews.accept_on_roadmap(build.committee, p, expected_date=date(2027, 3, 31))
    assert p.status == "on_roadmap"


def test_stale_version_from_a_form_is_refused(build):
    p = build.petition("classified")
    seen = p.version
    petitions.submit_for_transfer(build.clerk, p, expected_version=seen)
    db.session.commit()
    with pytest.raises(Conflict, match="người khác"):
        transfers.send_back(build.committee, p, reason="Bổ sung hồ sơ", expected_version=seen)


def test_edit_logs_changed_fields_and_only_while_with_the_office(build):
    p = build.petition("recorded")
    petitions.update_petition(build.clerk, p, summary="Sửa đường Tô Hiệu (đoạn qua chợ)")
    assert audit.history(p)[-1].data == {"fields": ["summary"], "changes": {"summary": {
        "old": "Sửa đường Tô Hiệu", "new": "Sửa đường Tô Hiệu (đoạn qua chợ)"}}}
    q = build.petition("transferred")
    with pytest.raises(PermissionDenied):
        petitions.update_petition(build.clerk, q, summary="x")


def test_event_log_is_append_only(build):
    from app.models import AppendOnlyError

    p = build.petition("recorded")
    db.session.commit()
    event = db.session.scalar(select(Event).where(Event.petition_id == p.id))
    event.reason = "sửa lịch sử"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    event = db.session.scalar(select(Event).where(Event.petition_id == p.id))
    db.session.delete(event)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("state", sorted(STATES))
def test_the_database_refuses_an_item_with_the_agency_but_no_due_date(build, state):
    """The CHECK constraints are derived from the workflow: states and 'carries a due date' (DUE_DATE_STATES)."""
    from sqlalchemy.exc import IntegrityError

    p = build.petition("transferred")
    db.session.commit()
    row = {"status": state, "due": None}
    statement = text("UPDATE petition SET status = :status, due_date = :due, merged_into_id = id WHERE id = :id")
    try:
        db.session.execute(statement, {**row, "id": p.id})
        db.session.flush()
        refused = False
    except IntegrityError:
        refused = True
    finally:
        db.session.rollback()
    assert refused == (state in DUE_DATE_STATES)
    with pytest.raises(IntegrityError):
        db.session.execute(statement, {"status": "nowhere", "due": None, "id": p.id})
    db.session.rollback()
