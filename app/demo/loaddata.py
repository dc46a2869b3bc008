"""LOAD DATA for benchmarks (not a demo): N recommendations over ten years, bulk-inserted in realistic proportions.

Rows go straight into the tables in batches (no services), because walking 1,000,000 items through the lifecycle
would take days. Everything the services would write is written too, in the same shape: the events of each item's
path (record, classify, transfer with the agency and due date, return and re-route, answer with the due date then in
force, re-answer requests with their new due date, roadmap, progress, verdicts), the answers (drafts, submitted,
rounds), the committee's reviews, roadmap progress entries and coordinating agencies. Due dates come from the
deadline rules and the working calendar. So the figures as of any past day, the timelines and every page can be
measured on it, and the figures reconcile (tests/test_loaddata.py).

Proportions: items spread over ten years of sessions (loadref.py) and a few hundred agencies; old items are
settled, the open ones arrived mostly in the last six weeks with a tail of long-overdue items (about a quarter of
what is with the agencies is overdue).

Texts are placeholders, not content: an answer only names its item ("Trả lời kiến nghị <code>: <summary>.") and every
progress note reads "Đang triển khai theo lộ trình.". Load data is synthetic volume for timings; the demo
(dataset.py) is what a person reads, and there each item's answer and notes are its own (content.ANSWERS).
"""
from __future__ import annotations

import bisect
import itertools
import json
import random
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import bindparam, func, insert, select, text

from app import clock
from app.demo import content, loadref
from app.extensions import db
from app.models import (
    Agency,
    Answer,
    Event,
    Field,
    Petition,
    ProgressEntry,
    Review,
    Session,
    petition_coordinator,
)
from app.services.deadlines import rules as deadlines
from app.services.search import index as search_index
from workflows import calendar as wcal
from workflows.petition import OPEN_STATES, WITH_AGENCY_STATES

# Shares of each state in a council's books over a decade (old items are settled; the open ones are recent).
STATE_WEIGHTS = {
    "closed": 40, "on_roadmap": 9, "transferred": 12, "answer_drafted": 4, "answered": 5,
    "reanswer_requested": 3, "returned": 1, "recorded": 3, "classified": 2, "awaiting_transfer": 2,
    "merged": 5, "set_aside": 9, "answered_at_meeting": 3, "forwarded": 1.5, "withdrawn": 0.5,
}
CHANNEL_WEIGHTS = {"meeting": 70, "letter": 10, "hotline": 5, "delegate": 10, "online": 5}
RESULTS = ["resolved", "explained", "resolved", "cannot_resolve", "explained"]
REANSWERED = 0.12  # of items answered and judged, the share whose first answer the committee sent back
RETURNED_BEFORE = 0.04  # of transferred items, the share first returned by another agency as not competent
VIA_ROADMAP = 0.15  # of closed items, the share closed after a roadmap (mark_done)
COORDINATED = 0.2  # of transferred items, the share with one or two coordinating agencies
BATCH = 5000
_TRANSFERRED = WITH_AGENCY_STATES | {"answered", "on_roadmap", "returned", "closed"}
_ANSWERED = {"answered", "reanswer_requested", "on_roadmap", "closed"}


def _ensure_reference(today: date) -> None:
    if db.session.scalar(select(func.count()).select_from(Agency)) == 0:
        from app.demo.dataset import seed

        seed()  # agencies, fields, sessions, users and deadline rules of the demo council
        db.session.flush()
    loadref.ensure(today)


class _Deadlines:
    """Due dates per (rule, start day), memoised: a few thousand distinct pairs whatever the number of items."""

    def __init__(self) -> None:
        self.calendar = deadlines.working_calendar()
        self.cache: dict[tuple, wcal.Deadline] = {}
        self.rules: dict[int, tuple] = {}

    def _compute(self, rule: wcal.DeadlineRule, start: date) -> wcal.Deadline:
        key = (rule, start)
        if key not in self.cache:
            self.cache[key] = wcal.compute_deadline(rule, start, self.calendar)
        return self.cache[key]

    def reanswer(self, start: date) -> wcal.Deadline:
        return self._compute(deadlines.FALLBACK_RULES["reanswer"], start)

    def get(self, agency: Agency, start: date) -> tuple[wcal.Deadline, int | None]:
        if agency.id not in self.rules:
            rule, rule_id = deadlines.rule_for(
                SimpleNamespace(lead_agency_id=agency.id, competence_level=agency.competence_level), "answer")
            if rule.kind == "before_session":
                rule = deadlines.FALLBACK_RULES["answer"]
            self.rules[agency.id] = (rule, rule_id)
        rule, rule_id = self.rules[agency.id]
        return self._compute(rule, start), rule_id


