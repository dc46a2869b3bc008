"""`flask generate-load-data`: bulk load data with due dates from the rules, reusable by the benchmarks."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Notice, Petition
from app.services.petitions import intake as petitions
from workflows.petition import OPEN_STATES, WITH_AGENCY_STATES


def test_generate_load_data_in_realistic_proportions(build, db_app):
    recipients = {build.officer.id, build.agency_leader.id, build.committee.id}
    db.session.commit()
    runner = db_app.test_cli_runner()
    result = runner.invoke(args=["generate-load-data", "--items", "3000"])
    assert result.exit_code == 0, result.output
    states = dict(db.session.execute(select(Petition.status, func.count()).group_by(Petition.status)).all())
    assert sum(states.values()) == 3000
    assert states["closed"] > states["transferred"] > states["reanswer_requested"] > 0
    assert db.session.scalar(select(func.count()).select_from(Petition).where(
        Petition.status.in_(WITH_AGENCY_STATES), Petition.due_date.is_(None))) == 0
    # Again, open items only: ids and codes continue, and the services can still record new items.
    again = runner.invoke(args=["generate-load-data", "--items", "1000", "--only-open", "--seed", "7"])
    assert again.exit_code == 0, again.output
    assert db.session.scalar(select(func.count()).select_from(Petition)) == 4000
    assert db.session.scalar(select(func.count(func.distinct(Petition.code)))) == 4000
    newest = db.session.scalars(select(Petition.status).order_by(Petition.id.desc()).limit(1000)).all()
    assert set(newest) <= OPEN_STATES
    p = petitions.record_petition(build.clerk, content="Đề nghị lắp đèn chiếu sáng ngõ 12.", locality="phường Hà Đông")
    db.session.commit()
    assert p.id == 4001
    run = runner.invoke(args=["reminders", "run"])
    assert run.exit_code == 0 and "xếp hàng 0," not in run.output, run.output
    assert set(db.session.scalars(select(Notice.recipient_id).distinct())) == recipients
    # Settled items only: the table grows, the open work does not (the reminders' scale benchmark).
    open_before = db.session.scalar(select(func.count()).select_from(Petition).where(Petition.status.in_(OPEN_STATES)))
    settled = runner.invoke(args=["generate-load-data", "--items", "800", "--only-settled", "--seed", "8"])
    assert settled.exit_code == 0, settled.output
    assert db.session.scalar(select(func.count()).select_from(Petition)) == 4801
    assert db.session.scalar(select(func.count()).select_from(Petition).where(
        Petition.status.in_(OPEN_STATES))) == open_before


def test_load_data_reconciles_with_the_figures_and_looks_like_a_decade(db_app):
    """On 4,000 generated items over the demo: every identity of docs/METRICS.md holds, the event log rebuilds
    today's columns, and the rows behind the events are there (answers, reviews, progress, coordinators). The rows
    went in through the tables' CHECK constraints on this database, so they satisfy them."""
    from datetime import timedelta

    from app import clock
    from app.demo.loaddata import generate
    from app.models import Answer, Event, ProgressEntry, Review, Session, petition_coordinator
    from app.services.reporting.metrics import figures
    from app.services.reporting.metrics.snapshot import Scope, snapshot

    summary = generate(4000)  # over the demo, which it seeds first
    first_generated = db.session.scalar(select(func.max(Petition.id))) - 3999
    demo_items = db.session.scalar(select(func.count()).select_from(Petition)) - 4000
    assert sum(summary.values()) == 4000 and demo_items > 0
    today = clock.today()
    scope = Scope(today)
    t = figures.totals(scope)
    total = db.session.scalar(select(func.count()).select_from(Petition))
    assert t["received"] + t["merged"] == total
    assert t["answered"] == t["answered_on_time"] + t["answered_late"]
    assert t["overdue"] == t["overdue_unanswered"] + t["overdue_reanswer"]
    assert t["transferred"] == (t["answered"] + t["overdue_unanswered"] + t["pending_in_time"]
                                + t["unanswered_elsewhere"])
    states = ("with_office", "with_agency", "awaiting_review", "on_roadmap", "closed", "set_aside",
              "answered_at_meeting", "forwarded", "withdrawn", "merged")
    assert sum(t[k] for k in states) == total
    # Every breakdown adds up to the totals (returns are counted by the agency that returned the item only).
    for by in ("agency", "field", "level"):
        groups = figures.grouped(scope, by)
        keys = ("received", "answered", "overdue", "reanswer_requests", *(("returned",) if by == "agency" else ()))
        for key in keys:
            assert sum(g[key] for g in groups) == t[key], (by, key)
    # The event log rebuilds today's columns: state, lead agency of transferred items, due date with the agency.
    s = snapshot(scope)
    mismatched = db.session.execute(
        select(s.c.id, s.c.state, Petition.status, s.c.agency_id, Petition.lead_agency_id, s.c.due, Petition.due_date)
        .select_from(s).join(Petition, Petition.id == s.c.id).where(
            Petition.id >= first_generated, (s.c.state != Petition.status)
            | (Petition.transferred_on.is_not(None) & (s.c.agency_id != Petition.lead_agency_id))
            | (Petition.status.in_(WITH_AGENCY_STATES) & (s.c.due != Petition.due_date)))).all()
    assert mismatched == []
    # The rows behind the events.
    count = lambda q: db.session.scalar(q)  # noqa: E731
    submitted = count(select(func.count()).select_from(Answer).where(Answer.status == "submitted"))
    assert submitted == count(select(func.count()).select_from(Event).where(Event.action == "submit_answer")) > 0
    assert count(select(func.count()).select_from(Answer).where(Answer.round == 2)) > 0  # re-answers
    assert t["reanswer_requests"] == count(select(func.sum(Petition.reanswer_count))) > 0
    assert count(select(func.count()).select_from(ProgressEntry)) == count(
        select(func.count()).select_from(Event).where(Event.action == "report_progress")) > 0
    assert count(select(func.count()).select_from(Review)) == count(select(func.count()).select_from(Event).where(
        Event.action.in_(("accept", "accept_on_roadmap", "request_reanswer", "mark_done")))) > 0
    assert t["returned"] > summary["returned"]  # returned now, and returned earlier then sent to another agency
    assert t["done_after_roadmap"] > 0 and t["not_accepted"] > 0
    assert count(select(func.count()).select_from(petition_coordinator)) > 100
    # Spread: ten years of sessions, hundreds of agencies, overdue a minority of what is with the agencies.
    assert count(select(func.min(Session.opening))) <= today - timedelta(days=365 * 9)
    assert count(select(func.count(func.distinct(Petition.session_id)))) >= 18
    assert count(select(func.count(func.distinct(Petition.lead_agency_id)))) >= 200
    assert 0.1 < t["overdue"] / t["with_agency"] < 0.7
    assert 0.5 < t["answered_on_time"] / t["answered"] < 0.98
    # Nothing generated happens after now.
    assert count(select(func.max(Event.at)).where(Event.petition_id >= first_generated)) <= clock.utcnow()
