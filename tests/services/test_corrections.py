"""Corrections of the office's classification (issue 12): each change an event with its before and after, the batch
classification all-or-nothing, the re-route after a return, the officer's return through the leader, the author's
draft edits, and who may do none of it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app import permissions
from app.extensions import db
from app.models import Event, Field
from app.services import audit
from app.services.errors import Conflict, InvalidData, PermissionDenied
from app.services.petitions import answers, batch, reviews
from app.services.petitions import intake as petitions


def last_event(p) -> Event:
    return audit.history(p)[-1]


@pytest.fixture
def health(build) -> Field:
    field = Field(code="YT", name="Y tế", committee=build.committee_body)
    db.session.add(field)
    db.session.flush()
    return field


@pytest.mark.parametrize("state", ["classified", "awaiting_transfer"])
def test_each_correction_is_one_event_with_before_and_after(build, health, state):
    p = build.petition(state)
    changes = petitions.correct(build.clerk, p, field=health, competence_level="commune", lead_agency=build.commune,
                                coordinating=[build.agency], summary="Sửa đường và cống Tô Hiệu",
                                expected_version=p.version)
    assert (p.field, p.competence_level, p.lead_agency, p.coordinating_agencies) == (
        health, "commune", build.commune, [build.agency])
    assert p.summary == "Sửa đường và cống Tô Hiệu" and p.status == state
    event = last_event(p)
    assert (event.action, event.from_state, event.to_state, event.actor_id) == ("correct", state, state, build.clerk.id)
    assert event.data["changes"] == changes == {
        "field": {"old": build.field.name, "new": "Y tế"},
        "competence_level": {"old": "province", "new": "commune"},
        "lead_agency": {"old": "Sở Xây dựng", "new": "UBND xã Gia Lâm"},
        "coordinating": {"old": ["Sở Y tế"], "new": ["Sở Xây dựng"]},
        "summary": {"old": "Sửa đường Tô Hiệu", "new": "Sửa đường và cống Tô Hiệu"},
    }


@pytest.mark.parametrize("name", ["field", "competence_level", "lead_agency", "coordinating", "summary"])
def test_one_change_records_only_that_change(build, health, name):
    p = build.petition("classified")
    values = {"field": build.field, "competence_level": "province", "lead_agency": build.agency,
              "coordinating": [build.other_agency], "summary": None}
    values[name] = {"field": health, "competence_level": "commune", "lead_agency": build.commune,
                    "coordinating": [], "summary": "Tóm tắt mới"}[name]
    petitions.correct(build.leader_of_office, p, **values)
    assert list(last_event(p).data["changes"]) == [name]


def test_a_correction_that_changes_nothing_logs_nothing(build):
    p = build.petition("classified")
    before = len(audit.history(p))
    assert petitions.correct(build.clerk, p, field=build.field, competence_level="province",
                             lead_agency=build.agency, coordinating=[build.other_agency]) == {}
    assert len(audit.history(p)) == before


@pytest.mark.parametrize("state", ["transferred", "answered", "returned", "closed", "recorded"])
def test_no_correction_once_transferred_or_before_classifying(build, health, state):
    p = build.petition(state)
    assert not permissions.can_correct(build.clerk, p)
    with pytest.raises(PermissionDenied):
        petitions.correct(build.clerk, p, field=health, competence_level="commune", lead_agency=build.commune)
    assert p.field == (None if state == "recorded" else build.field)


@pytest.mark.parametrize("role", ["agency_officer", "agency_leader", "committee", "admin"])
def test_only_the_office_corrects(build, health, role):
    p = build.petition("classified")
    user = build.user(role)
    assert not permissions.can_correct(user, p)
    with pytest.raises(PermissionDenied):
        petitions.correct(user, p, field=health, competence_level="commune", lead_agency=build.commune)
    assert p.field == build.field


def test_correction_refuses_bad_values_and_stale_pages(build):
    p = build.petition("classified")
    with pytest.raises(InvalidData):
        petitions.correct(build.clerk, p, field=build.field, competence_level="galaxy", lead_agency=build.agency)
    with pytest.raises(InvalidData):  # a lead agency cannot also coordinate
        petitions.correct(build.clerk, p, field=build.field, competence_level="province", lead_agency=build.agency,
                          coordinating=[build.agency])
    with pytest.raises(InvalidData):
        petitions.correct(build.clerk, p, field=build.field, competence_level="province", lead_agency=build.agency,
                          summary="   ")
    with pytest.raises(Conflict):
        petitions.correct(build.clerk, p, field=build.field, competence_level="commune", lead_agency=build.agency,
                          expected_version=p.version - 1)
    assert p.competence_level == "province"


def test_batch_classification_classifies_new_items_and_corrects_classified_ones(build, health):
    new, old = build.petition("recorded"), build.petition("classified")
    done = batch.classify_many(build.clerk, [(new, new.version), (old, old.version)], field=health,
                               competence_level="commune", lead_agency=build.commune)
    assert done == [new, old]
    assert [(p.status, p.field, p.lead_agency) for p in (new, old)] == [
        ("classified", health, build.commune), ("classified", health, build.commune)]
    assert last_event(new).action == "classify" and last_event(old).action == "correct"


def test_batch_classification_is_all_or_nothing_and_names_the_item(build, health):
    good, gone = build.petition("recorded"), build.petition("transferred")
    db.session.commit()
    with pytest.raises((Conflict, PermissionDenied)) as info:
        batch.classify_many(build.clerk, [(good, good.version), (gone, gone.version)], field=health,
                            competence_level="commune", lead_agency=build.commune)
    assert gone.code in info.value.message
    db.session.rollback()  # what the edge does with a refusal
    assert db.session.get(type(good), good.id).status == "recorded"
    with pytest.raises(InvalidData):
        batch.classify_many(build.clerk, [], field=health, competence_level="commune", lead_agency=None)


def test_reroute_names_a_new_agency_and_never_the_returning_one_silently(build, health):
    p = build.petition("returned")
    with pytest.raises(InvalidData):
        petitions.reroute(build.clerk, p, lead_agency=None)
    with pytest.raises(InvalidData) as info:
        petitions.reroute(build.clerk, p, lead_agency=build.agency)
    assert "Sở Xây dựng vừa trả lại" in info.value.message and p.status == "returned"
    petitions.reroute(build.clerk, p, lead_agency=build.commune, coordinating=[], field=health,
                      competence_level="commune", reason="Thuộc xã")
    assert (p.status, p.lead_agency, p.field, p.due_date) == ("classified", build.commune, health, None)
    changes = last_event(p).data["changes"]
    assert changes["lead_agency"] == {"old": "Sở Xây dựng", "new": "UBND xã Gia Lâm"}
    assert changes["field"]["new"] == "Y tế"


def test_reroute_to_the_returning_agency_needs_a_confirmation(build):
    p = build.petition("returned")
    petitions.reroute(build.clerk, p, lead_agency=build.agency, send_to_returning_agency=True)
    assert p.status == "classified" and last_event(p).data["same_agency_confirmed"] is True


def test_the_return_names_the_suggested_agency_and_goes_through_the_leader(build):
    p = build.petition("transferred")
    with pytest.raises(PermissionDenied):  # AGENCY_OFFICER_MAY_RETURN is off by default
        answers.return_not_competent(build.officer, p, reason="Thuộc Sở Y tế")
    answers.propose_return(build.officer, p, reason="Thuộc Sở Y tế", suggested_agency=build.other_agency)
    assert p.status == "return_proposed" and p.due_date is not None  # the clock still runs against the agency
    answers.send_back_draft(build.agency_leader, p, reason="Sở phải trả lời")
    assert p.status == "transferred"
    answers.propose_return(build.officer, p, reason="Thuộc Bộ Y tế", suggested_text="Bộ Y tế")
    answers.return_not_competent(build.agency_leader, p)
    event = last_event(p)
    assert (p.status, event.reason) == ("returned", "Thuộc Bộ Y tế")
    assert event.data["suggested_agency"] == "Bộ Y tế" and event.data["proposed_by"] == build.officer.id
    assert event.data["agency_id"] == build.agency.id


def test_officers_return_directly_where_the_setting_allows(build, db_app):
    p = build.petition("transferred")
    db_app.config["AGENCY_OFFICER_MAY_RETURN"] = True
    try:
        answers.return_not_competent(build.officer, p, reason="Thuộc Sở Y tế", suggested_agency=build.other_agency)
    finally:
        db_app.config["AGENCY_OFFICER_MAY_RETURN"] = False
    assert p.status == "returned" and last_event(p).data["suggested_agency_id"] == build.other_agency.id


def test_an_officers_proposal_is_the_leaders_even_where_officers_may_return(build, db_app):
    p = build.petition("transferred")
    answers.propose_return(build.officer, p, reason="Thuộc Sở Y tế")
    db_app.config["AGENCY_OFFICER_MAY_RETURN"] = True
    try:
        with pytest.raises(PermissionDenied, match="lãnh đạo"):
            answers.return_not_competent(build.officer, p, reason="Thuộc Sở Y tế", expected_version=p.version)
    finally:
        db_app.config["AGENCY_OFFICER_MAY_RETURN"] = False
    assert p.status == "return_proposed"


def test_the_author_edits_the_draft_until_it_is_submitted(build):
    p = build.petition("answer_drafted")
    draft = answers.current_draft(p)
    other = build.user("agency_officer", name="other")
    for stranger in (other, build.agency_leader, build.clerk):
        with pytest.raises(PermissionDenied):
            answers.edit_draft(stranger, p, text="Khác", result_category="explained")
    answers.edit_draft(build.officer, p, text="Sở đã sửa xong, nghiệm thu 20/11.", result_category="explained",
                       expected_version=p.version)
    assert (draft.text, draft.result_category) == ("Sở đã sửa xong, nghiệm thu 20/11.", "explained")
    event = last_event(p)
    assert event.action == "edit_draft" and event.data["changes"]["result_category"] == {
        "old": "resolved", "new": "explained"}
    with pytest.raises(InvalidData):
        answers.edit_draft(build.officer, p, text="x", result_category="in_progress")  # needs its date
    answers.submit_answer(build.agency_leader, p)
    with pytest.raises(PermissionDenied):
        answers.edit_draft(build.officer, p, text="Sau khi gửi", result_category="resolved")


def test_confirming_completion_never_closes_as_being_resolved(build):
    p = build.petition("on_roadmap")
    with pytest.raises(InvalidData):
        reviews.mark_done(build.committee, p, result_category="in_progress")
    reviews.mark_done(build.committee, p, result_category="resolved", expected_version=p.version)
    assert (p.status, p.result_category) == ("closed", "resolved")


def test_events_of_corrections_are_kept_in_order_in_the_history(build, health):
    p = build.petition("classified")
    petitions.correct(build.clerk, p, field=health, competence_level="province", lead_agency=build.agency,
                      coordinating=[build.other_agency])
    actions = list(db.session.scalars(select(Event.action).where(Event.petition_id == p.id).order_by(Event.id)))
    assert actions == ["record", "classify", "correct"]
