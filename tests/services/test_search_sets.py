"""The sets of common words (SQLite, search/sets.py): a search for several common words takes its words' window from
the sets, and finds what FTS5 finds, in the same order, after the nightly build, after edits, answers, merges and
deletions (each moves items in and out of the sets), and for items added after the sets' cover."""
from __future__ import annotations

import itertools
import re

import pytest
from pyroaring import BitMap
from sqlalchemy import delete, select, text

from app.extensions import db
from app.models import Petition, SearchTerm, SearchWordSet
from app.services.petitions import answers
from app.services.petitions import intake as petitions
from app.services.search import index, sets
from app.services.search import query as search
from tests.services.test_search import found, record

TEXTS = (
    "Đề nghị nạo vét kênh tiêu Đồng Bông, mưa là ngập úng.",
    "Đề nghị sửa đường Trần Phú, mưa to ngập úng kéo dài.",
    "Cử tri đề nghị lắp đèn chiếu sáng đường Trần Duy Hưng.",
    "Đề nghị làm rõ tiến độ dự án đường Duy Tân, cử tri chờ lâu.",
    "Đề nghị nạo vét mương Hưng Đạo, nước úng tắc.",
    "Cử tri phản ánh ngõ 5 đường Nguyễn Trãi ngập sâu khi mưa.",
    "Đề nghị cấp giấy chứng nhận đất cho các hộ đường Trần Hưng Đạo.",
    "Đề nghị xây trường mầm non ở thôn Duy Hưng.",
)
QUERIES = ("ngap ung", "tran duy hung", "de nghi mua", "duong tran", "cu tri de nghi", "nao vet mua",
           "duong hung", "de nghi duy", "tran phu ngap", "de nghi xyz", "cu tri ngap", "de nghi trường mầm",
           "mua ngap", "de n", "duong d", "5 duong", "de nghi nguyen trai")


@pytest.fixture
def sqlite_only(build):
    if db.session.get_bind().dialect.name != "sqlite":
        pytest.skip("the sets are SQLite's (PostgreSQL's GIN intersects its own lists)")
    return build


@pytest.fixture
def answered_by_sets(monkeypatch):
    """Counts the searches the sets answered (sets.newest not None); with lists this short FTS5 would answer every
    search by itself (FTS5_STEPS_MAX), so the sets are asked whatever the lists' length."""
    monkeypatch.setattr(sets, "FTS5_STEPS_MAX", -1)
    calls = {"sets": 0}
    real = sets.newest

    def newest(*args, **kwargs):
        ids = real(*args, **kwargs)
        calls["sets"] += ids is not None
        return ids

    monkeypatch.setattr(sets, "newest", newest)
    return calls


def by_fts5(monkeypatch, user, q: str) -> list:
    """The same search with the sets left out (FTS5's answer)."""
    with monkeypatch.context() as m:
        m.setattr(search, "_from_sets", lambda *_args: None)
        search.forget()
        items = found(user, q)
    search.forget()
    return items


def has_set(word: str) -> bool:
    return db.session.scalar(select(SearchWordSet.word).where(SearchWordSet.word == word).limit(1)) is not None


def nightly(min_docs: int = 1) -> int:
    index.count_terms()
    return sets.build(min_docs=min_docs)


def same_both_ways(monkeypatch, user, queries=QUERIES) -> None:
    for q in queries:
        search.forget()
        assert found(user, q) == by_fts5(monkeypatch, user, q), q


@pytest.mark.parametrize("chunk_bits", [sets.CHUNK_BITS, 1])  # 1: pieces of two ids, a set in many pieces
def test_the_sets_find_what_fts5_finds(sqlite_only, monkeypatch, answered_by_sets, chunk_bits):
    monkeypatch.setattr(sets, "CHUNK_BITS", chunk_bits)
    monkeypatch.setattr(index, "TERM_MIN_DOCS", 1)
    items = [record(sqlite_only, t) for t in TEXTS * 2]
    assert nightly() > 20
    assert found(sqlite_only.clerk, "tran duy hung") == [items[10], items[2]]
    assert answered_by_sets["sets"] == 1
    assert found(sqlite_only.clerk, "de nghi xyz") == []
    same_both_ways(monkeypatch, sqlite_only.clerk)
    # Every pair of two common words, and three: the sets answered them.
    words = ["de", "nghi", "duong", "tran", "ngap", "cu", "tri", "hung", "mua", "nao"]
    asked = answered_by_sets["sets"]
    same_both_ways(monkeypatch, sqlite_only.clerk, [" ".join(c) for c in itertools.combinations(words, 2)] +
                   [" ".join(c) for c in itertools.combinations(words[:6], 3)])
    assert answered_by_sets["sets"] - asked == 45 + 20


