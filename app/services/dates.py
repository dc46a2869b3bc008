"""Plausible dates: the one window every date typed into a form, a sheet or a command must fall in
(DATE_EARLIEST .. today + DATE_YEARS_AHEAD years), and the rule that a signed letter or an answer is not dated
after tomorrow. A transfer letter dated 01/01/0001 once made every board say "739905 days late" and escalate;
one dated 31/12/9999 overflowed the deadline arithmetic."""
from __future__ import annotations

from datetime import date, timedelta

from app import clock
from app.services.errors import InvalidData
from config import current as setting


def window() -> tuple[date, date]:
    """(earliest, latest) accepted today."""
    earliest, years = date.fromisoformat(str(setting("DATE_EARLIEST"))), int(setting("DATE_YEARS_AHEAD"))
    today = clock.today()
    try:
        latest = today.replace(year=today.year + years)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + years, day=28)
    return earliest, latest


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def plausible(day: date | None, *, not_after_tomorrow: bool = False) -> bool:
    """True for a date `check` accepts (None is not a date)."""
    if day is None:
        return False
    try:
        check(day, not_after_tomorrow=not_after_tomorrow)
    except InvalidData:
        return False
    return True


def check(day: date | None, *, not_after_tomorrow: bool = False) -> None:
    """InvalidData unless `day` is None or plausible (and, for a letter or an answer, not after tomorrow)."""
    if day is None:
        return
    earliest, latest = window()
    if not earliest <= day <= latest:
        raise InvalidData("Ngày %(day)s nằm ngoài khoảng cho phép (từ %(earliest)s đến %(latest)s).",
                          day=_fmt(day), earliest=_fmt(earliest), latest=_fmt(latest))
    if not_after_tomorrow and day > clock.today() + timedelta(days=1):
        raise InvalidData("Ngày %(day)s ở tương lai: văn bản đã ký không thể mang ngày sau ngày mai.", day=_fmt(day))
