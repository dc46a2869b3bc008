"""What a coordinating agency (cơ quan phối hợp) sees of an item another agency leads: the submitted answer and
its files, never the lead agency's drafts, their files, or its internal steps (draft, send back to the officer)."""
from __future__ import annotations

import io

from app.extensions import db
from app.models import Attachment
from tests.report_pdfs import pdfcheck

PDF = b"%PDF-1.4\n%%EOF\n"


def post_with_file(client, p, action, name, **fields):
    data = {f"{action}-{k}": v for k, v in fields.items()}
    data[f"{action}-version"] = str(p.version)
    data[f"{action}-files"] = (io.BytesIO(PDF + name.encode()), name)
    response = client.post(f"/petitions/{p.code}/{action}", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    db.session.refresh(p)


def page_of(client, p) -> str:
    return client.get(f"/petitions/{p.code}").get_data(as_text=True)


def exported_status(client, p) -> str:
    """The state written in the list export's row of `p` (under the header "Trạng thái")."""
    from openpyxl import load_workbook

    export = client.get("/reports/export/petitions.xlsx")
    assert export.status_code == 200, export.status_code
    rows = [list(row) for row in load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True)]
    header = next(r for r in rows if "Trạng thái" in r)
    return next(r for r in rows if p.code in r)[header.index("Trạng thái")]


def file_id(name: str) -> int:
    return db.session.query(Attachment).filter_by(filename=name).one().id


def test_coordinating_agency_sees_the_submitted_answer_not_the_drafts(client, auth, build):
    p = build.petition("transferred")  # led by Sở Xây dựng, Sở Y tế coordinates
    coordinating = build.user("agency_officer", build.other_agency)
    auth.login(build.officer)
    post_with_file(client, p, "draft_answer", "du-thao-1.pdf", text="Dự thảo lần một: số liệu chưa đủ.",
                   result_category="resolved")
    auth.login(build.agency_leader)
    client.post(f"/petitions/{p.code}/send_back_draft",
                data={"send_back_draft-version": str(p.version), "send_back_draft-reason": "Bổ sung số liệu kinh phí."})
    db.session.refresh(p)
    auth.login(build.officer)
    post_with_file(client, p, "draft_answer", "du-thao-2.pdf", text="Sở đã sửa xong đường Tô Hiệu.",
                   result_category="resolved")

    auth.login(coordinating)
    html = page_of(client, p)
    assert "Dự thảo lần một" not in html and "Sở đã sửa xong" not in html
    assert "Bổ sung số liệu kinh phí" not in html  # the leader's send-back is internal to the lead agency
    for name in ("du-thao-1.pdf", "du-thao-2.pdf"):
        assert name not in html
        assert client.get(f"/petitions/files/{file_id(name)}").status_code == 404

    auth.login(build.agency_leader)
    post_with_file(client, p, "submit_answer", "cong-van-da-ky.pdf", letter_number="88/SXD-VP")
    auth.login(coordinating)
    html = page_of(client, p)
    assert "Sở đã sửa xong đường Tô Hiệu." in html and "Dự thảo lần một" not in html
    assert "cong-van-da-ky.pdf" in html and "du-thao-1.pdf" not in html
    with client.get(f"/petitions/files/{file_id('cong-van-da-ky.pdf')}") as signed:
        assert signed.status_code == 200 and signed.data.startswith(b"%PDF")
    assert client.get(f"/petitions/files/{file_id('du-thao-1.pdf')}").status_code == 404
    sheet = pdfcheck.text(client.get(f"/reports/item/{p.code}.pdf").data)
    assert "Bổ sung số liệu kinh phí" not in sheet and "Duyệt và gửi trả lời" in sheet

    # The lead agency and the council see every step.
    for reader in (build.officer, build.committee):
        auth.login(reader)
        html = page_of(client, p)
        assert "Bổ sung số liệu kinh phí" in html and "du-thao-2.pdf" in html


def test_a_coordinating_agency_sees_the_state_addressed_to_it_not_the_lead_agencys_internal_one(client, auth, build):
    """While the lead agency's leader weighs a draft answer, a coordinating agency sees the item as it is to them:
    with the lead agency. On the page, in its inbox (shown and filtered) and on the item sheet."""
    p = build.petition("answer_drafted")  # led by Sở Xây dựng, Sở Y tế coordinates
    internal, addressed = "Chờ lãnh đạo cơ quan duyệt", "Đã chuyển cơ quan giải quyết"
    db.session.commit()
    auth.login(build.user("agency_leader", build.other_agency))
    page = page_of(client, p)
    assert internal not in page and addressed in page
    assert p.code in client.get("/agency/inbox?status=transferred").get_data(as_text=True)
    assert p.code not in client.get("/agency/inbox?status=answer_drafted").get_data(as_text=True)
    # A search reads the list in one query (not the inbox's two parts): the same answer.
    assert p.code in client.get("/agency/inbox?status=transferred&q=Tô+Hiệu").get_data(as_text=True)
    assert p.code not in client.get("/agency/inbox?status=answer_drafted&q=Tô+Hiệu").get_data(as_text=True)
    sheet = pdfcheck.text(client.get(f"/reports/item/{p.code}.pdf").data)
    assert internal not in sheet and addressed in sheet
    assert exported_status(client, p) == addressed  # the list's spreadsheet as well
    # The lead agency's leader sees what waits for them.
    auth.login(build.agency_leader)
    assert internal in page_of(client, p)
    assert p.code in client.get("/agency/inbox?status=answer_drafted").get_data(as_text=True)
    assert internal in pdfcheck.text(client.get(f"/reports/item/{p.code}.pdf").data)
    assert exported_status(client, p) == internal
