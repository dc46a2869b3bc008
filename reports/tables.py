"""Tables in the PDF: a model.Table laid out as consecutive chunks with the header repeated.

One giant table makes ReportLab re-split the remainder on every page (worse than linear); chunks of
CHUNK rows keep each split small, so time grows with the number of rows (see docs/PERFORMANCE.md).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.platypus import Table as RLTable

from reports.model import Percent, Table
from reports.official import GRID, HEAD_BG, STYLES, esc, fmt_date

CHUNK = 40
TT_WIDTH = 10 * mm  # the running number column (TT)


def cell(value: object) -> object:
    """Numbers and dates as plain strings (cheap, centred); text as a wrapping Paragraph."""
    if value is None:
        return ""
    if isinstance(value, Percent):
        return str(value)
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%H:%M %d/%m/%Y")  # a timestamp (the item sheet's timeline) keeps its time
    if isinstance(value, date):
        return fmt_date(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if len(text) <= 16 and " " not in text:
        return text  # codes and short tokens: never broken mid-word, and no Paragraph to lay out
    return Paragraph(esc(text), STYLES["cell"])


def _style(rows: int, numeric: list[int], has_total: bool) -> list[tuple]:
    style = [
        ("FONT", (0, 0), (-1, -1), "KNSerif", 9.5),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("ALIGN", (c, 1), (c, -1), "CENTER") for c in numeric]
    if has_total:
        style.append(("FONT", (0, rows - 1), (-1, rows - 1), "KNSerif-Bold", 9.5))
    return style


def _widths(table: Table, width: float) -> list[float]:
    relative = table.widths or [1] * len(table.headers)
    total = sum(relative)
    return [width * w / total for w in relative]


def chunks(table: Table, width: float, chunk: int | None = None, numbered: bool = True) -> Iterator[Flowable]:
    """Yield the table as RL tables of at most `chunk` (CHUNK) rows, each starting with the header row. The rows
    are read as the tables are laid out, one chunk ahead (to know which chunk is the last, which carries the total)."""
    chunk = chunk or CHUNK
    headers = (["TT"] if numbered else []) + table.headers
    widths = _widths(table, width)
    if numbered:
        widths = [TT_WIDTH] + [w * (width - TT_WIDTH) / width for w in widths]
    head = [Paragraph(esc(h), STYLES["head"]) for h in headers]
    rows = iter(table.rows)
    part = list(islice(rows, chunk))
    if not part:
        yield Paragraph("<i>(Không có số liệu)</i>", STYLES["small"])
        return
    numeric = [i + int(numbered) for i, v in enumerate(part[0])
               if isinstance(v, int | float | date | Percent) and not isinstance(v, bool)]
    numeric = ([0] if numbered else []) + numeric
    start = 0
    while part:
        following = list(islice(rows, chunk))
        data = [head] + [([str(start + i + 1)] if numbered else []) + [cell(v) for v in row]
                         for i, row in enumerate(part)]
        has_total = not following and table.total_row is not None
        if has_total:
            data.append(([""] if numbered else []) + [cell(v) for v in table.total_row])
        rl = RLTable(data, colWidths=widths, repeatRows=1)
        rl.setStyle(_style(len(data), numeric, has_total))
        yield rl
        start, part = start + len(part), following
    yield Spacer(1, 6)
