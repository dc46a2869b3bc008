"""List filters: parsed safely from the URL, applied with the user's visibility."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app import clock
from app.extensions import db
from app.services.petitions.listing import PetitionFilters, petition_query


def test_bad_values_are_ignored():
    f = PetitionFilters.from_args(MultiDict({"page": "-3", "field": "abc", "sort": "drop table", "per_page": "7"}))
    assert (f.page, f.field, f.sort, f.per_page) == (1, None, "created", 50)


def test_to_args_keeps_only_what_differs():
    f = PetitionFilters.from_args(MultiDict({"status": "transferred", "overdue": "1", "page": "2"}))
    assert f.to_args() == {"status": "transferred", "overdue": "1", "page": "2"}
    assert f.to_args(page=1) == {"status": "transferred", "overdue": "1"}


def test_filters_and_visibility(build):
    mine = build.petition("transferred", content="Đề nghị lắp đèn chiếu sáng ngõ 25 Văn Chương.")
    other = build.petition("transferred", agency=build.commune)
    build.petition("recorded")
    everything = db.session.scalars(petition_query(build.clerk, PetitionFilters())).all()
    assert len(everything) == 3
    officer_sees = db.session.scalars(petition_query(build.officer, PetitionFilters())).all()
    assert officer_sees == [mine]
    by_agency = db.session.scalars(petition_query(build.clerk, PetitionFilters(agency=build.commune.id))).all()
    assert by_agency == [other]
    found = db.session.scalars(petition_query(build.clerk, PetitionFilters(q="Văn Chương"))).all()
    assert found == [mine]
    with clock.travel_to("2027-02-01T09:00"):
        late = db.session.scalars(petition_query(build.clerk, PetitionFilters(overdue=True, sort="due", dir="asc"))).all()
    assert set(late) == {mine, other}


def _agency_with_both_kinds(build):
    """Load data, with the busiest lead agency given an officer and made a coordinator of some items it leads too
    and of others it does not lead (so the two parts of its visibility, and their overlap, all have rows)."""
    from sqlalchemy import func, insert, select

    from app.demo.loaddata import generate
    from app.models import Petition, petition_coordinator

    db.session.commit()
    generate(500, seed=17)
    agency_id = db.session.scalar(select(Petition.lead_agency_id).where(Petition.transferred_on.is_not(None))
                                  .group_by(Petition.lead_agency_id).order_by(func.count().desc()).limit(1))
    taken = set(db.session.scalars(select(petition_coordinator.c.petition_id)
                                   .where(petition_coordinator.c.agency_id == agency_id)))
    others = db.session.scalars(select(Petition.id).where(
        Petition.transferred_on.is_not(None), Petition.id.not_in(taken)).order_by(Petition.id).limit(60)).all()
    db.session.execute(insert(petition_coordinator), [{"petition_id": i, "agency_id": agency_id} for i in others])
    from app.models import User

    officer = User(username="officer.busiest", full_name="Officer", role="agency_officer", agency_id=agency_id,
                   active=True, password_hash="")
    db.session.add(officer)
    db.session.commit()
    return officer


def test_an_agency_page_merged_from_its_two_parts_is_the_same_page(build):
    """listing.page_query (lead part and coordinated part, each read in order and merged) gives exactly the rows of
    petition_query's page, for every page, order and filter the inbox offers."""
    from app.services.petitions.listing import open_items, page_query

    officer = _agency_with_both_kinds(build)
    cases = [({"sort": "due", "dir": "asc"}, (open_items(),)), ({"sort": "due", "dir": "asc"}, ()),
             ({"sort": "due", "dir": "asc", "status": "transferred"}, ()),
             ({"sort": "due", "dir": "asc", "overdue": True}, (open_items(),)),
             ({"sort": "due", "dir": "desc"}, (open_items(),)), ({"sort": "created"}, (open_items(),)),
             ({"sort": "code", "dir": "asc"}, ()), ({"sort": "locality", "dir": "asc"}, ()),
             ({"sort": "due", "dir": "asc", "field": build.field.id}, ()), ({}, ())]
    pages_seen = 0
    for args, where in cases:
        for page in (1, 2, 3, 8):
            filters = PetitionFilters(**args, page=page, per_page=20)
            offset = (page - 1) * 20
            whole = db.session.scalars(petition_query(officer, filters, where=where).limit(21).offset(offset)).all()
            merged = db.session.scalars(page_query(officer, filters, where=where).limit(21).offset(offset)).all()
            assert [p.id for p in merged] == [p.id for p in whole], (args, page)
            pages_seen += bool(whole)
    assert pages_seen > 20
    staff = PetitionFilters(sort="due", dir="asc")
    assert str(page_query(build.committee, staff)) == str(petition_query(build.committee, staff))  # one part: as is
