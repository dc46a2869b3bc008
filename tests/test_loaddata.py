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
