"""The one clock: every "now" and "today" in the application comes from here, so tests can travel in time."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Ho_Chi_Minh"
_tz = ZoneInfo(DEFAULT_TZ)
_frozen: datetime | None = None  # aware datetime when the clock is stopped


def configure(tz_name: str | None = None, frozen_at: str | None = None) -> None:
    """Set the council's time zone and optionally stop the clock (ISO datetime, local time)."""
    global _tz, _frozen
    _tz = ZoneInfo(tz_name or DEFAULT_TZ)
    _frozen = _parse(frozen_at) if frozen_at else None


def _parse(value: str | datetime | date) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, 8, 0)
    else:
        moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=_tz)


def timezone() -> ZoneInfo:
    return _tz


def now() -> datetime:
    """Aware local time in the council's time zone."""
    return (_frozen or datetime.now(UTC)).astimezone(_tz)


def today() -> date:
    """The council's calendar date: due dates and overdue are judged against this."""
    return now().date()


def utcnow() -> datetime:
    """Naive UTC, the form in which timestamps are stored (identical on SQLite and PostgreSQL)."""
    return now().astimezone(UTC).replace(tzinfo=None)


def to_local(stored: datetime | None) -> datetime | None:
    """A stored naive-UTC timestamp as aware local time, for display."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC).astimezone(_tz)


def set_now(value: str | datetime | date | None) -> None:
    """Stop the clock at `value` (None starts it again)."""
    global _frozen
    _frozen = _parse(value) if value is not None else None


@contextmanager
def travel_to(value: str | datetime | date) -> Iterator[None]:
    """Within the block the clock shows `value`; afterwards what it showed before."""
    global _frozen
    before = _frozen
    set_now(value)
    try:
        yield
    finally:
        _frozen = before
