"""The results report builder and the official form (Decree 30/2020): what the text says, and where things are
drawn (page numbers, underlines, headings, the signature block), read back with pdfplumber's coordinates."""
from __future__ import annotations

import io
import re
import unicodedata
from datetime import date

import pdfplumber
import pytest

from reports import fonts, official, results
from reports.official import STYLES, long_date
from tests.report_pdfs import pdfcheck, sample


def build(many: int = 0) -> bytes:
    return results.build(sample.results(many))


def vietnamese_alphabet() -> str:
    """Every letter of Vietnamese, lower and upper case: the vowels with each of the five tone marks."""
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # huyền, sắc, hỏi, ngã, nặng
    vowels = "aăâeêioôơuưy"
    letters = "bcdđghklmnpqrstvx" + "".join(unicodedata.normalize("NFC", v + t) for v in vowels for t in tones)
    return letters + letters.upper()


def test_fonts_cover_vietnamese():
    font_set = fonts.register()
    assert font_set.name == "Liberation Serif"  # Times New Roman's metrics, kept in reports/ttf
    assert all(path.is_file() for path in (font_set.regular, font_set.bold, font_set.italic, font_set.bold_italic))
    assert len(vietnamese_alphabet()) == 2 * (17 + 12 * 6)
    assert fonts.covers(vietnamese_alphabet()) == set()
    assert fonts.covers("Đã giải quyết xong Trường Mầm non ỹ ự ằ ẫ Ở") == set()


def test_results_report_prints_the_figures_it_is_given():
    pdf = build()
    pdfcheck.save_first_page(pdf, "results-sample")
    text = pdfcheck.text(pdf)
    for line in ("HĐND THÀNH PHỐ HÀ NỘI", "THƯỜNG TRỰC HĐND", "Số: 26/BC-HĐND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 10 tháng 12 năm 2026", "BÁO CÁO",
                 "(Số liệu tính đến ngày 08/12/2026)", "Nơi nhận:", "CHỦ TỊCH", "Nguyễn Văn Phong", "Căn cứ"):
        assert line in text, line
    flat = " ".join(text.split())
    assert "đã chuyển cơ quan có thẩm quyền giải quyết: 5." in flat
    assert "Số kiến nghị đã được trả lời: 4/5, đạt 80,0%" in flat
    assert "trả lời đúng hạn: 3/5, đạt 60,0%" in flat
    assert "đã giải quyết xong: 2/5, đạt 40,0%" in flat and "chưa thể giải quyết: 0/5, đạt 0,0%" in flat
    assert "30/06/2027" in flat and "60 % (12/10/2026): Đang thi công" in flat  # roadmap and its progress
    assert "Cơ quan chịu trách nhiệm" in flat and "UBND phường Cầu Giấy" in flat.split("Cơ quan chịu trách nhiệm")[1]
    # The appendix: the voters' full text, the answer, its letter, grouped by field, with the "Kèm theo" line.
    appendix = flat.split("PHỤ LỤC")[1]
    assert "Kèm theo Báo cáo số 26/BC-HĐND ngày 10 tháng 12 năm 2026 của Thường trực HĐND" in appendix
    assert "Lĩnh vực: Giáo dục và đào tạo" in appendix and "Cử tri đề nghị sửa trường số 1." in appendix
    assert "88/SNNMT-VP" in appendix and "01/08/2026" in appendix and "Đã kết thúc: Giải trình, cung cấp thông tin" in appendix
    assert "Đã giải quyết xong / đã giải trình" not in flat
    pdfcheck.assert_fonts_ok(pdf)


def test_an_agency_with_nothing_due_shows_no_rate_rather_than_zero():
    with pdfplumber.open(io.BytesIO(build())) as pdf:
        text = " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())
    # Sở Y tế only returned an item: it is not in the agency table; an agency with items not yet due says so.
    data = sample.results()
    data.by_agency.append(sample.figures("UBND xã Gia Lâm", transferred=1, answered=0, answered_on_time=0,
                                         answered_late=0, overdue_unanswered=0, overdue=0, pending_in_time=1,
                                         on_time_base=0))
    flat = " ".join(pdfcheck.text(results.build(data)).split())
    assert re.search(r"UBND xã Gia Lâm 1 0 0 0 0 1 0 không phát sinh", flat), flat
    assert "Sở Y tế 0 0" not in text


