"""Reminders fire on the right working day only (weekends, Tết, a swapped Saturday) and exactly once."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.models import Notice, OutboxMessage, Petition
from app.services.admin import deadlines as deadline_admin
from app.services.deadlines import flags
from app.services.deadlines import rules as deadlines
from app.services.notices import reminders
from app.services.petitions import reviews
from tests.conftest import d
from tests.race import run_together


def run_on(day: date) -> list[reminders.KindResult]:
    with clock.travel_to(f"{day.isoformat()}T07:30"):
        results = reminders.run(after_each=lambda _r: db.session.commit())
    db.session.commit()
    return results


def fired_days(kind: str, first: date, last: date, petition: Petition | None = None) -> list[date]:
    """The days, between first and last, on which a run queued at least one new notice of `kind`."""
    days, day = [], first
    while day <= last:
        before = count(kind, petition)
        run_on(day)
        if count(kind, petition) > before:
            days.append(day)
        day += timedelta(days=1)
    return days


def count(kind: str | None = None, petition: Petition | None = None) -> int:
    """Reminder notices (hand-over notices, keyed by their event, are counted in test_handover_notices)."""
    query = select(func.count()).select_from(Notice).where(Notice.event_id.is_(None))
    if kind:
        query = query.where(Notice.kind == kind)
    if petition is not None:
        query = query.where(Notice.petition_id == petition.id)
    return db.session.scalar(query)


def transferred_due_on(build, due: date) -> Petition:
    """A petition transferred so that its 30-working-day deadline falls on `due`."""
    start = deadlines.working_calendar().subtract_working_days(due, 30)
    p = build.petition("transferred", transfer_on=start)
    db.session.commit()
    assert p.due_date == due
    return p


def test_due_soon_fires_before_tet_and_due_today_overdue_after(build):
    # Due Wednesday 25/02/2026: the three working days before are 13/02 (Friday before Tết), 23/02, 24/02.
    p = transferred_due_on(build, d("25/02/2026"))
    assert fired_days("due_soon", d("09/02/2026"), d("24/02/2026"), p) == [d("13/02/2026")]
    assert fired_days("due_today", d("25/02/2026"), d("25/02/2026"), p) == [d("25/02/2026")]
    assert fired_days("overdue", d("26/02/2026"), d("02/03/2026"), p) == [d("26/02/2026")]
    assert count("due_soon") == count("due_today") == 1 and count("overdue") == 2


def test_weekend_and_cultural_day_shift_the_reminders(build):
    # Due Monday 30/11/2026: Tuesday 24/11 is Vietnam Cultural Day, so "3 working days" starts on 25/11;
    # the item becomes overdue on Tuesday 01/12; nothing is sent on the weekend in between.
    p = transferred_due_on(build, d("30/11/2026"))
    assert fired_days("due_soon", d("20/11/2026"), d("29/11/2026"), p) == [d("25/11/2026")]
    assert fired_days("due_today", d("30/11/2026"), d("30/11/2026"), p) == [d("30/11/2026")]
    assert fired_days("overdue", d("01/12/2026"), d("03/12/2026"), p) == [d("01/12/2026")]


def test_a_swapped_working_saturday_is_a_reminder_day(build):
    # Due Tuesday 01/12/2026. Normally "3 working days before" starts on Thursday 26/11 (27, 30, 1);
    # with Saturday 28/11 worked in exchange for a bridge day, it starts a day later, on Friday 27/11.
    deadline_admin.set_calendar_day(build.admin, d("28/11/2026"), "working_day", "Làm bù cho ngày 04/12/2026")
    deadline_admin.set_calendar_day(build.admin, d("04/12/2026"), "day_off", "Nghỉ bù (đã làm bù ngày 28/11/2026)")
    db.session.commit()
    p = transferred_due_on(build, d("01/12/2026"))
    assert fired_days("due_soon", d("23/11/2026"), d("30/11/2026"), p) == [d("27/11/2026")]


def test_late_on_friday_is_overdue_on_saturday_and_sunday_runs_add_nothing(build):
    p = transferred_due_on(build, d("27/11/2026"))
    assert fired_days("overdue", d("27/11/2026"), d("01/12/2026"), p) == [d("28/11/2026")]
    assert flags.deadline_status(p, d("28/11/2026")) == "overdue"
    assert all(r.notices == 0 for r in run_on(d("29/11/2026")))


def test_recipients_per_kind(build):
    p = transferred_due_on(build, d("30/11/2026"))
    officer, leader, committee = build.officer, build.agency_leader, build.committee
    run_on(d("25/11/2026"))
    recipients = set(db.session.scalars(select(Notice.recipient_id).where(Notice.kind == "due_soon")))
    assert recipients == {officer.id}
    run_on(d("01/12/2026"))
    recipients = set(db.session.scalars(select(Notice.recipient_id).where(Notice.kind == "overdue")))
    assert recipients == {officer.id, leader.id}
    very = deadlines.working_calendar().next_working_day(p.very_overdue_date + timedelta(days=1))
    assert fired_days("very_overdue", p.very_overdue_date - timedelta(days=3), very, p) == [very]
    recipients = set(db.session.scalars(select(Notice.recipient_id).where(Notice.kind == "very_overdue")))
    assert recipients == {committee.id}


def test_roadmap_expected_date_reached_without_completion(build):
    p = build.petition("on_roadmap")
    db.session.commit()
    assert p.roadmap_expected_date == d("30/06/2027")
    assert fired_days("roadmap_due", d("28/06/2027"), d("01/07/2027"), p) == [d("30/06/2027")]


def test_policy_is_data_the_administrator_changes(build):
    p = transferred_due_on(build, d("30/11/2026"))
    reminders.save_policy(build.admin, "due_soon", enabled=True, days=5, to_officers=True, to_leader=True,
                          to_committee=False)
    db.session.commit()
    # Five working days before 30/11 (24/11 is a holiday): 20/11.
    assert fired_days("due_soon", d("18/11/2026"), d("27/11/2026"), p) == [d("20/11/2026")]
    assert count("due_soon") == 2  # officer and leader
    reminders.save_policy(build.admin, "overdue", enabled=False, days=0, to_officers=True, to_leader=True,
                          to_committee=False)
    db.session.commit()
    run_on(d("01/12/2026"))
    assert count("overdue") == 0


def test_running_twice_queues_nothing_twice(build):
    transferred_due_on(build, d("30/11/2026"))
    build.officer.email = "cv.sxd@hdnd.example.vn"
    db.session.commit()
    first = run_on(d("01/12/2026"))
    assert {r.kind: r.notices for r in first}["overdue"] == 2
    again = run_on(d("01/12/2026"))
    assert all(r.notices == 0 and r.emails == 0 for r in again)
    assert count("overdue") == 2
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_a_new_deadline_yields_new_notices_and_closing_cancels(build):
    p = build.petition("answered", transfer_on=d("01/09/2026"))
    build.officer.email = "cv.sxd@hdnd.example.vn"
    with clock.travel_to("2026-10-01T09:00"):
        reviews.request_reanswer(build.committee, p, reason="Trả lời chung chung.")
    db.session.commit()
    first_due = p.due_date
    run_on(first_due + timedelta(days=1) if deadlines.working_calendar().is_working_day(
        first_due + timedelta(days=1)) else deadlines.working_calendar().next_working_day(first_due))
    assert count("overdue", p) == 2
    # The administrator declares a day off before the due date: the deadline moves, new notices follow.
    deadline_admin.set_calendar_day(build.admin, first_due - timedelta(days=1), "day_off", "Nghỉ bù theo quyết định")
    db.session.commit()
    assert p.due_date != first_due
    run_on(deadlines.working_calendar().next_working_day(p.due_date + timedelta(days=1)))
    assert count("overdue", p) == 4
    pending = db.session.scalars(select(OutboxMessage).join(OutboxMessage.notice).where(
        OutboxMessage.status == "pending", Notice.event_id.is_(None))).all()
    assert len(pending) == 2


@pytest.mark.parametrize("closing", ["withdraw"])
def test_closing_an_item_cancels_its_pending_notices(build, closing):
    from app.services.petitions import intake as petitions

    p = transferred_due_on(build, d("30/11/2026"))
    build.officer.email = "cv.sxd@hdnd.example.vn"
    db.session.commit()
    run_on(d("01/12/2026"))
    assert db.session.scalar(select(OutboxMessage.status)) == "pending"
    reminders = set(db.session.scalars(select(Notice.id)))
    petitions.withdraw(build.leader_of_office, p, reason="Cử tri rút kiến nghị.")
    db.session.commit()
    earlier = [n for n in db.session.scalars(select(Notice)) if n.id in reminders]
    assert all(n.cancelled_at is not None for n in earlier)
    assert all(m.status == "cancelled" for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.notice_id.in_(reminders))))
    # What stays is the notice that it was withdrawn (the agency is told its work ended), queued after.
    assert {(n.kind, n.cancelled_at) for n in db.session.scalars(select(Notice)) if n.id not in reminders} == {
        ("withdrawn", None)}


def test_two_runs_at_once_queue_each_notice_once(build, db_app):
    for due in (d("30/11/2026"), d("27/11/2026"), d("26/11/2026")):
        transferred_due_on(build, due)
    build.officer.email = "cv.sxd@hdnd.example.vn"
    db.session.commit()
    results = run_together(db_app, 4, lambda: run_on(d("01/12/2026")))
    assert len(results) == 4
    queued = sum(r.notices for run in results for r in run)
    assert queued == count() == 3 * 2  # three overdue items, officer and leader each
    keys = db.session.execute(select(Notice.petition_id, Notice.kind, Notice.deadline_ref, Notice.recipient_id)
                              .where(Notice.event_id.is_(None))).all()
    assert len(keys) == len(set(keys))
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).join(OutboxMessage.notice)
                             .where(Notice.event_id.is_(None))) == 3
