"""Benchmark: importing a generated 10,000-row summary sheet (make bench), beside a bare openpyxl read of the same
file in the same run: seconds and peak memory (tracemalloc) of each. Before issue 14, 5,000 rows took about 20 s
against 0.5 s to read (three flushes and a code lookup per row). The goal is at most 5 times the read.

Usage: python tests/bench/bench_import.py [--rows 10000] [--database-url URL] [--profile] [--repeat N]
                                          [--modes copy,executemany]
       python tests/bench/bench_import.py --preview-on URL [--rows 2000]

--repeat N runs the read and the import N times, on fresh tables each time, and prints the medians: on a shared
machine one run's ratio swings by a factor of two. Each run reads the file before the import and again after it, and
takes the mean of the two reads as the figure the import is compared with. --modes copy,executemany takes turns between the import as it
is and the same import writing by executemany on PostgreSQL (as before COPY), in the same process.

--profile runs the import under cProfile and counts its SQL statements (an SQLAlchemy event listener), printing the
statements by kind with their time and the functions that took longest: a statement count that grows with the
rows is the first thing to look for.

--preview-on URL measures the check alone (importer.plan: read, match, suspected duplicates; nothing is written)
of a sheet whose rows are the contents of the newest items of an existing database (the load data: a copy of a
SQLite file, or a PostgreSQL database), so that every row has twins in the search index; the suspected duplicates'
share of the time is printed apart. The database is only read, and the transaction rolled back.
"""
from __future__ import annotations

import argparse
import functools
import io
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SECTIONS = ["I. LĨNH VỰC Y TẾ", "II. LĨNH VỰC GIÁO DỤC VÀ ĐÀO TẠO", "III. LĨNH VỰC XÂY DỰNG, GIAO THÔNG VÀ ĐÔ THỊ"]
AGENCIES = ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Xây dựng", "UBND xã Gia Lâm"]
WORDS = ["đường", "ngõ", "cống", "thoát", "nước", "trường", "học", "trạm", "y", "tế", "đèn", "chiếu", "sáng", "cầu", "treo", "kênh", "mương", "bãi", "rác", "chợ", "dân", "sinh", "nhà", "văn", "hóa", "sân", "chơi", "trẻ", "em", "bảo", "hiểm", "giấy", "chứng", "nhận", "đất", "đai", "tiến", "độ", "dự", "án", "đền", "bù", "giải", "phóng", "mặt", "bằng"]


