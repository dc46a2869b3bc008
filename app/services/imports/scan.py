"""Measuring every XML part of a spreadsheet as a stream, before openpyxl parses it: how many cells (<c>) and
shared strings (<si>) there really are, and how long any one text and all texts together are.

Why: the zip directory (safety.py) bounds what a file unpacks to, and a sheet's <dimension> tag says how many
cells it claims, but neither says what is inside. A 1.2 MB file whose one inline cell held 95 MB of text passed
those checks and then took openpyxl 18 s and 3.9 GB; a 10 MB sheet with no <dimension> and 3 million cells took
104 s. Here each part is read from the zip stream in chunks and measured with byte searches (an XML parser
calling Python for each element took 5 s for a million cells): text is counted, never kept, and the scan stops
at the first limit crossed, so its time and memory are bounded by the unpacked size already checked. It measures, it does not parse: openpyxl parses with defusedxml (installed with the app),
which refuses entity declarations; a document type declaration is refused here first all the same, since a
sheet has no use for one.
"""
from __future__ import annotations

import re
import zipfile

from config import current as setting
from workflows.messages import Problem

_CHUNK = 256 * 1024
_WINDOW = 512  # text runs of at least twice this many bytes are found and measured exactly
_PREFIXED_CELL = re.compile(rb"<[\w.-]+:c[\s/>]")  # <x:c ...>, as a few generators write it
_PREFIXED_STRING = re.compile(rb"<[\w.-]+:si[\s/>]")
_PREFIXED_ROW = re.compile(rb"<[\w.-]+:row[\s/>]")
_REFERENCE = re.compile(rb'<(?:[\w.-]+:)?c\s[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"')
_SPACES = bytes.maketrans(b"\t\n\r", b"   ")  # XML's white space, as one byte to search for
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that continue a character: not counted as characters


