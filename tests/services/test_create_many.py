"""transitions.create_many, the batch door an import writes through: the same refusals as move(), asked once per
distinct case, nothing written when one row is refused; and an import's statements do not grow with its rows."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select, text

from app.extensions import db
from app.models import Event, Petition, VoterMeeting
from app.services import bulk
from app.services.errors import Conflict, InvalidData, PermissionDenied
from app.services.imports import importer
from app.services.search import index
from app.services.search import query as search
from app.services.transitions import NewPetition, Step, create_many
from tests.services.test_sheet_import import sheet
from workflows import petition as workflow


def new(code: str, *steps: Step, coordinating: tuple[int, ...] = (), **values) -> NewPetition:
    base = {"code": code, "content": f"Kiến nghị {code}.", "summary": "", "channel": "meeting", "locality": "",
            "field_id": None, "competence_level": None, "lead_agency_id": None}
    return NewPetition({**base, **values}, steps, coordinating)


def classify(build) -> Step:
    return Step("classify", guard=(("field_id", build.field.id), ("competence_level", "province")),
                event_data={"field": build.field.name})


def test_items_land_in_their_state_with_their_history_in_order(build):
    ids = create_many(build.clerk, [
        new("KN-T-1", Step("import", reason="dòng 7", moves=False), classify(build), field_id=build.field.id,
            competence_level="province", lead_agency_id=build.agency.id),
        new("KN-T-2", Step("import", reason="dòng 8", moves=False)),
    ])
    first, second = (db.session.get(Petition, i) for i in ids)
    assert (first.code, first.status, first.lead_agency, first.version) == ("KN-T-1", "classified", build.agency, 1)
    assert (second.code, second.status) == ("KN-T-2", "recorded")
    history = db.session.execute(select(Event.action, Event.from_state, Event.to_state, Event.reason)
                                 .where(Event.petition_id == first.id).order_by(Event.at, Event.id)).all()
    assert history == [("record", None, "recorded", ""), ("import", "recorded", "recorded", "dòng 7"),
                       ("classify", "recorded", "classified", "")]


def test_the_lifecycle_is_asked_once_per_distinct_case(build, monkeypatch):
    fired = []
    real = workflow.fire
    monkeypatch.setattr(workflow, "fire", lambda case, action, **data: fired.append(action) or
                        real(case, action, **data))
    create_many(build.clerk, [new(f"KN-T-{n}", classify(build), field_id=build.field.id) for n in range(50)])
    assert fired == ["classify"]
    assert db.session.scalar(select(func.count()).select_from(Petition).where(Petition.status == "classified")) == 50


@pytest.mark.parametrize(("step", "error"), [
    (Step("submit_for_transfer", guard=(("field_id", 1), ("lead_agency_id", 1))), Conflict),  # not from "recorded"
    (Step("classify", guard=(("competence_level", "province"),)), InvalidData),  # the field is missing
])
def test_one_refused_row_refuses_the_batch_before_anything_is_written(build, step, error):
    items = [new("KN-T-1", classify(build), field_id=build.field.id), new("KN-T-2", step)]
    with pytest.raises(error):
        create_many(build.clerk, items)
    assert db.session.scalar(select(func.count()).select_from(Petition)) == 0
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_only_those_who_record_create(build):
    with pytest.raises(PermissionDenied):
        create_many(build.committee, [new("KN-T-1")])
    with pytest.raises(PermissionDenied):  # a clerk may record but a step may still be refused to the role
        create_many(build.clerk, [new("KN-T-1", Step("merge", guard=(("merged_into_id", 1),)))])


def _statements_for(build, rows: int) -> int:
    data = sheet(*[[n, f"Đề nghị sửa đường số {n} ở xã Gia Lâm ({n * 7919} m).", "xã Gia Lâm", "", f"{n % 20 + 1}/6/2026",
                    f"Nhà văn hóa thôn {n % 5}", "Sở Xây dựng"] for n in range(1, rows + 1)])
    seen = []

    def count(*_args):
        seen.append(1)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        done = importer.run(build.clerk, f"{rows}.xlsx", data)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert done.item_count == rows
    return len(seen)


def test_an_imports_statements_do_not_grow_with_its_rows(build):
    """Before the batch door an import ran about 1.5 statements per row (a lifecycle query, events one by one)."""
    small = _statements_for(build, 30)
    large = _statements_for(build, 300)
    # Meetings are inserted one by one on SQLite (their ids come back with each): at most 20 distinct here.
    assert large <= small + 30, (small, large)


def test_a_large_batch_lands_whole_with_defaults_coordinators_and_search_rows(build):
    """From COPY_FROM rows PostgreSQL writes by COPY, which knows nothing of the model's Python-side defaults or of
    JSON: every column must read back as an INSERT would have written it, and the items must be searchable."""
    n = bulk.COPY_FROM + 10
    seen: list[str] = []

    def statement(_conn, _cursor, sql, *_args):
        seen.append(sql)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", statement)
    try:
        ids = create_many(build.clerk, [
            new(f"KN-T-{k}", Step("import", reason=f"dòng {k}", moves=False, event_data={"row": k, "dup": []}),
                classify(build), content=f"Nạo vét kênh Xuân Đỉnh đoạn {k}.", field_id=build.field.id,
                competence_level="province", lead_agency_id=build.agency.id, coordinating=[build.other_agency.id])
            for k in range(n)])
    finally:
        event.remove(engine, "before_cursor_execute", statement)
    assert ids == sorted(ids) and len(set(ids)) == n
    items = {p.id: p for p in db.session.scalars(select(Petition).where(Petition.id.in_(ids)))}
    last = items[ids[-1]]
    assert (last.code, last.status, last.version, last.urgent, last.published, last.reanswer_count) == (
        f"KN-T-{n - 1}", "classified", 1, False, False, 0)
    assert last.created_at is not None and last.timing == "before" and last.channel == "meeting"
    assert last.coordinating_agencies == [build.other_agency]
    history = db.session.execute(select(Event.action, Event.data).where(Event.petition_id == last.id)
                                 .order_by(Event.at, Event.id)).all()
    assert history == [("record", {"code": last.code}), ("import", {"row": n - 1, "dup": []}),
                       ("classify", {"field": build.field.name})]
    found = search.matching("xuan dinh so y te")
    found = db.session.scalars(select(Petition.id).join(found, found.c.pid == Petition.id))
    assert set(found) == set(ids)  # folded content and the coordinating agency's name are indexed
    phrase = search.matching("kênh Xuân Đỉnh đoạn 1")  # its word pairs were written too (PostgreSQL: their table)
    assert {h.pid for h in db.session.execute(select(phrase)) if h.phrase} == {
        items_id for items_id in ids if items[items_id].content.startswith("Nạo vét kênh Xuân Đỉnh đoạn 1")}
    if engine.dialect.name == "postgresql":  # the rows went by COPY, not by INSERT statements
        bulk_tables = ("petition ", "petition_event ", "petition_coordinator ", "petition_search ",
                       "petition_search_pairs ")
        assert not [s for s in seen if s.lstrip().startswith(tuple(f"INSERT INTO {t}" for t in bulk_tables))]


def test_new_items_index_rows_are_what_the_items_read_back_would_make(build):
    """create_many makes its items' index rows from what it wrote (their values, agencies and meeting), without
    reading them back: the rows must be those the index writer makes from the database (index.refresh)."""
    meeting = VoterMeeting(held_on=date(2026, 6, 2), place="Nhà văn hóa thôn Đông", locality="xã Cổ Loa",
                           session=build.session2)
    db.session.add(meeting)
    db.session.flush()
    ids = create_many(build.clerk, [
        new(f"KN-T-{k}", classify(build), content=f"Nạo vét kênh Xuân Đỉnh đoạn {k}.", summary="Kênh Xuân Đỉnh",
            field_id=build.field.id, competence_level="province", lead_agency_id=build.agency.id,
            meeting_id=meeting.id if k % 2 else None, locality="" if k % 2 else "phường Xuân Đỉnh",
            coordinating=(build.commune.id, build.other_agency.id) if k % 3 else ())
        for k in range(bulk.COPY_FROM + 5)])

    def rows() -> list[tuple]:
        if db.session.get_bind().dialect.name == "postgresql":  # the vector (the text is not kept), the pairs' table
            statement = ("SELECT s.petition_id, s.places, CAST(s.body_tsv AS text), CAST(p.pairs AS text) "
                         "FROM petition_search AS s JOIN petition_search_pairs AS p USING (petition_id) "
                         "ORDER BY s.petition_id")
        else:
            statement = "SELECT petition_id, places, body, pairs FROM petition_search ORDER BY petition_id"
        return [tuple(r) for r in db.session.execute(text(statement)) if r[0] in set(ids)]

    made = rows()
    assert len(made) == len(ids) and "co loa" in made[1][1] and "lam" in made[1][2] and "ubnd" in made[1][3]
    index.refresh(ids)  # the same items' rows from the database
    assert rows() == made
