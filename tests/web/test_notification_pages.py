"""The bell, the notifications page (mark read, e-mail preference) and the administrators' operations page."""
from __future__ import annotations

import re

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.jobs import runs as jobs
from app.models import Notice, OutboxMessage, ReminderPolicy
from app.services.deadlines import rules as deadlines
from tests.conftest import AuthActions, d


def overdue(build, n=2):
    cal = deadlines.working_calendar()
    items = [build.petition("transferred", transfer_on=cal.subtract_working_days(d("30/11/2026"), 30))
             for _ in range(n)]
    build.officer.email = "cv.sxd@hdnd.example.vn"
    db.session.commit()
    clock.set_now("2026-12-01T08:00")
    jobs.run_reminders()
    return items


def bell_count(html: str) -> int:
    match = re.search(r'id="bell"[^>]*aria-label="[^"]*: (\d+)', html)
    assert match, "no bell in the page"
    return int(match.group(1))


def test_bell_and_notifications_page_with_mark_read(client, auth, build):
    items = overdue(build)
    auth.login(build.officer.username)
    page = client.get("/").get_data(as_text=True)
    assert bell_count(page) == 4  # each item's transfer (a hand-over) and its overdue reminder
    listing = client.get("/notifications/").get_data(as_text=True)
    assert f"Quá hạn trả lời: {items[0].code} (30/11/2026)" in listing
    assert f"Kiến nghị mới được chuyển đến: {items[0].code}" in listing
    assert f'href="/petitions/{items[0].id}"' in listing
    first = db.session.scalar(select(Notice.id).where(Notice.petition_id == items[0].id, Notice.kind == "overdue",
                                                       Notice.recipient_id == build.officer.id))
    assert client.post("/notifications/read", data={"notice_id": first}).status_code == 302
    assert bell_count(client.get("/").get_data(as_text=True)) == 3
    client.post("/notifications/read", data={})
    assert bell_count(client.get("/").get_data(as_text=True)) == 0


def test_someone_elses_notice_cannot_be_marked(client, auth, build):
    overdue(build, 1)
    leader_notice = db.session.scalar(select(Notice.id).where(Notice.recipient_id == build.agency_leader.id))
    auth.login(build.officer.username)
    response = client.post("/notifications/read", data={"notice_id": leader_notice}, follow_redirects=True)
    assert "không phải của bạn" in response.get_data(as_text=True)
    assert db.session.get(Notice, leader_notice).read_at is None


def test_email_preference_toggle_stops_the_emails(client, auth, build):
    auth.login(build.officer.username)
    client.post("/notifications/preference", data={})
    db.session.refresh(build.officer)
    assert build.officer.email_notifications is False
    overdue(build, 1)
    assert db.session.scalar(select(OutboxMessage.id)) is None  # in-app only
    AuthActions(client).login(build.officer)  # nine days later: the first sign-in has ended
    client.post("/notifications/preference", data={"email_notifications": "y"})
    db.session.refresh(build.officer)
    assert build.officer.email_notifications is True


def test_ops_page_for_administrators_with_retry_and_policy(client, auth, build):
    overdue(build, 1)
    message = db.session.scalar(select(OutboxMessage))
    message.status, message.attempts, message.last_error = "failed", 8, "ConnectionRefusedError: [Errno 111]"
    db.session.commit()
    auth.login(build.officer.username)
    assert client.get("/admin/ops/").status_code == 403
    auth.login(build.admin.username)
    html = client.get("/admin/ops/").get_data(as_text=True)
    assert "Vận hành" in html and "ConnectionRefusedError" in html and "Nhắc hạn" in html
    assert re.search(r"Lỗi: <b class=\"text-danger\">1</b>", html)
    assert client.post("/admin/ops/retry", data={"message_id": message.id}).status_code == 302
    db.session.refresh(message)
    assert message.status == "pending" and message.attempts == 0
    response = client.post("/admin/ops/policy/due_soon", data={"due_soon-enabled": "y", "due_soon-days": "5",
                                                               "due_soon-to_officers": "y"})
    assert response.status_code == 302
    row = db.session.get(ReminderPolicy, "due_soon")
    assert row.days == 5 and row.to_officers and not row.to_leader
    assert client.post("/admin/ops/policy/bogus", data={}).status_code == 404
