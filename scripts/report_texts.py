"""Write the text of every report's PDF (pdftotext -layout) and every cell of its workbook into a folder, for one
database, so that two versions of the code can be compared with `diff -r` (a change meant to leave the reports as
they were, such as streaming their rows, must give the same folder).

Usage, from the folder of the code to run (this script may belong to another copy):
  DATABASE_URL=... CLOCK_FROZEN_AT=2026-11-23T07:30 APP_ENV=development python .../report_texts.py OUT_DIR [--large]
The database is only read (a SQLite file is best opened read-only: sqlite:///file:PATH?mode=ro&uri=true). Without
--large: every session, as of today, 15/07/2026 and 08/12/2026 (the demo); with --large: the largest session, as of
today and 23/10/2026 (the load data). Each kind of report, the agency card and overdue list of the busiest agency,
the overdue list across sessions, five list exports and an item sheet.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, os.getcwd())


def cells(data: bytes) -> dict:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return {ws.title: {"rows": [[None if c.value is None else str(c.value) for c in row] for row in ws.iter_rows()],
                       "filter": ws.auto_filter.ref, "freeze": ws.freeze_panes, "print": str(ws.print_title_rows),
                       "widths": {k: v.width for k, v in ws.column_dimensions.items()}}
            for ws in book.worksheets}


def requests(large: bool) -> list[tuple[str, object]]:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Petition, Session
    from app.services.reporting.files import ReportRequest

    by_size = select(Petition.session_id).group_by(Petition.session_id).order_by(func.count().desc()).limit(1)
    sessions = [db.session.scalar(by_size)] if large else list(db.session.scalars(select(Session.id)))
    agency = db.session.scalar(select(Petition.lead_agency_id).where(Petition.lead_agency_id.is_not(None))
                               .group_by(Petition.lead_agency_id).order_by(func.count().desc()).limit(1))
    days = [None, date(2026, 10, 23)] if large else [None, date(2026, 7, 15), date(2026, 12, 8)]
    out = []
    for s in sessions:
        for d in days:
            for kind in ("results", "compilation", "overdue", "agency"):
                for fmt in ("pdf", "xlsx"):
                    out.append((f"{kind}-s{s}-{d}-{fmt}", ReportRequest(kind=kind, format=fmt, session=s, as_of=d)))
            out.append((f"agency-a{agency}-s{s}-{d}-pdf",
                        ReportRequest(kind="agency", format="pdf", session=s, as_of=d, agency=agency)))
            out.append((f"overdue-a{agency}-s{s}-{d}-xlsx",
                        ReportRequest(kind="overdue", format="xlsx", session=s, as_of=d, agency=agency)))
    for d in days:
        out.append((f"overdue-all-{d}-pdf", ReportRequest(kind="overdue", format="pdf", as_of=d)))
    for filters in ({"status": "closed"}, {"status": "transferred", "sort": "due_date"}, {"overdue": "1"},
                    {"q": "đường"}, {}):
        name = "-".join(f"{k}{v}" for k, v in filters.items())
        out.append((f"list-{name}", ReportRequest(kind="list", format="xlsx", filters=filters)))
    first = db.session.scalar(select(Petition.code).order_by(Petition.id).limit(1))
    out += [(f"item-{fmt}", ReportRequest(kind="item", format=fmt, code=first)) for fmt in ("pdf", "xlsx")]
    return out


def main() -> None:
    out, large = Path(sys.argv[1]), "--large" in sys.argv[2:]
    from app import create_app
    from app.models import User
    from app.services.reporting.files import generate

    out.mkdir(parents=True, exist_ok=True)
    with create_app().app_context():
        reader = User(username="texts", full_name="Texts", role="admin", active=True)  # sees every item; not saved
        for name, request in requests(large):
            report = generate(reader, request)
            head = f"rows={report.rows} file={report.filename}\n"
            if request.format == "pdf":
                text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=report.data,
                                      capture_output=True, check=True).stdout.decode()
                (out / f"{name}.txt").write_text(head + text)
            else:
                (out / f"{name}.json").write_text(head + json.dumps(cells(report.data), ensure_ascii=False, indent=0))
            print(f"{name}: {report.rows} rows, {report.seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
