"""The one-item sheet (phiếu theo dõi kiến nghị): a petition, its answers and its timeline as plain data."""
from __future__ import annotations

from sqlalchemy import select

from app import clock, permissions
from app.extensions import db
from app.models import Petition, Review, User
from app.services import audit
from app.services.deadlines import rules as deadlines
from app.services.errors import NotFound
from app.services.petitions import answers as answer_service
from app.services.reporting import rows as report_rows
from app.services.reporting.data import doc_info
from app.services.reporting.rows import letter
from reports.model import ItemSheetData, TimelineEntry
from workflows import petition as workflow
from workflows.collation import sorted_vi
from workflows.vocabulary import CHANNELS, COMPETENCE_LEVELS, RESULT_CATEGORIES, label

EXTRA_ACTIONS = {
    "record": "Cập nhật kiến nghị", "edit": "Sửa nội dung", "deadline_set": "Xác định thời hạn trả lời",
    "deadline_recomputed": "Tính lại thời hạn", "merge_received": "Nhận kiến nghị trùng được gộp vào",
    "import": "Nhập từ bảng tổng hợp",
}


def item_sheet(user: User, code: str) -> ItemSheetData:
    petition = db.session.scalar(select(Petition).where(Petition.code == code))
    if petition is None or not permissions.can_view(user, petition):
        # One answer for both, as the item's page gives: a guessed code must not tell that it exists.
        raise NotFound("Không tìm thấy kiến nghị %(code)s.", code=code)
    row = next(iter(report_rows.rows_of(select(Petition).where(Petition.id == petition.id))))
    fields = [
        ("Mã kiến nghị", petition.code),
        ("Trạng thái", workflow.status_label(permissions.status_seen_by(user, petition), petition.result_category)),
        ("Kỳ họp", petition.session.name if petition.session else ""),
        ("Hội nghị tiếp xúc cử tri", str(petition.meeting) if petition.meeting else ""),
        ("Kênh tiếp nhận", label(CHANNELS, petition.channel)), ("Địa bàn", petition.locality),
        ("Lĩnh vực", row.field), ("Ban HĐND phụ trách", row.committee),
        ("Thẩm quyền", label(COMPETENCE_LEVELS, petition.competence_level)),
        ("Cơ quan chủ trì", row.agency),
        ("Cơ quan phối hợp", ", ".join(sorted_vi(a.name for a in petition.coordinating_agencies))),
        # Dates stay dates: real date cells in the workbook, "05/07/2026" in the PDF (reports/tables.cell).
        ("Văn bản chuyển", petition.transfer_letter_number or ""),
        ("Ngày văn bản chuyển", petition.transfer_letter_date or ""),
        ("Hạn trả lời", petition.due_date or ""),
        ("Cách tính thời hạn", deadlines.explain_short(petition)[0]),
        ("Kết quả", label(RESULT_CATEGORIES, row.result_category)),
        ("Dự kiến hoàn thành (lộ trình)", petition.roadmap_expected_date or ""),
    ]
    if permissions.can_see_voter_name(user) and petition.voter_name:
        fields.insert(6, ("Cử tri kiến nghị", petition.voter_name))
    answers, rejected = [], []
    reviews = {r.answer_id: r for r in db.session.scalars(select(Review).where(
        Review.petition_id == petition.id, Review.decision == "request_reanswer"))}
    for answer in answer_service.answers_of(petition):
        if answer.status != "submitted":
            continue  # drafts are the agency's working papers, not part of the record
        head = f"Lần {answer.round}: {answer.agency.name}, văn bản số {letter(answer.letter_number, answer.letter_date)}"
        answers.append((head, f"[{label(RESULT_CATEGORIES, answer.result_category)}] {answer.text}"))
        if answer.id in reviews:
            review = reviews[answer.id]
            requested = clock.to_local(review.created_at)
            rejected.append((f"Lần {answer.round} ({letter(answer.letter_number, answer.letter_date)})",
                             requested.date() if requested else None, review.comment))
    progress = [(e.entry_date, e.percent, e.text) for e in answer_service.progress_of(petition)]
    timeline = []
    for event in audit.history(petition):
        if not permissions.can_see_event(user, petition, event):
            continue  # the lead agency's internal steps are not shown to a coordinating agency
        spec = workflow.ACTIONS.get(event.action)
        action = spec.label_vi if spec else EXTRA_ACTIONS.get(event.action, event.action)
        local = clock.to_local(event.at)
        timeline.append(TimelineEntry(at=local.replace(tzinfo=None) if local else None, actor=event.actor.full_name if event.actor else "Hệ thống",
                                      action=action, detail=event.reason))
    doc = doc_info(f"Kiến nghị {petition.code}", clock.today(), code=None, title="PHIẾU THEO DÕI KIẾN NGHỊ")
    return ItemSheetData(doc=doc, item=row, content=petition.content, fields=fields, answers=answers,
                         timeline=timeline, progress=progress, rejected=rejected)
