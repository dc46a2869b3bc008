"""Working-day calendar and deadline rules, checked against hand-counted Vietnamese calendars."""

import json
import re
from datetime import date

import pytest

from workflows.calendar import (
    CalendarOverrides,
    Deadline,
    DeadlineRule,
    SkippedDay,
    WorkingCalendar,
    compute_deadline,
)

CAL = WorkingCalendar()


def test_tet_2026_days_are_not_working_days():
    for day in range(16, 21):
        assert not CAL.is_working_day(date(2026, 2, day))
    assert CAL.non_working_reason(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert CAL.is_working_day(date(2026, 2, 13))
    assert CAL.is_working_day(date(2026, 2, 23))


def test_ten_working_days_across_tet_2026():
    # Fri 13/02 -> weekend, Tết Mon 16 - Fri 20, weekend, 23-27/02 (5), weekend, 02-06/03 (5).
    due, skipped = CAL.add_working_days(date(2026, 2, 13), 10)
    assert due == date(2026, 3, 6)
    assert [s.day for s in skipped] == [date(2026, 2, d) for d in range(14, 23)] + [
        date(2026, 2, 28),
        date(2026, 3, 1),
    ]
    assert SkippedDay(date(2026, 2, 16), "Giao thừa Tết Nguyên Đán") in skipped
    assert SkippedDay(date(2026, 2, 17), "Tết Nguyên Đán") in skipped
    assert SkippedDay(date(2026, 2, 20), "Mùng bốn Tết Nguyên Đán") in skipped
    assert SkippedDay(date(2026, 2, 14), "Thứ Bảy") in skipped
    assert SkippedDay(date(2026, 2, 15), "Chủ nhật") in skipped


def test_tet_2027_runs_from_thursday_4_to_wednesday_10_february():
    # Lunar New Year 2027 is Saturday 06/02; the library moves the weekend days to 29 Tết and mùng năm.
    assert CAL.non_working_reason(date(2027, 2, 4)) == "29 Tết"
    assert CAL.non_working_reason(date(2027, 2, 6)) == "Tết Nguyên Đán"
    assert CAL.non_working_reason(date(2027, 2, 10)) == "Mùng năm Tết Nguyên Đán"
    assert CAL.is_working_day(date(2027, 2, 3))
    assert CAL.is_working_day(date(2027, 2, 11))
    due, skipped = CAL.add_working_days(date(2027, 2, 3), 5)
    assert due == date(2027, 2, 17)
    assert len(skipped) == 9  # 04-10/02 Tết, 13-14/02 weekend


def test_hung_kings_substitute_day_2026():
    assert CAL.non_working_reason(date(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert CAL.non_working_reason(date(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    # Fri 24/04: 25-27 off, 28 and 29 work, 30/04-03/05 off, Mon 04/05 is the third.
    assert CAL.add_working_days(date(2026, 4, 24), 3)[0] == date(2026, 5, 4)


def test_substituted_day_31_august_2026_and_its_swapped_saturday():
    assert CAL.non_working_reason(date(2026, 8, 31)) == "Ngày nghỉ (thay cho ngày 22/08/2026)"
    assert not CAL.is_working_day(date(2026, 9, 1))
    assert not CAL.is_working_day(date(2026, 9, 2))
    assert CAL.add_working_days(date(2026, 8, 28), 1)[0] == date(2026, 9, 3)
    # Saturday 22/08/2026 is worked in exchange for Monday 31/08.
    assert CAL.is_working_day(date(2026, 8, 22))
    assert CAL.add_working_days(date(2026, 8, 21), 1)[0] == date(2026, 8, 22)


def test_vietnam_cultural_day_24_november_2026():
    assert CAL.non_working_reason(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert CAL.add_working_days(date(2026, 11, 23), 1)[0] == date(2026, 11, 25)


def test_holidays_in_lists_weekday_holidays_only():
    listed = CAL.holidays_in(date(2026, 4, 20), date(2026, 5, 10))
    assert listed == [
        SkippedDay(date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        SkippedDay(date(2026, 4, 30), "Ngày Chiến thắng"),
        SkippedDay(date(2026, 5, 1), "Ngày Quốc tế Lao động"),
    ]


def test_swapped_working_saturday_shortens_a_deadline():
    cal = WorkingCalendar(CalendarOverrides(working_days={date(2026, 2, 28): "Làm bù"}))
    assert cal.is_working_day(date(2026, 2, 28))
    rule = DeadlineRule("working_days", 10, 0)
    assert compute_deadline(rule, date(2026, 2, 13), CAL).due == date(2026, 3, 6)
    assert compute_deadline(rule, date(2026, 2, 13), cal).due == date(2026, 3, 5)


def test_local_day_off_lengthens_a_deadline():
    cal = WorkingCalendar(CalendarOverrides(days_off={date(2026, 3, 3): "Ngày giải phóng tỉnh"}))
    assert cal.non_working_reason(date(2026, 3, 3)) == "Ngày giải phóng tỉnh"
    deadline = compute_deadline(DeadlineRule("working_days", 10, 0), date(2026, 2, 13), cal)
    assert deadline.due == date(2026, 3, 9)
    assert SkippedDay(date(2026, 3, 3), "Ngày giải phóng tỉnh") in deadline.skipped
    assert cal.holidays_in(date(2026, 3, 1), date(2026, 3, 5)) == [
        SkippedDay(date(2026, 3, 3), "Ngày giải phóng tỉnh")
    ]


def test_override_working_day_beats_local_day_off_and_overrides_are_copied():
    days_off = {date(2026, 3, 3): "Nghỉ"}
    overrides = CalendarOverrides(days_off=days_off, working_days={date(2026, 3, 3): "Vẫn làm"})
    days_off[date(2026, 3, 4)] = "Thêm sau"
    cal = WorkingCalendar(overrides)
    assert cal.is_working_day(date(2026, 3, 3))
    assert cal.is_working_day(date(2026, 3, 4))
    with pytest.raises(TypeError):
        hash(overrides)


def test_calendar_days_rule_landing_on_sunday_moves_to_monday():
    deadline = compute_deadline(DeadlineRule("calendar_days", 60, 10), date(2026, 1, 14), CAL)
    assert deadline.moved_from == date(2026, 3, 15)
    assert deadline.due == date(2026, 3, 16)
    assert deadline.skipped == (SkippedDay(date(2026, 3, 15), "Chủ nhật"),)
    assert deadline.very_overdue == date(2026, 3, 26)


def test_calendar_days_rule_landing_in_tet_moves_past_it():
    deadline = compute_deadline(DeadlineRule("calendar_days", 30, 0), date(2026, 1, 17), CAL)
    assert deadline.moved_from == date(2026, 2, 16)
    assert deadline.due == date(2026, 2, 23)
    assert [s.day for s in deadline.skipped] == [date(2026, 2, d) for d in range(16, 23)]


def test_calendar_days_rule_on_a_working_day_is_not_moved():
    deadline = compute_deadline(DeadlineRule("calendar_days", 3, 0), date(2026, 3, 2), CAL)
    assert (deadline.due, deadline.moved_from, deadline.skipped) == (date(2026, 3, 5), None, ())


def test_before_session_rule_landing_on_saturday_moves_to_friday():
    rule = DeadlineRule("before_session", 10, 3)
    deadline = compute_deadline(rule, date(2026, 6, 1), CAL, session_opening=date(2026, 7, 7))
    assert deadline.moved_from == date(2026, 6, 27)
    assert deadline.due == date(2026, 6, 26)
    assert deadline.skipped == (SkippedDay(date(2026, 6, 27), "Thứ Bảy"),)
    assert deadline.very_overdue == date(2026, 6, 29)
    assert "07/07/2026" in deadline.explain()


def test_before_session_rule_needs_the_session_opening():
    with pytest.raises(ValueError, match="session opening"):
        compute_deadline(DeadlineRule("before_session", 10, 0), date(2026, 6, 1), CAL)


def test_very_overdue_counts_working_days_for_working_day_rules():
    deadline = compute_deadline(DeadlineRule("working_days", 10, 5), date(2026, 2, 13), CAL)
    assert deadline.very_overdue == date(2026, 3, 13)
    deadline = compute_deadline(DeadlineRule("working_days", 1, 1), date(2026, 4, 28), CAL)
    assert (deadline.due, deadline.very_overdue) == (date(2026, 4, 29), date(2026, 5, 4))


def test_very_overdue_counts_calendar_days_for_calendar_rules():
    deadline = compute_deadline(DeadlineRule("calendar_days", 1, 5), date(2026, 4, 28), CAL)
    assert (deadline.due, deadline.very_overdue) == (date(2026, 4, 29), date(2026, 5, 4))
    deadline = compute_deadline(DeadlineRule("calendar_days", 1, 2), date(2026, 4, 28), CAL)
    assert deadline.very_overdue == date(2026, 5, 1)


def test_deadline_round_trips_through_json():
    rule = DeadlineRule("calendar_days", 60, 10, "Quyết định 30/2020/QĐ-TTg: 60 ngày")
    deadline = compute_deadline(rule, date(2026, 1, 14), CAL)
    data = json.loads(json.dumps(deadline.to_dict()))
    assert data["due"] == "2026-03-16"
    assert data["moved_from"] == "2026-03-15"
    assert Deadline.from_dict(data) == deadline
    unmoved = compute_deadline(DeadlineRule("working_days", 10, 5), date(2026, 2, 13), CAL)
    assert Deadline.from_dict(json.loads(json.dumps(unmoved.to_dict()))) == unmoved


def test_explain_names_holidays_and_counts_weekends():
    rule = DeadlineRule("working_days", 10, 5, "Quy chế phối hợp: 10 ngày làm việc")
    text = compute_deadline(rule, date(2026, 2, 13), CAL).explain()
    assert "Quy chế phối hợp: 10 ngày làm việc" in text
    assert "13/02/2026" in text
    assert "06/03/2026" in text
    assert "Tết Nguyên Đán (17/02/2026)" in text
    assert "6 ngày nghỉ cuối tuần" in text
    assert "Thứ Bảy" not in text
    assert "\n" not in text


def test_explain_mentions_the_move():
    text = compute_deadline(DeadlineRule("calendar_days", 60, 0), date(2026, 1, 14), CAL).explain()
    assert "15/03/2026" in text
    assert "16/03/2026" in text
    assert "Điều 148" in text


def test_working_days_between_around_weekend_and_tet():
    assert CAL.working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert CAL.working_days_between(date(2026, 3, 9), date(2026, 3, 6)) == -1
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 3, 6)) == 10
    assert CAL.working_days_between(date(2026, 3, 6), date(2026, 2, 13)) == -10
    assert CAL.working_days_between(date(2026, 2, 15), date(2026, 2, 22)) == 0
    assert CAL.working_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0


def test_subtract_working_days_around_weekend_and_tet():
    assert CAL.subtract_working_days(date(2026, 3, 9), 1) == date(2026, 3, 6)
    assert CAL.subtract_working_days(date(2026, 2, 24), 3) == date(2026, 2, 12)
    assert CAL.subtract_working_days(date(2026, 3, 6), 10) == date(2026, 2, 13)
    assert CAL.subtract_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)


def test_next_working_day():
    assert CAL.next_working_day(date(2026, 2, 16)) == date(2026, 2, 23)
    assert CAL.next_working_day(date(2026, 2, 23)) == date(2026, 2, 23)


def test_zero_working_days_returns_start():
    assert CAL.add_working_days(date(2026, 2, 14), 0) == (date(2026, 2, 14), ())


@pytest.mark.parametrize(
    ("kind", "days", "very_overdue_days"),
    [("weeks", 1, 0), ("", 1, 0), ("working_days", -1, 0), ("calendar_days", 5, -1)],
)
def test_invalid_rules_raise_value_error(kind, days, very_overdue_days):
    with pytest.raises(ValueError):
        DeadlineRule(kind, days, very_overdue_days)


def test_negative_counts_raise_value_error():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 3, 2), -1)
    with pytest.raises(ValueError):
        CAL.subtract_working_days(date(2026, 3, 2), -1)


def test_explanation_in_english_names_the_same_dates():
    rule = DeadlineRule("working_days", 10, 5, name="Quy chế")
    deadline = compute_deadline(rule, date(2026, 2, 13), CAL)
    vi, en = deadline.explain(), deadline.explain("en")
    dates = re.findall(r"\d{2}/\d{2}/\d{4}", vi)
    assert dates and re.findall(r"\d{2}/\d{2}/\d{4}", en) == dates
    assert en.startswith("Rule: Quy chế (10 working days from the start date). Start date: 13/02/2026.")
    assert "weekend days" in en and "Skipped" in en and "ngày" not in en.replace("Quy chế", "")
