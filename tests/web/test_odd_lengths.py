"""Text that grows or overflows on its way to a column of fixed width gets a message, never a 500 (issue 13):
codes upper-cased past their width ("ß" becomes "SS"), synonyms folded past theirs, a sheet's locality, place
or file name wider than the column it is written to, and a unique key two requests (or commands) race for."""
from __future__ import annotations

import io

import click
import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.cli.edge import commit_or_fail
from app.extensions import db
from app.models import Agency, Committee, Field, FieldSynonym, Petition, SheetImport, VoterMeeting
from app.web.edge import commit_or_flash


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("url", "data", "model"), [
    ("/admin/committees/new", {"code": "ß" * 20, "name": "Ban X"}, Committee),
    ("/admin/committees/new", {"code": "ﬃ" * 10, "name": "Ban Y"}, Committee),
    ("/admin/fields/new", {"code": "ß" * 20, "name": "Lĩnh vực X", "committee": "0"}, Field),
    ("/admin/agencies/new", {"code": "ß" * 30, "name": "Cơ quan X", "competence_level": "province",
                             "parent": "0"}, Agency),
], ids=["committee-ss", "committee-ffi", "field", "agency"])
def test_a_code_that_grows_when_upper_cased_is_refused(client, auth, build, url, data, model):
    auth.login(build.admin)
    before = count(model)
    r = client.post(url, data=data)
    assert r.status_code == 400 and "Mã dài tối đa" in r.get_data(as_text=True)
    assert count(model) == before


def test_a_code_is_ascii(client, auth, build):
    auth.login(build.admin)
    r = client.post("/admin/committees/new", data={"code": "VĂN-HÓA", "name": "Ban Văn hóa"})
    assert r.status_code == 400 and "Mã chỉ gồm chữ cái không dấu, chữ số" in r.get_data(as_text=True)
    assert client.post("/admin/committees/new", data={"code": "ｖｈｘｈ", "name": "Ban Văn hóa"}).status_code == 302
    assert db.session.scalar(select(Committee.code).where(Committee.name == "Ban Văn hóa")) == "VHXH"  # NFKC


def test_synonyms_are_compared_and_stored_by_the_same_key(client, auth, build):
    auth.login(build.admin)
    field = str(build.field.id)
    first = client.post("/admin/field-synonyms", data={"name": "x" * 190 + "a", "field": field})
    second = client.post("/admin/field-synonyms", data={"name": "x" * 190 + "b", "field": field})
    assert first.status_code == second.status_code == 302
    assert count(FieldSynonym) == 2  # two names, two keys: not one key cut short twice
    r = client.post("/admin/field-synonyms", data={"name": "ß" * 150 + "a", "field": field}, follow_redirects=True)
    assert "Tên gọi khác dài tối đa 200 ký tự." in r.get_data(as_text=True)
    assert count(FieldSynonym) == 2


def sheet(locality: str = "xã Ba Vì", place: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Kỳ họp thứ 2"])
    ws.append(["STT", "Nội dung kiến nghị", "Địa phương"] + (["Ngày tiếp xúc", "Địa điểm"] if place else []))
    ws.append([1, "Sửa đường liên xã.", locality] + (["05/06/2026", place] if place else []))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def post_sheet(client, build, data: bytes, filename: str = "a.xlsx"):
    return client.post("/imports", content_type="multipart/form-data", data={
        "file": (io.BytesIO(data), filename), "session": str(build.session2.id), "timing": "before"})


@pytest.mark.parametrize(("data", "problem"), [
    (sheet(locality="x" * 300), "Dòng 3, cột C (Địa phương): dài 300 ký tự, tối đa 200 ký tự."),
    (sheet(place="p" * 400), "Dòng 3, cột E (Địa điểm): dài 400 ký tự, tối đa 300 ký tự."),
], ids=["locality", "place"])
def test_a_cell_wider_than_its_column_is_a_problem_of_its_row(client, auth, build, data, problem):
    auth.login(build.clerk)
    before = (count(Petition), count(VoterMeeting), count(SheetImport))
    r = post_sheet(client, build, data)
    assert r.status_code == 400 and problem in r.get_data(as_text=True)
    assert (count(Petition), count(VoterMeeting), count(SheetImport)) == before


def test_a_long_file_name_is_cut_with_its_extension(client, auth, build):
    auth.login(build.clerk)
    r = post_sheet(client, build, sheet(), "c" * 300 + ".xlsx")
    assert r.status_code == 302
    name = db.session.scalar(select(SheetImport.filename))
    assert len(name) == 255 and name.endswith("c.xlsx")


def test_a_unique_key_lost_to_a_race_is_a_conflict(db_app):
    """The service's check saw no such code; another request wrote it meanwhile (here: written directly)."""
    db.session.add(Committee(code="RACE", name="Ban thứ nhất"))
    db.session.commit()
    with db_app.test_request_context("/admin/committees/new", method="POST"):
        outcome = commit_or_flash(lambda: db.session.add(Committee(code="RACE", name="Ban thứ hai")) or
                                  db.session.flush(), flash_error=False)
    assert not outcome.ok and outcome.status == 409
    assert "hãy tải lại trang rồi thử lại" in outcome.error.message
    assert db.session.scalars(select(Committee.name).where(Committee.code == "RACE")).all() == ["Ban thứ nhất"]


def test_the_command_line_answers_a_lost_race_with_the_same_message(db_app):
    """The CLI's edge (cli/edge.commit_or_fail) says what the web says, and exits without a traceback; an
    integrity error that is not a unique key's is not taken for a race."""
    db.session.add(Committee(code="RACE", name="Ban thứ nhất"))
    db.session.commit()
    with pytest.raises(click.ClickException) as refused:
        commit_or_fail(lambda: db.session.add(Committee(code="RACE", name="Ban thứ hai")) or db.session.flush())
    assert "hãy tải lại trang rồi thử lại" in refused.value.message
    assert db.session.scalars(select(Committee.name).where(Committee.code == "RACE")).all() == ["Ban thứ nhất"]
    with pytest.raises(IntegrityError):  # a NOT NULL refused: a bug to see, not a message
        commit_or_fail(lambda: db.session.add(Committee(code="NONAME", name=None)) or db.session.flush())
