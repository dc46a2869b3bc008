"""LOAD DATA for benchmarks (not a demo): N recommendations bulk-inserted in realistic proportions, Vietnamese text.

Rows go straight into the tables in batches (no services, no events, no answers), because walking
100,000 items through the lifecycle would take hours; due dates still come from the deadline rules
and the working calendar, so reminders, lists and reports see what production would hold.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import func, insert, select, text

from app import clock
from app.demo import content
from app.extensions import db
from app.models import Agency, Field, Petition, Session
from app.services.deadlines import rules as deadlines
from workflows import calendar as wcal
from workflows.petition import OPEN_STATES, WITH_AGENCY_STATES

# Shares of each state in a council's books a year or two into a term (closed items dominate).
STATE_WEIGHTS = {
    "closed": 40, "on_roadmap": 9, "transferred": 12, "answer_drafted": 4, "answered": 5,
    "reanswer_requested": 3, "returned": 1, "recorded": 3, "classified": 2, "awaiting_transfer": 2,
    "merged": 5, "set_aside": 9, "answered_at_meeting": 3, "forwarded": 1.5, "withdrawn": 0.5,
}
CHANNEL_WEIGHTS = {"meeting": 70, "letter": 10, "hotline": 5, "delegate": 10, "online": 5}
RESULTS = ["resolved", "explained", "resolved", "cannot_resolve", "explained"]
BATCH = 5000
_TRANSFERRED = WITH_AGENCY_STATES | {"answered", "on_roadmap", "returned", "closed"}


def _ensure_reference() -> None:
    if db.session.scalar(select(func.count()).select_from(Agency)) == 0:
        from app.demo.dataset import seed

        seed()  # agencies, fields, sessions, users and deadline rules of the demo council
        db.session.flush()


class _Deadlines:
    """Due dates per (agency, transfer day), memoised: a few hundred distinct pairs for 100,000 rows."""

    def __init__(self) -> None:
        self.calendar = deadlines.working_calendar()
        self.cache: dict[tuple[int, date], wcal.Deadline] = {}
        self.rules: dict[int, tuple] = {}

    def get(self, agency: Agency, start: date) -> tuple[wcal.Deadline, int | None]:
        if agency.id not in self.rules:
            self.rules[agency.id] = deadlines.rule_for(
                SimpleNamespace(lead_agency_id=agency.id, competence_level=agency.competence_level), "answer")
        rule, rule_id = self.rules[agency.id]
        if rule.kind == "before_session":
            rule = deadlines.FALLBACK_RULES["answer"]
        key = (agency.id, start)
        if key not in self.cache:
            self.cache[key] = wcal.compute_deadline(rule, start, self.calendar)
        return self.cache[key], rule_id


def _texts(rng: random.Random) -> tuple[str, str, str]:
    item = rng.choice(content.RECOMMENDATIONS)
    return item["content"], item["summary"], item.get("locality") or "phường Hà Đông"


def generate(n: int, seed: int = 2026, only_open: bool = False) -> dict[str, int]:
    """Insert n petitions; returns the count per state. Commits batch by batch (it is load data)."""
    rng = random.Random(seed)
    _ensure_reference()
    agencies = [a for a in db.session.scalars(select(Agency).where(Agency.active.is_(True)))
                if a.competence_level != "central"]
    fields = list(db.session.scalars(select(Field)))
    sessions = list(db.session.scalars(select(Session).order_by(Session.opening)))
    states = {s: w for s, w in STATE_WEIGHTS.items() if not only_open or s in OPEN_STATES}
    state_list, state_weights = list(states), list(states.values())
    channels, channel_weights = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
    due = _Deadlines()
    today = clock.today()
    now = clock.utcnow()
    first_id = (db.session.scalar(select(func.max(Petition.id))) or 0) + 1
    year = today.year
    summary: dict[str, int] = {}
    rows = []
    for i in range(n):
        pid = first_id + i
        status = rng.choices(state_list, state_weights)[0]
        summary[status] = summary.get(status, 0) + 1
        agency, field = rng.choice(agencies), rng.choice(fields)
        text_, short, locality = _texts(rng)
        row = {
            "id": pid, "code": f"KN-{year}-T{pid:07d}", "content": text_, "summary": short,
            "channel": rng.choices(channels, channel_weights)[0], "locality": locality,
            "session_id": rng.choice(sessions).id if sessions else None, "timing": rng.choice(("before", "after")),
            "status": status, "urgent": rng.random() < 0.03, "created_at": now, "updated_at": now, "version": 1,
            "reanswer_count": 1 if status == "reanswer_requested" else 0, "published": False,
            "field_id": None, "competence_level": None, "lead_agency_id": None, "transferred_on": None,
            "transfer_letter_number": None, "transfer_letter_date": None, "due_date": None,
            "very_overdue_date": None, "deadline_info": None, "result_category": None,
            "roadmap_expected_date": None, "merged_into_id": None, "closed_at": None, "set_aside_kind": None,
            "forwarded_to": None,
        }
        if status not in ("recorded", "set_aside", "merged", "answered_at_meeting"):
            row.update(field_id=field.id, competence_level=agency.competence_level, lead_agency_id=agency.id)
        if status in _TRANSFERRED:
            # Most items still with an agency arrived in the last two months; a tail is long overdue.
            back = rng.randint(0, 60) if rng.random() < 0.75 else rng.randint(61, 400)
            start = today - timedelta(days=back)
            deadline, rule_id = due.get(agency, start)
            row.update(transferred_on=start, transfer_letter_date=start, transfer_letter_number=f"{pid % 900 + 1}/HĐND-VP",
                       due_date=deadline.due, very_overdue_date=deadline.very_overdue,
                       deadline_info={**deadline.to_dict(), "purpose": "answer", "rule_id": rule_id})
        if status == "on_roadmap":
            row.update(result_category="in_progress",
                       roadmap_expected_date=today + timedelta(days=rng.randint(-60, 540)))
        if status in ("closed", "answered_at_meeting"):
            row.update(result_category=rng.choice(RESULTS), closed_at=now)
        if status == "merged":
            row.update(merged_into_id=first_id if pid != first_id else None, closed_at=now)
            if pid == first_id:  # the very first row has nothing earlier to be merged into
                row["status"] = "recorded"
        if status == "set_aside":
            row.update(set_aside_kind=rng.choice(("opinion", "opinion", "complaint", "denunciation")), closed_at=now)
        if status in ("forwarded", "withdrawn"):
            row.update(closed_at=now, forwarded_to="Đoàn đại biểu Quốc hội Thành phố Hà Nội"
                       if status == "forwarded" else None)
        rows.append(row)
        if len(rows) >= BATCH:
            _flush(rows)
    _flush(rows)
    if db.session.get_bind().dialect.name == "postgresql":
        # Explicit ids bypass the sequence; move it past them or the next recorded item would collide.
        db.session.execute(text("SELECT setval(pg_get_serial_sequence('petition', 'id'), (SELECT max(id) FROM petition))"))
        db.session.commit()
    return summary


def _flush(rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(Petition.__table__), rows)  # Core executemany: no ORM overhead
        db.session.commit()
        rows.clear()
