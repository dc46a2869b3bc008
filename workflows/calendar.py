"""Vietnamese working-day calendar and deadline rules for answering voter recommendations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

import holidays

_ONE_DAY = timedelta(days=1)
_WEEKEND_NAMES = {5: "Thứ Bảy", 6: "Chủ nhật"}
RULE_KINDS = ("calendar_days", "working_days", "before_session")


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str


@dataclass(frozen=True)
class CalendarOverrides:
    days_off: dict[date, str] = field(default_factory=dict)
    working_days: dict[date, str] = field(default_factory=dict)
    # Dicts are mutable, so a hash would lie after a change: refuse to hash instead.
    __hash__ = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        # Copy so a caller editing its own dict later cannot silently change a live calendar.
        object.__setattr__(self, "days_off", dict(self.days_off))
        object.__setattr__(self, "working_days", dict(self.working_days))


def _days(first: date, last: date) -> Iterator[date]:
    for i in range((last - first).days + 1):
        yield first + timedelta(days=i)


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


# The explanation of a due date, in the two UI languages (workflows/ stays free of Flask-Babel).
_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "working_days": "{n} ngày làm việc kể từ ngày bắt đầu",
        "calendar_days": "{n} ngày kể từ ngày bắt đầu",
        "before_session": "chậm nhất {n} ngày trước ngày khai mạc kỳ họp",
        "rule": "Quy tắc: {rule}.",
        "summary": "{due}: {n} ngày làm việc kể từ {d}.",
        "summary_calendar_days": "{due}: {n} ngày kể từ {d}.",
        "summary_before_session": "{due}: {n} ngày trước khai mạc kỳ họp ({d}).",
        "rule_named": "Theo quy tắc “{rule}”.",
        "start": "Ngày bắt đầu: {d}.",
        "opening": "Ngày khai mạc kỳ họp: {d}.",
        "due": "Hạn trả lời: {d}.",
        "weekend": "{n} ngày nghỉ cuối tuần",
        "days_off": "các ngày nghỉ: {days}",
        "and": " và ",
        "skipped": "Đã bỏ qua {what}.",
        "moved_on": "Ngày {d} là ngày nghỉ nên hạn được chuyển sang ngày làm việc kế tiếp là {due}"
                    " (khoản 3 Điều 148 Bộ luật Dân sự 2015).",
        "moved_back": "Ngày {d} là ngày nghỉ nên hạn được chuyển sang ngày làm việc trước là {due}.",
        "very_overdue": "Mốc quá hạn nghiêm trọng: {d}.",
    },
    "en": {
        "working_days": "{n} working days from the start date",
        "calendar_days": "{n} days from the start date",
        "before_session": "at the latest {n} days before the session opens",
        "rule": "Rule: {rule}.",
        "summary": "{due}: {n} working days from {d}.",
        "summary_calendar_days": "{due}: {n} days from {d}.",
        "summary_before_session": "{due}: {n} days before the session opens ({d}).",
        "rule_named": "Under the rule “{rule}”.",
        "start": "Start date: {d}.",
        "opening": "Session opens: {d}.",
        "due": "Answer due: {d}.",
        "weekend": "{n} weekend days",
        "days_off": "the days off: {days}",
        "and": " and ",
        "skipped": "Skipped {what}.",
        "moved_on": "{d} is a day off, so the deadline moves to the next working day, {due}"
                    " (Civil Code 2015, Article 148(3)).",
        "moved_back": "{d} is a day off, so the deadline moves to the previous working day, {due}.",
        "very_overdue": "Seriously overdue from: {d}.",
    },
}


@cache
def _national_holidays(year: int) -> Mapping[date, str]:
    # language must be explicit: without it the library falls back to the process locale (English here).
    return MappingProxyType(dict(holidays.Vietnam(years=year, language="vi")))


@cache
def _national_swapped_working_days() -> Mapping[date, str]:
    # The library only lists the day off of a government swap; the weekend day worked in exchange
    # lives in its static table, and deadlines must count it or they come out a day late.
    try:
        from holidays.countries.vietnam import VietnamStaticHolidays

        table = VietnamStaticHolidays.special_public_holidays
    except (ImportError, AttributeError):  # library internals moved: fall back to admin overrides only
        return MappingProxyType({})
    swaps: dict[date, str] = {}
    for year, entries in table.items():
        for entry in entries if isinstance(entries[0], tuple) else (entries,):
            month, day, from_month, from_day, *from_year = entry
            worked = date(from_year[0] if from_year else year, from_month, from_day)
            swaps[worked] = f"Làm bù cho ngày {_fmt(date(year, month, day))}"
    return MappingProxyType(swaps)


class WorkingCalendar:
    def __init__(self, overrides: CalendarOverrides | None = None):
        self.overrides = overrides or CalendarOverrides()

    def non_working_reason(self, d: date) -> str | None:
        # Precedence: admin working day > admin day off > national swap > national holiday > weekend.
        if d in self.overrides.working_days:
            return None
        local = self.overrides.days_off.get(d)
        if local is not None:
            return local
        if d in _national_swapped_working_days():
            return None
        national = _national_holidays(d.year).get(d)
        if national is not None:
            return national
        return _WEEKEND_NAMES.get(d.weekday())

    def is_working_day(self, d: date) -> bool:
        return self.non_working_reason(d) is None

    def add_working_days(self, start: date, n: int) -> tuple[date, tuple[SkippedDay, ...]]:
        _check_non_negative(n, "n")
        d, skipped = start, []
        while n > 0:
            d += _ONE_DAY
            reason = self.non_working_reason(d)
            if reason is None:
                n -= 1
            else:
                skipped.append(SkippedDay(d, reason))
        return d, tuple(skipped)

    def next_working_day(self, d: date) -> date:
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def previous_working_day(self, d: date) -> date:
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def subtract_working_days(self, end: date, n: int) -> date:
        _check_non_negative(n, "n")
        d = end
        while n > 0:
            d -= _ONE_DAY
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        if b < a:
            return -self.working_days_between(b, a)
        return sum(self.is_working_day(d) for d in _days(a + _ONE_DAY, b))

    def holidays_in(self, start: date, end: date) -> list[SkippedDay]:
        weekdays = (d for d in _days(start, end) if d.weekday() < 5)
        return [SkippedDay(d, r) for d in weekdays if (r := self.non_working_reason(d)) is not None]


def _check_non_negative(value: int, what: str) -> None:
    if value < 0:
        raise ValueError(f"{what} must be >= 0, got {value}")


@dataclass(frozen=True)
class DeadlineRule:
    kind: str
    days: int
    very_overdue_days: int
    name: str = ""

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise ValueError(f"unknown deadline rule kind {self.kind!r}; expected one of {RULE_KINDS}")
        _check_non_negative(self.days, "days")
        _check_non_negative(self.very_overdue_days, "very_overdue_days")

    def describe(self, lang: str = "vi") -> str:
        words = _WORDS[lang if lang in _WORDS else "vi"]
        text = words[self.kind].format(n=self.days)
        return f"{self.name} ({text})" if self.name else text


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    start: date
    due: date
    very_overdue: date
    skipped: tuple[SkippedDay, ...]
    moved_from: date | None

    def explain(self, lang: str = "vi") -> str:
        """How the due date was computed, in Vietnamese or English (the UI's language)."""
        w = _WORDS[lang if lang in _WORDS else "vi"]
        parts = [w["rule"].format(rule=self.rule.describe(lang)), w["start"].format(d=_fmt(self.start))]
        if self.rule.kind == "before_session":
            opening = (self.moved_from or self.due) + timedelta(days=self.rule.days)
            parts.append(w["opening"].format(d=_fmt(opening)))
        parts.append(w["due"].format(d=_fmt(self.due)))
        return " ".join(parts + self._after_due(w))

    def summary(self, lang: str = "vi") -> str:
        """One short sentence: the due date and how many days from when (the page shows it; details on demand)."""
        w = _WORDS[lang if lang in _WORDS else "vi"]
        if self.rule.kind == "before_session":
            opening = (self.moved_from or self.due) + timedelta(days=self.rule.days)
            return w["summary_before_session"].format(due=_fmt(self.due), n=self.rule.days, d=_fmt(opening))
        key = "summary" if self.rule.kind == "working_days" else "summary_calendar_days"
        return w[key].format(due=_fmt(self.due), n=self.rule.days, d=_fmt(self.start))

    def details(self, lang: str = "vi") -> str:
        """What the summary leaves out, each said once: the rule's name, the days skipped, a move off a day
        off, the very-overdue date (the rule's own wording is not repeated after its name)."""
        w = _WORDS[lang if lang in _WORDS else "vi"]
        parts = [w["rule_named"].format(rule=self.rule.name)] if self.rule.name else []
        return " ".join(parts + self._after_due(w))

    def _after_due(self, w: dict) -> list[str]:
        """What both the full explanation and the details say after the due date: the days skipped, a move off
        a day off, the very-overdue date."""
        parts = []
        weekend = sum(1 for s in self.skipped if s.reason in _WEEKEND_NAMES.values())
        named = [f"{s.reason} ({_fmt(s.day)})" for s in self.skipped if s.reason not in _WEEKEND_NAMES.values()]
        if weekend or named:
            skipped = [w["weekend"].format(n=weekend)] if weekend else []
            if named:
                skipped.append(w["days_off"].format(days="; ".join(named)))
            parts.append(w["skipped"].format(what=w["and"].join(skipped)))
        if self.moved_from is not None:
            key = "moved_back" if self.rule.kind == "before_session" else "moved_on"
            parts.append(w[key].format(d=_fmt(self.moved_from), due=_fmt(self.due)))
        parts.append(w["very_overdue"].format(d=_fmt(self.very_overdue)))
        return parts

    def to_dict(self) -> dict:
        return {
            "rule": {
                "kind": self.rule.kind,
                "days": self.rule.days,
                "very_overdue_days": self.rule.very_overdue_days,
                "name": self.rule.name,
            },
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "very_overdue": self.very_overdue.isoformat(),
            "skipped": [{"day": s.day.isoformat(), "reason": s.reason} for s in self.skipped],
            "moved_from": self.moved_from.isoformat() if self.moved_from else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Deadline:
        moved_from = data.get("moved_from")
        return cls(
            rule=DeadlineRule(**data["rule"]),
            start=date.fromisoformat(data["start"]),
            due=date.fromisoformat(data["due"]),
            very_overdue=date.fromisoformat(data["very_overdue"]),
            skipped=tuple(
                SkippedDay(date.fromisoformat(s["day"]), s["reason"]) for s in data.get("skipped", ())
            ),
            moved_from=date.fromisoformat(moved_from) if moved_from else None,
        )


def compute_deadline(
    rule: DeadlineRule, start: date, calendar: WorkingCalendar, session_opening: date | None = None
) -> Deadline:
    # Kinds and day counts were validated when the DeadlineRule was built.
    if rule.kind == "working_days":
        due, skipped = calendar.add_working_days(start, rule.days)
        very_overdue, _ = calendar.add_working_days(due, rule.very_overdue_days)
        return Deadline(rule, start, due, very_overdue, skipped, None)
    if rule.kind == "calendar_days":
        # Civil Code 2015 art. 148(3): a period ending on a day off ends on the next working day.
        raw = start + timedelta(days=rule.days)
        due = calendar.next_working_day(raw)
    elif session_opening is None:
        raise ValueError("a 'before_session' deadline rule needs the session opening date")
    else:
        # The answer has to reach the council before the session, so move earlier, not later.
        raw = session_opening - timedelta(days=rule.days)
        due = calendar.previous_working_day(raw)
    skipped = tuple(
        SkippedDay(d, calendar.non_working_reason(d) or "")
        for d in _days(min(raw, due), max(raw, due))
        if d != due
    )
    very_overdue = due + timedelta(days=rule.very_overdue_days)
    return Deadline(rule, start, due, very_overdue, skipped, raw if raw != due else None)
