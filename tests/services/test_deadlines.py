"""Deadlines: rule choice, stored explanations, recomputation on calendar/rule changes, derived overdue flags."""
from __future__ import annotations

from datetime import date

import pytest

from app import clock
from app.extensions import db
from app.models import DeadlineRule
from app.services import audit
from app.services.admin import deadlines as deadline_admin
from app.services.deadlines import flags
from app.services.deadlines import rules as deadlines
from app.services.errors import InvalidData, PermissionDenied


def test_most_specific_rule_wins(build):
    db.session.add_all([
        DeadlineRule(name="Cấp xã: 15 ngày làm việc", purpose="answer", kind="working_days", days=15,
                     very_overdue_days=5, competence_level="commune"),
        DeadlineRule(name="UBND xã Gia Lâm: 10 ngày", purpose="answer", kind="calendar_days", days=10,
                     very_overdue_days=5, agency=build.commune),
    ])
    db.session.flush()
    province = build.petition("awaiting_transfer")
    commune = build.petition("awaiting_transfer", agency=build.commune)
    assert deadlines.rule_for(province, "answer")[0].days == 30
    rule, rule_id = deadlines.rule_for(commune, "answer")
    assert (rule.kind, rule.days) == ("calendar_days", 10) and rule_id is not None


def test_fallback_rule_when_none_defined(build):
    db.session.query(DeadlineRule).delete()
    p = build.petition("transferred", transfer_on=date(2026, 11, 20))
    assert p.deadline_info["rule_id"] is None
    assert p.deadline_info["rule"]["days"] == deadlines.FALLBACK_RULES["answer"].days


def test_calendar_days_rule_ending_on_a_sunday_moves_to_monday(build):
    db.session.add(DeadlineRule(name="60 ngày (QĐ 30/2020/QĐ-TTg)", purpose="answer", kind="calendar_days",
                                days=60, very_overdue_days=30, agency=build.agency))
    db.session.flush()
    # 60 days after 07/10/2026 is Sunday 06/12/2026.
    p = build.petition("transferred", transfer_on=date(2026, 10, 7))
    assert p.due_date == date(2026, 12, 7)
    assert "06/12/2026" in deadlines.explain(p)


def test_tet_is_skipped_and_explained(build):
    with clock.travel_to("2027-01-29T09:00"):
        p = build.petition("transferred", transfer_on=date(2027, 1, 29))
    text = deadlines.explain(p)
    assert "Tết Nguyên Đán" in text
    assert p.due_date > date(2027, 3, 10)  # 30 working days plus the Tết week


def test_adding_a_local_day_off_recomputes_open_due_dates(build):
    p = build.petition("transferred", transfer_on=date(2026, 11, 20))
    closed = build.petition("closed", transfer_on=date(2026, 11, 20))
    before, closed_before = p.due_date, closed.due_date
    day, changed = deadline_admin.set_calendar_day(build.admin, date(2026, 12, 1), "day_off", "Nghỉ bù của tỉnh")
    assert changed == 1
    assert (p.due_date - before).days >= 1
    assert closed.due_date == closed_before  # only open items with an agency move
    last = audit.history(p)[-1]
    assert last.action == "deadline_recomputed" and "01/12/2026" in last.reason
    assert "Nghỉ bù của tỉnh" in deadlines.explain(p)


def test_a_swapped_working_saturday_brings_the_due_date_forward(build):
    p = build.petition("transferred", transfer_on=date(2026, 11, 20))
    before = p.due_date
    deadline_admin.set_calendar_day(build.admin, date(2026, 12, 5), "working_day", "Làm bù ngày 02/01/2027")
    assert (before - p.due_date).days >= 1
    deadline_admin.remove_calendar_day(build.admin, date(2026, 12, 5))
    assert p.due_date == before


def test_changing_a_rule_recomputes_open_due_dates(build):
    p = build.petition("transferred", transfer_on=date(2026, 11, 20))
    rule = db.session.query(DeadlineRule).filter_by(purpose="answer").one()
    _, changed = deadline_admin.save_rule(build.admin, name="20 ngày làm việc", kind="working_days", days=20,
                                     very_overdue_days=10, rule=rule)
    assert changed == 1
    assert p.deadline_info["rule"]["days"] == 20


def test_only_admins_change_rules_and_calendar(build):
    with pytest.raises(PermissionDenied):
        deadline_admin.set_calendar_day(build.clerk, date(2026, 12, 1), "day_off", "x")
    with pytest.raises(InvalidData):
        deadline_admin.save_rule(build.admin, name="x", kind="weeks", days=2, very_overdue_days=1)
    with pytest.raises(InvalidData):
        deadline_admin.save_rule(build.admin, name="x", kind="working_days", days=-1, very_overdue_days=1)


def test_overdue_flags_follow_the_clock(build):
    p = build.petition("transferred", transfer_on=date(2026, 11, 20))
    assert p.due_date == date(2027, 1, 5)
    with clock.travel_to("2027-01-05T16:00"):
        assert not flags.is_overdue(p) and flags.deadline_status(p) == "due_soon"
    with clock.travel_to("2027-01-06T08:00"):
        assert flags.is_overdue(p) and flags.days_late(p) == 1
        assert not flags.is_very_overdue(p)
        assert flags.deadline_status(p) == "overdue"
        assert db.session.query(type(p)).filter(flags.overdue_clause()).count() == 1
    with clock.travel_to(p.very_overdue_date.isoformat() + "T08:00"):
        assert not flags.is_very_overdue(p)
    with clock.travel_to("2027-03-01T08:00"):
        assert flags.deadline_status(p) == "very_overdue"
        assert db.session.query(type(p)).filter(flags.very_overdue_clause()).count() == 1
    assert flags.deadline_status(p) == "on_time"


def test_answered_items_are_not_overdue(build):
    p = build.petition("answered", transfer_on=date(2026, 7, 1))
    assert p.due_date < clock.today()
    assert not flags.is_overdue(p)
    assert flags.deadline_status(p) == "none"
