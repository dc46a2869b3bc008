"""Issue 12's "Done when" on the server: the steps the lifecycle now takes from where the previous one lands. Rows
classified as they are recorded (the new meeting's form and the rows page), the meeting's page (its likely
duplicates, its classified items submitted at once), the desk (what waits for each role; the committee decides
there and on its boards), a leader who writes and signs an answer at once, re-route and submit in one press, and
an answer landing on the next item waiting. Each batch or combined step: permissions, all-or-nothing, agency
isolation, 409 on an illegal transition."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Event, Petition, VoterMeeting
from app.services.errors import DomainError
from app.services.petitions import batch, duplicates
from tests.web.helpers import act, fresh, part, text

MEETING = {"held_on": "20/11/2026", "place": "Nhà văn hóa tổ 5", "locality": "phường Hà Đông",
           "meeting_type": "before_session", "voters_count": "80"}
ROAD = "Đề nghị sửa chữa đường Tô Hiệu bị xuống cấp, ngập úng khi mưa lớn."
ROAD_AGAIN = "Cử tri đề nghị sửa đường Tô Hiệu, mưa là ngập."
LIGHTS = "Đề nghị lắp đèn chiếu sáng ngõ 12 Quang Trung."


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def rows(*items) -> dict:
    """Form data of intake rows: (content, field id or "", agency id or "") each."""
    data = {}
    for i, (content, field, agency) in enumerate(items):
        data |= {f"rows-{i}-content": content, f"rows-{i}-field": str(field), f"rows-{i}-lead_agency": str(agency)}
    return data


def new_meeting(client) -> VoterMeeting:
    assert client.post("/meetings/new", data=MEETING).status_code == 302
    return db.session.scalar(select(VoterMeeting).order_by(VoterMeeting.id.desc()))


# --- rows classified as they are recorded -------------------------------------------------------------------------

def test_rows_with_a_field_and_agency_are_classified_as_recorded(client, auth, build):
    auth.login(build.clerk)
    meeting = new_meeting(client)
    r = client.post(f"/meetings/{meeting.id}/petitions/new",
                    data=rows((ROAD, build.field.id, build.commune.id), (LIGHTS, "", "")))
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/meetings/{meeting.id}")
    road, lights = db.session.scalars(select(Petition).order_by(Petition.id)).all()
    assert (road.status, road.field_id, road.lead_agency_id) == ("classified", build.field.id, build.commune.id)
    assert road.competence_level == "commune"  # the proposed agency's level
    assert lights.status == "recorded" and lights.field_id is None
    actions = db.session.scalars(select(Event.action).where(Event.petition_id == road.id).order_by(Event.id)).all()
    assert actions == ["record", "classify"]  # both through the lifecycle door, each with its event


@pytest.mark.parametrize("half", [("field",), ("agency",)])
def test_a_row_half_classified_is_refused_and_nothing_is_recorded(client, auth, build, half):
    auth.login(build.clerk)
    meeting = new_meeting(client)
    bad = (LIGHTS, build.field.id if half == ("field",) else "", build.agency.id if half == ("agency",) else "")
    r = client.post(f"/meetings/{meeting.id}/petitions/new", data=rows((ROAD, build.field.id, build.agency.id), bad))
    assert r.status_code == 400 and "Kiến nghị 2: chọn cả lĩnh vực và cơ quan chủ trì" in text(r)
    assert count(Petition) == 0 and ROAD in text(r)  # all or nothing, what was typed kept


def test_a_new_meeting_and_its_rows_in_one_post(client, auth, build):
    auth.login(build.leader_of_office)
    data = MEETING | rows((ROAD, build.field.id, build.agency.id), (ROAD_AGAIN, "", ""))
    r = client.post("/meetings/new", data=data)
    meeting = db.session.scalar(select(VoterMeeting))
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert [p.status for p in db.session.scalars(select(Petition).order_by(Petition.id))] == ["classified", "recorded"]
    assert all(p.meeting_id == meeting.id for p in db.session.scalars(select(Petition)))


def test_a_new_meeting_with_a_bad_row_saves_neither(client, auth, build):
    auth.login(build.clerk)
    r = client.post("/meetings/new", data=MEETING | rows((ROAD, build.field.id, "")))
    assert r.status_code == 400 and count(VoterMeeting) == 0 and count(Petition) == 0
    assert 'value="Nhà văn hóa tổ 5"' in text(r) and ROAD in text(r)


def test_agencies_cannot_record_meetings_or_rows(client, auth, build):
    auth.login(build.agency_leader)
    assert client.post("/meetings/new", data=MEETING | rows((ROAD, build.field.id, build.agency.id))).status_code == 403
    assert count(VoterMeeting) == 0 and count(Petition) == 0


def test_a_field_proposes_the_agency_usually_proposed_for_it(client, auth, build):
    build.petition("classified", agency=build.other_agency)
    auth.login(build.clerk)
    html = text(client.get("/meetings/new"))
    assert f'data-agency="{build.other_agency.id}"' in html and 'id="rows-0-lead_agency"' in html


# --- the meeting's page: likely duplicates, its classified items submitted at once --------------------------------

def _meeting_with(client, build, *items):
    client.post("/meetings/new", data=MEETING | rows(*items))
    meeting = db.session.scalar(select(VoterMeeting))
    return meeting, list(db.session.scalars(select(Petition).order_by(Petition.id)))


def test_the_meeting_page_suggests_merging_a_duplicate_to_who_may_merge(client, auth, build):
    auth.login(build.leader_of_office)
    meeting, (road, lights, again) = _meeting_with(client, build, (ROAD, "", ""), (LIGHTS, "", ""),
                                                   (ROAD_AGAIN, "", ""))
    assert duplicates.likely_pairs([road, lights, again]) == [(again, road)]
    html = text(client.get(f"/meetings/{meeting.id}"))
    assert f"Gộp {again.code} vào {road.code}…" in html
    # The button only opens the confirmation; the merge needs it confirmed, and comes back to the meeting.
    data = {"merge-into": road.code, "merge-version": str(again.version), "next": f"/meetings/{meeting.id}"}
    r = client.post(f"/petitions/{again.code}/merge", data=data)
    assert r.status_code == 200 and "merge-compare" in text(r) and fresh(again).status == "recorded"
    r = client.post(f"/petitions/{again.code}/merge", data=data | {"merge-confirmed": "yes"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert fresh(again).status == "merged"
    auth.logout()
    auth.login(build.clerk)  # clerks do not merge: no suggestion offered
    assert "meeting-duplicates" not in text(client.get(f"/meetings/{meeting.id}"))


def test_the_meeting_submits_its_classified_items_at_once(client, auth, build):
    auth.login(build.clerk)
    meeting, (road, lights) = _meeting_with(client, build, (ROAD, build.field.id, build.agency.id),
                                            (LIGHTS, build.field.id, build.agency.id))
    html = text(client.get(f"/meetings/{meeting.id}"))
    assert "Trình Thường trực 2 kiến nghị đã phân loại" in html
    data = {"ids": [str(road.id), str(lights.id)], f"v-{road.id}": str(road.version),
            f"v-{lights.id}": str(lights.version), "next": f"/meetings/{meeting.id}"}
    r = client.post("/submissions", data=data)
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert fresh(road).status == fresh(lights).status == "awaiting_transfer"


def test_a_stale_item_stops_the_meetings_submission(client, auth, build):
    auth.login(build.clerk)
    meeting, (road, lights) = _meeting_with(client, build, (ROAD, build.field.id, build.agency.id),
                                            (LIGHTS, build.field.id, build.agency.id))
    data = {"ids": [str(road.id), str(lights.id)], f"v-{road.id}": str(road.version),
            f"v-{lights.id}": str(lights.version - 1), "next": f"/meetings/{meeting.id}"}
    r = client.post("/submissions", data=data)
    assert r.status_code == 409 and fresh(road).status == fresh(lights).status == "classified"


def test_an_unsafe_next_is_never_followed(client, auth, build):
    auth.login(build.clerk)
    meeting, (road,) = _meeting_with(client, build, (ROAD, build.field.id, build.agency.id))
    r = client.post("/submissions", data={"ids": [str(road.id)], f"v-{road.id}": str(road.version),
                                          "next": "https://phish.example/x"})
    assert r.status_code == 302 and "phish" not in r.headers["Location"]


# --- the desk -----------------------------------------------------------------------------------------------------

def test_the_agency_desk_lists_its_own_waiting_items_only(client, auth, build):
    mine, theirs = build.petition("transferred"), build.petition("transferred", agency=build.other_agency)
    drafted = build.petition("answer_drafted")
    auth.login(build.officer)
    html = text(client.get("/"))
    assert 'id="desk-work"' in html and mine.code in html and theirs.code not in html
    assert drafted.code not in html  # the leader's, not the officer's
    auth.logout()
    auth.login(build.agency_leader)
    html = text(client.get("/"))
    assert mine.code in html and drafted.code in html and theirs.code not in html


def test_the_leaders_desk_and_inbox_list_an_officers_proposed_return(client, auth, build):
    proposed = build.petition("return_proposed")
    auth.login(build.officer)
    assert proposed.code not in text(client.get("/"))  # the leader decides it, not the officer
    auth.login(build.agency_leader)
    assert proposed.code in text(client.get("/"))
    inbox = text(client.get("/agency/inbox"))
    assert "?status=return_proposed" in inbox and "?status=transferred" in inbox  # the same states, marked


def test_the_committee_decides_from_its_desk_and_comes_back(client, auth, build):
    answered, roadmap = build.petition("answered"), build.petition("on_roadmap")
    auth.login(build.committee)
    html = text(client.get("/"))
    assert f"Chấp nhận {answered.code}" in html and f"Xác nhận hoàn thành {roadmap.code}" in html
    r = act(client, answered, "accept", comment="")
    assert r.status_code == 302  # without `next`: the item's page, as before
    r = client.post(f"/petitions/{roadmap.code}/mark_done", data={
        "mark_done-version": str(roadmap.version), "mark_done-result_category": "resolved", "next": "/"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/")
    assert fresh(answered).status == fresh(roadmap).status == "closed"


def test_boards_offer_decisions_only_to_who_may_take_them(client, auth, build):
    answered = build.petition("answered")
    auth.login(build.leader_of_office)  # reads the boards, decides nothing
    assert answered.code in text(client.get("/committee/reviews"))
    assert f"Chấp nhận {answered.code}" not in text(client.get("/committee/reviews"))
    auth.logout()
    auth.login(build.committee)
    assert f"Chấp nhận {answered.code}" in text(client.get("/committee/reviews"))


def test_a_decision_on_an_item_already_decided_is_409(client, auth, build):
    answered = build.petition("answered")
    auth.login(build.committee)
    version = str(answered.version)
    assert act(client, answered, "accept", comment="").status_code == 302
    r = client.post(f"/petitions/{answered.code}/request_reanswer", data={
        "request_reanswer-version": version, "request_reanswer-reason": "Chưa rõ.", "next": "/"})
    assert r.status_code == 409 and fresh(answered).status == "closed"


# --- the leader writes and signs at once --------------------------------------------------------------------------

def test_a_leader_answers_and_signs_at_once(client, auth, build):
    p, following = build.petition("transferred"), build.petition("transferred")
    auth.login(build.agency_leader)
    r = client.post(f"/petitions/{p.code}/draft_answer", data={
        "draft_answer-version": str(p.version), "draft_answer-text": "Sở đã sửa xong.",
        "draft_answer-result_category": "resolved", "send": "yes"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/petitions/{following.code}")
    assert fresh(p).status == "answered"
    answer = db.session.scalar(select(Answer).where(Answer.petition_id == p.id))
    assert answer.status == "submitted" and answer.submitted_by_id == build.agency_leader.id
    assert "Gửi trả lời (ký luôn" in text(client.get(f"/petitions/{following.code}"))


def test_an_officer_cannot_sign_and_nothing_is_drafted(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.officer)
    assert "send-answer" not in text(client.get(f"/petitions/{p.code}"))
    r = client.post(f"/petitions/{p.code}/draft_answer", data={
        "draft_answer-version": str(p.version), "draft_answer-text": "Sở đã sửa xong.",
        "draft_answer-result_category": "resolved", "send": "yes"})
    assert r.status_code == 403 and fresh(p).status == "transferred" and count(Answer) == 0


def test_another_agencys_leader_cannot_answer(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.user("agency_leader", build.other_agency))
    r = client.post(f"/petitions/{p.code}/draft_answer", data={
        "draft_answer-version": str(p.version), "draft_answer-text": "Không phải của chúng tôi.",
        "draft_answer-result_category": "resolved", "send": "yes"})
    assert r.status_code in (403, 404) and fresh(p).status == "transferred" and count(Answer) == 0


def test_signing_an_item_already_answered_is_409(client, auth, build):
    p = build.petition("answered")
    auth.login(build.agency_leader)
    r = client.post(f"/petitions/{p.code}/draft_answer", data={
        "draft_answer-version": str(p.version), "draft_answer-text": "Lần nữa.",
        "draft_answer-result_category": "resolved", "send": "yes"})
    assert r.status_code == 409 and fresh(p).status == "answered" and count(Answer) == 1


def test_the_combined_answer_is_all_or_nothing(build):
    """The service itself: a user who may draft but not sign leaves neither a draft nor a move behind."""
    p = build.petition("transferred")
    db.session.commit()
    with pytest.raises(DomainError):
        batch.send_answer(build.officer, p, text="Sở đã sửa xong.", result_category="resolved")
    db.session.rollback()
    assert fresh(p).status == "transferred" and count(Answer) == 0


def test_an_answer_lands_on_the_next_item_then_on_the_desk(client, auth, build):
    p, roadmap = build.petition("transferred"), build.petition("on_roadmap")
    auth.login(build.officer)
    r = act(client, p, "draft_answer", text="Sở đã sửa xong.", result_category="resolved")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/petitions/{roadmap.code}")  # its progress
    auth.logout()
    auth.login(build.agency_leader)
    r = act(client, fresh(p), "submit_answer")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/petitions/{p.code}")  # not an answer: stays


# --- re-route and submit in one press -----------------------------------------------------------------------------

def _reroute_submit(client, p, version=None, lead_agency=None):
    """Re-route to another agency than the one that returned the item (a deliberate choice), then submit."""
    return client.post(f"/petitions/{p.code}/reroute", data={
        "reroute-version": str(p.version if version is None else version), "reroute-reason": "", "submit": "yes",
        "reroute-field": str(p.field_id), "reroute-competence_level": p.competence_level or "province",
        "reroute-lead_agency": str(lead_agency or 0)})


def test_the_office_reroutes_and_submits_in_one_press(client, auth, build):
    p = build.petition("returned")
    auth.login(build.clerk)
    assert "reroute-submit" in text(client.get(f"/petitions/{p.code}"))
    assert _reroute_submit(client, p, lead_agency=build.other_agency.id).status_code == 302 and fresh(p).status == "awaiting_transfer"
    actions = db.session.scalars(select(Event.action).where(Event.petition_id == p.id).order_by(Event.id)).all()
    assert actions[-2:] == ["reroute", "submit_for_transfer"]


@pytest.mark.parametrize("who", ["committee", "agency_leader"])
def test_only_the_office_reroutes(client, auth, build, who):
    p = build.petition("returned")
    auth.login(getattr(build, who))
    assert _reroute_submit(client, p, lead_agency=build.other_agency.id).status_code in (403, 404) and fresh(p).status == "returned"


def test_reroute_and_submit_on_a_stale_page_or_wrong_state_is_409(client, auth, build):
    p, classified = build.petition("returned"), build.petition("classified")
    auth.login(build.clerk)
    assert _reroute_submit(client, p, version=p.version - 1, lead_agency=build.other_agency.id).status_code == 409 and fresh(p).status == "returned"
    assert _reroute_submit(client, classified, lead_agency=build.other_agency.id).status_code == 409 and fresh(classified).status == "classified"


# --- the leader signs the officer's drafts on the desk; the office re-routes and the committee transfers there --------

def _approve(client, *items, versions=None):
    data = {"ids": [str(p.id) for p in items]}
    data |= {f"v-{p.id}": str((versions or {}).get(p.id, p.version)) for p in items}
    return client.post("/agency/approve", data=data)


def test_the_leader_reads_the_drafts_on_the_desk_and_signs_the_ticked_ones(client, auth, build):
    first, second, third = (build.petition("answer_drafted") for _ in range(3))
    auth.login(build.agency_leader)
    html = text(client.get("/"))
    draft = db.session.scalar(select(Answer).where(Answer.petition_id == first.id))
    assert draft.text.splitlines()[0][:40] in html and 'id="approve-drafts"' in html
    assert f'aria-label="Duyệt và gửi {first.code}"' in html  # each row's own press
    r = _approve(client, first, second)
    assert r.status_code == 302 and r.headers["Location"].endswith("/")
    assert (fresh(first).status, fresh(second).status, fresh(third).status) == ("answered", "answered", "answer_drafted")
    assert "Đã duyệt và gửi 2 văn bản trả lời" in text(client.get("/"))


def test_an_officer_signs_nothing_on_the_desk(client, auth, build):
    p = build.petition("answer_drafted")
    auth.login(build.officer)
    assert 'id="approve-drafts"' not in text(client.get("/"))
    assert _approve(client, p).status_code == 403 and fresh(p).status == "answer_drafted"


def test_a_stale_draft_stops_the_desk_signature_and_nothing_is_signed(client, auth, build):
    p, stale = build.petition("answer_drafted"), build.petition("answer_drafted")
    auth.login(build.agency_leader)
    r = _approve(client, p, stale, versions={stale.id: stale.version - 1})
    assert r.status_code == 409 and (fresh(p).status, fresh(stale).status) == ("answer_drafted", "answer_drafted")
    assert f"{stale.code}:" in text(r) and 'id="approve-drafts"' in text(r)  # the desk, naming what stopped it
    assert _approve(client).status_code == 400  # nothing ticked: said so, nothing changes
    theirs = build.petition("answer_drafted", agency=build.other_agency)
    assert _approve(client, theirs).status_code == 404 and fresh(theirs).status == "answer_drafted"


def test_the_office_desk_reroutes_a_returned_item_to_the_suggested_agency(client, auth, build):
    p = build.petition("returned")
    auth.login(build.clerk)
    html = text(client.get("/"))
    assert f"Phân loại lại và trình {p.code}" in html and 'id="desk-work"' in html
    assert '/submissions?step=recorded' in html  # the tile of items to classify leads to the batch page


def test_the_committee_transfers_from_its_desk_to_the_proposed_agency(client, auth, build):
    p = build.petition("awaiting_transfer")
    auth.login(build.committee)
    html = text(client.get("/"))
    assert f"Duyệt chuyển {p.code}" in html
    r = client.post(f"/petitions/{p.code}/transfer", data={
        "transfer-version": str(p.version), "transfer-letter_number": "12/HĐND", "transfer-letter_date": "22/11/2026",
        "next": "/"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/")
    assert (fresh(p).status, fresh(p).lead_agency_id) == ("transferred", build.agency.id)


# --- only the live deadline, on the desk and the boards -----------------------------------------------------------

def _dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


def test_the_desk_shows_a_due_date_only_while_it_runs(client, auth, build):
    running, roadmap = build.petition("transferred", transfer_on=date(2026, 11, 2)), build.petition("on_roadmap")
    assert roadmap.due_date is not None and roadmap.due_date != running.due_date  # the dead answer deadline is kept
    auth.login(build.agency_leader)
    html = text(client.get("/"))
    row = html[html.index(roadmap.code):html.index("</tr>", html.index(roadmap.code))]
    assert _dmy(roadmap.due_date) not in row
    assert f"hoàn thành dự kiến {_dmy(roadmap.roadmap_expected_date)}" in row
    row = html[html.index(running.code):html.index("</tr>", html.index(running.code))]
    assert _dmy(running.due_date) in row


def test_the_reviews_board_shows_no_deadline_for_answered_items(client, auth, build):
    answered = build.petition("answered")
    assert answered.due_date is not None
    auth.login(build.committee)
    html = text(client.get("/committee/reviews"))
    row = html[html.index(answered.code):html.index("</tr>", html.index(answered.code))]
    assert _dmy(answered.due_date) not in row


# --- an answer "being resolved" does not close the item -----------------------------------------------------------

def _answered_in_progress(build) -> Petition:
    from app.services.petitions import answers

    p = build.petition("transferred")
    answers.draft_answer(build.officer, p, text="Đang thi công, dự kiến xong tháng 6.", result_category="in_progress",
                         expected_date=date(2027, 6, 30))
    answers.submit_answer(build.agency_leader, p)
    db.session.commit()
    return p


def test_an_answer_being_resolved_is_not_offered_to_close(client, auth, build):
    p = _answered_in_progress(build)
    auth.login(build.committee)
    for page in ("/", "/committee/reviews", f"/petitions/{p.code}"):
        html = text(client.get(page))
        assert f"Theo lộ trình {p.code}" in html or "accept_on_roadmap" in html, page
        assert f'aria-label="Chấp nhận {p.code}"' not in html and "/accept\"" not in html, page


def test_accepting_an_answer_being_resolved_is_409_and_points_to_the_roadmap(client, auth, build):
    p = _answered_in_progress(build)
    auth.login(build.committee)
    r = act(client, p, "accept", comment="")
    assert r.status_code == 409 and "Theo lộ trình" in text(r)
    assert (fresh(p).status, fresh(p).result_category) == ("answered", None)


def test_the_service_refuses_to_close_on_an_answer_being_resolved(build):
    from app.services.errors import Conflict
    from app.services.petitions import reviews

    p = _answered_in_progress(build)
    with pytest.raises(Conflict):
        reviews.accept(build.committee, p)


def test_confirming_completion_presets_no_result(client, auth, build):
    roadmap = build.petition("on_roadmap")
    auth.login(build.committee)
    html = text(client.get(f"/petitions/{roadmap.code}"))
    select_ = part(html, 'id="mark_done-result_category"', "</select>")
    assert "selected" not in select_ and 'value="in_progress"' not in select_
    r = client.post(f"/petitions/{roadmap.code}/mark_done", data={"mark_done-version": str(roadmap.version)})
    assert r.status_code == 400 and fresh(roadmap).status == "on_roadmap"


# --- a draft sent back is corrected, not typed again --------------------------------------------------------------

def test_the_new_draft_starts_from_the_one_the_leader_sent_back(client, auth, build):
    from app.services.petitions import answers

    p = build.petition("transferred")
    answers.draft_answer(build.officer, p, text="Sở đã sửa xong đoạn đường Tô Hiệu.", result_category="explained",
                         letter_number="45/SXD-HT", letter_date=date(2026, 11, 20))
    answers.send_back_draft(build.agency_leader, p, reason="Bổ sung số liệu.")
    db.session.commit()
    auth.login(build.officer)
    html = text(client.get(f"/petitions/{p.code}"))
    form = part(html, f'action="/petitions/{p.code}/draft_answer"', "</form>")
    assert "Sở đã sửa xong đoạn đường Tô Hiệu.</textarea>" in form
    assert '<option selected value="explained">' in form or 'value="explained" selected' in form
    assert 'value="45/SXD-HT"' in form and 'value="20/11/2026"' in form
    # Once the item is answered and the committee asks again, the new round starts blank (nothing was sent back).
    other = build.petition("reanswer_requested")
    html = text(client.get(f"/petitions/{other.code}"))
    form = html[html.index(f'action="/petitions/{other.code}/draft_answer"'):]
    assert "</textarea>" in form and form[:form.index("</textarea>")].rstrip().endswith(">")


def test_the_batch_classification_searches_its_coordinating_agencies(client, auth, build):
    build.petition("recorded")
    auth.login(build.clerk)
    html = text(client.get("/submissions?step=recorded"))
    select_ = html[html.index('name="coordinating"') - 200:html.index('name="coordinating"') + 200]
    assert "<select" in select_ and 'data-search="1"' in select_ and "multiple" in select_


def test_the_agency_desk_opens_an_item_at_its_return(client, auth, build):
    p = build.petition("transferred")
    for user, action in ((build.agency_leader, "return_not_competent"), (build.officer, "propose_return")):
        auth.login(user)
        assert f'aria-label="Trả lại {p.code}"' in text(client.get("/"))
        html = text(client.get(f"/petitions/{p.code}?open=return"))
        form = html.index(f'action="/petitions/{p.code}/{action}"')
        assert html[:form].rsplit("<details", 1)[1].split(">", 1)[0].strip().endswith("open"), user.role
        auth.logout()
    auth.login(build.committee)  # no return to make: the page opens at its usual step
    assert client.get(f"/petitions/{p.code}?open=return").status_code == 200
