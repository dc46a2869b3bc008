"""Referential integrity and language checks for the demo content in app/demo/content.py."""

from __future__ import annotations

import datetime as dt
import unicodedata

from app.demo import content as s

VIETNAMESE_LETTERS = set("ăâđêôơư")
KINDS = {"recommendation", "opinion", "complaint", "denunciation"}
TODAY = dt.date(2026, 11, 22)


def _has_vietnamese_letter(text: str) -> bool:
    return bool(VIETNAMESE_LETTERS & set(text.lower()))


def _has_diacritic(text: str) -> bool:
    return any(not ch.isascii() for ch in text)


def _unique(values) -> bool:
    values = list(values)
    return len(values) == len(set(values))


def _all_texts():
    yield s.COUNCIL_NAME
    yield s.TERM["name"]
    for session in s.SESSIONS:
        yield session["name"]
    for _, name in s.COMMITTEES:
        yield name
    for _, name, _ in s.FIELDS:
        yield name
    for _, name, _, _, _ in s.AGENCIES:
        yield name
    for _, name, localities in s.CONSTITUENCIES:
        yield name
        yield from localities
    for _, name, _ in s.DELEGATE_GROUPS:
        yield name
    for name, position, _ in s.DELEGATES:
        yield name
        yield position
    for _, label in s.MEETING_TYPES + s.CHANNELS:
        yield label
    for meeting in s.MEETINGS:
        yield meeting["place"]
        yield meeting["locality"]
    for rec in s.RECOMMENDATIONS:
        yield rec["content"]
        yield rec["summary"]
        yield rec["locality"]
        if rec["voter_name"]:
            yield rec["voter_name"]
        if rec.get("meeting_answer"):
            yield rec["meeting_answer"]
    yield from _answer_texts()
    yield from s.REVIEW_REASONS
    yield from s.RETURN_REASONS
    yield from s.SET_ASIDE_REASONS


def _answer_texts():
    for answer in s.ANSWERS.values():
        yield from (answer[k] for k in ("draft", "text", "reanswer", "done") if k in answer)
        yield from (note for _, note in answer.get("progress", ()))


def test_codes_are_unique():
    assert _unique(c for c, _ in s.COMMITTEES)
    assert _unique(c for c, _, _ in s.FIELDS)
    assert _unique(a[0] for a in s.AGENCIES)
    assert _unique(a[1] for a in s.AGENCIES)
    assert _unique(a[4] for a in s.AGENCIES)
    assert _unique(c for c, _, _ in s.CONSTITUENCIES)
    assert _unique(c for c, _, _ in s.DELEGATE_GROUPS)
    assert _unique(name for name, _, _ in s.DELEGATES)
    assert _unique(m["key"] for m in s.MEETINGS)
    assert _unique(x["number"] for x in s.SESSIONS)
    assert _unique(c for c, _ in s.MEETING_TYPES)
    assert _unique(c for c, _ in s.CHANNELS)


def test_sizes():
    assert len(s.RECOMMENDATIONS) >= 70
    assert len(s.AGENCIES) >= 20
    assert len(s.FIELDS) >= 15
    assert len([a for a in s.AGENCIES if a[2] == "commune"]) >= 6
    assert len([a for a in s.AGENCIES if a[2] == "central"]) >= 1
    assert 5 <= len(s.CONSTITUENCIES) <= 6
    assert len(s.DELEGATES) >= 12
    assert len(s.MEETINGS) >= 8
    assert len(s.SESSIONS) == 2
    assert len(s.REVIEW_REASONS) >= 5
    assert len(s.RETURN_REASONS) >= 4
    assert len(s.SET_ASIDE_REASONS) >= 4
    assert {a["category"] for a in s.ANSWERS.values()} == {"resolved", "in_progress", "explained", "cannot_resolve"}


def test_term_and_sessions():
    assert s.TERM["start_year"] < s.TERM["end_year"]
    for session in s.SESSIONS:
        opening = dt.date.fromisoformat(session["opening"])
        closing = dt.date.fromisoformat(session["closing"])
        assert opening <= closing
        assert s.TERM["start_year"] <= opening.year <= s.TERM["end_year"]