def test_the_window_takes_the_newest_across_the_cover_and_says_capped(sqlite_only, monkeypatch, answered_by_sets):
    """The items above the cover (added after the build: FTS5 answers for them) come first, then the sets' newest;
    one more than the window tells `capped`."""
    monkeypatch.setattr(index, "TERM_MIN_DOCS", 1)
    monkeypatch.setattr(search, "WINDOW", 3)
    old = [record(sqlite_only, "Đề nghị sửa đường, mưa là ngập.") for _ in range(4)]
    nightly()
    assert found(sqlite_only.clerk, "duong ngap") == [old[3], old[2], old[1]]
    new = [record(sqlite_only, "Đường ngập, đề nghị sửa.") for _ in range(2)]
    assert found(sqlite_only.clerk, "duong ngap") == [new[1], new[0], old[3]]
    assert search.capped("duong ngap") and search.capped("ngap duong")
    assert answered_by_sets["sets"] >= 2
    same_both_ways(monkeypatch, sqlite_only.clerk, ["duong ngap", "sua ngap", "de nghi duong", "de nghi sua d"])
    monkeypatch.setattr(search, "WINDOW", 10)
    search.forget()
    assert not search.capped("duong ngap") and found(sqlite_only.clerk, "duong ngap") == [*reversed(new),
                                                                                          *reversed(old)]


@pytest.mark.parametrize("chunk_bits", [sets.CHUNK_BITS, 1])
def test_edits_answers_merges_and_deletions_move_items_in_and_out(sqlite_only, monkeypatch, answered_by_sets,
                                                                  chunk_bits):
    monkeypatch.setattr(sets, "CHUNK_BITS", chunk_bits)
    monkeypatch.setattr(index, "TERM_MIN_DOCS", 1)
    items = [record(sqlite_only, t) for t in TEXTS]
    transferred = sqlite_only.petition("transferred", content="Đề nghị sửa cầu treo bản Mường, mưa là ngập.")
    twin = record(sqlite_only, "Đề nghị làm rõ tiến độ đường Duy Tân.", "xã Kim Anh")
    nightly()
    assert found(sqlite_only.clerk, "tran hung") == [items[6], items[2]]  # the phrase first
    petitions.update_petition(sqlite_only.clerk, items[0], content="Đề nghị sửa đường Trần Hưng Đạo, mưa ngập.",
                              summary="Sửa đường")
    petitions.update_petition(sqlite_only.clerk, items[6], content="Đề nghị cấp giấy chứng nhận đất.",
                              summary="Cấp giấy chứng nhận")
    assert found(sqlite_only.clerk, "tran hung") == [items[0], items[2]]
    assert found(sqlite_only.clerk, "nao vet mua") == []  # items[0] lost them, items[4] had no "mua"
    answers.draft_answer(sqlite_only.officer, transferred, text="Sở đã nạo vét và sửa đường.",
                         result_category="resolved")
    assert found(sqlite_only.clerk, "nao vet duong") == []  # a draft is the agency's own
    answers.submit_answer(sqlite_only.agency_leader, transferred, letter_number="9/SXD")
    assert found(sqlite_only.clerk, "nao vet duong") == [transferred]
    assert found(sqlite_only.clerk, "duy tan kim anh") == [twin]
    petitions.merge(sqlite_only.leader_of_office, twin, into=items[3])  # the survivor gains the twin's locality
    assert found(sqlite_only.clerk, "duy tan kim anh") == [twin, items[3]]
    db.session.execute(delete(Petition).where(Petition.id == items[2].id))  # gone, and its index row with it
    index.refresh([items[2].id])
    assert found(sqlite_only.clerk, "tran duy hung") == []
    assert answered_by_sets["sets"] >= 5
    same_both_ways(monkeypatch, sqlite_only.clerk, [*QUERIES, "tran hung", "nao vet duong", "duy tan kim anh"])
    # And the sets are what a new build writes.
    kept = members()
    sets.build(min_docs=1)
    rebuilt = members()
    assert {w: m for w, m in rebuilt.items() if w in kept} == {w: m for w, m in kept.items() if w in rebuilt}


def members() -> dict[str, list[int]]:
    """Each word's set as stored (its pieces put together), the cover left out."""
    held: dict[str, list[int]] = {}
    for word, piece in db.session.execute(text("SELECT word, members FROM search_word_set WHERE word != ''")):
        held[word] = sorted([*held.get(word, []), *BitMap.deserialize(piece)])
    return held


def test_rare_words_are_asked_of_fts5_within_a_bound(sqlite_only, monkeypatch, answered_by_sets):
    """A word without a set (rarer than SET_MIN_DOCS) is read from FTS5 up to the cover and intersected with the
    sets; beyond RARE_ROWS_MAX rows of rare words (by the counts) FTS5 answers the whole search."""
    monkeypatch.setattr(index, "TERM_MIN_DOCS", 1)
    items = [record(sqlite_only, t) for t in TEXTS * 3]
    nightly(min_docs=4)  # a word of one text is in 3 items: no set; "de", "nghi", "duong" have one
    assert has_set("nghi") and not has_set("mam")
    assert found(sqlite_only.clerk, "de nghi mam non") == [items[23], items[15], items[7]]
    assert answered_by_sets["sets"] == 1
    monkeypatch.setattr(sets, "RARE_ROWS_MAX", 0)
    search.forget()
    assert found(sqlite_only.clerk, "de nghi truong mam non") == [items[23], items[15], items[7]]
    assert answered_by_sets["sets"] == 1  # the rare words' rows were over the bound: FTS5 answered
    monkeypatch.setattr(sets, "RARE_ROWS_MAX", 2_000)
    same_both_ways(monkeypatch, sqlite_only.clerk)


