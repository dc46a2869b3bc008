"""Measuring a spreadsheet before anything parses it: what it is (an .xlsx, an old or password-protected
workbook, something else), what it would unpack to and how many cells it declares, all read from the zip
directory and the first bytes of each sheet part.

Why before parsing: a 158 KiB sheet with one cell padded to 150 MiB once took 71 s and 2.9 GB in the
check. The directory's sizes bound what Python's zip reader will ever hand over (it stops at the declared
size), so checking them first keeps the import's memory bounded whatever the file claims inside.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from app.services.imports import scan
from config import current as setting
from workflows.messages import Problem

# An OLE compound file: an .xls of Excel 97-2003, or an .xlsx saved with a password (Excel then wraps the
# encrypted package in one).
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')
_SMALL_PART = 1024 * 1024  # parts smaller than this unpacked are harmless whatever their ratio
MAX_PARTS = 2000


def _limits() -> tuple[int, int, int]:
    return (setting("IMPORT_MAX_UNPACKED_MB") * 1024 * 1024, setting("IMPORT_MAX_RATIO"), setting("IMPORT_MAX_CELLS"))


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def declared_cells(head: bytes) -> int | None:
    """Cells a sheet part declares in its <dimension ref="A1:H43"/> (None when it declares none)."""
    match = _DIMENSION.search(head)
    if not match or not match.group(3):
        return None
    first_col, first_row = _column_number((match.group(1) or b"A").decode()), int(match.group(2) or 1)
    last_col, last_row = _column_number(match.group(3).decode()), int(match.group(4))
    return max(last_col - first_col + 1, 1) * max(last_row - first_row + 1, 1)


def check(data: bytes) -> list[Problem]:
    """Every reason not to parse `data`, or [] when it is an .xlsx of a size the import can read safely."""
    if data.startswith(_OLE):
        return [Problem("Tệp được đặt mật khẩu (mã hóa) hoặc là bảng tính Excel cũ (.xls): hãy mở tệp, bỏ mật "
                        "khẩu và lưu lại thành .xlsx.")]
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data.startswith(b"PK\x03\x04"):  # a zip cut short (an interrupted download, a broken copy)
            return [Problem("Tệp .xlsx bị hỏng, không đọc được: hãy mở bằng Excel và lưu lại.")]
        return [Problem("Tệp không phải bảng tính Excel (.xlsx).")]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _measure(archive)
    # zlib.error: a part whose compressed stream is damaged, met when the scan reads every part in full.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, zlib.error):
        return [Problem("Tệp .xlsx bị hỏng, không đọc được: hãy mở bằng Excel và lưu lại.")]


def _measure(archive: zipfile.ZipFile) -> list[Problem]:
    max_unpacked, max_ratio, max_cells = _limits()
    parts = archive.infolist()
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names:
        return [Problem("Tệp không phải bảng tính Excel (.xlsx).")]
    if len(parts) > MAX_PARTS:
        return [Problem("Tệp có quá nhiều thành phần (%(n)s); không phải một bảng tổng hợp thông thường.",
                        n=len(parts))]
    unpacked = sum(part.file_size for part in parts)
    if unpacked > max_unpacked:
        return [Problem("Tệp giải nén ra %(size)s MB, quá giới hạn %(limit)s MB; hãy chia thành nhiều tệp.",
                        size=unpacked // (1024 * 1024), limit=max_unpacked // (1024 * 1024))]
    for part in parts:
        if part.flag_bits & 0x1:
            return [Problem("Tệp được đặt mật khẩu (mã hóa): hãy bỏ mật khẩu và lưu lại thành .xlsx.")]
        if part.file_size > _SMALL_PART and part.file_size > max_ratio * max(part.compress_size, 1):
            return [Problem("Tệp bị nén bất thường (phần “%(part)s” nén %(ratio)s lần): không đọc tệp này.",
                            part=part.filename, ratio=part.file_size // max(part.compress_size, 1))]
    cells = 0
    for part in parts:
        if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
            with archive.open(part) as stream:
                cells += declared_cells(stream.read(4096)) or 0
    if cells > max_cells:
        return [Problem("Tệp khai báo %(n)s ô, quá giới hạn %(limit)s ô; hãy chia thành nhiều tệp.",
                        n=f"{cells:,}".replace(",", "."), limit=f"{max_cells:,}".replace(",", "."))]
    return scan.parts(archive)  # what the parts really hold: the tag above may be missing or lie


def sheet_rows(data: bytes) -> int:
    """Rows the sheets of a checked .xlsx hold (title and header included), counted in the sheets themselves
    (scan.rows), not taken from their <dimension> tags, which may be missing or lie: the measure by which a
    confirmed import runs in the request or in the job process. 0 when check() refuses the file (or it cannot be
    read): the request then gives the refusal at once, in a second or two even for millions of cells."""
    if check(data):
        return 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return scan.rows(archive)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error):
        return 0  # plan() names what is wrong with the file