class _Stop(Exception):
    """A limit was crossed: the problem to report, and no reason to read further."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


_DECLARATION = Problem("Tệp .xlsx có khai báo DTD hoặc thực thể XML, điều mà Excel không tạo ra: không đọc tệp "
                       "này.")


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _characters(data: bytes) -> int:
    return len(data.translate(None, _CONTINUATION))


class _Measure:
    """The counts of every part read so far, checked as they grow. Byte searches only (str.count, find): the
    same measure with regular expressions took 9 s for a million cells on a loaded machine."""

    def __init__(self) -> None:
        self.max_cells = setting("IMPORT_MAX_CELLS")
        self.max_cell_chars, self.max_text = setting("IMPORT_MAX_CELL_CHARS"), setting("IMPORT_MAX_TEXT_CHARS")
        self.cells = self.strings = self.text = 0
        self.edge = 0  # characters of the text run still open at the end of the last chunk
        self.edge_cell = ""  # the cell that run began in

    def part(self, stream) -> None:
        self.edge, self.edge_cell = 0, ""
        tail = b""  # the end of the chunk before: a declaration split between two chunks is still seen
        while chunk := stream.read(_CHUNK):
            if b"<!DOCTYPE" in tail + chunk[:16] or b"<!ENTITY" in tail + chunk[:16]:
                raise _Stop(_DECLARATION)
            tail = chunk[-16:]
            self.chunk(chunk)
        self._run(self.edge, self.edge_cell)

    def chunk(self, chunk: bytes) -> None:
        if b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk:
            raise _Stop(_DECLARATION)
        spaced = chunk.translate(_SPACES)
        self.cells += spaced.count(b"<c ") + spaced.count(b"<c>") + spaced.count(b"<c/")
        if b":c" in chunk:
            self.cells += len(_PREFIXED_CELL.findall(chunk))
        if self.cells > self.max_cells:
            raise _Stop(Problem("Tệp có hơn %(limit)s ô, quá giới hạn; hãy chia thành nhiều tệp.",
                                limit=_number(self.max_cells)))
        self.strings += spaced.count(b"<si>") + spaced.count(b"<si ")
        if b":si" in chunk:
            self.strings += len(_PREFIXED_STRING.findall(chunk))
        if self.strings > self.max_cells:  # each shared string is some cell's value
            raise _Stop(Problem("Tệp có hơn %(limit)s chuỗi văn bản dùng chung, quá giới hạn; hãy chia thành "
                                "nhiều tệp.", limit=_number(self.max_cells)))
        self._runs(chunk)

    def _runs(self, chunk: bytes) -> None:
        """Every long text between two tags: those within the chunk, found through the aligned windows holding
        no '<' or '>' (a run of 2 x _WINDOW bytes covers one whole window), and the one running over from chunk
        to chunk. Shorter texts are bounded by the number of cells and the unpacked size."""
        first = min((i for i in (chunk.find(b"<"), chunk.find(b">")) if i >= 0), default=-1)
        if first < 0:
            self.edge += _characters(chunk)
            self._check(self.edge, self.edge_cell, counted=False)
            return
        self._run(self.edge + _characters(chunk[:first]), self.edge_cell)
        last = max(chunk.rfind(b"<"), chunk.rfind(b">"))
        window = (first // _WINDOW + 1) * _WINDOW
        while window + _WINDOW <= last:
            end = window + _WINDOW
            if chunk.find(b"<", window, end) >= 0 or chunk.find(b">", window, end) >= 0:
                window = end
                continue
            start = max(chunk.rfind(b"<", 0, window), chunk.rfind(b">", 0, window)) + 1
            end = min(i for i in (chunk.find(b"<", end), chunk.find(b">", end)) if i >= 0)
            self._run(_characters(chunk[start:end]), self._cell_before(chunk, start))
            window = (end // _WINDOW + 1) * _WINDOW
        self.edge = _characters(chunk[last + 1:])
        self.edge_cell = self._cell_before(chunk, last) if self.edge > _WINDOW else ""

    def _run(self, characters: int, cell: str) -> None:
        self.text += characters if characters > _WINDOW else 0
        self._check(characters, cell, counted=True)

    def _check(self, characters: int, cell: str, *, counted: bool) -> None:
        if characters > self.max_cell_chars:
            if cell:
                raise _Stop(Problem("Ô %(cell)s có hơn %(limit)s ký tự, quá giới hạn của một ô; hãy rút gọn.",
                                    cell=cell, limit=_number(self.max_cell_chars)))
            raise _Stop(Problem("Tệp có một đoạn văn bản dài hơn %(limit)s ký tự, quá giới hạn của một ô; hãy "
                                "rút gọn.", limit=_number(self.max_cell_chars)))
        if self.text + (0 if counted else characters) > self.max_text:
            raise _Stop(Problem("Các ô của tệp có tổng cộng hơn %(limit)s ký tự, quá giới hạn; hãy chia thành "
                                "nhiều tệp.", limit=_number(self.max_text)))

    @staticmethod
    def _cell_before(chunk: bytes, end: int) -> str:
        start = chunk.rfind(b"<c ", 0, end)  # the cell a text belongs to opens shortly before it
        match = _REFERENCE.match(chunk, start) if start >= 0 else None
        return match.group(1).decode() if match else ""


def parts(archive: zipfile.ZipFile) -> list[Problem]:
    """The first limit an XML part of `archive` crosses, or [] when all are within them. Every XML part is read
    (not only the sheets and sharedStrings.xml at their usual names): openpyxl finds parts through the package's
    relationships, whatever they are called, and reads comments and other parts too."""
    measure = _Measure()
    try:
        for part in archive.infolist():
            if part.filename.lower().endswith((".xml", ".rels", ".vml")):
                with archive.open(part) as stream:
                    measure.part(stream)
    except _Stop as stop:
        return [stop.problem]
    return []


def rows(archive: zipfile.ZipFile) -> int:
    """How many rows (<row>) the XML parts of a checked `archive` hold: what a sheet really has, whatever its
    <dimension> tag says (it may be missing, as some generators leave it, or claim less). Read in chunks like the
    scan, each searched with the end of the one before: a tag cut in two is counted in the second, and a tag
    wholly within that end was counted in the first."""
    count = 0
    for part in archive.infolist():
        if part.filename.lower().endswith(".xml"):
            with archive.open(part) as stream:
                tail = b""
                while chunk := stream.read(_CHUNK):
                    count += _rows_in(tail + chunk) - _rows_in(tail)
                    tail = chunk[-_TAIL:]
    return count


_TAIL = 64  # longer than any row tag's name with its prefix


def _rows_in(data: bytes) -> int:
    spaced = data.translate(_SPACES)
    found = spaced.count(b"<row ") + spaced.count(b"<row>") + spaced.count(b"<row/")
    return found + (len(_PREFIXED_ROW.findall(data)) if b":row" in data else 0)