def test_fields_and_agencies_reference_existing_codes():
    committees = {c for c, _ in s.COMMITTEES}
    for _, _, committee in s.FIELDS:
        assert committee in committees
    codes = {a[0] for a in s.AGENCIES}
    for code, _, level, parent, email in s.AGENCIES:
        assert level in {"central", "province", "commune"}, code
        assert parent is None or (parent in codes and parent != code), code
        assert "@" in email, code


def test_constituencies_groups_delegates():
    constituencies = {c for c, _, _ in s.CONSTITUENCIES}
    for _, _, localities in s.CONSTITUENCIES:
        assert localities
    all_localities = [loc for _, _, locs in s.CONSTITUENCIES for loc in locs]
    assert _unique(all_localities)
    for _, _, constituency in s.DELEGATE_GROUPS:
        assert constituency in constituencies
    groups = {c for c, _, _ in s.DELEGATE_GROUPS}
    for name, _, group in s.DELEGATES:
        assert group in groups, name


def test_meetings_reference_existing_records():
    sessions = {x["number"]: x for x in s.SESSIONS}
    types = {c for c, _ in s.MEETING_TYPES}
    localities = {c: locs for c, _, locs in s.CONSTITUENCIES}
    group_of = {name: group for name, _, group in s.DELEGATES}
    constituency_of_group = {g: c for g, _, c in s.DELEGATE_GROUPS}
    for m in s.MEETINGS:
        assert m["session"] in sessions, m["key"]
        assert m["type"] in types, m["key"]
        assert m["timing"] in {"before", "after"}, m["key"]
        assert m["constituency"] in localities, m["key"]
        assert m["locality"] in localities[m["constituency"]], m["key"]
        assert m["voters"] > 0
        date = dt.date.fromisoformat(m["date"])
        assert date <= TODAY, m["key"]
        if m["timing"] == "before":
            assert date < dt.date.fromisoformat(sessions[m["session"]]["opening"]), m["key"]
        assert m["delegates"]
        for name in m["delegates"]:
            assert name in group_of, name
            assert constituency_of_group[group_of[name]] == m["constituency"], (m["key"], name)
    used_types = {m["type"] for m in s.MEETINGS}
    assert {"thematic", "online"} <= used_types
    assert {m["session"] for m in s.MEETINGS} == set(sessions)


def test_recommendations_reference_existing_records():
    fields = {c for c, _, _ in s.FIELDS}
    agencies = {a[0] for a in s.AGENCIES}
    meetings = {m["key"]: m for m in s.MEETINGS}
    channels = {c for c, _ in s.CHANNELS}
    sessions = {x["number"] for x in s.SESSIONS}
    delegates = {name for name, _, _ in s.DELEGATES}
    localities = {c: locs for c, _, locs in s.CONSTITUENCIES}
    all_localities = {loc for locs in localities.values() for loc in locs}
    for i, rec in enumerate(s.RECOMMENDATIONS):
        assert rec["field"] in fields, i
        assert rec["agency"] in agencies, i
        assert rec["agency"] not in rec["coordinating"], i
        assert _unique(rec["coordinating"]), i
        for code in rec["coordinating"]:
            assert code in agencies, (i, code)
        assert rec["channel"] in channels, i
        assert rec.get("kind", "recommendation") in KINDS, i
        assert isinstance(rec["urgent"], bool), i
        assert rec["locality"] in all_localities, i
        if rec["channel"] == "meeting":
            assert rec["meeting"] in meetings, i
            meeting = meetings[rec["meeting"]]
            assert rec["locality"] in localities[meeting["constituency"]], i
        else:
            assert rec["meeting"] is None, i
            assert rec["session"] in sessions, i
            assert dt.date.fromisoformat(rec["received"]) <= TODAY, i
            assert not rec.get("answered_at_meeting"), i
        if rec["channel"] == "delegate":
            assert rec["delegate"] in delegates, i
        if rec.get("answered_at_meeting"):
            assert rec["meeting_answer"], i


def test_summaries_are_short():
    for i, rec in enumerate(s.RECOMMENDATIONS):
        assert 0 < len(rec["summary"]) <= 150, i
        assert len(rec["summary"]) < len(rec["content"]), i


