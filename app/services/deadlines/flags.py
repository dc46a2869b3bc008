"""Overdue, very overdue, due soon: flags derived from the stored due dates and the one clock, never stored.

Each flag has a Python form (one petition, for badges) and its SQL twin (lists, counts, reminders).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, bindparam

from app import clock
from app.models import Petition
from app.services.deadlines.rules import working_calendar
from workflows import calendar as wcal
from workflows.petition import WITH_AGENCY_STATES

DUE_SOON_WORKING_DAYS = 3
WITH_AGENCY_LIST = tuple(sorted(WITH_AGENCY_STATES))


def is_overdue(petition: Petition, today: date | None = None) -> bool:
    today = today or clock.today()
    return petition.status in WITH_AGENCY_STATES and petition.due_date is not None and petition.due_date < today


def is_very_overdue(petition: Petition, today: date | None = None) -> bool:
    today = today or clock.today()
    return (
        petition.status in WITH_AGENCY_STATES
        and petition.very_overdue_date is not None
        and petition.very_overdue_date < today
    )


def days_late(petition: Petition, today: date | None = None) -> int:
    """Calendar days past the due date (0 when not overdue)."""
    today = today or clock.today()
    if not is_overdue(petition, today):
        return 0
    return (today - petition.due_date).days


def days_left(petition: Petition, today: date | None = None) -> int | None:
    if petition.status not in WITH_AGENCY_STATES or petition.due_date is None:
        return None
    return (petition.due_date - (today or clock.today())).days


def deadline_status(petition: Petition, today: date | None = None,
                    calendar: wcal.WorkingCalendar | None = None) -> str:
    """One of: none, on_time, due_soon, overdue, very_overdue (for badges and reminders)."""
    today = today or clock.today()
    if petition.status not in WITH_AGENCY_STATES or petition.due_date is None:
        return "none"
    if is_very_overdue(petition, today):
        return "very_overdue"
    if is_overdue(petition, today):
        return "overdue"
    calendar = calendar or working_calendar()
    if calendar.working_days_between(today, petition.due_date) <= DUE_SOON_WORKING_DAYS:
        return "due_soon"
    return "on_time"


def _with_agency(status) -> ColumnElement[bool]:
    """`status IN (...)` written into the SQL itself, in a fixed order: a database uses the partial index of the
    items with the agency (ix_petition_overdue_due) only when the query's list is visibly the index's own, which a
    bound parameter (or a set's order, which changes from one process to the next) is not."""
    return status.in_(bindparam("with_agency", WITH_AGENCY_LIST, expanding=True, literal_execute=True, unique=True))


def overdue_condition(status, due_date, today: date) -> ColumnElement[bool]:
    """The one definition of "overdue" (quá hạn): with the agency and past its due date. Written over any pair of
    columns, so today's list (the petition's columns) and a figure as of a past day (the event log's snapshot)
    share it."""
    return and_(_with_agency(status), due_date < today)


def very_overdue_condition(status, very_overdue_date, today: date) -> ColumnElement[bool]:
    """Very overdue (quá hạn nghiêm trọng): with the agency and past its very-overdue date."""
    return and_(_with_agency(status), very_overdue_date < today)


def overdue_clause(today: date | None = None) -> ColumnElement[bool]:
    """SQL for "open, with the agency, past its due date" (uses the status/due-date index)."""
    return overdue_condition(Petition.status, Petition.due_date, today or clock.today())


def very_overdue_clause(today: date | None = None) -> ColumnElement[bool]:
    return very_overdue_condition(Petition.status, Petition.very_overdue_date, today or clock.today())


def due_soon_clause(today: date | None = None, working_days: int = DUE_SOON_WORKING_DAYS,
                    calendar: wcal.WorkingCalendar | None = None, include_today: bool = True) -> ColumnElement[bool]:
    """SQL twin of deadline_status() == "due_soon": with the agency, not yet late, due within
    `working_days` working days. Reminders pass include_today=False: "due today" is its own notice."""
    today = today or clock.today()
    # working_days_between(today, due) <= n  <=>  due comes before the (n+1)-th working day after today.
    limit, _ = (calendar or working_calendar()).add_working_days(today, working_days + 1)
    first = Petition.due_date >= today if include_today else Petition.due_date > today
    return and_(Petition.status.in_(WITH_AGENCY_STATES), first, Petition.due_date < limit)
