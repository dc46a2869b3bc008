"""The results report builder: official header, Vietnamese text, counts the data implies, page numbers."""
from __future__ import annotations

import re
import unicodedata

from reports import fonts, results
from reports.model import ResultsData
from tests.report_pdfs import pdfcheck, sample


def build(items=None) -> bytes:
    return results.build(ResultsData(doc=sample.doc(), session_name="Kỳ họp thứ nhất", as_of=sample.AS_OF,
                                     items=items if items is not None else sample.items()))


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


def test_results_report_header_counts_and_vietnamese():
    pdf = build()
    pdfcheck.save_first_page(pdf, "results-sample")
    text = pdfcheck.text(pdf)
    for line in ("HĐND THÀNH PHỐ HÀ NỘI", "THƯỜNG TRỰC HĐND", "Số: 26/BC-HĐND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 08 tháng 12 năm 2026", "BÁO CÁO",
                 "Kết quả giải quyết kiến nghị cử tri gửi đến Kỳ họp thứ nhất", "Nơi nhận:", "CHỦ TỊCH",
                 "Nguyễn Văn Phong"):
        assert line in text, line
    assert "Đã giải quyết xong" in text and "Trường Mầm non" in text and "Nông nghiệp và Môi trường" in text
    flat = " ".join(text.split())
    # 5 transferred (the classified one is not), 4 answered; 2 resolved = 40%, 1 each in progress/explained.
    assert "đã chuyển cơ quan có thẩm quyền giải quyết: 5; đã có văn bản trả lời: 4 (80,0%)" in flat
    assert "đã giải quyết xong: 2 (40,0%)" in flat
    assert "đang giải quyết: 1 (20,0%)" in flat
    assert "chưa thể giải quyết: 0 (0,0%)" in flat
    assert "30/06/2027" in flat  # the roadmap's expected date
    assert "KN-2026-000006" not in flat.split("PHỤ LỤC")[0]  # untransferred item not in the summaries
    pdfcheck.assert_fonts_ok(pdf)


def test_page_numbers_and_landscape_appendix():
    pdf = build([sample.item(n) for n in range(1, 120)])
    pages = pdfcheck.page_count(pdf)
    text = pdfcheck.text(pdf)
    assert f"Trang 1/{pages}" in text and f"Trang {pages}/{pages}" in text
    assert "KN-2026-000119" in text
    # The appendix header repeats on every appendix page.
    appendix = text.split("PHỤ LỤC")[1]
    assert len(re.findall("Hạn trả\\s+lời", appendix)) >= 3
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert first.width < first.height and last.width > last.height  # portrait summary, landscape appendix