@lru_cache(maxsize=200_000)
def _local(day: date, hour: int) -> datetime:
    minute = (day.toordinal() * 7 + hour * 13) % 60  # spread over the hour, the same on every run
    moment = datetime.combine(day, time(hour, minute), tzinfo=clock.timezone())
    return moment.astimezone(UTC).replace(tzinfo=None)


class _Sink:
    """The rows of one batch, per table, as dicts for Core bulk inserts."""

    def __init__(self) -> None:
        self.petitions: list[dict] = []
        self.events: list[dict] = []
        self.answers: list[dict] = []
        self.reviews: list[dict] = []
        self.progress: list[dict] = []
        self.coordinators: list[dict] = []

    def flush(self) -> None:
        if not self.petitions:
            return
        sqlite = db.session.get_bind().dialect.name == "sqlite"
        ids = [row["id"] for row in self.petitions]
        for table, rows in ((Petition.__table__, self.petitions), (Event.__table__, self.events),
                            (Answer.__table__, self.answers), (Review.__table__, self.reviews),
                            (ProgressEntry.__table__, self.progress), (petition_coordinator, self.coordinators)):
            if rows:
                if sqlite:
                    _sqlite_executemany(table, rows)
                else:
                    db.session.execute(insert(table), rows)  # Core executemany: no ORM overhead
                rows.clear()
        search_index.refresh(ids)  # Core inserts pass no ORM flush: the search index learns of them here
        db.session.commit()