def generate(rows: int) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(14)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tong hop")
    ws.append(["HĐND THÀNH PHỐ HÀ NỘI"])
    ws.append(["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI trước Kỳ họp thứ 2"])
    ws.append(["STT", "Nội dung kiến nghị", "Địa phương", "Ngày tiếp xúc", "Địa điểm tiếp xúc", "Cơ quan giải quyết"])
    per_section = rows // len(SECTIONS) + 1
    written = 0
    for section in SECTIONS:
        ws.append([section])
        for n in range(1, per_section + 1):
            if written == rows:
                break
            words = " ".join(rng.choice(WORDS) for _ in range(18))
            commune = f"xã {rng.randint(1, 60)}"
            ws.append([n, f"Đề nghị {words} (kiến nghị số {written + 1}).", commune, f"{rng.randint(1, 28)}/6/2026",
                       f"Nhà văn hóa {commune}", rng.choice(AGENCIES)])
            written += 1
    ws.append([f"Tổng cộng: {rows} kiến nghị"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sheet_of(contents: list[str]) -> bytes:
    """A sheet in the office's shape whose rows carry `contents`, without dates or agencies (nothing to create)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tong hop")
    ws.append(["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"])
    ws.append(["STT", "Nội dung kiến nghị", "Địa phương"])
    for n, content in enumerate(contents, 1):
        ws.append([n, f"Cử tri đề nghị: {content}", f"xã {n % 60 + 1}"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def preview(url: str, rows: int) -> int:
    """Time importer.plan of a sheet of the newest `rows` items' contents against the database at `url`."""
    from sqlalchemy import select

    from app import create_app
    from app.extensions import db
    from app.models import Petition, Session, User
    from app.services.imports import importer
    from config import TestingConfig

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    phases: dict[str, float] = {}
    real = importer._suspect_duplicates

    def timed(*args):
        started = time.perf_counter()
        real(*args)
        phases["suspects"] = time.perf_counter() - started

    importer._suspect_duplicates = timed
    with app.app_context():
        clerk = db.session.scalar(select(User).where(User.role == "clerk", User.active.is_(True)).limit(1))
        session = db.session.scalar(select(Session).order_by(Session.id.desc()).limit(1))
        items = db.session.scalar(select(Petition.id).order_by(Petition.id.desc()).limit(1))
        contents = list(db.session.scalars(select(Petition.content).order_by(Petition.id.desc()).limit(rows)))
        data = sheet_of(contents)
        checked, seconds, cpu, peak = measure(lambda: importer.plan(clerk, "preview.xlsx", data, session_id=session.id))
        flagged = sum(bool(r.duplicates) for r in checked.rows)
        recorded = sum(any(not d.startswith("dòng ") for d in r.duplicates) for r in checked.rows)
        db.session.rollback()
    print(f"Check (preview) of a {len(contents):,}-row sheet of the newest items' contents against {url.split(':')[0]}"
          f" with {items:,} as the last item id:")
    print(f"  plan {seconds:6.2f} s (CPU {cpu:6.2f} s), of which suspected duplicates {phases['suspects']:6.2f} s; "
          f"{flagged:,} rows with suspects, {recorded:,} of them with an item already recorded; peak RSS {peak:6.1f} MB")
    return 0


def measure(call):
    """Wall seconds, CPU seconds of this process, and its peak resident memory after the call (tracemalloc slowed
    both ten times, so the peak is the kernel's: the read runs first, so the import's figure includes it). The CPU
    time is the steadier figure on a shared machine; the database's own work (SQLite is in-process) is in it."""
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return result, seconds, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_read(data: bytes) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    count = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    wb.close()
    return count


def _import(importer, db, clerk, data: bytes):
    done = importer.run(clerk, "bench.xlsx", data)
    db.session.commit()
    return done


def _profiled(call, engine):
    """`call()` under cProfile with every SQL statement counted and timed; prints both, returns the result."""
    import cProfile
    import pstats

    from sqlalchemy import event

    statements: dict[str, list[float]] = {}

    def before(conn, _cursor, _statement, _params, _context, _many):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, _cursor, statement, _params, _context, _many):
        kind = " ".join(statement.split()[:3])[:48]
        entry = statements.setdefault(kind, [0, 0.0])
        entry[0] += 1
        entry[1] += time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    profile = cProfile.Profile()
    try:
        result = profile.runcall(call)
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    print(f"SQL statements: {sum(n for n, _t in statements.values())}")
    for kind, (n, seconds) in sorted(statements.items(), key=lambda kv: -kv[1][1])[:12]:
        print(f"  {n:6d} {seconds:7.3f} s  {kind}")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return result


def _without_copy():
    """Measuring aid: PostgreSQL writes as SQLite does (executemany; ids read back by code; meetings by the ORM),
    to see what COPY saves in the same process. Restores the module's values on exit."""
    from contextlib import contextmanager

    from app.services import bulk

    @contextmanager
    def patched():
        saved = bulk.COPY_FROM, bulk.new_ids
        bulk.COPY_FROM, bulk.new_ids = 10**12, lambda *_args, **_kw: None
        try:
            yield
        finally:
            bulk.COPY_FROM, bulk.new_ids = saved

    return patched()


def _catalogue(db) -> object:
    """Fresh tables with the sheet's session, fields and agencies; returns the clerk who imports."""
    from datetime import date

    from app.models import Agency, Committee, Field, Session, Term, User

    db.drop_all()
    db.create_all()
    term = Term(name="Khóa XVII", number="XVII", start_year=2026, end_year=2031)
    db.session.add_all([term, Session(term=term, number=2, name="Kỳ họp thứ hai", opening=date(2026, 7, 1))])
    committee = Committee(code="VHXH", name="Ban Văn hóa - Xã hội")
    db.session.add(committee)
    for code, name in (("YT", "Y tế"), ("GD", "Giáo dục và đào tạo"), ("XD", "Xây dựng, giao thông và đô thị")):
        db.session.add(Field(code=code, name=name, committee=committee))
    for i, name in enumerate(AGENCIES):
        db.session.add(Agency(code=f"A{i}", name=name, competence_level="province"))
    clerk = User(username="clerk", full_name="Văn thư", role="clerk", password_hash="x")
    db.session.add(clerk)
    db.session.commit()
    return clerk


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", action="store_true", help="cProfile the import and count its SQL statements")
    parser.add_argument("--preview-on", default=None, help="time the check alone against this existing database")
    parser.add_argument("--repeat", type=int, default=1, help="runs (fresh tables each), the modes taking turns")
    parser.add_argument("--modes", default="copy", help="copy, executemany (PostgreSQL without COPY), or both: "
                        "copy,executemany")
    args = parser.parse_args()
    if args.preview_on:
        return preview(args.preview_on, args.rows)
    import statistics
    from contextlib import nullcontext

    from app import create_app
    from app.extensions import db
    from app.services.imports import importer
    from config import TestingConfig

    data = generate(args.rows)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    ratios: dict[str, list[tuple[float, float, float]]] = {m: [] for m in modes}
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": tmp})
        print(f"Import of a generated {args.rows:,}-row sheet ({len(data) / 1024:.0f} KiB, {url.split(':')[0]}):")
        with app.app_context():
            for turn in range(args.repeat):
                for mode in modes:
                    clerk = _catalogue(db)
                    rows, read_s, read_cpu, read_mb = measure(lambda: bare_read(data))
                    run = functools.partial(_import, importer, db, clerk, data)
                    if args.profile:
                        run = functools.partial(_profiled, run, db.engine)
                    with _without_copy() if mode == "executemany" else nullcontext():
                        done, import_s, import_cpu, import_mb = measure(run)
                    # The read again after the import, and the mean of the two as its figure: this machine's speed
                    # drifts within a minute (the same read took 2.9 s and 3.5 s in one run), and a read taken
                    # before the import alone moved the ratio with that drift.
                    _rows, again_s, again_cpu, _mb = measure(lambda: bare_read(data))
                    read_s, read_cpu = (read_s + again_s) / 2, (read_cpu + again_cpu) / 2
                    items = done.item_count
                    assert items == args.rows and done.classified_count == args.rows
                    db.session.remove()  # its open read transaction would make PostgreSQL's DROP TABLE wait for ever
                    ratios[mode].append((import_s, import_s / read_s, import_cpu / read_cpu))
                    print(f"run {turn + 1}, {mode if url.startswith('postgresql') else 'executemany (SQLite)'}:")
                    print(f"  bare openpyxl read   {read_s:6.2f} s (CPU {read_cpu:6.2f} s)   peak RSS {read_mb:6.1f} MB   "
                          f"({rows:,} rows; the mean of a read before the import and one after)")
                    print(f"  import (check+write) {import_s:6.2f} s (CPU {import_cpu:6.2f} s)   peak RSS "
                          f"{import_mb:6.1f} MB   ({items:,} items classified, committed)")
                    print(f"  ratio {import_s / read_s:.1f}x wall, {import_cpu / read_cpu:.1f}x CPU (goal at most 5x)")
            db.drop_all()
            db.engine.dispose()
    if args.repeat > 1:
        for mode, runs in ratios.items():
            print(f"median of {len(runs)} runs, {mode}: import {statistics.median(r[0] for r in runs):.2f} s, ratio "
                  f"{statistics.median(r[1] for r in runs):.1f}x wall, {statistics.median(r[2] for r in runs):.1f}x CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
