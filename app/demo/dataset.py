"""The demo data set: Hà Nội's council, its agencies and ~80 recommendations walked through every state by the services."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from itertools import cycle
from types import SimpleNamespace

from sqlalchemy import select

from app import clock
from app.demo import content
from app.extensions import db
from app.models import (
    Agency,
    CalendarDay,
    Committee,
    Constituency,
    DeadlineRule,
    Delegate,
    DelegateGroup,
    Field,
    Petition,
    Session,
    Term,
    User,
)
from app.services.accounts.users import create_user
from app.services.deadlines import rules as deadlines
from app.services.petitions import answers, meetings, reviews, transfers
from app.services.petitions import intake as petitions

# The state each session-1 recommendation ends in, in turn: mostly closed, some still open and late.
SESSION1_TARGETS = [
    "closed", "on_roadmap", "closed", "answered", "reanswer_requested", "transferred", "closed",
    "answer_drafted", "on_roadmap", "returned", "closed", "closed_after_reanswer", "roadmap_done",
    "withdrawn", "transferred",
]
# Session 2's meetings were held last week: those items are still early in their life.
SESSION2_TARGETS = ["recorded", "classified", "awaiting_transfer", "transferred", "return_proposed", "answer_drafted"]
# The targets whose walk has the agency answer (an item's own text in content.ANSWERS), and those on a roadmap.
ANSWERED_TARGETS = frozenset({"closed", "on_roadmap", "answered", "reanswer_requested", "answer_drafted",
                              "closed_after_reanswer", "roadmap_done"})
ROADMAP_TARGETS = frozenset({"on_roadmap", "roadmap_done"})
FIRST_TRANSFER = date(2026, 7, 6)  # the standing committee's letter after session 1


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0))


class Demo:
    """Holds the reference rows and the actors while the demo is being built."""

    def __init__(self) -> None:
        self.agencies: dict[str, Agency] = {}
        self.fields: dict[str, Field] = {}
        self.sessions: dict[int, Session] = {}
        self.meetings: dict[str, object] = {}
        self.officers: dict[int, User] = {}
        self.leaders: dict[int, User] = {}
        self.accounts: list[tuple[str, str, str, str | None]] = []
        self.calendar = None
        self.reasons = {name: cycle(values) for name, values in (
            ("review", content.REVIEW_REASONS), ("return", content.RETURN_REASONS),
            ("aside", content.SET_ASIDE_REASONS))}
        self.letters: dict[str, int] = {}  # the last letter number each agency used: numbers are unique per agency

    # --- reference data -------------------------------------------------------------------------
    def reference(self) -> None:
        term = Term(**content.TERM)
        db.session.add(term)
        for s in content.SESSIONS:
            self.sessions[s["number"]] = Session(term=term, number=s["number"], name=s["name"],
                                                 opening=date.fromisoformat(s["opening"]),
                                                 closing=date.fromisoformat(s["closing"]))
        committees = {code: Committee(code=code, name=name) for code, name in content.COMMITTEES}
        for code, name, committee in content.FIELDS:
            self.fields[code] = Field(code=code, name=name, committee=committees[committee])
        for code, name, level, parent, email in content.AGENCIES:
            self.agencies[code] = Agency(code=code, name=name, competence_level=level,
                                         parent=self.agencies.get(parent) if parent else None, email=email)
        constituencies = {}
        for code, name, localities in content.CONSTITUENCIES:
            constituencies[code] = Constituency(code=code, name=name, localities="\n".join(localities))
        groups = {code: DelegateGroup(code=code, name=name, constituency=constituencies[c])
                  for code, name, c in content.DELEGATE_GROUPS}
        delegates = {name: Delegate(full_name=name, position=pos, group=groups[g])
                     for name, pos, g in content.DELEGATES}
        db.session.add_all([*committees.values(), *self.fields.values(), *self.agencies.values(),
                            *constituencies.values(), *groups.values(), *delegates.values(),
                            *self.sessions.values()])
        db.session.add_all([
            DeadlineRule(name="Quy chế phối hợp: 30 ngày làm việc kể từ ngày chuyển", purpose="answer",
                         kind="working_days", days=30, very_overdue_days=15),
            DeadlineRule(name="Cấp xã, phường: 15 ngày làm việc kể từ ngày chuyển", purpose="answer",
                         kind="working_days", days=15, very_overdue_days=10, competence_level="commune"),
            DeadlineRule(name="Trung ương: 60 ngày kể từ ngày nhận (QĐ 30/2020/QĐ-TTg)", purpose="answer",
                         kind="calendar_days", days=60, very_overdue_days=30, competence_level="central"),
            DeadlineRule(name="Điện lực: 10 ngày làm việc (sự cố cấp điện cần xử lý ngay)", purpose="answer",
                         kind="working_days", days=10, very_overdue_days=5, agency=self.agencies["EVNHN"]),
            DeadlineRule(name="Trả lời lại: 15 ngày làm việc kể từ ngày yêu cầu", purpose="reanswer",
                         kind="working_days", days=15, very_overdue_days=10),
            CalendarDay(day=date(2026, 10, 10), kind="day_off",
                        name="Kỷ niệm Ngày Giải phóng Thủ đô (nghỉ theo quyết định của Thành phố)"),
        ])
        db.session.flush()
        self._meetings(constituencies, delegates)
        self.calendar = deadlines.working_calendar()

    def _meetings(self, constituencies, delegates) -> None:
        clerk = self.users["clerk"]
        for m in content.MEETINGS:
            held_on = date.fromisoformat(m["date"])
            with clock.travel_to(_at(held_on, 17)):
                self.meetings[m["key"]] = meetings.save_meeting(
                    clerk, held_on=held_on, place=m["place"], locality=m["locality"],
                    meeting_type=m["type"], timing=m["timing"], session=self.sessions[m["session"]],
                    constituency=constituencies[m["constituency"]],
                    delegates=[delegates[n] for n in m["delegates"]], voters_count=m["voters"],
                    notes=m.get("topic", ""))

    # --- accounts ---------------------------------------------------------------------------------
    def accounts_for_office(self) -> None:
        self.users: dict[str, User] = {}
        for username, full_name, role in [
            ("admin", "Quản trị hệ thống", "admin"),
            ("vanphong", "Nguyễn Thị Lan", "clerk"),
            ("lanhdaovp", "Trần Văn Bình", "office_leader"),
            ("thuongtruc", "Phạm Quang Huy", "committee"),
        ]:
            self.users[role] = self._account(username, full_name, role)

    def accounts_for_agencies(self) -> None:
        # One printed pair for Sở Xây dựng; every other agency gets accounts with the same passwords.
        officer_pw, leader_pw = self._password(), self._password()
        for code, agency in self.agencies.items():
            slug = code.lower().replace("-", "")
            self.officers[agency.id] = self._account(f"{slug}.cv", f"Chuyên viên {agency.name}",
                                                     "agency_officer", agency, officer_pw, code == "SXD")
            self.leaders[agency.id] = self._account(f"{slug}.ld", f"Lãnh đạo {agency.name}",
                                                    "agency_leader", agency, leader_pw, code == "SXD")

    def _password(self) -> str:
        return "kn-" + secrets.token_urlsafe(9)

    def _account(self, username, full_name, role, agency=None, password=None, printed=True) -> User:
        password = password or self._password()
        user = create_user(None, username=username, full_name=full_name, password=password, role=role,
                           agency=agency, email=f"{username}@hdnd.example.vn")
        if printed:
            self.accounts.append((username, password, role, agency.name if agency else None))
        return user

    # --- the walk through the lifecycle ----------------------------------------------------------------
    def step(self, day: date, action: Callable[[], object], hour: int = 9):
        """Run one service call as if on `day` (never in the future), so timelines read naturally."""
        day = min(day, clock.today())
        with clock.travel_to(_at(day, hour)):
            result = action()
            db.session.flush()
        return result

    def record(self, item: dict) -> Petition:
        meeting = self.meetings.get(item["meeting"]) if item["meeting"] else None
        day = meeting.held_on if meeting else date.fromisoformat(item["received"])
        session = self.sessions[meeting.session.number if meeting else item["session"]]
        return self.step(day, lambda: petitions.record_petition(
            self.users["clerk"], content=item["content"], summary=item["summary"], channel=item["channel"],
            locality=item["locality"], voter_name=item.get("voter_name"), meeting=meeting,
            session=session, urgent=item.get("urgent", False)), hour=16)

    def classify(self, p: Petition, item: dict, day: date) -> None:
        lead = self.agencies[item["agency"]]
        self.step(day, lambda: petitions.classify(
            self.users["clerk"], p, field=self.fields[item["field"]], competence_level=lead.competence_level,
            lead_agency=lead, coordinating=[self.agencies[c] for c in item.get("coordinating", [])]))

    def transfer(self, p: Petition, day: date, number: str) -> None:
        self.step(day, lambda: petitions.submit_for_transfer(self.users["clerk"], p))
        self.step(day + timedelta(days=1), lambda: transfers.transfer(
            self.users["committee"], p, letter_number=number, letter_date=day + timedelta(days=1)), hour=15)

    @staticmethod
    def own(p: Petition) -> dict:
        """The item's own answers (content.ANSWERS, keyed by its summary)."""
        try:
            return content.ANSWERS[p.summary]
        except KeyError:
            raise RuntimeError(f"content.ANSWERS has no answer for the demo item “{p.summary}”") from None

    def answer_text(self, p: Petition, expected: date | None, which: str = "text") -> str:
        """The item's own answer (`which`: text, draft or reanswer); a roadmap's date is the one committed."""
        body = self.own(p)[which].format(expected=f"{expected:%d/%m/%Y}" if expected else "")
        subject = p.summary[:1].lower() + p.summary[1:]
        return f"Về kiến nghị {subject}: {body}"

    def letter_number(self, agency: Agency) -> str:
        self.letters[agency.code] = self.letters.get(agency.code, 100) + 1
        return f"{self.letters[agency.code]}/{agency.code}-VP"

    def answer(self, p: Petition, day: date, category: str, submit: bool = True,
               expected: date | None = None, which: str = "text") -> None:
        officer, leader = self.officers[p.lead_agency_id], self.leaders[p.lead_agency_id]
        if category == "in_progress":
            expected = expected or date(2027, 6, 30)
        text = self.answer_text(p, expected, which)
        self.step(day, lambda: answers.draft_answer(officer, p, text=text, result_category=category,
                                                    expected_date=expected))
        if submit:
            number = self.letter_number(p.lead_agency)
            self.step(day + timedelta(days=2), lambda: answers.submit_answer(
                leader, p, letter_number=number, letter_date=min(day + timedelta(days=2), clock.today())), hour=14)

    def walk(self, p: Petition, item: dict, target: str, transfer_day: date) -> None:
        start = p.meeting.held_on if p.meeting else date.fromisoformat(item["received"])
        if item.get("kind", "recommendation") != "recommendation":
            self.step(start + timedelta(days=3), lambda: petitions.set_aside(
                self.users["clerk"], p, kind=item["kind"], reason=next(self.reasons["aside"])))
            return
        if item.get("answered_at_meeting"):
            self.step(start, lambda: petitions.mark_answered_at_meeting(
                self.users["clerk"], p, explanation=item.get("meeting_answer") or "Đã giải trình tại hội nghị."),
                hour=17)
            return
        if target == "recorded":
            return
        self.classify(p, item, start + timedelta(days=2))
        if p.competence_level == "central":
            self.step(start + timedelta(days=4), lambda: petitions.forward(
                self.users["clerk"], p, receiving_body="Đoàn đại biểu Quốc hội Thành phố Hà Nội",
                letter_number=f"{p.id}/VP-ĐĐBQH"))
            return
        if target == "classified":
            return
        if target == "awaiting_transfer":
            self.step(start + timedelta(days=3), lambda: petitions.submit_for_transfer(self.users["clerk"], p))
            return
        if target == "withdrawn":
            self.step(start + timedelta(days=5), lambda: petitions.withdraw(
                self.users["office_leader"], p, reason="Cử tri đã rút kiến nghị do vụ việc đã được giải quyết."))
            return
        transfer_day = max(transfer_day, start + timedelta(days=4))
        number = "125/HĐND-VP" if transfer_day == FIRST_TRANSFER else f"{transfer_day:%j}/HĐND-VP"
        self.transfer(p, transfer_day - timedelta(days=1), number)
        self._after_transfer(p, target, p.transferred_on)

    def _after_transfer(self, p: Petition, target: str, t: date) -> None:
        committee = self.users["committee"]
        if target == "transferred":
            return
        if target in ("returned", "return_proposed"):
            # The officer proposes the return; the leader approves it the next day.
            self.step(t + timedelta(days=5), lambda: answers.propose_return(
                self.officers[p.lead_agency_id], p, reason=next(self.reasons["return"])))
            if target == "returned":
                self.step(t + timedelta(days=6),
                          lambda: answers.return_not_competent(self.leaders[p.lead_agency_id], p))
            return
        category = self.own(p)["category"]
        if (category == "in_progress") != (target in ROADMAP_TARGETS):
            raise RuntimeError(f"“{p.summary}”: a roadmap's answer is in_progress, and only a roadmap's ({target})")
        review_day = t + timedelta(days=40)
        # A roadmap that will be marked done commits to the day it is done, not to a later year.
        expected = review_day + timedelta(days=75) if target == "roadmap_done" else None
        self.answer(p, t + timedelta(days=25), category, submit=target != "answer_drafted", expected=expected)
        if target in ("answer_drafted", "answered"):
            return
        if target in ("reanswer_requested", "closed_after_reanswer"):
            self.step(review_day, lambda: reviews.request_reanswer(committee, p, reason=next(self.reasons["review"])))
            if target == "reanswer_requested":
                return
            self.answer(p, review_day + timedelta(days=12), "resolved", which="reanswer")
            self.step(review_day + timedelta(days=20), lambda: reviews.accept(committee, p))
        elif target in ("on_roadmap", "roadmap_done"):
            self.step(review_day, lambda: reviews.accept_on_roadmap(committee, p, comment="Đề nghị báo cáo tiến độ hằng tháng."))
            for month, (percent, note) in enumerate(self.own(p)["progress"], start=1):
                self.step(review_day + timedelta(days=30 * month), lambda percent=percent, note=note:
                          answers.report_progress(self.officers[p.lead_agency_id], p, percent=percent, text=note))
            if target == "roadmap_done":
                self.step(review_day + timedelta(days=75), lambda: reviews.mark_done(
                    committee, p, comment=self.own(p)["done"]))
        else:
            self.step(review_day, lambda: reviews.accept(committee, p, comment="Trả lời đầy đủ, rõ ràng."))

    def full_path(self, p: Petition, item: dict) -> None:
        """One item that takes every main step, for the detail page's timeline."""
        committee = self.users["committee"]
        self.classify(p, item, p.meeting.held_on + timedelta(days=2))
        self.transfer(p, FIRST_TRANSFER - timedelta(days=1), "125/HĐND-VP")
        officer, leader = self.officers[p.lead_agency_id], self.leaders[p.lead_agency_id]
        t = p.transferred_on
        self.step(t + timedelta(days=10), lambda: answers.draft_answer(
            officer, p, text=self.answer_text(p, None, "draft"), result_category=self.own(p)["category"]))
        self.step(t + timedelta(days=12), lambda: answers.send_back_draft(
            leader, p, reason="Cần nêu rõ kế hoạch, kinh phí và thời gian thực hiện."), hour=15)
        self.answer(p, t + timedelta(days=15), self.own(p)["category"])
        self.step(t + timedelta(days=30), lambda: reviews.request_reanswer(
            committee, p, reason="Trả lời chung chung, chưa nêu rõ thời gian hoàn thành."))
        self.answer(p, t + timedelta(days=40), "in_progress", expected=t + timedelta(days=120), which="reanswer")
        self.step(t + timedelta(days=50), lambda: reviews.accept_on_roadmap(committee, p, comment="Theo dõi đến khi hoàn thành."))
        for days, (percent, note) in zip((70, 100), self.own(p)["progress"], strict=True):
            self.step(t + timedelta(days=days), lambda percent=percent, note=note: answers.report_progress(
                officer, p, percent=percent, text=note))
        self.step(t + timedelta(days=120), lambda: reviews.mark_done(committee, p, comment=self.own(p)["done"]))

    def due_soon_transfer_day(self, p: Petition, item: dict) -> date | None:
        """A transfer date that makes the item fall due two working days from today (for reminders),
        or None when the item arrived too recently for its rule to allow that."""
        lead = self.agencies[item["agency"]]
        rule, _ = deadlines.rule_for(SimpleNamespace(lead_agency_id=lead.id, competence_level=lead.competence_level),
                                     "answer")
        target_due, _ = self.calendar.add_working_days(clock.today(), 2)
        day = self.calendar.subtract_working_days(target_due, rule.days)
        start = p.meeting.held_on if p.meeting else date.fromisoformat(item["received"])
        return day if rule.kind == "working_days" and day >= start + timedelta(days=4) else None


