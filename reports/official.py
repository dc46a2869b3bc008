"""The official layout (Decree 30/2020/NĐ-CP): header, title, page numbers, portrait and landscape pages, signature.

Form details the decree sets and this module keeps: page numbers in Arabic figures, in the body's size, centred in
the top margin and not shown on the first page; dates "ngày 05 tháng 3 năm 2026" (a leading zero for days under
10 and for months 1 and 2 only); the rules under the issuing unit and under the motto as wide as their text and
clear of its descenders; at least 6 pt between paragraphs; headings kept with what follows them, and the signature
block kept with the paragraph before it, so neither is left alone at the foot or the head of a page."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
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


BODY_SIZE = 13  # the body text and the page numbers (Decree 30: 13-14 pt)
PARAGRAPH_GAP = 6  # at least 6 pt between paragraphs
STYLES = {
    "body": _style("body", BODY_SIZE, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=PARAGRAPH_GAP),
    "center": _style("center", 13, alignment=TA_CENTER),
    "center_b": _style("center_b", 13, alignment=TA_CENTER, font=F + "-Bold"),
    "title": _style("title", 14, alignment=TA_CENTER, font=F + "-Bold", spaceBefore=8, keepWithNext=1),
    "subject": _style("subject", 14, alignment=TA_CENTER, font=F + "-Bold", spaceAfter=10),
    "h1": _style("h1", 13, font=F + "-Bold", spaceBefore=PARAGRAPH_GAP + 2, spaceAfter=PARAGRAPH_GAP, keepWithNext=1),
    "h2": _style("h2", 12, font=F + "-BoldItalic", spaceBefore=PARAGRAPH_GAP, spaceAfter=PARAGRAPH_GAP,
                 keepWithNext=1),
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


def long_date(day: date) -> str:
    """"ngày 05 tháng 3 năm 2026": a leading zero for days under 10 and for months 1 and 2 (Decree 30)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: date) -> str:
    return f"{place}, {long_date(day)}"


def as_of_line(day: date) -> str:
    """The cut-off of a report's figures, printed apart from its issue date."""
    return f"Số liệu tính đến ngày {fmt_date(day)}"


class Rule(Flowable):
    """The line under the issuing unit and under the motto: as wide as the text above it, drawn below the
    lowest descender of that text (the flowable's height is the gap that keeps it clear)."""

    GAP = 2.5  # points between the descenders and the line

    def __init__(self, text: str, font: str, size: float):
        super().__init__()
        self.line_width = pdfmetrics.stringWidth(text, font, size)
        # The paragraph above already reserves (leading - size) below its baseline; the descender may reach lower.
        descent = -pdfmetrics.getDescent(font, size)
        self.drop = max(0.0, descent - size * 0.25) + self.GAP

    def wrap(self, available_width, available_height):
        self._avail = available_width
        return available_width, self.drop + 1

    def draw(self):
        x = (self._avail - self.line_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 0.5, x + self.line_width, 0.5)


MOTTO = "Độc lập - Tự do - Hạnh phúc"