def test_nothing_due_is_said_once_in_the_text():
    """With nothing fallen due, the text said "0/0 (không phát sinh) (tỷ lệ đúng hạn: không phát sinh)"."""
    data = sample.results()
    data.totals = sample.figures(transferred=2, answered=0, answered_on_time=0, answered_late=0,
                                 overdue_unanswered=0, overdue=0, pending_in_time=2, on_time_base=0)
    flat = " ".join(pdfcheck.text(results.build(data)).split())
    sentence = flat.split("trả lời đúng hạn: ")[1].split("; trả lời trễ hạn")[0]
    assert sentence == "không phát sinh (chưa có kiến nghị nào đến hạn trả lời)"
    assert "(không phát sinh) (tỷ lệ" not in flat
    assert "trả lời đúng hạn: 3/5, đạt 60,0% (tỷ lệ đúng hạn); trả lời trễ hạn" in " ".join(
        pdfcheck.text(build()).split())


def test_agency_card_appendix_names_the_card_and_its_date():
    """The card has no document number: its appendix is "attached to" the card of its date, by its issuer."""
    from reports import agency_card
    from reports.model import AgencyCardData, DocInfo

    doc = DocInfo(title="PHIẾU ĐÁNH GIÁ", subject="Kết quả trả lời kiến nghị cử tri của các cơ quan",
                  issued_on=sample.ISSUED, as_of=sample.AS_OF, number="")
    pdf = agency_card.build(AgencyCardData(doc=doc, as_of=sample.AS_OF, cards=[sample.figures("Sở Xây dựng")],
                                           items=sample.items(), totals=sample.figures()))
    appendix = " ".join(pdfcheck.text(pdf).split()).split("DANH SÁCH KIẾN NGHỊ ĐƯỢC CHUYỂN")[1]
    assert appendix.strip().startswith("(Kèm theo Phiếu đánh giá ngày 10 tháng 12 năm 2026 của Thường trực HĐND)")
    assert "KN-2026-000001" in appendix


