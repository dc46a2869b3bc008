"""Test data made through the same services users go through, so tests exercise the real doors."""
from __future__ import annotations

from datetime import date

from app import clock
from app.extensions import db
from app.models import Agency, Committee, DeadlineRule, Field, Petition, Session, Term, User
from app.services.accounts.users import create_user
from app.services.petitions import answers, reviews, transfers
from app.services.petitions import intake as petitions

PASSWORD = "mat-khau-thu-1"


class Builder:
    def __init__(self) -> None:
        self._users: dict[str, User] = {}
        term = Term(name="Nhiệm kỳ 2026 - 2031", number="XVII", start_year=2026, end_year=2031)
        self.session1 = Session(term=term, number=1, name="Kỳ họp thứ nhất", opening=date(2026, 6, 25))
        self.session2 = Session(term=term, number=2, name="Kỳ họp thứ hai", opening=date(2026, 12, 8))
        self.committee_body = Committee(code="DT", name="Ban Đô thị")
        self.field = Field(code="XD", name="Xây dựng, quy hoạch và trật tự đô thị", committee=self.committee_body)
        self.agency = Agency(code="SXD", name="Sở Xây dựng", competence_level="province")
        self.other_agency = Agency(code="SYT", name="Sở Y tế", competence_level="province")
        self.commune = Agency(code="UBND-GL", name="UBND xã Gia Lâm", competence_level="commune")
        db.session.add_all([term, self.session1, self.session2, self.committee_body, self.field,
                            self.agency, self.other_agency, self.commune])
        db.session.add_all([
            DeadlineRule(name="30 ngày làm việc", purpose="answer", kind="working_days", days=30,
                         very_overdue_days=15),
            DeadlineRule(name="Trả lời lại: 15 ngày làm việc", purpose="reanswer", kind="working_days",
                         days=15, very_overdue_days=10),
        ])
        db.session.flush()

    def user(self, role: str, agency: Agency | None = None, name: str | None = None) -> User:
        if agency is None and role in ("agency_officer", "agency_leader"):
            agency = self.agency
        key = f"{role}:{agency.code if agency else ''}:{name or ''}"
        if key not in self._users:
            username = (name or role).replace("_", ".") + (f".{agency.code.lower()}" if agency else "")
            self._users[key] = create_user(None, username=username.replace("-", ""), full_name=name or role,
                                           password=PASSWORD, role=role, agency=agency)
        return self._users[key]

    @property
    def clerk(self) -> User:
        return self.user("clerk")

    @property
    def leader_of_office(self) -> User:
        return self.user("office_leader")

    @property
    def committee(self) -> User:
        return self.user("committee")

    @property
    def officer(self) -> User:
        return self.user("agency_officer")

    @property
    def agency_leader(self) -> User:
        return self.user("agency_leader")

    @property
    def admin(self) -> User:
        return self.user("admin")

    def petition(self, state: str = "recorded", *, agency: Agency | None = None,
                 content: str = "Đề nghị sửa chữa đường Tô Hiệu bị xuống cấp, ngập úng khi mưa lớn.",
                 transfer_on: date | None = None) -> Petition:
        """A petition walked to `state` through the services (states beyond transfer follow the main path)."""
        agency = agency or self.agency
        officer = self.user("agency_officer", agency)
        leader = self.user("agency_leader", agency)
        p = petitions.record_petition(self.clerk, content=content, summary="Sửa đường Tô Hiệu",
                                      locality="phường Hà Đông", session=self.session2)
        if state == "recorded":
            return p
        petitions.classify(self.clerk, p, field=self.field, competence_level=agency.competence_level,
                           lead_agency=agency, coordinating=[self.other_agency] if agency != self.other_agency else [])
        if state == "classified":
            return p
        petitions.submit_for_transfer(self.clerk, p)
        if state == "awaiting_transfer":
            return p
        transfers.transfer(self.committee, p, letter_number="125/HĐND-VP",
                           letter_date=transfer_on or clock.today())
        if state == "transferred":
            return p
        if state in ("returned", "return_proposed"):
            # The officer proposes, the leader decides (AGENCY_OFFICER_MAY_RETURN is off by default).
            answers.propose_return(officer, p, reason="Không thuộc thẩm quyền của Sở.")
            if state == "returned":
                answers.return_not_competent(leader, p)
            return p
        category = "in_progress" if state == "on_roadmap" else "resolved"
        answers.draft_answer(officer, p, text="Sở đã chỉ đạo sửa chữa xong.", result_category=category,
                             expected_date=date(2027, 6, 30) if category == "in_progress" else None)
        if state == "answer_drafted":
            return p
        answers.submit_answer(leader, p, letter_number="88/SXD-VP")
        if state == "answered":
            return p
        if state == "reanswer_requested":
            reviews.request_reanswer(self.committee, p, reason="Trả lời chung chung.")
            return p
        if state == "on_roadmap":
            reviews.accept_on_roadmap(self.committee, p)
            return p
        if state == "closed":
            reviews.accept(self.committee, p)
            return p
        raise ValueError(f"Builder cannot make state {state}")
