"""The official layout (Decree 30/2020/NĐ-CP): header, title, "Trang x/y", portrait and landscape pages, signature."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import Table as RLTable

from reports import fonts
from reports.model import DocInfo

F = fonts.FAMILY
# Paragraphs resolve their font when created, so the family must exist before any builder runs.
fonts.register()
PORTRAIT, LANDSCAPE = A4, landscape(A4)
# Decree 30 margins: top 20-25 mm, bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS = dict(left=30 * mm, right=15 * mm, top=20 * mm, bottom=20 * mm)


def _style(name: str, size: float = 13, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=kw.pop("font", F), fontSize=size, leading=kw.pop("leading", size * 1.25),
                          **kw)


STYLES = {
    "body": _style("body", 13, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4),
    "center": _style("center", 13, alignment=TA_CENTER),
    "center_b": _style("center_b", 13, alignment=TA_CENTER, font=F + "-Bold"),
    "title": _style("title", 14, alignment=TA_CENTER, font=F + "-Bold", spaceBefore=8),
    "subject": _style("subject", 14, alignment=TA_CENTER, font=F + "-Bold", spaceAfter=10),
    "h1": _style("h1", 13, font=F + "-Bold", spaceBefore=8, spaceAfter=4),
    "h2": _style("h2", 12, font=F + "-BoldItalic", spaceBefore=6, spaceAfter=3),
    "cell": _style("cell", 9.5, leading=11.5),
    "cell_c": _style("cell_c", 9.5, leading=11.5, alignment=TA_CENTER),
    "head": _style("head", 9.5, leading=11.5, alignment=TA_CENTER, font=F + "-Bold"),
    "small": _style("small", 11, alignment=TA_LEFT),
    "small_b": _style("small_b", 12, font=F + "-BoldItalic"),
    "date": _style("date", 13, alignment=TA_CENTER, font=F + "-Italic"),
    "note": _style("note", 10, font=F + "-Italic"),
}


def esc(text: object) -> str:
    """Text for a Paragraph: markup characters escaped, None as empty."""
    if text is None:
        return ""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fmt_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def date_line(place: str, day: date) -> str:
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


class Rule(Flowable):
    """The short centred line drawn under the issuer and under the motto."""

    def __init__(self, width: float):
        super().__init__()
        self.line_width = width

    def wrap(self, available_width, available_height):
        self._avail = available_width
        return available_width, 3

    def draw(self):
        x = (self._avail - self.line_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 2, x + self.line_width, 2)


def header(doc: DocInfo, width: float) -> list[Flowable]:
    """Issuer and number on the left, national title and motto on the right, then the place-and-date line."""
    s = STYLES
    left = [Paragraph(esc(doc.issuer), s["center"]), Paragraph(esc(doc.issuer_unit), s["center_b"]),
            Rule(30 * mm), Spacer(1, 3), Paragraph(esc(doc.number), s["center"])]
    right = [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _style("nat", 12, alignment=TA_CENTER, font=F + "-Bold")),
             Paragraph("Độc lập - Tự do - Hạnh phúc", s["center_b"]), Rule(45 * mm), Spacer(1, 4),
             Paragraph(esc(date_line(doc.place, doc.issued_on)), s["date"])]
    table = RLTable([[left, right]], colWidths=[width * 0.4, width * 0.6])
    table.setStyle([("FONT", (0, 0), (-1, -1), F, 10), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return [table, Spacer(1, 8), Paragraph(esc(doc.title), s["title"]), Paragraph(esc(doc.subject), s["subject"])]


def closing(doc: DocInfo, width: float) -> list[Flowable]:
    """Nơi nhận on the left, the signature block on the right, kept together on one page."""
    s = STYLES
    recipients = [Paragraph("<i><b>Nơi nhận:</b></i>", _style("rcpt", 12))]
    recipients += [Paragraph("- " + esc(r), _style("rcpt_i", 11)) for r in doc.recipients]
    signature = [Paragraph(esc(doc.signer_capacity), s["center_b"]), Paragraph(esc(doc.signer_title), s["center_b"]),
                 Spacer(1, 22 * mm), Paragraph(esc(doc.signer_name), s["center_b"])]
    table = RLTable([[recipients, signature]], colWidths=[width * 0.5, width * 0.5])
    table.setStyle([("FONT", (0, 0), (-1, -1), F, 10), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return [Spacer(1, 10), KeepTogether([table])]


class NumberedCanvas(rl_canvas.Canvas):
    """Keeps pages until the end so each can say "Trang x/y" (the total is known only then)."""

    def __init__(self, *args, **kwargs):
        # Otherwise each page starts in Helvetica (no Vietnamese glyphs) before the first setFont.
        kwargs["initialFontName"] = F
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width, _ = self._pagesize
            self.setFont(F, 10)
            self.drawCentredString(width / 2, 10 * mm, f"Trang {self._pageNumber}/{total}")
            super().showPage()
        self._pages = []
        super().save()


class LazyStory(list):
    """A story that is filled from a generator as ReportLab consumes it, so a 20,000-row appendix
    never exists as 140,000 Paragraphs at once: memory stays bounded by the look-ahead."""

    LOOKAHEAD = 6

    def __init__(self, source: Iterable[Flowable]):
        super().__init__()
        self._source: Iterator[Flowable] | None = iter(source)

    def _fill(self) -> None:
        while self._source is not None and super().__len__() < self.LOOKAHEAD:
            try:
                self.append(next(self._source))
            except StopIteration:
                self._source = None

    def __len__(self) -> int:
        self._fill()
        return super().__len__()


def landscape_next() -> list[Flowable]:
    return [NextPageTemplate("landscape"), PageBreak()]


def frame_width(orientation: str) -> float:
    page = LANDSCAPE if orientation == "landscape" else PORTRAIT
    return page[0] - MARGINS["left"] - MARGINS["right"]


def build_pdf(story: Iterable[Flowable], title: str, first: str = "portrait",
              on_page: Callable[[int], None] | None = None) -> bytes:
    """Lay out the story on A4 portrait/landscape pages with page numbers; returns the PDF bytes.

    on_page(n) is called as each page starts (progress for long reports built in the background)."""
    fonts.register()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=PORTRAIT, title=title, author="HĐND", creator="kien-nghi-cu-tri",
                          leftMargin=MARGINS["left"], rightMargin=MARGINS["right"], topMargin=MARGINS["top"],
                          bottomMargin=MARGINS["bottom"])
    templates = []
    for name, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        # Landscape pages keep the binding margin on the left edge of the rotated page.
        frame = Frame(MARGINS["left"], MARGINS["bottom"], size[0] - MARGINS["left"] - MARGINS["right"],
                      size[1] - MARGINS["top"] - MARGINS["bottom"], id=name, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        templates.append(PageTemplate(id=name, frames=[frame], pagesize=size))
    if first == "landscape":
        templates.reverse()
    doc.addPageTemplates(templates)
    if on_page is not None:
        doc.setPageCallBack(on_page)
    doc.build(LazyStory(story), canvasmaker=NumberedCanvas)
    return buffer.getvalue()


GRID = colors.black
HEAD_BG = colors.HexColor("#e6e6e6")
