"""Benchmark of the results report (make bench): seconds and peak memory at 1,000 / 10,000 / 20,000 items,
next to a bare ReportLab baseline laying out the same rows, and one giant LongTable to show why we chunk.

Each measurement runs in its own child process, so peak memory (ru_maxrss) belongs to that one build.
Usage: python tests/bench/bench_reports.py [--sizes 1000,10000,20000] [--longtable 1000,2000,4000]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

WORDS = str.split("Đề nghị sửa chữa Trường Mầm non Hoa Sen, nạo vét kênh tiêu, lắp đèn chiếu sáng ngõ 12 phố Nguyễn Trãi; "
         "xử lý ô nhiễm môi trường tại cụm công nghiệp, hỗ trợ giải phóng mặt bằng đường vành đai")
AGENCIES = ["Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Giáo dục và Đào tạo", "Sở Y tế",
            "UBND phường Cầu Giấy", "UBND xã Gia Lâm", "Công ty TNHH MTV Thoát nước Hà Nội"]
FIELDS = [("Giáo dục và đào tạo", "Ban Văn hóa - Xã hội"), ("Xây dựng, quy hoạch và trật tự đô thị", "Ban Đô thị"),
          ("Tài nguyên và môi trường", "Ban Đô thị"), ("Đất đai", "Ban Kinh tế - Ngân sách")]
STATUSES = [("closed", "Đã kết thúc: Đã giải quyết xong"), ("on_roadmap", "Đang giải quyết theo lộ trình"),
            ("transferred", "Đã chuyển cơ quan giải quyết"), ("answered", "Đã trả lời, chờ đánh giá")]
AS_OF = date(2026, 12, 8)


def items(n: int):
    """n plain ItemRows with realistic Vietnamese text of varying length (seeded: every run is the same)."""
    from reports.model import ItemRow
    from workflows.collation import sort_key

    rng = random.Random(n)
    out = []
    for i in range(n):
        status, label = STATUSES[i % len(STATUSES)]
        field, committee = FIELDS[i % len(FIELDS)]
        due = date(2026, 8, 1) + timedelta(days=i % 60)
        answered = None if status == "transferred" else due + timedelta(days=rng.randint(-25, 10))
        out.append(ItemRow(
            code=f"KN-2026-{i + 1:06d}", summary=" ".join(rng.choices(WORDS, k=rng.randint(8, 30))),
            locality=f"phường {rng.choice(['Hà Đông', 'Cầu Giấy', 'Long Biên', 'Hoàn Kiếm'])}", field=field,
            committee=committee, agency=AGENCIES[i % len(AGENCIES)], status=status, status_label=label,
            result_category=None if answered is None else rng.choice(["resolved", "explained", "in_progress"]),
            transferred_on=date(2026, 7, 6), due_date=due, answered_on=answered,
            expected_date=date(2027, 6, 30) if status == "on_roadmap" else None,
            answer_summary=" ".join(rng.choices(WORDS, k=rng.randint(5, 25))) if answered else "",
            session_number=1, sessions_outstanding=int(status != "closed" and i % 5 == 0)))
    # In the order the appendix prints them, as the data layer hands them over: by field, then code.
    return sorted(out, key=lambda row: (sort_key(row.field), row.code))


def run_results(n: int) -> int:
    from reports import results
    from reports.model import DocInfo, ResultsData

    doc = DocInfo(title="BÁO CÁO", subject="Kết quả giải quyết kiến nghị cử tri gửi đến Kỳ họp thứ nhất",
                  issued_on=AS_OF, number="Số: 26/BC-HĐND")
    return len(results.build(ResultsData(doc=doc, session_name="Kỳ họp thứ nhất", as_of=AS_OF, items=items(n))))


def _baseline_rows(n: int):
    from reportlab.platypus import Paragraph

    from reports.official import STYLES, fmt_date

    cell = STYLES["cell"]
    for i in items(n):
        yield [i.code, Paragraph(i.summary, cell), Paragraph(i.locality, cell), Paragraph(i.agency, cell),
               Paragraph(i.status_label, cell), fmt_date(i.due_date), Paragraph(i.answer_summary, cell)]


def run_baseline(n: int, chunk: int | None = 40) -> int:
    """Bare ReportLab: the appendix rows only (same font, cells and widths), SimpleDocTemplate, no header,
    summaries, charts or page totals. chunk=None: one LongTable with a repeated header (the naive way)."""
    import io

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import LongTable, SimpleDocTemplate, Table

    from reports.official import MARGINS

    page = landscape(A4)
    width = page[0] - MARGINS["left"] - MARGINS["right"]
    rel = [2.6, 6, 2.4, 3, 2.6, 1.8, 6]
    widths = [width * w / sum(rel) for w in rel]
    head = ["Mã", "Nội dung tóm tắt", "Địa bàn", "Cơ quan", "Trạng thái", "Hạn", "Tóm tắt trả lời"]
    style = [("FONT", (0, 0), (-1, -1), "KNSerif", 9.5), ("GRID", (0, 0), (-1, -1), 0.4, "black"),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]
    rows = list(_baseline_rows(n))
    if chunk is None:
        story = [LongTable([head] + rows, colWidths=widths, repeatRows=1, style=style)]
    else:
        story = [Table([head] + rows[s:s + chunk], colWidths=widths, repeatRows=1, style=style)
                 for s in range(0, len(rows), chunk)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=page, **{f"{k}Margin": v for k, v in MARGINS.items()}).build(story)
    return len(buffer.getvalue())


def child(kind: str, n: int) -> None:
    """Run one measurement in this process and print it as JSON."""
    from reports import fonts

    fonts.register()
    started = time.perf_counter()
    size = {"results": run_results, "baseline": run_baseline,
            "longtable": lambda n: run_baseline(n, chunk=None)}[kind](n)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "rows": n, "seconds": round(seconds, 2), "peak_mb": round(peak_mb),
                      "pdf_kb": size // 1024}))


def measure(kind: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(n)], check=True, capture_output=True,
                         text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,20000")
    parser.add_argument("--longtable", default="1000,2000,4000")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ROWS"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    print(f"{'measurement':<34}{'rows':>8}{'seconds':>10}{'ms/row':>9}{'peak MB':>9}{'PDF KB':>9}")
    results = {}
    for n in (int(x) for x in args.sizes.split(",") if x):
        for kind in ("results", "baseline"):
            m = measure(kind, n)
            results[(kind, n)] = m
            label = "results report" if kind == "results" else "bare ReportLab, 40-row tables"
            print(f"{label:<34}{n:>8}{m['seconds']:>10.2f}{1000 * m['seconds'] / n:>9.2f}{m['peak_mb']:>9}"
                  f"{m['pdf_kb']:>9}", flush=True)
        ratio = results[("results", n)]["seconds"] / max(results[("baseline", n)]["seconds"], 1e-9)
        print(f"{'  ratio results / bare':<34}{n:>8}{ratio:>10.2f}", flush=True)
    for n in (int(x) for x in args.longtable.split(",") if x):
        m = measure("longtable", n)
        print(f"{'bare ReportLab, one LongTable':<34}{n:>8}{m['seconds']:>10.2f}{1000 * m['seconds'] / n:>9.2f}"
              f"{m['peak_mb']:>9}{m['pdf_kb']:>9}", flush=True)


if __name__ == "__main__":
    main()