def test_no_sets_until_built_and_a_rebuild_writes_them_again(sqlite_only, monkeypatch, answered_by_sets):
    monkeypatch.setattr(index, "TERM_MIN_DOCS", 1)
    monkeypatch.setattr(sets, "SET_MIN_DOCS", 2)
    items = [record(sqlite_only, t) for t in TEXTS * 2]
    assert sets.cover(db.session.connection()) is None
    assert found(sqlite_only.clerk, "tran duy hung") == [items[10], items[2]] and answered_by_sets["sets"] == 0
    index.rebuild()
    assert sets.cover(db.session.connection()) == items[-1].id
    assert has_set("tran") and not has_set("xyz")
    search.forget()
    assert found(sqlite_only.clerk, "tran duy hung") == [items[10], items[2]] and answered_by_sets["sets"] == 1
    sets.build(min_docs=100)  # no word is that common now: every set goes, the cover stays
    assert [w for (w,) in db.session.execute(text("SELECT word FROM search_word_set"))] == [""]
    search.forget()
    assert found(sqlite_only.clerk, "tran duy hung") == [items[10], items[2]] and answered_by_sets["sets"] == 1


def test_the_nightly_job_writes_the_sets(build, monkeypatch):
    from app.jobs import count_search_terms

    monkeypatch.setattr(index, "TERM_MIN_DOCS", 1)
    monkeypatch.setattr(sets, "SET_MIN_DOCS", 2)
    for t in TEXTS:
        record(build, t)
    db.session.commit()
    run = count_search_terms()
    kept = re.search(r"; (\d+) tập hợp từ phổ biến$", run.message)
    assert run.status == "ok" and kept
    if db.session.get_bind().dialect.name == "sqlite":
        assert int(kept.group(1)) == db.session.scalar(text("SELECT count(*) FROM search_word_set WHERE word != ''"))
        assert int(kept.group(1)) > 10
    else:  # PostgreSQL keeps none
        assert int(kept.group(1)) == 0 and db.session.scalar(text("SELECT count(*) FROM search_word_set")) == 0


def test_the_sets_answer_only_when_fts5_would_step_through_long_lists(sqlite_only, monkeypatch):
    """By the nightly counts: words each in one item of twenty, expected together in fewer items than the window,
    would make FTS5 step through every entry of their lists: the sets answer. The same words in a few items, or
    common words together in most items (FTS5 reads the window off the lists' ends), are left to FTS5."""
    calls = []
    real = sets.newest
    monkeypatch.setattr(sets, "newest", lambda *a: calls.append(real(*a) is not None) or real(*a))
    monkeypatch.setattr(index, "TERM_MIN_DOCS", 1)
    items = [record(sqlite_only, t) for t in TEXTS]
    nightly()
    assert found(sqlite_only.clerk, "tran duy hung") == [items[2]] and calls == [False]  # 8 items: short lists
    db.session.execute(delete(SearchTerm))
    db.session.add_all([SearchTerm(term="", docs=1_000_000), SearchTerm(term="tran", docs=62_000),
                        SearchTerm(term="duy", docs=12_600), SearchTerm(term="hung", docs=53_000),
                        SearchTerm(term="de", docs=870_000), SearchTerm(term="nghi", docs=900_000)])
    db.session.flush()
    search.forget()
    assert found(sqlite_only.clerk, "tran duy hung") == [items[2]] and calls == [False, True]
    search.forget()
    assert len(found(sqlite_only.clerk, "de nghi")) == 7 and calls == [False, True, False]


def test_more_items_added_since_the_build_than_a_search_reads_leave_it_to_fts5(sqlite_only, monkeypatch,
                                                                             answered_by_sets):
    monkeypatch.setattr(index, "TERM_MIN_DOCS", 1)
    monkeypatch.setattr(sets, "ABOVE_MAX", 2)
    items = [record(sqlite_only, t) for t in TEXTS]
    nightly()
    items += [record(sqlite_only, t) for t in TEXTS[:2]]  # two added: read word by word
    assert found(sqlite_only.clerk, "duong mua") == [items[9], items[5], items[1]] and answered_by_sets["sets"] == 1
    items.append(record(sqlite_only, TEXTS[2]))  # three: FTS5 answers
    search.forget()
    assert found(sqlite_only.clerk, "duong mua") == [items[9], items[5], items[1]] and answered_by_sets["sets"] == 1
    assert found(sqlite_only.clerk, "tran duy hung") == [items[10], items[2]]