def test_duplicates_point_to_an_earlier_item_from_another_meeting():
    recs = s.RECOMMENDATIONS
    duplicates = [(i, r["duplicate_of"]) for i, r in enumerate(recs) if "duplicate_of" in r]
    assert len(duplicates) >= 4
    for i, j in duplicates:
        assert 0 <= j < i, i
        assert "duplicate_of" not in recs[j], i
        assert recs[j]["meeting"] != recs[i]["meeting"], i
        assert recs[j]["field"] == recs[i]["field"], i
        assert recs[j]["agency"] == recs[i]["agency"], i


def test_variety_of_items():
    recs = s.RECOMMENDATIONS
    levels = {a[0]: a[2] for a in s.AGENCIES}
    kinds = [r.get("kind", "recommendation") for r in recs]
    assert kinds.count("recommendation") >= 60
    assert sum(k != "recommendation" for k in kinds) >= 6
    assert {"opinion", "complaint", "denunciation"} <= set(kinds)
    assert sum(levels[r["agency"]] == "central" for r in recs) >= 3
    assert sum(bool(r.get("answered_at_meeting")) for r in recs) >= 3
    assert sum(r["voter_name"] is not None for r in recs) >= 3
    assert sum(r["urgent"] for r in recs) >= 2
    assert {r["field"] for r in recs} == {c for c, _, _ in s.FIELDS}
    assert len({r["agency"] for r in recs}) >= 20
    for key in {m["key"] for m in s.MEETINGS}:
        assert any(r["meeting"] == key for r in recs), key


def test_texts_are_vietnamese_nfc():
    for text in _all_texts():
        assert isinstance(text, str) and text.strip() == text and text, repr(text)
        assert unicodedata.normalize("NFC", text) == text, text
        assert "  " not in text, text
    for rec in s.RECOMMENDATIONS:
        assert _has_vietnamese_letter(rec["content"]), rec["content"]
        assert _has_diacritic(rec["summary"]), rec["summary"]
    for text in _answer_texts():
        assert _has_vietnamese_letter(text), text
    for text in s.REVIEW_REASONS + s.RETURN_REASONS + s.SET_ASIDE_REASONS:
        assert _has_diacritic(text), text


def test_every_item_the_demo_answers_has_its_own_answer():
    """The walk (app/demo/dataset.py) answers an item with the item's own text for the category its target needs:
    a roadmap's answer is "in_progress" with a monthly progress note each; an item answered again has a second
    answer. Every answer written belongs to an item the walk answers (or the first item, which takes every step)."""
    from app.demo.dataset import ANSWERED_TARGETS, ROADMAP_TARGETS, planned_targets

    levels = {a[0]: a[2] for a in s.AGENCIES}
    planned = planned_targets(s.RECOMMENDATIONS)
    answered = {}
    for index, target in planned.items():
        item = s.RECOMMENDATIONS[index]
        if (target in ANSWERED_TARGETS and item.get("kind", "recommendation") == "recommendation"
                and not item.get("answered_at_meeting") and levels[item["agency"]] != "central"):
            answered[item["summary"]] = target
    first = s.RECOMMENDATIONS[0]["summary"]
    assert set(s.ANSWERS) == {*answered, first}
    for summary, target in answered.items():
        own = s.ANSWERS[summary]
        assert (own["category"] == "in_progress") == (target in ROADMAP_TARGETS), summary
        assert ("{expected}" in own["text"]) == (own["category"] == "in_progress"), summary
        assert ("reanswer" in own) == (target == "closed_after_reanswer"), summary
        assert len(own.get("progress", ())) == (2 if target in ROADMAP_TARGETS else 0), summary
        assert ("done" in own) == (target == "roadmap_done"), summary
    assert {"draft", "text", "reanswer", "progress", "done"} <= set(s.ANSWERS[first])
    for summary, own in s.ANSWERS.items():
        percents = [percent for percent, _ in own.get("progress", ())]
        assert percents == sorted(set(percents)) and all(0 < p < 100 for p in percents), summary
