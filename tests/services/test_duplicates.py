"""Duplicate suggestions: a reworded copy is found, an unrelated item of the same field is not, clusters per
session, and a merge keeps every source meeting and locality on the surviving item."""
from __future__ import annotations

from datetime import date

from app import clock
from app.extensions import db
from app.models import SearchTerm, VoterMeeting
from app.services.petitions import intake
from app.services.reporting import rows as report_rows
from app.services.search.duplicates import duplicate_candidates, session_clusters

LAKE = "Đề nghị nạo vét, xử lý ô nhiễm hồ Văn Chương; rác thải và bèo tây tích tụ, nước hồ ô nhiễm."
LAKE_REWORDED = ("Cử tri đề nghị thành phố sớm nạo vét hồ Văn Chương vì bèo tây và rác thải tích tụ làm nước hồ "
                 "bị ô nhiễm nặng.")
LAKE_UNACCENTED = "de nghi nao vet ho van chuong, xu ly o nhiem do rac thai va beo tay tich tu"
ROAD = "Đề nghị sớm sửa chữa tuyến đường Trần Duy Hưng bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông."
RIVER = "Đề nghị kiểm tra việc xả thải của các cơ sở sản xuất làm ô nhiễm sông Nhuệ, ảnh hưởng sức khỏe người dân."


def meeting(build, place: str, locality: str, day: int) -> VoterMeeting:
    m = VoterMeeting(held_on=date(2026, 11, day), place=place, locality=locality, session=build.session2)
    db.session.add(m)
    db.session.flush()
    return m


def record(build, content: str, locality: str | None = None, m: VoterMeeting | None = None):
    locality = locality if locality is not None else ("" if m else "phường Văn Miếu")
    return intake.record_petition(build.clerk, content=content, locality=locality, meeting=m,
                                  session=build.session2)


def classify(build, p):
    return intake.classify(build.clerk, p, field=build.field, competence_level="province", lead_agency=build.agency)


def test_finds_a_reworded_copy_and_an_unaccented_one(build):
    first = record(build, LAKE)
    reworded = record(build, LAKE_REWORDED, "phường Văn Miếu")
    unaccented = record(build, LAKE_UNACCENTED, "xã Gia Lâm")
    record(build, ROAD)
    found = {c.petition: c for c in duplicate_candidates(first)}
    assert set(found) == {reworded, unaccented}
    assert found[reworded].same_locality and not found[unaccented].same_locality
    assert found[reworded].score == found[reworded].text_score + 5


def test_unrelated_items_of_the_same_field_and_locality_are_not_flagged(build):
    lake = classify(build, record(build, LAKE))
    road = classify(build, record(build, ROAD))
    river = classify(build, record(build, RIVER))
    assert duplicate_candidates(lake) == []
    assert duplicate_candidates(road) == []
    assert duplicate_candidates(river) == []


def test_only_items_the_user_may_see(build):
    mine = build.petition("transferred", content=LAKE)
    other = build.petition("transferred", agency=build.commune, content=LAKE_REWORDED)
    assert [c.petition for c in duplicate_candidates(mine, user=build.officer)] == []
    assert [c.petition for c in duplicate_candidates(mine, user=build.clerk)] == [other]


def test_merged_items_are_not_suggested(build):
    keep, twin = record(build, LAKE), record(build, LAKE_REWORDED)
    intake.merge(build.leader_of_office, twin, into=keep)
    third = record(build, LAKE_UNACCENTED)
    assert [c.petition for c in duplicate_candidates(third)] == [keep]


def test_session_clusters_group_likely_duplicates(build):
    a, b, c = record(build, LAKE), record(build, LAKE_REWORDED), record(build, LAKE_UNACCENTED)
    d, e = record(build, ROAD), record(build, ROAD.replace("Đề nghị sớm", "Cử tri kiến nghị thành phố"))
    record(build, RIVER)
    clusters = session_clusters(build.session2).clusters
    assert [cl.items for cl in clusters] == [[a, b, c], [d, e]]
    assert all(cl.score >= 75 for cl in clusters)
    assert session_clusters(build.session1).clusters == []


