"""The permission matrix: every staff route x every role x own/coordinating/other agency, allowed or refused.

Allowed means the page answers 200 (or the action succeeds with 302); refused means 403, or 404 when the
user may not even see the item (agencies never learn that another agency's item exists)."""
from __future__ import annotations

import pytest

from app import permissions
from app.extensions import db
from app.models import Petition
from app.services.petitions import answers, attachments, meetings
from tests.web.helpers import act
from workflows import petition as workflow

ROLES = ["anonymous", "clerk", "office_leader", "committee", "admin", "officer_own", "leader_own",
         "officer_coordinating", "officer_other", "leader_other"]

# Where each action can be taken, and data that makes it succeed when the role may take it.
ACTION_CASES = {
    "classify": ("recorded", {"field": "FIELD", "competence_level": "province", "lead_agency": "AGENCY"}),
    "set_aside": ("recorded", {"kind": "opinion", "reason": "Là ý kiến."}),
    "mark_answered_at_meeting": ("recorded", {"explanation": "Đã giải trình."}),
    "merge": ("recorded", {"into": "TARGET", "confirmed": "yes"}),
    "submit_for_transfer": ("classified", {}),
    "forward": ("classified", {"receiving_body": "Đoàn ĐBQH", "letter_number": "1/VP"}),
    "transfer": ("awaiting_transfer", {"letter_number": "2/HĐND", "letter_date": "2026-11-22"}),
    "send_back": ("awaiting_transfer", {"reason": "Bổ sung."}),
    "draft_answer": ("transferred", {"text": "Trả lời.", "result_category": "explained"}),
    "return_not_competent": ("transferred", {"reason": "Không đúng thẩm quyền."}),
    "propose_return": ("transferred", {"reason": "Không đúng thẩm quyền.", "suggested_agency": "OTHER"}),
    "submit_answer": ("answer_drafted", {}),
    "send_back_draft": ("answer_drafted", {"reason": "Sửa lại."}),
    "accept": ("answered", {}),
    "accept_on_roadmap": ("answered", {"expected_date": "2027-06-30"}),
    "request_reanswer": ("answered", {"reason": "Chung chung."}),
    "report_progress": ("on_roadmap", {"percent": "50", "text": "Một nửa."}),
    "mark_done": ("on_roadmap", {"result_category": "resolved"}),
    "reroute": ("returned", {"field": "FIELD", "competence_level": "commune", "lead_agency": "OTHER"}),
    "withdraw": ("recorded", {"reason": "Cử tri rút."}),
}


def test_every_action_is_in_the_matrix():
    assert set(ACTION_CASES) == set(workflow.ACTIONS)


def user_for(build, role):
    return {
        "anonymous": None, "clerk": build.clerk, "office_leader": build.leader_of_office,
        "committee": build.committee, "admin": build.admin,
        "officer_own": build.officer, "leader_own": build.agency_leader,
        "officer_coordinating": build.user("agency_officer", build.other_agency),
        "officer_other": build.user("agency_officer", build.commune),
        "leader_other": build.user("agency_leader", build.commune),
    }[role]


def expected(user, petition: Petition, action: str | None = None, page_ok: bool = True) -> int:
    if user is None:
        return 302
    if not permissions.can_view(user, petition):
        return 404
    if action is not None:
        return 302 if permissions.can(user, action, petition) else 403
    return 200 if page_ok else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTION_CASES))
def test_action_matrix(client, auth, build, action, role):
    state, data = ACTION_CASES[action]
    p = build.petition(state if state != "returned" else "returned")
    target = build.petition("recorded")
    fields = {k: {"FIELD": build.field.id, "AGENCY": build.agency.id, "TARGET": target.code,
                  "OTHER": build.commune.id}.get(v, v)
              for k, v in data.items()}
    user = user_for(build, role)
    want = expected(user, p, action)
    if user is None:
        auth.logout()
    else:
        auth.login(user)
    before = (p.status, len(answers.progress_of(p)))
    response = act(client, p, action, **fields)
    assert response.status_code == want, (role, action, response.get_data(as_text=True)[-800:])
    db.session.expire_all()
    after = db.session.get(Petition, p.id)
    changed = (after.status, len(answers.progress_of(after))) != before
    assert changed == (want == 302 and user is not None)
    if user is None:
        assert "/auth/login" in response.headers["Location"]


def _pages(build):
    """Every staff GET page, with who may open it (None: decided by the petition's visibility)."""
    office = {"clerk", "office_leader"}
    boards = {"committee", "office_leader", "admin"}
    recorded = build.petition("recorded")
    transferred = build.petition("transferred")
    meeting = meetings.save_meeting(build.clerk, held_on=transferred.created_at.date(), place="Nhà văn hóa",
                                    locality="phường Hà Đông", meeting_type="before_session")
    upload = attachments.attach(build.officer, "tl.pdf", b"%PDF-1.4 x", petition=transferred)
    return [
        ("/petitions", None, {r for r in ROLES if r != "anonymous"}),
        (f"/petitions/{transferred.code}", transferred, None),
        (f"/petitions/{recorded.code}", recorded, None),
        (f"/petitions/files/{upload.id}", transferred, None),
        (f"/petitions/{recorded.code}/edit", recorded, office),
        ("/petitions/new", None, office),
        ("/meetings", None, office | {"committee", "admin"}),
        (f"/meetings/{meeting.id}", None, office | {"committee", "admin"}),
        ("/meetings/new", None, office),
        (f"/meetings/{meeting.id}/edit", None, office),
        (f"/meetings/{meeting.id}/petitions/new", None, office),
        ("/submissions", None, office),
        ("/imports", None, office),
        ("/committee/transfers", None, boards),
        ("/committee/reviews", None, boards),
        ("/committee/roadmaps", None, boards),
        ("/committee/overdue", None, boards),
        ("/agency/inbox", None, {"officer_own", "leader_own", "officer_coordinating", "officer_other",
                                 "leader_other"}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(client, auth, build, role):
    pages = _pages(build)
    user = user_for(build, role)
    if user is None:
        auth.logout()
    else:
        auth.login(user)
    for url, petition, allowed in pages:
        intake = url.startswith("/meetings") or url.endswith(("/edit", "/new"))
        if user is None:
            want = 302
        elif intake and user.role in ("agency_officer", "agency_leader"):
            want = 403  # the whole intake room is closed to agencies, whatever the item (so nothing leaks)
        elif petition is not None and not permissions.can_view(user, petition):
            want = 404
        else:
            want = 200 if allowed is None or role in allowed else 403
        response = client.get(url)
        assert response.status_code == want, (role, url)
        if want in (403, 404) and petition is not None:
            assert petition.content not in response.get_data(as_text=True)
        response.close()  # a file download streams from disk until closed
