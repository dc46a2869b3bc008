"""A small sheet cannot exhaust the server (issue 13): what the parts really hold is measured as a stream before
openpyxl parses anything, so a file whose zip directory and <dimension> tag look harmless is refused within a
second or two and under 100 MB, through the service and through the import page, with the database unchanged."""
from __future__ import annotations

import io
import random
import string
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import Petition, SheetImport, VoterMeeting
from app.services.errors import Rejected
from app.services.imports import importer as sheet_import
from app.services.imports import safety

NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c>'
          '<c r="B1" t="inlineStr"><is><t>Nội dung kiến nghị</t></is></c></row>').encode()


def sheet_with(part: str, payload: bytes) -> bytes:
    """A workbook saved by openpyxl with one part replaced, the way a hostile file would be made."""
    wb = Workbook()
    wb.active.append(["STT", "Nội dung kiến nghị"])
    wb.active.append([1, "Sửa đường"])
    base = io.BytesIO()
    wb.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            z.writestr(item.filename, payload if item.filename == part else source.read(item.filename))
        if part not in source.namelist():
            z.writestr(part, payload)
    return out.getvalue()


def huge_inline_cell(megabytes: int = 95) -> bytes:
    """One inline cell of `megabytes` MB of text random enough to compress under the ratio limit (about 80:1),
    so the zip directory passes: just under the unpacked-size limit."""
    rng = random.Random(1)
    block = "".join(rng.choice(string.ascii_letters) if rng.random() < 1 / 300 else "a" for _ in range(1 << 20))
    text = block.encode() * megabytes
    return sheet_with("xl/worksheets/sheet1.xml", NS + HEADER + b'<row r="2"><c r="B2" t="inlineStr"><is><t>'
                      + text + b"</t></is></c></row></sheetData></worksheet>")


def cells_without_dimension(rows: int = 200_000) -> bytes:
    """Two million cells (ten a row) and no <dimension> tag: nothing in the directory or the head of the part
    says how many."""
    body = b"".join(b"<row><c><v>%d</v></c><c><v>%d</v></c><c><v>%d</v></c><c><v>%d</v></c><c><v>%d</v></c>"
                    b"<c><v>%d</v></c><c><v>%d</v></c><c><v>%d</v></c><c><v>%d</v></c><c><v>%d</v></c></row>"
                    % tuple(range(r * 10, r * 10 + 10)) for r in range(rows))  # varied: a ratio under the limit
    return sheet_with("xl/worksheets/sheet1.xml", NS + HEADER + body + b"</sheetData></worksheet>")


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Petition, VoterMeeting, SheetImport))


def test_the_directory_alone_would_let_them_through():
    big, many = huge_inline_cell(), cells_without_dimension()
    with zipfile.ZipFile(io.BytesIO(big)) as z:
        part = z.getinfo("xl/worksheets/sheet1.xml")
        assert 90 * 2**20 < part.file_size < 100 * 2**20 and part.file_size < 100 * part.compress_size
    assert len(big) < 2 * 2**20 and len(many) < 8 * 2**20  # well under the 20 MB upload limit


@pytest.mark.parametrize(("make", "message"), [
    (huge_inline_cell, "Ô B2 có hơn 32.767 ký tự, quá giới hạn của một ô"),
    (cells_without_dimension, "Tệp có hơn 1.000.000 ô, quá giới hạn"),
], ids=["one-huge-cell", "millions-of-cells"])
def test_refused_fast_and_small_with_nothing_written(build, make, message):
    data = make()
    before = counts()
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(Rejected) as info:
        sheet_import.run(build.clerk, "a.xlsx", data)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert any(message in p for p in info.value.problem_texts()), info.value.problem_texts()
    assert elapsed < 2.0 and peak < 100 * 2**20, (elapsed, peak)
    assert counts() == before


@pytest.mark.parametrize("make", [huge_inline_cell, cells_without_dimension], ids=["one-huge-cell", "millions"])
def test_the_import_page_refuses_them(client, auth, build, make):
    auth.login(build.clerk)
    data = make()
    before = counts()
    started = time.perf_counter()
    # Encoded here in memory: the test client would spool a body this large to a temporary file it never closes.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), "tong-hop.xlsx"),
                                       "session": str(build.session1.id), "timing": "before"})
    r = client.post("/imports", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert r.status_code == 400 and "chưa có gì được ghi" in r.get_data(as_text=True)
    assert time.perf_counter() - started < 4.0
    assert counts() == before


def test_a_long_shared_string_and_too_much_text_in_all(db_app):
    long_string = ("<sst><si><t>" + "ư" * 32_768 + "</t></si></sst>").encode()
    assert [str(p) for p in safety.check(sheet_with("xl/sharedStrings.xml", long_string))] == [
        "Tệp có một đoạn văn bản dài hơn 32.767 ký tự, quá giới hạn của một ô; hãy rút gọn."]
    just_enough = ("<sst><si><t>" + "ư" * 32_767 + "</t></si></sst>").encode()  # counted in characters, not bytes
    assert safety.check(sheet_with("xl/sharedStrings.xml", just_enough)) == []
    db_app.config["IMPORT_MAX_TEXT_CHARS"] = 100_000
    many = b"<sst>" + (b"<si><t>" + b"x" * 20_000 + b"</t></si>") * 6 + b"</sst>"
    assert [str(p) for p in safety.check(sheet_with("xl/sharedStrings.xml", many))] == [
        "Các ô của tệp có tổng cộng hơn 100.000 ký tự, quá giới hạn; hãy chia thành nhiều tệp."]


def test_a_document_type_declaration_is_refused():
    hostile = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">]><sst><si><t>&a;</t></si></sst>'
    assert [str(p) for p in safety.check(sheet_with("xl/sharedStrings.xml", hostile))] == [
        "Tệp .xlsx có khai báo DTD hoặc thực thể XML, điều mà Excel không tạo ra: không đọc tệp này."]


def test_a_part_whose_compressed_stream_is_damaged_is_a_broken_file_not_a_server_error():
    """The scan reads every part in full, so a damaged stream in a part openpyxl may never open (here the
    document's properties) is met here first: the file is named broken, nothing raises."""
    data = bytearray(sheet_with("docProps/core.xml", b"<coreProperties>" + b"x" * 4000 + b"</coreProperties>"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("docProps/core.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)  # the part's compressed bytes
    data[start:start + 8] = b"\xff" * 8
    problems = safety.check(bytes(data))
    assert [str(p) for p in problems] == ["Tệp .xlsx bị hỏng, không đọc được: hãy mở bằng Excel và lưu lại."]


def test_a_declaration_split_between_two_chunks_is_still_refused():
    filler = 256 * 1024 - len(b"<sheetData>") - 4  # "<!DO" ends the first chunk of 256 KiB
    padding = b"<sheetData>" + b"<x/>" * (filler // 4) + b" " * (filler % 4)  # short tags: no long text run
    problems = safety.check(sheet_with("xl/worksheets/sheet1.xml", padding + b"<!DOCTYPE x []><worksheet/>"))
    assert len(problems) == 1 and "DTD" in str(problems[0])
