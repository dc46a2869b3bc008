"""Every hand-over tells its recipients (issue 12): a notice in the bell and an e-mail for those who want it, created
in the same transaction, keyed (event, recipient) by the database so none is sent twice, cancelled when the item
closes; and the weekly digest lists what arrived."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.extensions import db
from app.jobs import runs as jobs
from app.models import Notice, OutboxMessage, Petition
from app.services.notices import digest, handovers
from app.services.notices.mailer import SmtpMailer
from app.services.petitions import answers, intake, reviews, transfers
from tests.smtp_server import SmtpServer
from workflows.petition import is_open


@dataclass(frozen=True)
class Handover:
    state: str  # where the item starts
    act: Callable  # (build, petition) -> None: the hand-over
    recipients: Callable  # (build) -> the users who must be told
    not_told: Callable  # (build) -> users who must not be (the actor among them)
    kind: str = ""  # the notice's stored kind when it is not the row's name


def _transfer(b, p):
    transfers.transfer(b.committee, p, letter_number="7/HĐND-VP", letter_date=clock.today())


def _draft_and_submit(b, p):
    answers.draft_answer(b.officer, p, text="Đã sửa xong.", result_category="resolved")
    answers.submit_answer(b.agency_leader, p, letter_number="9/SXD")


HANDOVERS = {
    "transferred": Handover("awaiting_transfer", _transfer,
                            lambda b: [b.officer, b.agency_leader, b.user("agency_officer", b.other_agency)],
                            lambda b: [b.committee, b.clerk, b.user("agency_officer", b.commune)]),
    "answer_submitted": Handover("transferred", _draft_and_submit,
                                 lambda b: [b.committee, b.clerk, b.leader_of_office],
                                 lambda b: [b.agency_leader, b.user("agency_officer", b.other_agency)]),
    "reanswer_requested": Handover("answered", lambda b, p: reviews.request_reanswer(b.committee, p, reason="Chung"),
                                   lambda b: [b.officer, b.agency_leader], lambda b: [b.committee, b.clerk]),
    "returned": Handover("transferred", lambda b, p: answers.return_not_competent(b.agency_leader, p, reason="Không"),
                         lambda b: [b.clerk, b.leader_of_office], lambda b: [b.agency_leader, b.committee]),
    "return_proposed": Handover("transferred", lambda b, p: answers.propose_return(b.officer, p, reason="Không"),
                                lambda b: [b.agency_leader], lambda b: [b.officer, b.clerk]),
    "draft_sent_back": Handover("answer_drafted",
                                lambda b, p: answers.send_back_draft(b.agency_leader, p, reason="Bổ sung số liệu"),
                                lambda b: [b.officer], lambda b: [b.agency_leader, b.committee]),
    "roadmap_accepted": Handover("answered", lambda b, p: reviews.accept_on_roadmap(
        b.committee, p, expected_date=clock.today().replace(year=2027)),
        lambda b: [b.officer, b.agency_leader], lambda b: [b.committee, b.user("agency_officer", b.other_agency)]),
    "closed": Handover("answered", lambda b, p: reviews.accept(b.committee, p),
                       lambda b: [b.officer, b.agency_leader, b.user("agency_officer", b.other_agency)],
                       lambda b: [b.committee, b.clerk]),
    "closed on the roadmap": Handover(
        "on_roadmap", lambda b, p: reviews.mark_done(b.committee, p, result_category="resolved"),
        lambda b: [b.officer, b.agency_leader, b.user("agency_officer", b.other_agency)],
        lambda b: [b.committee, b.clerk], kind="closed"),
    "draft waiting for the leader": Handover(
        "transferred", lambda b, p: answers.draft_answer(b.officer, p, text="Đã sửa xong.", result_category="resolved"),
        lambda b: [b.agency_leader], lambda b: [b.officer, b.committee, b.user("agency_officer", b.other_agency)],
        kind="answer_drafted"),
    "submitted to the committee": Handover(
        "classified", lambda b, p: intake.submit_for_transfer(b.clerk, p),
        lambda b: [b.committee], lambda b: [b.clerk, b.leader_of_office, b.officer], kind="awaiting_transfer"),
    "sent back to the office": Handover(
        "awaiting_transfer", lambda b, p: transfers.send_back(b.committee, p, reason="Bổ sung thông tin."),
        lambda b: [b.clerk, b.leader_of_office], lambda b: [b.committee, b.officer], kind="sent_back_to_office"),
    "withdrawn from the agencies": Handover(
        "transferred", lambda b, p: intake.withdraw(b.leader_of_office, p, reason="Cử tri rút kiến nghị."),
        lambda b: [b.officer, b.agency_leader, b.user("agency_officer", b.other_agency)],
        lambda b: [b.leader_of_office, b.committee, b.user("agency_officer", b.commune)], kind="withdrawn"),
}


def notices(p: Petition, kind: str | None = None, live: bool = False) -> list[Notice]:
    query = select(Notice).where(Notice.petition_id == p.id, Notice.event_id.is_not(None))
    if kind:
        query = query.where(Notice.kind == kind)
    if live:
        query = query.where(Notice.cancelled_at.is_(None))
    return list(db.session.scalars(query.order_by(Notice.id)))


def everyone(build) -> None:
    """Make every account the hand-overs may address exist before the hand-over (accounts made later get nothing)."""
    for user in (build.clerk, build.leader_of_office, build.committee, build.officer, build.agency_leader,
                 build.user("agency_officer", build.other_agency), build.user("agency_officer", build.commune)):
        user.email = f"{user.username}@hdnd.example.vn"
    db.session.flush()


@pytest.mark.parametrize("name", sorted(HANDOVERS))
def test_each_handover_reaches_its_recipients_once_and_closing_cancels(build, name):
    spec = HANDOVERS[name]
    kind = spec.kind or name
    everyone(build)
    p = build.petition(spec.state)
    before = {n.id for n in notices(p)}
    spec.act(build, p)
    new = [n for n in notices(p, kind) if n.id not in before]
    assert {n.recipient_id for n in new} == {u.id for u in spec.recipients(build)}
    assert not {n.recipient_id for n in new} & {u.id for u in spec.not_told(build)}
    assert len(new) == len({n.recipient_id for n in new})
    # The e-mail is queued with the notice, in the same transaction, to those who want e-mail.
    outbox = db.session.scalars(select(OutboxMessage).where(OutboxMessage.notice_id.in_([n.id for n in new]))).all()
    assert len(outbox) == len(new) and all(m.status == "pending" for m in outbox)
    # Announcing the same event again (a retried job, a double submit) adds nothing.
    event_id = new[0].event_id
    again = handovers.announce(p, _event(event_id), kind, [u.id for u in spec.recipients(build)])
    assert again == [] and len(notices(p, kind)) == len(new) + len([n for n in notices(p, kind) if n.id in before])
    db.session.commit()
    if is_open(p.status):
        intake.withdraw(build.leader_of_office, p, reason="Cử tri rút kiến nghị.")
        db.session.commit()
        assert notices(p, kind, live=True) == []  # hidden from the bells
        assert all(m.status == "cancelled" for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.notice_id.in_([n.id for n in new]))))
    else:
        # The notice that the item ended is queued after the cancellation, so it is the one that stays.
        assert {n.kind for n in notices(p, live=True)} == {kind}  # closed, or withdrawn
        assert [n for n in notices(p) if n.cancelled_at is not None]  # the earlier ones (the transfer's) cancelled


def _event(event_id: int):
    from app.models import Event

    return db.session.get(Event, event_id)


def test_the_database_refuses_a_second_notice_of_one_event_to_one_person(build):
    everyone(build)
    p = build.petition("transferred")
    notice = notices(p, "transferred")[0]
    db.session.commit()
    db.session.add(Notice(petition_id=p.id, kind="transferred", deadline_ref=notice.deadline_ref,
                          recipient_id=notice.recipient_id, event_id=notice.event_id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_same_handover_twice_in_a_day_is_told_twice(build):
    """Keyed by event, not by day: a return and a new transfer on one day reach the agency again."""
    everyone(build)
    p = build.petition("transferred")
    answers.return_not_competent(build.agency_leader, p, reason="Không đúng thẩm quyền")
    intake.reroute(build.clerk, p, lead_agency=build.agency, send_to_returning_agency=True)
    intake.submit_for_transfer(build.clerk, p)
    _transfer(build, p)
    officer_notices = [n for n in notices(p, "transferred") if n.recipient_id == build.officer.id]
    assert len(officer_notices) == 2 and officer_notices[0].event_id != officer_notices[1].event_id


def test_the_reroute_sends_the_item_to_the_new_agency(build):
    everyone(build)
    p = build.petition("returned")
    new_officer = build.user("agency_officer", build.commune)
    intake.reroute(build.clerk, p, lead_agency=build.commune, coordinating=[])
    intake.submit_for_transfer(build.clerk, p)
    _transfer(build, p)
    told = {n.recipient_id for n in notices(p, "transferred", live=True) if n.event_id == max(
        x.event_id for x in notices(p, "transferred"))}
    assert new_officer.id in told and build.officer.id not in told


def test_a_handover_email_goes_through_smtp(build):
    everyone(build)
    p = build.petition("awaiting_transfer")
    _transfer(build, p)
    db.session.commit()
    server = SmtpServer().start()
    try:
        run = jobs.send_notifications(mailer_factory=lambda: SmtpMailer(server.config(), timeout=5))
        mails = {m["To"]: m for m in server.messages}
    finally:
        server.stop()
    assert run.failed == 0
    msg = mails[build.officer.email]
    assert msg["Subject"] == f"[Kiến nghị mới] {p.code} được chuyển đến cơ quan ngày 22/11/2026"
    text = msg.get_body(("plain",)).get_content()
    assert "Thường trực HĐND đã chuyển kiến nghị" in text and f"/petitions/{p.id}" in text
    # Sent once: a second run finds nothing to send.
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.status == "sent")) == run.sent


def test_without_email_the_notice_is_in_the_bell_only(build):
    everyone(build)
    build.officer.email_notifications = False
    p = build.petition("transferred")
    mine = [n for n in notices(p, "transferred") if n.recipient_id == build.officer.id]
    assert len(mine) == 1
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.notice_id == mine[0].id)) is None


def test_the_weekly_digest_lists_what_arrived(build):
    everyone(build)
    p = build.petition("transferred")
    db.session.commit()
    with clock.travel_to("2026-11-23T07:00"):  # the Monday after
        digest.queue()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_addr == build.agency_leader.email,
                                                         OutboxMessage.subject.like("[Bản tin tuần]%")))
    assert "Việc mới đến trong tuần qua (1)" in mail.body_text
    assert f"Kiến nghị mới được chuyển đến: {p.code}" in mail.body_text


def test_the_digest_and_the_bell_word_each_handover_by_its_kind(build, client, auth):
    """An officer's draft, the office's submission, the committee's send-back, a withdrawal: each worded as what
    happened, in the bell, the e-mail and the weekly digest."""
    everyone(build)
    drafted, submitted = build.petition("transferred"), build.petition("classified")
    answers.draft_answer(build.officer, drafted, text="Đã sửa xong.", result_category="resolved")
    intake.submit_for_transfer(build.clerk, submitted)
    transfers.send_back(build.committee, submitted, reason="Bổ sung thông tin.")
    withdrawn = build.petition("transferred")
    intake.withdraw(build.leader_of_office, withdrawn, reason="Cử tri rút kiến nghị.")
    db.session.commit()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_addr == build.agency_leader.email,
                                                         OutboxMessage.subject.like("[Dự thảo chờ duyệt]%")))
    assert drafted.code in mail.subject and "Chuyên viên đã dự thảo" in mail.body_text
    auth.login(build.agency_leader)
    bell = client.get("/notifications/").get_data(as_text=True)
    assert f"Dự thảo trả lời chờ lãnh đạo duyệt: {drafted.code}" in bell
    assert f"Kiến nghị đã được rút: {withdrawn.code}" in bell
    auth.logout()
    auth.login(build.clerk)  # the office has no weekly digest (its policy: the committee and agency leaders)
    assert f"Thường trực trả lại Văn phòng: {submitted.code}" in client.get("/notifications/").get_data(as_text=True)
    auth.logout()
    with clock.travel_to("2026-11-23T07:00"):  # the Monday after
        digest.queue()
    for user, line in ((build.agency_leader, f"Dự thảo trả lời chờ lãnh đạo duyệt: {drafted.code}"),
                       (build.agency_leader, f"Kiến nghị đã được rút: {withdrawn.code}"),
                       (build.committee, f"Văn phòng trình kiến nghị chờ duyệt chuyển: {submitted.code}")):
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_addr == user.email,
                                                             OutboxMessage.subject.like("[Bản tin tuần]%")))
        assert line in mail.body_text, (user.username, mail.body_text)
