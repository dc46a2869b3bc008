"""The weekly digest: once per recipient and week, with counts, the late items and those due next."""
from __future__ import annotations

from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.jobs import runs as jobs
from app.models import Notice, OutboxMessage
from app.services.deadlines import rules as deadlines
from tests.conftest import d


def test_weekly_digest_once_per_week_to_committee_and_each_leader(build):
    cal = deadlines.working_calendar()
    late = build.petition("transferred", transfer_on=cal.subtract_working_days(d("27/11/2026"), 30))
    soon = build.petition("transferred", transfer_on=cal.subtract_working_days(d("03/12/2026"), 30))
    other = build.petition("transferred", agency=build.other_agency,
                           transfer_on=cal.subtract_working_days(d("25/11/2026"), 30))
    build.committee.email = "thuongtruc@hdnd.example.vn"
    build.agency_leader.email = "ld.sxd@hdnd.example.vn"
    leader_syt = build.user("agency_leader", build.other_agency)
    db.session.commit()
    clock.set_now("2026-11-30T07:00")  # a Monday
    run = jobs.send_digest()
    assert run.status == "ok" and run.queued == 3  # committee, two agency leaders (one without e-mail)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    assert jobs.send_digest().queued == 0  # the same week again: nothing
    clock.set_now("2026-12-02T07:00")
    assert jobs.send_digest().queued == 0
    mails = {m.to_addr: m for m in db.session.scalars(select(OutboxMessage))}
    committee_mail = mails["thuongtruc@hdnd.example.vn"]
    assert committee_mail.subject.startswith("[Bản tin tuần]") and "30/11/2026" in committee_mail.subject
    assert "- Quá hạn: 2" in committee_mail.body_text
    assert late.code in committee_mail.body_text and other.code in committee_mail.body_text
    assert soon.code in committee_mail.body_text  # due within the next seven days
    leader_mail = mails["ld.sxd@hdnd.example.vn"]
    assert late.code in leader_mail.body_text and other.code not in leader_mail.body_text
    assert leader_syt.id in set(db.session.scalars(select(Notice.recipient_id)))
    clock.set_now("2026-12-07T07:00")
    assert jobs.send_digest().queued == 3