def header(doc: DocInfo, width: float) -> list[Flowable]:
    """Issuer and number on the left, national title and motto on the right, then the place-and-date line."""
    s = STYLES
    left = [Paragraph(esc(doc.issuer), s["center"]), Paragraph(esc(doc.issuer_unit), s["center_b"]),
            Rule(doc.issuer_unit, F + "-Bold", 13), Spacer(1, 3)]
    if doc.number:
        left.append(Paragraph(esc(doc.number), s["center"]))
    right = [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _style("nat", 12, alignment=TA_CENTER, font=F + "-Bold")),
             Paragraph(MOTTO, s["center_b"]), Rule(MOTTO, F + "-Bold", 13), Spacer(1, 4),
             Paragraph(esc(date_line(doc.place, doc.issued_on)), s["date"])]
    table = RLTable([[left, right]], colWidths=[width * 0.4, width * 0.6])
    table.setStyle([("FONT", (0, 0), (-1, -1), F, 10), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    story = [table, Spacer(1, 8), Paragraph(esc(doc.title), s["title"]), Paragraph(esc(doc.subject), s["subject"])]
    if doc.as_of:
        story.append(Paragraph(esc(f"({as_of_line(doc.as_of)})"), s["date"]))
        story.append(Spacer(1, PARAGRAPH_GAP))
    return story


ACRONYMS = {"HĐND", "UBND", "MTTQ", "ĐBQH"}


def sentence_case(text: str) -> str:
    """"THƯỜNG TRỰC HĐND" -> "Thường trực HĐND": upper-case headings as they read inside a sentence."""
    words = [w if w in ACRONYMS else w.lower() for w in text.split()]
    return " ".join(words)[:1].upper() + " ".join(words)[1:] if words else ""


def attached_to(doc: DocInfo) -> str:
    """The "Kèm theo" line of an appendix: the document's number and date; a document of a kind that carries no
    number (a card) is named with its date alone."""
    number = doc.number.replace("Số:", "").strip(" ")
    return (f"(Kèm theo {sentence_case(doc.title)}{f' số {number}' if number else ''} {long_date(doc.issued_on)} "
            f"của {sentence_case(doc.issuer_unit)})")


def closing(doc: DocInfo, width: float, last: Flowable | None = None) -> list[Flowable]:
    """Nơi nhận on the left, the signature block on the right, kept together on one page, and with `last` (the
    closing paragraph) so the signature never stands alone at the head of a page."""
    s = STYLES
    recipients = [Paragraph("<i><b>Nơi nhận:</b></i>", _style("rcpt", 12))]
    recipients += [Paragraph("- " + esc(r), _style("rcpt_i", 11)) for r in doc.recipients]
    signature = [Paragraph(esc(doc.signer_capacity), s["center_b"]), Paragraph(esc(doc.signer_title), s["center_b"]),
                 Spacer(1, 22 * mm), Paragraph(esc(doc.signer_name), s["center_b"])]
    table = RLTable([[recipients, signature]], colWidths=[width * 0.5, width * 0.5])
    table.setStyle([("FONT", (0, 0), (-1, -1), F, 10), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return [KeepTogether([*([last] if last is not None else []), Spacer(1, 10), table])]


class NumberedCanvas(rl_canvas.Canvas):
    """Numbers the pages as Decree 30 wants: from page 2 on, the bare number centred in the top margin, in the
    body's size. Each page is numbered as it ends: no total is printed, so no page is kept for the end (a report of
    40,000 items held every page's drawing in memory that way)."""

    def __init__(self, *args, **kwargs):
        # Otherwise each page starts in Helvetica (no Vietnamese glyphs) before the first setFont.
        kwargs["initialFontName"] = F
        super().__init__(*args, **kwargs)

    def showPage(self):
        if self._pageNumber > 1:
            width, height = self._pagesize
            self.setFont(F, BODY_SIZE)
            self.drawCentredString(width / 2, height - MARGINS["top"] / 2 - BODY_SIZE / 3, str(self._pageNumber))
        super().showPage()
        self.encode_page(self._doc.Pages.pages[-1])

    @staticmethod
    def encode_page(page: pdfdoc.PDFPage) -> None:
        """Encode the page's drawing now, with the filters ReportLab would apply when the document is saved (the same
        bytes): it keeps every page's drawing as text until then, about 12 KB a page, 60 MB for a report of 30,000
        items, where the encoded stream takes a quarter of that."""
        if not page.compression or not page.stream or page.Contents is not None:
            return
        filters = [pdfdoc.PDFBase85Encode, pdfdoc.PDFZCompress] if rl_config.useA85 else [pdfdoc.PDFZCompress]
        content = page.stream
        for encoding in reversed(filters):
            content = encoding.encode(content)
        stream = pdfdoc.PDFStream(content=content)
        stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(f.pdfname) for f in filters])
        stream.__Comment__ = "page stream"
        page.Contents, page.stream = stream, None


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


def appendix_head(doc: DocInfo, title: str, space_after: float = 6) -> list[Flowable]:
    """The start of a report's appendix (phụ lục): a landscape page, its title and the "Kèm theo" line."""
    head = [*landscape_next(), Paragraph(esc(title), STYLES["title"]), Paragraph(esc(attached_to(doc)), STYLES["center"])]
    return [*head, Spacer(1, space_after)] if space_after else head


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