def _sqlite_value(value):
    """A value as SQLAlchemy's SQLite types store it (ISO text with microseconds, JSON text, 0/1)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value)
    return value


def _sqlite_executemany(table, rows: list[dict]) -> None:
    """The DBAPI's executemany straight away: SQLAlchemy's per-parameter processing is half of a load's time on
    SQLite. Values are written exactly as its types would write them (_sqlite_value)."""
    connection = db.session.connection()
    compiled = insert(table).values({name: bindparam(name) for name in rows[0]}).compile(dialect=connection.dialect)
    names = compiled.positiontup  # the order of the statement's "?" placeholders
    cursor = connection.connection.driver_connection.cursor()
    cursor.executemany(str(compiled), [tuple(_sqlite_value(r[n]) for n in names) for r in rows])


class _Path:
    """One item's history: events in order (the services' event data, ISO dates), never later than now."""

    def __init__(self, row: dict, sink: _Sink, now: datetime):
        self.row, self.sink, self.now, self.state = row, sink, now, None
        self.last = datetime.min

    def add(self, day: date, hour: int, action: str, to_state: str | None = None, reason: str = "",
            data: dict | None = None) -> datetime:
        to_state = to_state or self.state
        # Never before the previous event (dates clamped to today could otherwise swap two steps), never after now.
        at = self.last = min(max(_local(day, hour), self.last), self.now)
        self.sink.events.append({"petition_id": self.row["id"], "at": at, "actor_id": None, "action": action,
                                 "from_state": self.state, "to_state": to_state, "reason": reason, "data": data})
        self.state = to_state
        return at


class Generator:
    """Builds the rows of each item from its drawn state; one instance per run (random numbers from one seed)."""

    def __init__(self, seed: int, only: str | None = None) -> None:
        self.rng = random.Random(seed)
        self.today, self.now = clock.today(), clock.utcnow()
        _ensure_reference(self.today)
        self.agencies = list(db.session.scalars(select(Agency).where(
            Agency.active.is_(True), Agency.competence_level != "central").order_by(Agency.id)))
        self.fields = list(db.session.scalars(select(Field).order_by(Field.id)))
        self.sessions = list(db.session.scalars(select(Session).order_by(Session.opening)))
        self.openings = [s.opening for s in self.sessions]
        states = {s: w for s, w in STATE_WEIGHTS.items()
                  if only is None or (s in OPEN_STATES) == (only == "open")}
        self.state_list, self.state_weights = list(states), list(itertools.accumulate(states.values()))
        self.channel_weights = list(itertools.accumulate(CHANNEL_WEIGHTS.values()))
        self.due = _Deadlines()
        self.sink = _Sink()
        # Agencies differ in load: a few departments get many items, most communes few (a long tail).
        self.agency_weights = list(itertools.accumulate(1 / (1 + i) ** 0.6 for i in range(len(self.agencies))))
        self.first_day = self.today - timedelta(days=365 * loadref.YEARS - 30)
        self.first_id = (db.session.scalar(select(func.max(Petition.id))) or 0) + 1

    # -- when -----------------------------------------------------------------------------------------------------
    def _start(self, status: str) -> date:
        """The day the item reached its agency (or was settled by the office): open items are recent."""
        rng = self.rng
        if status in OPEN_STATES:
            # About a quarter of what is with the agencies ends up overdue, as in a council's books.
            back = rng.randint(0, 45) if rng.random() < 0.85 else rng.randint(46, 400)
        else:  # settled items: any day of the decade, but none settled in the last couple of weeks
            back = rng.randint(14, (self.today - self.first_day).days)
        return self.today - timedelta(days=back)

    def _session(self, recorded: date) -> Session | None:
        """Raised before the next session after it was recorded (or after the last one)."""
        if not self.sessions:
            return None
        i = bisect.bisect_left(self.openings, recorded)
        return self.sessions[min(i, len(self.sessions) - 1)]

    # -- one item -------------------------------------------------------------------------------------------------
    def item(self, pid: int, year: int) -> str:
        rng = self.rng
        status = rng.choices(self.state_list, cum_weights=self.state_weights)[0]
        if status == "merged" and pid == self.first_id:
            status = "recorded"  # the run's first row has nothing earlier to be merged into
        agency = rng.choices(self.agencies, cum_weights=self.agency_weights)[0]
        text_ = rng.choice(content.RECOMMENDATIONS)
        start = self._start(status)
        recorded = start - timedelta(days=rng.randint(6, 20))
        session = self._session(recorded)
        row = {
            "id": pid, "code": f"KN-{year}-T{pid:07d}", "content": text_["content"], "summary": text_["summary"],
            "channel": rng.choices(list(CHANNEL_WEIGHTS), cum_weights=self.channel_weights)[0],
            "locality": text_.get("locality") or "phường Hà Đông", "session_id": session.id if session else None,
            "timing": "before", "status": status, "urgent": rng.random() < 0.03, "version": 1,
            "reanswer_count": 0, "published": False, "field_id": None, "competence_level": None,
            "lead_agency_id": None, "transferred_on": None, "transfer_letter_number": None,
            "transfer_letter_date": None, "due_date": None, "very_overdue_date": None, "deadline_info": None,
            "result_category": None, "roadmap_expected_date": None, "merged_into_id": None, "closed_at": None,
            "set_aside_kind": None, "forwarded_to": None,
        }
        path = _Path(row, self.sink, self.now)
        created = path.add(recorded, 16, "record", "recorded", data={"code": row["code"]})
        last = self._walk(row, path, agency, recorded, start)
        row["created_at"], row["updated_at"] = created, self.sink.events[-1]["at"]
        if row["status"] not in OPEN_STATES:
            row["closed_at"] = self.sink.events[-1]["at"] if last is None else last
        self.sink.petitions.append(row)
        return row["status"]

    def _walk(self, row: dict, path: _Path, agency: Agency, recorded: date, start: date):
        rng, status = self.rng, row["status"]
        if status == "merged":
            # Into an item of this run recorded shortly before (ids of earlier runs may have gaps).
            row["merged_into_id"] = rng.randint(max(self.first_id, row["id"] - 5000), row["id"] - 1)
            path.add(recorded + timedelta(days=2), 9, "merge", "merged", data={"into": row["merged_into_id"]})
            return None
        if status == "set_aside":
            row["set_aside_kind"] = rng.choice(("opinion", "opinion", "complaint", "denunciation", "other"))
            path.add(recorded + timedelta(days=2), 9, "set_aside", "set_aside", data={"kind": row["set_aside_kind"]})
            return None
        if status == "answered_at_meeting":
            row["result_category"] = "explained"
            path.add(recorded + timedelta(days=1), 9, "mark_answered_at_meeting", status)
            return None
        if status == "recorded":
            return None
        field = rng.choice(self.fields)
        row.update(field_id=field.id, competence_level=agency.competence_level, lead_agency_id=agency.id)
        path.add(recorded + timedelta(days=2), 9, "classify", "classified")
        if status in ("classified", "forwarded", "withdrawn"):
            if status != "classified":
                row["forwarded_to"] = "Đoàn đại biểu Quốc hội Thành phố Hà Nội" if status == "forwarded" else None
                path.add(recorded + timedelta(days=4), 10, "forward" if status == "forwarded" else "withdraw", status)
            return None
        if status == "awaiting_transfer":
            path.add(start - timedelta(days=1), 9, "submit_for_transfer", "awaiting_transfer")
            return None
        if rng.random() < RETURNED_BEFORE and status != "returned":
            start = self._returned_first(row, path, recorded, start)
        self._transfer(row, path, agency, start)
        if rng.random() < COORDINATED:
            for other in {a.id for a in rng.sample(self.agencies, rng.randint(1, 2))} - {agency.id}:
                self.sink.coordinators.append({"petition_id": row["id"], "agency_id": other})
        if status == "transferred":
            return None
        if status == "returned":
            path.add(min(start + timedelta(days=rng.randint(3, 12)), self.today), 10, "return_not_competent",
                     "returned", data={"agency_id": agency.id})
            return None
        return self._answer_and_judge(row, path, agency, start)

    def _returned_first(self, row: dict, path: _Path, recorded: date, start: date) -> date:
        """Transferred to another agency first, which returned it as not competent; re-routed and sent again."""
        first = self.rng.choice(self.agencies)
        earlier = recorded + timedelta(days=3)
        deadline, _ = self.due.get(first, earlier)
        path.add(earlier - timedelta(days=1), 9, "submit_for_transfer", "awaiting_transfer")
        path.add(earlier, 15, "transfer", "transferred",
                 data={"letter_number": f"{row['id'] % 900 + 1}/HĐND-VP", "letter_date": earlier.isoformat(),
                       "lead_agency_id": first.id})
        path.add(earlier, 15, "deadline_set", data={"due": deadline.due.isoformat(),
                                                    "very_overdue": deadline.very_overdue.isoformat()})
        path.add(earlier + timedelta(days=5), 10, "return_not_competent", "returned", data={"agency_id": first.id})
        path.add(earlier + timedelta(days=6), 9, "reroute", "classified")
        return min(max(start, earlier + timedelta(days=8)), self.today)

    def _transfer(self, row: dict, path: _Path, agency: Agency, start: date) -> None:
        deadline, rule_id = self.due.get(agency, start)
        letter = f"{row['id'] % 900 + 1}/HĐND-VP"
        row.update(transferred_on=start, transfer_letter_date=start, transfer_letter_number=letter,
                   due_date=deadline.due, very_overdue_date=deadline.very_overdue,
                   deadline_info={**deadline.to_dict(), "purpose": "answer", "rule_id": rule_id})
        path.add(start - timedelta(days=1), 9, "submit_for_transfer", "awaiting_transfer")
        path.add(start, 15, "transfer", "transferred",
                 data={"letter_number": letter, "letter_date": start.isoformat(), "lead_agency_id": agency.id})
        path.add(start, 15, "deadline_set", data={"due": deadline.due.isoformat(),
                                                  "very_overdue": deadline.very_overdue.isoformat()})

    def _submit(self, row: dict, path: _Path, agency: Agency, day: date, round_: int, category: str,
                draft_only: bool = False) -> date:
        """A draft and (unless draft_only) its submission; returns the day it was sent."""
        drafted = max(day - timedelta(days=2), row["transferred_on"])
        drafted_at = path.add(drafted, 10, "draft_answer", "answer_drafted", data={"result_category": category})
        answer = {"petition_id": row["id"], "agency_id": agency.id, "round": round_, "result_category": category,
                  "text": f"Trả lời kiến nghị {row['code']}: {row['summary']}.", "letter_number": None,
                  "letter_date": None, "signer": None, "expected_date": None, "status": "draft",
                  "drafted_by_id": None, "drafted_at": drafted_at, "submitted_by_id": None, "submitted_at": None}
        self.sink.answers.append(answer)
        if draft_only:
            return day
        letter = f"{row['id'] % 700 + 1}/{round_}-CV"
        answer.update(status="submitted", letter_number=letter, letter_date=day, signer="Phó Giám đốc",
                      submitted_at=path.add(day, 14, "submit_answer", "answered",
                                            data={"due": row["due_date"].isoformat(), "letter_number": letter}))
        if category == "in_progress":
            answer["expected_date"] = day + timedelta(days=180)
        return day

    def _answer_and_judge(self, row: dict, path: _Path, agency: Agency, start: date):
        rng, status, today = self.rng, row["status"], self.today
        # Most first answers come in time; some after the due date (what the on-time rate is about).
        span = (row["due_date"] - start).days
        answered = min(start + timedelta(days=rng.randint(5, span + 15)), today)
        category = rng.choice(RESULTS)
        if status == "answer_drafted":
            self._submit(row, path, agency, answered, 1, category, draft_only=True)
            return None
        self._submit(row, path, agency, answered, 1, category)
        reviewed = min(answered + timedelta(days=rng.randint(3, 25)), today)
        reanswer = status == "reanswer_requested" or (status != "answered" and rng.random() < REANSWERED)
        if reanswer:
            path.add(reviewed, 9, "request_reanswer", "reanswer_requested", reason="Trả lời chưa đầy đủ.")
            self._review(row, reviewed, "request_reanswer")
            row["reanswer_count"] = 1
            deadline = self.due.reanswer(reviewed)
            row.update(due_date=deadline.due, very_overdue_date=deadline.very_overdue,
                       deadline_info={**deadline.to_dict(), "purpose": "reanswer", "rule_id": None})
            path.add(reviewed, 9, "deadline_set", data={"due": deadline.due.isoformat(),
                                                        "very_overdue": deadline.very_overdue.isoformat()})
            if status == "reanswer_requested":
                return None
            answered = min(reviewed + timedelta(days=rng.randint(3, 25)), today)
            self._submit(row, path, agency, answered, 2, category)
            reviewed = min(answered + timedelta(days=rng.randint(3, 25)), today)
        if status == "answered":
            return None
        roadmap = status == "on_roadmap" or rng.random() < VIA_ROADMAP
        if roadmap:
            expected = reviewed + timedelta(days=rng.randint(90, 540))
            row.update(result_category="in_progress", roadmap_expected_date=max(expected, today)
                       if status == "on_roadmap" else expected)
            path.add(reviewed, 9, "accept_on_roadmap", "on_roadmap",
                     data={"expected_date": row["roadmap_expected_date"].isoformat()})
            self._review(row, reviewed, "accept_on_roadmap")
            reviewed = self._progress(row, path, reviewed, 1 if status == "on_roadmap" else rng.randint(1, 3))
            if status == "on_roadmap":
                return None
        verdict = "mark_done" if roadmap else "accept"
        result = rng.choice(RESULTS)
        row["result_category"] = result
        closed = min(reviewed + timedelta(days=rng.randint(5, 40)), today)
        at = path.add(closed, 9, verdict, "closed", data={"result_category": result})
        self._review(row, closed, verdict)
        return at

    def _progress(self, row: dict, path: _Path, since: date, reports: int) -> date:
        day = since
        for n in range(reports):
            day = min(day + timedelta(days=self.rng.randint(20, 90)), self.today)
            percent = min(100, 25 * (n + 1) + self.rng.randint(0, 20))
            path.add(day, 10, "report_progress", reason="Đang triển khai theo lộ trình.", data={"percent": percent})
            self.sink.progress.append({"petition_id": row["id"], "entry_date": day, "percent": percent,
                                       "text": "Đang triển khai theo lộ trình.", "author_id": None,
                                       "created_at": _local(day, 10)})
        return day

    def _review(self, row: dict, day: date, decision: str) -> None:
        self.sink.reviews.append({"petition_id": row["id"], "answer_id": None, "decision": decision, "comment": "",
                                  "new_due_date": row["due_date"] if decision == "request_reanswer" else None,
                                  "reviewer_id": None, "created_at": min(_local(day, 9), self.now)})


def generate(n: int, seed: int = 2026, only: str | None = None) -> dict[str, int]:
    """Insert n petitions; returns the count per state. `only`: "open" or "settled" states only (in their usual
    proportions), None: all. Commits batch by batch (it is load data), then refreshes the planner's statistics (a
    bulk load leaves them stale: PostgreSQL's autovacuum may be off or late)."""
    if only not in (None, "open", "settled"):
        raise ValueError(only)
    gen = Generator(seed, only)
    summary: dict[str, int] = {}
    for i in range(n):
        status = gen.item(gen.first_id + i, gen.today.year)
        summary[status] = summary.get(status, 0) + 1
        if len(gen.sink.petitions) >= BATCH:
            gen.sink.flush()
    gen.sink.flush()
    # What the nightly job would do: the duplicate finder knows the common words, the index is in one piece, the
    # common words have their sets.
    search_index.nightly(between=db.session.commit)
    analyze()
    return summary


def analyze() -> None:
    """Fresh planner statistics after a bulk load; on PostgreSQL also move the id sequence past the explicit ids."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        db.session.execute(text(
            "SELECT setval(pg_get_serial_sequence('petition', 'id'), (SELECT max(id) FROM petition))"))
        db.session.commit()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
