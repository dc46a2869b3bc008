"""Two writers on one recommendation: the second gets a conflict, never a silent lost update."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from app.extensions import db
from app.models import Petition, User
from app.services.errors import Conflict
from app.services.petitions import reviews, transfers


def test_second_writer_on_a_stale_row_gets_a_conflict(build):
    p = build.petition("awaiting_transfer")
    committee_id = build.committee.id
    db.session.commit()

    # Two independent sessions, as two web workers would have, both loading the same version.
    with OrmSession(db.engine) as first, OrmSession(db.engine) as second:
        p1 = first.get(Petition, p.id)
        p2 = second.get(Petition, p.id)
        assert p1.version == p2.version
        first_user, second_user = first.get(User, committee_id), second.get(User, committee_id)

        db.session.remove()
        _use(first)
        transfers.send_back(first_user, p1, reason="Bổ sung thông tin")
        first.commit()

        _use(second)
        with pytest.raises(Conflict, match="người khác"):
            transfers.transfer(second_user, p2, letter_number="9/HĐND", letter_date=date(2026, 11, 20))
        second.rollback()
    _restore()
    stored = db.session.scalar(select(Petition).where(Petition.id == p.id))
    assert stored.status == "classified"  # the first writer's change survived, the second changed nothing
    assert stored.transfer_letter_number is None


def _use(session: OrmSession) -> None:
    """Make db.session (a scoped session) return `session` for the services under test."""
    db.session.registry.set(session)


def _restore() -> None:
    db.session.registry.clear()


def test_a_review_on_a_stale_page_is_refused(build):
    p = build.petition("answered")
    version_seen = p.version
    reviews.request_reanswer(build.committee, p, reason="Chưa rõ", expected_version=version_seen)
    db.session.commit()
    with pytest.raises(Conflict):
        reviews.accept(build.committee, p, expected_version=version_seen)
