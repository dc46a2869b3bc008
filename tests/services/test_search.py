"""Search through the folded index: with or without diacritics, best match first, only what the user may see, and
an index that follows every insert, edit, merge and answer; on SQLite and PostgreSQL alike."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.models import PetitionSearch, SearchTerm
from app.models.petition import PG_HOT_INDEX
from app.services.petitions import answers
from app.services.petitions import intake as petitions
from app.services.petitions.listing import PetitionFilters, petition_query
from app.services.search import highlight, index
from app.services.search import query as search
from tests.statements import Statements


def found(user, q: str, **filters) -> list:
    args = MultiDict({"q": q, **filters})
    return list(db.session.scalars(petition_query(user, PetitionFilters.from_args(args))))


def record(build, content: str, locality: str = "phường Hà Đông", summary: str = ""):
    return petitions.record_petition(build.clerk, content=content, summary=summary, locality=locality,
                                     session=build.session2)


def test_finds_with_and_without_diacritics_and_case(build):
    flood = record(build, "Đề nghị xử lý tình trạng ngập úng kéo dài tại đường Trần Duy Hưng.", "phường Cầu Giấy")
    record(build, "Đề nghị lắp đèn chiếu sáng ngõ 25 Văn Chương.")
    for q in ("ngập úng", "ngap ung", "NGAP UNG", "Ngập Úng", "tran duy hung", "TRẦN DUY HƯNG", "cau giay",
              flood.code, flood.code.lower()):
        assert found(build.clerk, q) == [flood], q
    assert found(build.clerk, "ngap lut") == []


def test_d_with_stroke_folds_to_d(build):
    item = record(build, "Đề nghị cải tạo đường Đê La Thành, ĐOẠN gần chợ.")
    assert found(build.clerk, "de la thanh") == [item]
    assert found(build.clerk, "doan gan cho") == [item]
    assert found(build.clerk, "DE LA THANH") == [item]


def test_exact_phrase_ranks_above_scattered_words(build):
    scattered = record(build, "Đề nghị kiểm tra cống thoát nước; khi mưa lớn, nhiều ngõ bị ngập. Người dân lo ngại "
                               "đường ống cấp nước úng tắc.")
    phrase = record(build, "Cử tri phản ánh tình trạng ngập úng nghiêm trọng ở tổ dân phố 5.")
    both = found(build.clerk, "ngap ung")
    assert both == [phrase, scattered]
    # An explicit sort replaces the ranking, the search still filters.
    assert set(found(build.clerk, "ngap ung", sort="code")) == {phrase, scattered}


def test_never_returns_an_item_the_user_may_not_see(build):
    theirs = build.petition("transferred", content="Đề nghị sửa chữa ngập úng đường Tô Hiệu.")
    other = build.petition("transferred", agency=build.commune, content="Đề nghị xử lý ngập úng đường Ngô Thì Nhậm.")
    office_only = record(build, "Đề nghị chống ngập úng ở ngõ 12 Tô Hiệu (chưa chuyển).")
    assert set(found(build.clerk, "ngap ung")) == {theirs, other, office_only}
    assert found(build.officer, "ngap ung") == [theirs]
    assert found(build.officer, "ngo thi nham") == []
    commune_officer = build.user("agency_officer", build.commune)
    assert found(commune_officer, "ngap ung") == [other]


def test_combines_with_filters_and_locality_folds(build):
    a = record(build, "Đề nghị nạo vét mương thoát nước.", "phường Cầu Giấy")
    b = record(build, "Đề nghị nạo vét kênh tiêu.", "xã Gia Lâm")
    assert found(build.clerk, "nao vet", locality="cau giay") == [a]
    assert found(build.clerk, "", locality="GIA LAM") == [b]
    assert found(build.clerk, "nao vet", status="classified") == []
    assert found(build.clerk, "nao vet", locality="%") == [b, a] or set(found(build.clerk, "nao vet", locality="%")) == {a, b}


def test_index_follows_insert_edit_answer_and_agencies(build):
    item = build.petition("transferred", content="Đề nghị sửa chữa cầu treo bản Mường.")
    assert found(build.clerk, "cau treo") == [item]
    assert found(build.clerk, "so xay dung") == [item]  # the lead agency's name
    assert found(build.clerk, "so y te") == [item]  # a coordinating agency's name
    answers.draft_answer(build.officer, item, text="Sở đã bố trí kinh phí gia cố trụ cầu.", result_category="resolved")
    assert found(build.clerk, "gia co tru cau") == []  # a draft is the agency's own
    answers.submit_answer(build.agency_leader, item, letter_number="88/SXD-VP")
    assert found(build.clerk, "gia co tru cau") == [item]

    edited = record(build, "Nội dung ban đầu về vỉa hè.", summary="Cây xanh")
    petitions.update_petition(build.clerk, edited, content="Đề nghị trồng cây xanh ở công viên Thống Nhất.")
    assert found(build.clerk, "via he") == []
    assert found(build.clerk, "cong vien thong nhat") == [edited]


def test_index_follows_merge_with_every_source_locality(build):
    keep = record(build, "Đề nghị sửa đường 32 đoạn qua trung tâm.", "xã Sóc Sơn")
    twin = record(build, "Đề nghị sửa chữa đường 32 đoạn qua chợ.", "xã Kim Anh")
    petitions.merge(build.leader_of_office, twin, into=keep)
    assert found(build.clerk, "", locality="kim anh") == [keep, twin] or \
        set(found(build.clerk, "", locality="kim anh")) == {keep, twin}
    assert keep in found(build.clerk, "kim anh")


def test_rebuild_rewrites_every_row(build):
    a = record(build, "Đề nghị lát lại vỉa hè phố Huế.")
    db.session.execute(text("DELETE FROM petition_search"))
    assert found(build.clerk, "pho hue") == []
    assert index.rebuild() == 1
    assert found(build.clerk, "pho hue") == [a]
    if db.session.get_bind().dialect.name == "sqlite":
        assert db.session.scalar(select(PetitionSearch.body).where(PetitionSearch.petition_id == a.id)).startswith("kn ")


def test_postgresql_keeps_the_vector_not_the_text(build):
    """The trigger turns the folded text written into its vector and keeps only the vector (a narrow row for the
    search's walk); a row written again without text (its places) keeps its vector."""
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's search row")
    a = record(build, "Đề nghị lát lại vỉa hè phố Huế.", locality="phường Hàng Bài")
    db.session.flush()
    row = db.session.execute(text("SELECT body, body_tsv::text FROM petition_search WHERE petition_id = :id"),
                             {"id": a.id}).one()
    assert row.body == "" and "'hue'" in row.body_tsv and "'kn'" in row.body_tsv
    assert "_via_he" not in row.body_tsv  # the pairs have their own table: the walked rows stay narrow
    pairs = db.session.scalar(text("SELECT pairs::text FROM petition_search_pairs WHERE petition_id = :id"),
                              {"id": a.id})
    assert "'_via_he'" in pairs and "'_pho_hue'" in pairs
    db.session.execute(text("UPDATE petition_search SET places = 'pho moi' WHERE petition_id = :id"), {"id": a.id})
    assert found(build.clerk, "via he pho hue") == [a]
    answers_written = record(build, "Đề nghị lát lại vỉa hè phố Huế, đoạn hai.")  # written again: one pairs row
    index.refresh([a.id, answers_written.id])
    assert db.session.scalar(text("SELECT count(*) FROM petition_search_pairs WHERE petition_id IN (:a, :b)"),
                             {"a": a.id, "b": answers_written.id}) == 2


def test_a_phrase_is_its_words_together_not_its_pairs_apart(build):
    """The index asks for a phrase's word pairs first, but holding "tran duy" and "duy hung" apart is not holding
    "tran duy hung": such an item is a scattered match, the item with the phrase ranks above it."""
    apart = record(build, "Đường Trần Duy Tân và ngõ Duy Hưng cần lát lại vỉa hè.")
    together = record(build, "Lát lại vỉa hè đường Trần Duy Hưng.")
    hits = db.session.execute(select(search.matching("tran duy hung"))).all()
    assert {(h.pid, h.phrase) for h in hits} == {(together.id, 1), (apart.id, 0)}
    assert found(build.clerk, "tran duy hung") == [together, apart]
    assert found(build.clerk, "tran duy h") == [together, apart]  # the last word as typed so far
    assert {h.pid for h in db.session.execute(select(search.matching("duy hung"))).all() if h.phrase} == {
        together.id, apart.id}


def test_the_last_word_is_asked_as_the_words_it_begins(build, monkeypatch):
    """The last word typed is asked as the vocabulary's words it begins (kept in step with the index: a word
    written a moment ago is there), or as a prefix when they are too many: the same items either way."""
    flood = record(build, "Ngập úng kéo dài ở ngõ Quỳnhmai, phường Vĩnh Tuy.")
    other = record(build, "Ngập nước ở ngõ Quỳnh, cần nạo vét cống.")
    lamp = record(build, "Đề nghị lắp đèn đường ngõ 12.")
    assert search.completions("quynh") == ["quynh", "quynhmai"] and search.completions("quynhx") == []
    assert search.completions("1") is None  # numbers (codes, house numbers) are asked as a prefix
    # A phrase's last pair is asked the same way ("_ngo_quynh" or "_ngo_quynhmai"): both items hold the phrase.
    assert {(h.pid, h.phrase) for h in db.session.execute(select(search.matching("ngo quynh"))).all()} == {
        (flood.id, 1), (other.id, 1)}
    for q, expected in (("ngo quynh", [flood, other]), ("ngo quynhm", [flood]), ("quynhx", []),
                        ("ngap u", [flood]), ("ngap", [other, flood]), ("ngo 1", [lamp])):
        asked_as_words = found(build.clerk, q)
        search.forget()
        monkeypatch.setattr(search, "EXPAND_MAX", 0)  # every prefix is asked of the index as a prefix
        assert found(build.clerk, q) == asked_as_words, q
        monkeypatch.undo()
        search.forget()
        assert set(asked_as_words) == set(expected), q


def test_a_word_longer_than_the_vocabulary_keeps_is_found_by_its_start(build):
    long_word = "x" * 150
    item = record(build, f"Mã tài liệu {long_word} đính kèm.")
    assert search.completions("xxxx") is None  # the kept word was cut: the index is asked for the prefix
    assert found(build.clerk, "tai lieu " + "x" * 10) == [item]
    assert found(build.clerk, "x" * 120) == [item]


def test_punctuation_only_is_no_search(build):
    a = record(build, "Đề nghị lát lại vỉa hè.")
    assert found(build.clerk, "!!! ** \"") == [a]
    assert search.matching('"') is None
    assert found(build.clerk, 'OR " NEAR( * ') == []  # FTS syntax is quoted away, never an error


def test_highlight_marks_folded_words_and_escapes():
    html = str(highlight.highlight("Ngập úng <b>đường</b> Trần Duy Hưng", "ngap duong"))
    assert html == "<mark>Ngập</mark> úng &lt;b&gt;<mark>đường</mark>&lt;/b&gt; Trần Duy Hưng"
    assert str(highlight.highlight("<script>", "script")) == "&lt;<mark>script</mark>&gt;"
    assert str(highlight.highlight("abc", "")) == "abc"


@pytest.mark.parametrize("q", ["ngap ung", "tran duy hung"])
def test_the_query_plan_uses_the_index(build, q):
    """Never a scan of the items: the search's statement reads the full-text index (FTS5 / GIN), and the list
    joins what it found to the items by their primary key."""
    record(build, "Đề nghị xử lý ngập úng đường Trần Duy Hưng.")
    postgres = db.session.get_bind().dialect.name == "postgresql"
    # The search runs once per request (search.found): its own statement's plan, then the list's over its rows.
    statement = search.search_statement(search.terms(q), search.WINDOW, postgres)
    compiled = statement.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    listed = petition_query(build.clerk, PetitionFilters.from_args(MultiDict({"q": q})))
    if postgres:
        db.session.execute(text("SET LOCAL enable_seqscan = off"))  # a 1-row table: ask whether the index *can* serve
        plan = "\n".join(db.session.scalars(text(f"EXPLAIN {compiled}")))
        assert "ix_petition_search_tsv" in plan and "Seq Scan on petition_search" not in plan, plan
        # The newest rows' part may read their own index: its floor is written into the statement sent, for the
        # planner to see that the index fits (a bound parameter would hide it; the plan at 1,000,000 items, which
        # the benchmark prints, shows the index read).
        with Statements() as seen:
            search.forget()
            found(build.clerk, q)
        assert search.hot_floor() == 0 and len(seen.matching("WHERE petition_id > 0 AND body_tsv @@")) == 1
    else:
        plan = "\n".join(str(row[-1]) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "VIRTUAL TABLE INDEX" in plan and "petition_search_fts" in plan, plan
        compiled = listed.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = "\n".join(str(row[-1]) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "SEARCH petition USING INTEGER PRIMARY KEY" in plan and "SCAN petition " not in plan + " ", plan


def test_the_nightly_job_moves_the_newest_rows_index_up_and_finds_the_same(build, monkeypatch):
    """PostgreSQL: once the table holds more than HOT_ROWS rows beyond the floor (a quarter more), the nightly
    compaction builds the newest rows' index again over the newest HOT_ROWS, and searches find what they found."""
    if db.session.get_bind().dialect.name != "postgresql":
        assert search.hot_floor() is None  # SQLite's FTS5 hands its matches newest first: no such index
        pytest.skip("PostgreSQL's newest rows' index")
    monkeypatch.setattr(search, "WINDOW", 2)
    monkeypatch.setattr(search, "HOT_ROWS", 4)
    monkeypatch.setattr(search, "rows_to_walk", lambda words, window: 0)  # no walk: the newest rows' index
    items = [record(build, f"Đề nghị nạo vét cống số {n}: mưa là ngập úng.") for n in range(7)]
    db.session.commit()
    before = [found(build.clerk, q) for q in ("ngap ung", "cong so 1", "nao vet")]
    assert search.hot_floor() == 0 and before[0] == [items[6], items[5]] and before[1] == [items[1]]
    index.compact()
    db.session.commit()
    newest = db.session.scalar(select(PetitionSearch.petition_id).order_by(PetitionSearch.petition_id.desc()))
    assert search.hot_floor() == newest - 4
    assert index.renew_hot_index(db.session.connection()) is None  # not a quarter behind yet: left as it is
    search.forget()
    assert [found(build.clerk, q) for q in ("ngap ung", "cong so 1", "nao vet")] == before
    indexes = db.session.scalars(text("SELECT indexname FROM pg_indexes WHERE tablename = 'petition_search'")).all()
    assert PG_HOT_INDEX in indexes and f"{PG_HOT_INDEX}_next" not in indexes


def test_rebuild_command(build, app):
    record(build, "Đề nghị lát lại vỉa hè phố Huế.")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["rebuild-search-index"])
    assert result.exit_code == 0 and "1 kiến nghị" in result.output


def test_a_broad_search_weighs_the_newest_matches_and_keeps_the_phrase(build, monkeypatch):
    """Past WINDOW matches only the newest are weighed (the cost stays flat), but an older exact phrase still
    ranks first: phrase matches have a window of their own."""
    monkeypatch.setattr(search, "WINDOW", 2)
    phrase = record(build, "Cử tri phản ánh tình trạng ngập úng nghiêm trọng ở tổ dân phố 5.")
    scattered = [record(build, f"Đề nghị nạo vét cống số {n}: mưa là ngập, nước úng tắc nhiều ngày.")
                 for n in range(4)]
    assert found(build.clerk, "ngap ung") == [phrase, scattered[3], scattered[2]]
    assert search.capped("ngap ung") and not search.capped("tổ dân phố 5")
    assert found(build.clerk, "to dan pho 5") == [phrase]


def test_the_list_says_when_a_search_was_capped(build, client, auth, monkeypatch):
    monkeypatch.setattr(search, "WINDOW", 2)
    for n in range(3):
        record(build, f"Đề nghị xử lý ngập úng ngõ {n} phố Chùa Bộc.")
    db.session.commit()
    auth.login(build.clerk)
    assert "data-search-capped" in client.get("/petitions?q=ngap+ung").get_data(as_text=True)
    assert "data-search-capped" not in client.get("/petitions?q=ngo+1").get_data(as_text=True)


def test_word_counts_come_from_the_index(build, monkeypatch):
    monkeypatch.setattr(index, "TERM_MIN_DOCS", 2)
    for n in range(3):
        record(build, f"Đề nghị sửa cống thoát nước ngõ {n}.")
    assert index.count_terms() >= 1
    counts = dict(db.session.execute(select(SearchTerm.term, SearchTerm.docs)).tuples().all())
    assert counts[""] == 3 and counts["cong"] == 3 and counts["ngo"] == 3
    assert "hue" not in counts  # in no item
    assert str(record(build, "x").code).split("-")[-1].lstrip("0") not in counts  # one item's code: too rare to keep


@pytest.mark.parametrize("step", [1, index.MERGE_PAGES])
def test_the_nightly_compaction_merges_the_index_and_finds_the_same(build, monkeypatch, step):
    """Each committed write leaves a piece of index (an FTS5 segment; GIN pending pages on PostgreSQL); the nightly
    job merges them (on SQLite a step at a time, of one page here or of the usual size), and a search finds the
    same items, in the same order, before and after."""
    from app.jobs import count_search_terms

    monkeypatch.setattr(index, "MERGE_PAGES", step)

    items = []
    for n in range(3):
        items.append(record(build, f"Đề nghị nạo vét kênh tiêu số {n} phường Hà Đông."))
        db.session.commit()
    before = found(build.clerk, "nao vet kenh")
    assert sorted(before, key=lambda p: p.id) == items
    assert index.compact(between=db.session.commit if step == 1 else None) > 0
    assert index.compact() == 0  # nothing left to merge
    if db.session.get_bind().dialect.name == "sqlite":
        assert db.session.scalar(text("SELECT count(DISTINCT segid) FROM petition_search_fts_idx")) == 1
    assert found(build.clerk, "nao vet kenh") == before and found(build.clerk, "kenh tieu so 1") == [items[1]]
    record(build, "Đề nghị nạo vét kênh Yên Nghĩa.")
    db.session.commit()
    run = count_search_terms()
    merged = re.search(r"; (\d+) phần chỉ mục được gộp", run.message)
    assert run.status == "ok" and merged and int(merged.group(1)) > 0  # the new item's piece
    assert index.compact() == 0


@pytest.mark.parametrize(("recent", "floor"), [(0, None), (0, "all"), (0, "middle"), (0, "top"), (1, "middle"),
                                               (3, "all"), (3, None), (10_000, None), (10_000, "middle"), (2, "top")])
def test_the_walk_the_newest_rows_index_and_the_whole_index_find_the_same(build, monkeypatch, recent, floor):
    """PostgreSQL walks the newest RECENT index rows when the words are common, else (or when the walk found too
    few) asks the index of the rows above the hot floor, and the whole index only when those hold too few matches:
    whatever the walk's length (none, too short for the window, long enough) and the floor (no such index, below
    every row, among them, above them all), the same items, in the same order, and the same "capped"."""
    monkeypatch.setattr(search, "WINDOW", 2)
    monkeypatch.setattr(search, "RECENT", recent)
    monkeypatch.setattr(search, "rows_to_walk", lambda words, window: recent)
    floors = {}
    monkeypatch.setattr(search, "hot_floor", lambda: floors.get(floor))
    phrase = record(build, "Cử tri phản ánh tình trạng ngập úng nghiêm trọng ở tổ dân phố 5.")
    scattered = [record(build, f"Đề nghị nạo vét cống số {n}: mưa là ngập, nước úng tắc nhiều ngày.")
                 for n in range(4)]
    newest = record(build, "Đề nghị lắp đèn chiếu sáng ngõ 12.")  # the newest row, matching nothing searched
    floors.update(all=0, middle=scattered[1].id, top=newest.id)
    assert found(build.clerk, "ngap ung") == [phrase, scattered[3], scattered[2]]
    assert found(build.clerk, "ngap u") == [phrase, scattered[3], scattered[2]]
    assert found(build.clerk, "so 1 ngap") == [scattered[1]]
    assert search.capped("ngap ung") and not search.capped("to dan pho 5")


def test_a_postgresql_search_skips_the_walk_when_a_word_is_too_rare_to_fill_it(build, monkeypatch):
    """By the nightly counts: a word in 1 item of 1,000 cannot fill a window of 500 within 25,000 rows, and one in
    1 of 40 could just, but is only walked for when it promises twice the window (WALK_MARGIN): the items holding
    every word are fewer."""
    db.session.add_all([SearchTerm(term="", docs=1_000_000), SearchTerm(term="ngap", docs=50_000),
                        SearchTerm(term="ung", docs=40_000), SearchTerm(term="ungho", docs=40_000),
                        SearchTerm(term="lut", docs=25_000),
                        SearchTerm(term="hiem", docs=1_000), SearchTerm(term="kn", docs=1_000_000),
                        SearchTerm(term="2026", docs=1_000_000), SearchTerm(term="unh", docs=900_000)])
    db.session.flush()
    assert search.rows_to_walk(["ngap", "ung"], 500) == search.RECENT
    assert search.rows_to_walk(["ngap", "u"], 500) == search.RECENT  # "ung", "ungho", "unh": 980,000 items
    assert search.rows_to_walk(["ngap", "ungh"], 500) == search.RECENT  # "ungho"
    assert search.rows_to_walk(["hiem", "ngap", "ung"], 500) == 0
    assert search.rows_to_walk(["ngap", "lut"], 500) == 0  # 625 expected in the walk: not twice the window
    assert search.rows_to_walk(["chua", "ngap"], 500) == 0  # not counted: rare
    assert search.rows_to_walk(["ngap"], 500) == search.RECENT  # a prefix alone
    assert search.rows_to_walk(["kn", "2026", "001234"], 500) == 0  # a code: its number starts no counted word
    assert search.rows_to_walk_for_any(["hiem", "ngap"], 300) == search.RECENT  # together in 51,000 items
    assert search.rows_to_walk_for_any(["hiem", "chua"], 300) == 0  # 1,000 items


@pytest.mark.parametrize("recent", [0, 1, 10_000])
def test_duplicate_candidates_are_the_same_walked_or_from_the_index(build, monkeypatch, recent):
    monkeypatch.setattr(search, "rows_to_walk_for_any", lambda words, window: recent)
    items = [record(build, f"Đề nghị nạo vét cống số {n} phố Chùa Bộc.") for n in range(4)]
    record(build, "Đề nghị lắp đèn chiếu sáng ngõ 12.")  # the newest, holding none of the words
    found = search.any_of(["cong", "chua"], window=2)
    assert sorted(db.session.scalars(select(found.c.pid))) == sorted([items[3].id, items[2].id])


def test_a_search_runs_once_per_request_and_again_after_the_index_changes(build, client, auth):
    """A list page asks for its rows, its pages and whether the search was capped: on PostgreSQL the search
    statement runs once for all three, on either database; a new item found by the same words is there at the
    next search."""
    record(build, "Đề nghị xử lý ngập úng phố Chùa Bộc.")
    db.session.commit()
    auth.login(build.clerk)
    with Statements() as seen:
        assert client.get("/petitions?q=ngap+ung&count=1").status_code == 200
    postgres = db.session.get_bind().dialect.name == "postgresql"
    assert len(seen.matching("walked" if postgres else "MATCH")) == 1
    first = found(build.clerk, "ngap ung")
    second = record(build, "Cử tri phản ánh ngập úng ngõ 5.")
    assert found(build.clerk, "ngap ung") == [second, *first]
