"""Issue 12's "Done when" on the server: the steps the lifecycle now takes from where the previous one lands. Rows
classified as they are recorded (the new meeting's form and the rows page), the meeting's page (its likely
duplicates, its classified items submitted at once), the desk (what waits for each role; the committee decides
there and on its boards), a leader who writes and signs an answer at once, re-route and submit in one press, and
an answer landing on the next item waiting. Each batch or combined step: permissions, all-or-nothing, agency
isolation, 409 on an illegal transition."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Event, Petition, VoterMeeting
from app.services.errors import DomainError
from app.services.petitions import batch, duplicates
from tests.web.helpers import act, fresh, text

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
