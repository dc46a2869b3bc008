"""E-mails go through a real SMTP conversation after the commit, survive a server outage, and arrive once."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.jobs import runs as jobs
from app.models import OutboxMessage
from app.services.deadlines import rules as deadlines
from app.services.notices import notifications, outbox
from app.services.notices.mailer import SmtpMailer
from app.services.petitions import answers
from tests.conftest import d
from tests.race import run_together
from tests.smtp_server import SmtpServer


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def overdue_items(build, n: int = 2):
    """n items overdue on 01/12/2026, with officer and leader who have e-mail addresses."""
    cal = deadlines.working_calendar()
    items = [build.petition("transferred", transfer_on=cal.subtract_working_days(d("30/11/2026"), 30))
             for _ in range(n)]
    build.officer.email, build.agency_leader.email = "cv.sxd@hdnd.example.vn", "ld.sxd@hdnd.example.vn"
    db.session.commit()
    clock.set_now("2026-12-01T07:30")  # for the rest of the test (db_app restarts the clock afterwards)
    jobs.run_reminders()
    return items


def send(server_config: dict):
    return jobs.send_notifications(mailer_factory=lambda: SmtpMailer(server_config, timeout=5))


def statuses() -> dict[str, int]:
    return outbox.counts()


def test_vietnamese_mail_arrives_through_smtp_with_link(build, smtp):
    items = overdue_items(build, 1)
    run = send(smtp.config())
    assert run.sent == 2 and run.failed == 0
    assert len(smtp.messages) == 2
    msg = next(m for m in smtp.messages if m["To"] == "cv.sxd@hdnd.example.vn")
    assert msg["Subject"] == f"[Quá hạn] Kiến nghị {items[0].code}: đã quá hạn trả lời ngày 30/11/2026"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Kính gửi" in text and f"/petitions/{items[0].id}" in text
    assert f"/petitions/{items[0].id}" in html and "<a href=" in html
    assert statuses()["sent"] == 2


def test_nothing_is_sent_before_the_commit(build, smtp):
    overdue_items(build, 1)
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.execute(notifications.Notice.__table__.delete())
    db.session.commit()
    # Queued but not committed: a sender in another session cannot see it.
    with clock.travel_to("2026-12-02T07:30"):
        from app.services.notices import reminders

        reminders.run()
    db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    db.session.rollback()
    send(smtp.config())
    assert smtp.messages == []


def test_server_down_then_back_none_lost_none_twice(build):
    overdue_items(build, 3)
    server = SmtpServer()  # not started: the port refuses connections
    run = send(server.config())
    assert run.sent == 0 and run.failed == 6
    pending = db.session.scalars(select(OutboxMessage)).all()
    assert all(m.status == "pending" and m.attempts == 1 and "Connection" in m.last_error for m in pending)
    # Backing off: an immediate second run does not even try.
    assert send(server.config()).found == 0
    server.start()
    try:
        with clock.travel_to(clock.now() + timedelta(minutes=2)):
            run = send(server.config())
        assert run.sent == 6
        with clock.travel_to(clock.now() + timedelta(hours=5)):
            assert send(server.config()).found == 0
    finally:
        server.stop()
    assert len(server.messages) == 6
    keys = [(m["To"], m["Subject"]) for m in server.messages]
    assert len(set(keys)) == 6
    assert statuses() == {"pending": 0, "sent": 6, "failed": 0, "cancelled": 0}


def test_two_senders_at_once_send_each_message_once(build, smtp, db_app):
    overdue_items(build, 5)
    run_together(db_app, 3, lambda: send(smtp.config()))
    assert len(smtp.messages) == 10
    assert len({(m["To"], m["Subject"]) for m in smtp.messages}) == 10


def test_failed_after_retries_kept_with_error_and_retried_by_admin(build, smtp):
    overdue_items(build, 1)
    down = SmtpServer()
    moment = clock.now()
    for _ in range(outbox.MAX_ATTEMPTS):
        moment += timedelta(hours=7)
        with clock.travel_to(moment):
            send(down.config())
    failed = db.session.scalars(select(OutboxMessage)).all()
    assert [m.status for m in failed] == ["failed", "failed"]
    assert all(m.attempts == outbox.MAX_ATTEMPTS and m.last_error for m in failed)
    assert outbox.retry(build.admin) == 2
    db.session.commit()
    assert send(smtp.config()).sent == 2
    assert len(smtp.messages) == 2


def test_preference_and_stale_notices_are_not_mailed(build, smtp):
    (p,) = overdue_items(build, 1)
    # The leader turns e-mail off after the reminder was queued; the officer's item gets answered.
    notifications.set_email_preference(build.agency_leader, False)
    answers.draft_answer(build.officer, p, text="Sở đã sửa xong đường.", result_category="resolved")
    answers.submit_answer(build.agency_leader, p, letter_number="90/SXD-VP")  # answered: no longer late
    db.session.commit()
    assert send(smtp.config()).sent == 0
    assert smtp.messages == []
    assert statuses()["cancelled"] == 2
    # With e-mail off from the start, the notice is in-app only.
    p2 = overdue_items(build, 1)[0]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .join(OutboxMessage.notice).where(notifications.Notice.petition_id == p2.id,
                                                               notifications.Notice.event_id.is_(None))) == 1


def test_a_sender_whose_lease_ran_out_does_not_send(build, smtp):
    overdue_items(build, 1)
    slow_ids, slow_lease = outbox.claim(1)
    db.session.commit()
    with clock.travel_to(clock.now() + outbox.LEASE + timedelta(minutes=1)):
        fast_ids, fast_lease = outbox.claim(1)
        db.session.commit()
    assert slow_ids == fast_ids
    with SmtpMailer(smtp.config(), timeout=5) as mailer:
        assert outbox.deliver(slow_ids[0], mailer, slow_lease) == "skipped"
        assert outbox.deliver(fast_ids[0], mailer, fast_lease) == "sent"
    db.session.commit()
    assert len(smtp.messages) == 1