@pytest.mark.parametrize("day, expected", [
    (date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"), (date(2026, 1, 15), "ngày 15 tháng 01 năm 2026"),
    (date(2026, 2, 9), "ngày 09 tháng 02 năm 2026"), (date(2026, 12, 8), "ngày 08 tháng 12 năm 2026"),
    (date(2026, 11, 22), "ngày 22 tháng 11 năm 2026"),
])
def test_dates_in_words_follow_decree_30(day, expected):
    assert long_date(day) == expected


def test_page_numbers_top_centre_from_page_two_in_body_size():
    pdf = build(many=120)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 4
        for number, page in enumerate(doc.pages, start=1):
            top = [w for w in page.extract_words(extra_attrs=["size"]) if w["top"] < official.MARGINS["top"] * 0.8]
            if number == 1:
                assert top == []  # the first page carries no number
                continue
            assert [w["text"] for w in top] == [str(number)], (number, top)
            word = top[0]
            assert abs((word["x0"] + word["x1"]) / 2 - page.width / 2) < 1  # centred
            assert word["size"] == official.BODY_SIZE
        last = doc.pages[-1]
        assert doc.pages[0].width < doc.pages[0].height and last.width > last.height  # landscape appendix
    assert "Trang" not in pdfcheck.text(pdf)


def _line_under(page, text: str):
    words = page.extract_words()
    first = text.split()[0]
    start = next(i for i, w in enumerate(words) if w["text"] == first and
                 " ".join(x["text"] for x in words[i:i + len(text.split())]) == text)
    span = words[start:start + len(text.split())]
    chars = [c for c in page.chars if span[0]["top"] - 1 <= c["top"] <= span[0]["top"] + 1
             and span[0]["x0"] - 1 <= c["x0"] <= span[-1]["x1"] + 1]
    below = [ln for ln in page.lines if ln["top"] > span[0]["top"] and ln["top"] - span[0]["bottom"] < 12
             and ln["x0"] < span[-1]["x1"] and ln["x1"] > span[0]["x0"]]
    assert len(below) == 1, below
    return span, chars, below[0]


@pytest.mark.parametrize("text", ["THƯỜNG TRỰC HĐND", "Độc lập - Tự do - Hạnh phúc"])
def test_issuer_and_motto_underlines_are_as_wide_as_the_text_and_clear_of_descenders(text):
    with pdfplumber.open(io.BytesIO(build())) as doc:
        span, chars, line = _line_under(doc.pages[0], text)
    assert abs(line["x0"] - span[0]["x0"]) < 0.6 and abs(line["x1"] - span[-1]["x1"]) < 0.6
    lowest = max(c["bottom"] for c in chars)  # pdfplumber's bottom includes the font's descent
    assert line["top"] > lowest + 0.5, (line["top"], lowest)


def test_paragraphs_are_six_points_apart_and_headings_stay_with_what_follows():
    assert STYLES["body"].spaceAfter >= 6 and STYLES["h1"].spaceAfter >= 6 and STYLES["h2"].spaceBefore >= 6
    pdf = build(many=60)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            lines = page.extract_text_lines()
            body = [ln for ln in lines if ln["top"] > official.MARGINS["top"]]
            if not body:
                continue
            last = body[-1]["text"]
            assert not re.match(r"^[IVX]+\. [A-ZĐ]", last), f"heading alone at the foot of a page: {last}"
            assert not last.startswith("Lĩnh vực:"), last
        signature_page = next(p for p in doc.pages if "TM. THƯỜNG TRỰC HĐND" in (p.extract_text() or ""))
        before = (signature_page.extract_text() or "").split("TM. THƯỜNG TRỰC HĐND")[0]
        assert "Đề nghị UBND chỉ đạo" in before  # the signature block keeps its closing paragraph with it


def test_a_card_and_an_item_sheet_carry_the_number_their_kind_has():
    from reports import agency_card, item_sheet
    from reports.model import AgencyCardData, DocInfo, ItemSheetData

    card_doc = DocInfo(title="PHIẾU ĐÁNH GIÁ", subject="Kết quả trả lời", issued_on=sample.ISSUED, number="")
    card = pdfcheck.text(agency_card.build(AgencyCardData(doc=card_doc, as_of=sample.AS_OF, cards=[], items=[])))
    assert "PHIẾU ĐÁNH GIÁ" in card and "/BC-HĐND" not in card and "Số:" not in card
    sheet_doc = DocInfo(title="PHIẾU THEO DÕI KIẾN NGHỊ", subject="Kiến nghị KN-1", issued_on=sample.ISSUED, number="")
    sheet = pdfcheck.text(item_sheet.build(ItemSheetData(doc=sheet_doc, item=sample.item(1), content="Nội dung",
                                                         fields=[], answers=[], timeline=[])))
    assert "Số:" not in sheet and "PHIẾU THEO DÕI" in sheet


def test_hundreds_of_agencies_chart_over_several_pages():
    """A chart is one drawing that cannot be split: 300 agencies in one on-time chart stopped the report with a
    LayoutError (the load data's largest session). They are charted 28 to a chart, every agency kept."""
    data = sample.results()
    data.by_agency = [sample.figures(f"Cơ quan số {n:03d}", transferred=2, answered=1, answered_on_time=1,
                                     on_time_base=2) for n in range(300)]
    flat = " ".join(pdfcheck.text(results.build(data)).split())
    assert flat.count("Tỷ lệ trả lời đúng hạn theo cơ quan (%) (tiếp theo)") == 10  # 11 charts: 10 x 28 + 20
    assert "Cơ quan số 000" in flat and "Cơ quan số 299" in flat


def test_an_agency_card_charts_every_agency_on_landscape_pages():
    """The card's chart kept 20 agencies, one bar too many for a landscape page (LayoutError from 20 agencies
    with answers due on); now every agency is charted, 19 to a chart."""
    from reports import agency_card
    from reports.model import AgencyCardData

    cards = [sample.figures(f"Cơ quan số {n:03d}", transferred=2, answered=1, answered_on_time=1, on_time_base=2)
             for n in range(40)]
    flat = " ".join(pdfcheck.text(agency_card.build(AgencyCardData(
        doc=sample.doc("Kết quả trả lời kiến nghị cử tri của các cơ quan"), as_of=sample.AS_OF, cards=cards,
        items=[], totals=sample.figures()))).split())
    assert flat.count("Tỷ lệ trả lời đúng hạn theo cơ quan (%) (tiếp theo)") == 2  # 19 + 19 + 2
    assert "Cơ quan số 000" in flat and "Cơ quan số 039" in flat


def test_pages_are_encoded_as_they_end_into_the_bytes_reportlab_would_write(monkeypatch):
    """ReportLab keeps each page's drawing as text until the document is saved; the canvas encodes it as the page
    ends (no page keeps its text to the end), and the file is byte for byte the one ReportLab would have written."""
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 1)  # no time stamp or random id: two builds can be compared
    ended: list = []  # every page as it ended, handed to encode_page
    kept: list[int] = []
    save, encode_page = official.NumberedCanvas.save, official.NumberedCanvas.encode_page

    def counting_save(canvas):
        kept.append(sum(1 for page in ended if page.stream))  # pages whose drawing is still text at the save
        ended.clear()
        save(canvas)

    def watched(encode):
        return staticmethod(lambda page: (ended.append(page), encode(page)))

    monkeypatch.setattr(official.NumberedCanvas, "save", counting_save)
    monkeypatch.setattr(official.NumberedCanvas, "encode_page", watched(encode_page))
    encoded = build(many=120)
    monkeypatch.setattr(official.NumberedCanvas, "encode_page", watched(lambda page: None))
    at_save = build(many=120)
    assert kept[0] == 0 and kept[1] == pdfcheck.page_count(at_save) > 5
    assert encoded == at_save