def planned_targets(items: list[dict]) -> dict[int, str]:
    """The state each item's walk aims at, by its index: in turn from its session's list (the first item takes the
    full path, merged duplicates none). The due-soon pick in seed() may still turn one into "transferred"."""
    sessions = {m["key"]: m["session"] for m in content.MEETINGS}
    s1, s2 = cycle(SESSION1_TARGETS), cycle(SESSION2_TARGETS)
    planned = {}
    for index, item in enumerate(items):
        if index == 0 or "duplicate_of" in item:
            continue
        session = sessions[item["meeting"]] if item["meeting"] else item["session"]
        planned[index] = next(s1) if session == 1 else next(s2)
    return planned


def seed() -> list[tuple[str, str, str, str | None]]:
    """Build the whole demo through the services; returns the printed accounts. The caller commits."""
    if db.session.scalar(select(Petition.id).limit(1)) is not None:
        raise RuntimeError("The database already holds recommendations; seed an empty database.")
    demo = Demo()
    demo.accounts_for_office()
    demo.reference()
    demo.accounts_for_agencies()
    items = content.RECOMMENDATIONS
    recorded = [demo.record(item) for item in items]
    # Duplicates are merged while compiling, before anything is classified or transferred.
    for p, item in zip(recorded, items, strict=True):
        if "duplicate_of" in item:
            survivor = recorded[item["duplicate_of"]]
            start = p.meeting.held_on if p.meeting else p.created_at.date()
            demo.step(start + timedelta(days=2), lambda p=p, s=survivor: petitions.merge(
                demo.users["office_leader"], p, into=s))
    planned = planned_targets(items)
    due_soon_left = 2
    for index, (p, item) in enumerate(zip(recorded, items, strict=True)):
        if "duplicate_of" in item:
            continue
        if index == 0:
            demo.full_path(p, item)
            continue
        session1 = p.session.number == 1
        target = planned[index]
        transfer_day = FIRST_TRANSFER if session1 else date(2026, 11, 20)
        due_soon_day = demo.due_soon_transfer_day(p, item) if due_soon_left and not session1 else None
        if due_soon_day and item.get("kind", "recommendation") == "recommendation":
            # Items that arrived weeks ago fall due this week, so the reminders have work to do.
            target, transfer_day = "transferred", due_soon_day
            due_soon_left -= 1
        demo.walk(p, item, target, transfer_day)
    db.session.flush()
    return demo.accounts