def test_session_clusters_page_the_items_and_find_twins_on_other_pages(build, monkeypatch):
    from app.services.search import duplicates

    monkeypatch.setattr(duplicates, "PER_PAGE", 2)
    a, road, river = record(build, LAKE), record(build, ROAD), record(build, RIVER)
    b = record(build, LAKE_REWORDED)
    first = session_clusters(build.session2, page=1)
    assert [cl.items for cl in first.clusters] == [[a, b]]  # b is on page 2, found for a on page 1
    assert first.items.items == [a, road] and first.items.has_next and first.items.total is None
    second = session_clusters(build.session2, page=2)
    assert [cl.items for cl in second.clusters] == [[a, b]] and second.items.items == [river, b]
    assert not second.items.has_next and second.items.total == 4
    assert session_clusters(build.session2, page=3).clusters == []


def test_merging_keeps_every_source_meeting_and_locality(build):
    m1 = meeting(build, "Nhà văn hóa tổ 5", "phường Văn Miếu", 2)
    m2 = meeting(build, "Hội trường UBND xã", "xã Gia Lâm", 3)
    m3 = meeting(build, "Trường tiểu học Kim Anh", "xã Kim Anh", 4)
    keep = record(build, LAKE, m=m1)
    twin = record(build, LAKE_REWORDED, m=m2)
    earlier = record(build, LAKE_UNACCENTED, m=m3)
    intake.merge(build.leader_of_office, earlier, into=twin)  # a chain: earlier -> twin -> keep
    intake.merge(build.leader_of_office, twin, into=keep)
    assert {p.meeting for p in keep.merged_items} == {m2, m3}
    row = {r.code: r for r in report_rows.items(report_rows.Scope(clock.today()))}[keep.code]
    assert row.merged_count == 2
    for place in ("phường Văn Miếu", "xã Gia Lâm", "xã Kim Anh"):
        assert place in row.sources, row.sources
    assert "Trường tiểu học Kim Anh" in row.sources


def test_common_words_do_not_ask_for_candidates(build, monkeypatch):
    """Words in more than one item in fifty (by the index's word counts) tell nothing apart: they are left out of
    the candidates' query, the rarest words are kept."""
    from app.services.search import duplicates, index

    monkeypatch.setattr(duplicates, "COMMON_MIN", 2)
    monkeypatch.setattr(index, "TERM_MIN_DOCS", 2)
    lake = record(build, LAKE)
    for n in range(3):
        record(build, f"Đề nghị sửa chữa đường ngõ {n}, rác thải tích tụ.")
    assert "rac" in duplicates.distinctive_words(lake)  # before any count every word is rare
    index.count_terms()
    words = duplicates.distinctive_words(lake)
    assert "rac" not in words and "thai" not in words  # in 4 items of 4
    assert {"nao", "vet", "chuong", "beo"} <= set(words)
    reworded = record(build, LAKE_REWORDED)
    assert [c.petition for c in duplicate_candidates(lake)] == [reworded]
    road = record(build, "Sửa chữa đường ngõ, rác thải tích tụ.")  # only common words: its rarest still ask
    assert len(duplicates.distinctive_words(road)) == duplicates.FEWEST


def test_nightly_job_recounts_the_words(build):
    from app.jobs import count_search_terms

    record(build, LAKE)
    db.session.commit()
    run = count_search_terms()
    assert run.status == "ok" and run.job == "search_terms"
    assert db.session.get(SearchTerm, "").docs == 1


def test_a_batch_asks_the_rarest_words_first_within_its_budget(monkeypatch):
    """Each item's rarest word before anyone's second; a word costs the items holding it (at least PER_WORD)."""
    from app.services.search import duplicates

    monkeypatch.setattr(duplicates, "LOOKUP_BUDGET", 3 * duplicates.PER_WORD + 1000)
    counts = {"vanchuong": 10, "nhue": 20, "tohieu": 1000, "rac": 5000}
    chosen = duplicates.words_within_budget([["vanchuong", "rac"], ["nhue", "tohieu"], ["vanchuong", "nhue"]], counts)
    assert chosen == {"vanchuong", "nhue", "tohieu"}  # 50 + 50 + 1,000 within 1,150; "rac" would pass it
