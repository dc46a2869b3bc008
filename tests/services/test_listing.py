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
