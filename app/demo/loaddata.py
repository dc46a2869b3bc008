"""LOAD DATA for benchmarks (not a demo): N recommendations bulk-inserted in realistic proportions, Vietnamese text.

Rows go straight into the tables in batches (no services, no answers), because walking 100,000 items through
the lifecycle would take hours; due dates still come from the deadline rules and the working calendar, and each
item gets the events of its path (record, classify, transfer with its due date, answer, review, ...) at plausible
times, written as the services write them, so figures as of a past day and timelines work on load data too.
"""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from sqlalchemy import func, insert, select, text

from app import clock
from app.demo import content
from app.extensions import db
from app.models import Agency, Event, Field, Petition, Session
from app.services.deadlines import rules as deadlines
from app.services.search import index as search_index
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

    def reanswer(self, start: date) -> wcal.Deadline:
        key = (0, start)
        if key not in self.cache:
            self.cache[key] = wcal.compute_deadline(deadlines.FALLBACK_RULES["reanswer"], start, self.calendar)
        return self.cache[key]

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


def _at(day: date, hour: int) -> datetime:
    """A local working hour of `day` as the naive UTC the event log stores (never later than now)."""
    minute = (day.toordinal() * 7 + hour * 13) % 60  # spread over the hour, the same on every run
    moment = datetime.combine(day, time(hour, minute), tzinfo=clock.timezone())
    return min(moment.astimezone(UTC).replace(tzinfo=None), clock.utcnow())


class _Path:
    """The events of one item, in order, as dicts for a bulk insert (the services' event data, ISO dates)."""

    def __init__(self, pid: int, sink: list[dict]):
        self.pid, self.sink, self.state = pid, sink, None

    def add(self, day: date, hour: int, action: str, to_state: str | None = None, reason: str = "",
            data: dict | None = None) -> None:
        to_state = to_state or self.state
        self.sink.append({"petition_id": self.pid, "at": _at(day, hour), "actor_id": None, "action": action,
                          "from_state": self.state, "to_state": to_state, "reason": reason, "data": data})
        self.state = to_state


def _events(rng: random.Random, row: dict, sink: list[dict], today: date, due: _Deadlines,
            agency: Agency) -> None:
    """Events leading to row["status"]; row's due dates follow the last deadline event, as the services do."""
    status, path = row["status"], _Path(row["id"], sink)
    start = row["transferred_on"] or today - timedelta(days=rng.randint(0, 120))
    recorded = start - timedelta(days=rng.randint(6, 20))
    path.add(recorded, 16, "record", "recorded", data={"code": row["code"]})
    if status in ("recorded",):
        return
    if status == "merged":
        path.add(recorded + timedelta(days=2), 9, "merge", "merged", data={"into": row["merged_into_id"]})
        return
    if status in ("set_aside", "answered_at_meeting"):
        path.add(recorded + timedelta(days=2), 9, status if status == "set_aside" else "mark_answered_at_meeting",
                 status, data={"kind": row["set_aside_kind"]} if status == "set_aside" else None)
        return
    path.add(recorded + timedelta(days=2), 9, "classify", "classified")
    if status == "classified":
        return
    if status in ("forwarded", "withdrawn"):
        path.add(recorded + timedelta(days=4), 10, "forward" if status == "forwarded" else "withdraw", status)
        return
    path.add(start - timedelta(days=1), 9, "submit_for_transfer", "awaiting_transfer")
    if status == "awaiting_transfer":
        return
    path.add(start, 15, "transfer", "transferred",
             data={"letter_number": row["transfer_letter_number"], "letter_date": start.isoformat(),
                   "lead_agency_id": agency.id})
    path.add(start, 15, "deadline_set", data={"due": row["due_date"].isoformat(),
                                              "very_overdue": row["very_overdue_date"].isoformat()})
    if status == "transferred":
        return
    if status == "returned":
        path.add(min(start + timedelta(days=rng.randint(3, 12)), today), 10, "return_not_competent", "returned",
                 data={"agency_id": agency.id})
        return
    # Most answers come in time; some after the due date (what the on-time rate is about).
    answered = min(start + timedelta(days=rng.randint(5, (row["due_date"] - start).days + 12)), today)
    path.add(answered - timedelta(days=2) if answered - timedelta(days=2) >= start else start, 10, "draft_answer",
             "answer_drafted", data={"result_category": row["result_category"] or "explained"})
    if status == "answer_drafted":
        return
    path.add(answered, 14, "submit_answer", "answered", data={"due": row["due_date"].isoformat()})
    reviewed = min(answered + timedelta(days=rng.randint(5, 30)), today)
    if status == "reanswer_requested":
        path.add(reviewed, 9, "request_reanswer", "reanswer_requested")
        deadline = due.reanswer(reviewed)
        row.update(due_date=deadline.due, very_overdue_date=deadline.very_overdue,
                   deadline_info={**deadline.to_dict(), "purpose": "reanswer", "rule_id": None})
        path.add(reviewed, 9, "deadline_set", data={"due": deadline.due.isoformat(),
                                                    "very_overdue": deadline.very_overdue.isoformat()})
    elif status == "on_roadmap":
        path.add(reviewed, 9, "accept_on_roadmap", "on_roadmap",
                 data={"expected_date": row["roadmap_expected_date"].isoformat()})
    elif status == "closed":
        path.add(reviewed, 9, "accept", "closed", data={"result_category": row["result_category"]})


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
    rows: list[dict] = []
    events: list[dict] = []
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
        if status == "on_roadmap":
            row["roadmap_expected_date"] = max(row["roadmap_expected_date"], today)
        first_event = len(events)
        _events(rng, row, events, today, due, agency)
        row["created_at"] = events[first_event]["at"]  # recorded when its first event says
        rows.append(row)
        if len(rows) >= BATCH:
            _flush(rows, events)
    _flush(rows, events)
    search_index.count_terms()  # what the nightly job would do: the duplicate finder knows the common words
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        # Explicit ids bypass the sequence; move it past them or the next recorded item would collide.
        db.session.execute(text("SELECT setval(pg_get_serial_sequence('petition', 'id'), (SELECT max(id) FROM petition))"))
        db.session.commit()
    return summary


def _flush(rows: list[dict], events: list[dict]) -> None:
    if rows:
        db.session.execute(insert(Petition.__table__), rows)  # Core executemany: no ORM overhead
        db.session.execute(insert(Event.__table__), events)
        search_index.refresh([row["id"] for row in rows])  # Core inserts pass no ORM flush: index them here
        db.session.commit()
        rows.clear()
        events.clear()
