"""Importing an office's summary spreadsheet: all rows or none, every problem with its row number.

What a row becomes: a recommendation recorded from its voter meeting (the meeting is found by date
and place, or created once for all its rows), with an "import" event naming the file and the row.
When the sheet's field section and its "Cơ quan giải quyết" both match the catalogue without doubt,
the office's classification in the sheet is applied too (field, competence level of that agency,
proposed lead agency); otherwise the item waits in "Mới cập nhật" and the preview says why.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app import permissions
from app.extensions import db
from app.models import Agency, Constituency, Field, Petition, Session, SheetImport, Term, User, VoterMeeting
from app.services.audit import record_event
from app.services.errors import Rejected
from app.services.imports.reader import Sheet, SheetRow, read
from app.services.petitions import attachments, meetings
from app.services.petitions import intake as petitions
from app.services.text import fold_words
from workflows.messages import Problem

MeetingKey = tuple[date, str]  # (held_on, folded place)


@dataclass
class PlannedRow:
    source: SheetRow
    field: Field | None = None
    agency: Agency | None = None
    meeting_key: MeetingKey | None = None

    @property
    def classified(self) -> bool:
        return self.field is not None and self.agency is not None


@dataclass
class ImportPlan:
    filename: str
    sha256: str
    session: Session
    timing: str
    rows: list[PlannedRow]
    existing_meetings: dict[MeetingKey, VoterMeeting] = field(default_factory=dict)
    new_meetings: dict[MeetingKey, SheetRow] = field(default_factory=dict)  # key -> first row at it
    notes: list[Problem] = field(default_factory=list)  # what will not be taken over, said once each

    @property
    def classified_count(self) -> int:
        return sum(r.classified for r in self.rows)


def plan(user: User, filename: str, data: bytes, *, session_id: int | None = None,
         timing: str | None = None) -> ImportPlan:
    """Read and check the file against the catalogue; writes nothing. Raises Rejected with every problem."""
    permissions.require(user, "import_sheet")
    name = (filename or "").strip() or "bang-tong-hop.xlsx"
    if not name.lower().endswith(".xlsx"):
        raise Rejected("Không nhập được tệp “%(name)s”.", [Problem("Chỉ nhận bảng tính Excel (.xlsx).")], name=name)
    if len(data) > attachments.max_bytes():
        raise attachments.too_large()
    sha = hashlib.sha256(data).hexdigest()
    earlier = db.session.scalar(select(SheetImport).where(SheetImport.sha256 == sha))
    if earlier is not None:
        raise Rejected("Tệp này đã được nhập ngày %(day)s (%(n)s kiến nghị); không nhập lại.", [],
                       day=f"{earlier.imported_at:%d/%m/%Y}", n=earlier.item_count)
    sheet = read(data)
    problems = list(sheet.problems)
    session = _session(sheet, session_id, problems)
    chosen_timing = timing if timing in ("before", "after") else (sheet.timing() or "before")
    if problems:
        raise Rejected("Không nhập được tệp “%(name)s”: %(n)s lỗi, chưa có gì được ghi.", problems,
                       name=name, n=len(problems))
    result = ImportPlan(name, sha, session, chosen_timing, [])
    _match(sheet, result)
    return result


def run(user: User, filename: str, data: bytes, *, session_id: int | None = None,
        timing: str | None = None) -> SheetImport:
    """Plan, then create meetings and recommendations; flushes, the caller commits (all or nothing)."""
    p = plan(user, filename, data, session_id=session_id, timing=timing)
    meeting_of: dict[MeetingKey, VoterMeeting] = dict(p.existing_meetings)
    meeting_type = "before_session" if p.timing == "before" else "after_session"
    constituencies = _by_name(db.session.scalars(select(Constituency)))
    for key, first in p.new_meetings.items():
        meeting_of[key] = meetings.save_meeting(
            user, held_on=first.held_on, place=first.place, locality=first.locality or first.place,
            meeting_type=meeting_type, timing=p.timing, session=p.session,
            constituency=constituencies.get(fold_words(first.constituency)) if first.constituency else None,
            notes=f"Tạo khi nhập bảng tổng hợp “{p.filename}”.")
    codes = []
    for planned in p.rows:
        row = planned.source
        petition = petitions.record_petition(
            user, content=row.content, locality=row.locality, channel="meeting",
            meeting=meeting_of.get(planned.meeting_key) if planned.meeting_key else None,
            session=p.session, timing=p.timing)
        record_event(petition, user, "import", petition.status, petition.status, reason=_provenance(p, row),
                     data={"file": p.filename, "sha256": p.sha256, "row": row.row, "section": row.section,
                           "agency": row.agency, "note": row.note})
        if planned.classified:
            petitions.classify(user, petition, field=planned.field,
                               competence_level=planned.agency.competence_level, lead_agency=planned.agency)
        codes.append(petition.code)
    batch = SheetImport(filename=p.filename, sha256=p.sha256, user_id=user.id, session_id=p.session.id,
                        timing=p.timing, item_count=len(codes), classified_count=p.classified_count,
                        meeting_count=len(p.new_meetings), codes=codes)
    db.session.add(batch)
    db.session.flush()
    return batch


def _provenance(p: ImportPlan, row: SheetRow) -> str:
    parts = [f"Nhập từ bảng tổng hợp “{p.filename}”, dòng {row.row}"]
    if row.section:
        parts.append(f"mục “{row.section}”")
    if row.agency:
        parts.append(f"cơ quan giải quyết ghi trong bảng: “{row.agency}”")
    if row.note:
        parts.append(f"ghi chú: “{row.note}”")
    return "; ".join(parts) + "."


def _session(sheet: Sheet, session_id: int | None, problems: list[Problem]) -> Session | None:
    if session_id:
        session = db.session.get(Session, session_id)
        if session is None:
            problems.append(Problem("Kỳ họp đã chọn không tồn tại."))
        return session
    number = sheet.session_number()
    session = session_by_number(number) if number is not None else None
    if session is not None:
        return session
    problems.append(Problem("Tệp không ghi kỳ họp nào có trong hệ thống: hãy chọn kỳ họp."))
    return None


def session_by_number(number: int) -> Session | None:
    """"Kỳ họp thứ N" of the latest council term that has one."""
    return db.session.scalar(select(Session).join(Term).where(Session.number == number)
                             .order_by(Term.start_year.desc()).limit(1))


def _by_name(rows) -> dict[str, object]:
    return {fold_words(r.name): r for r in rows}


def _field_for(section: str, fields: dict[str, Field]) -> Field | None:
    """The field a section heading names, when exactly one fits ("LĨNH VỰC Y TẾ" -> "Y tế và bảo hiểm y tế")."""
    name = fold_words(section)
    if name.startswith("linh vuc "):
        name = name[len("linh vuc "):]
    if not name:
        return None
    if name in fields:
        return fields[name]
    inside = [f for key, f in fields.items() if f" {key} " in f" {name} "]
    around = [f for key, f in fields.items() if f" {name} " in f" {key} "]
    candidates = inside or around
    return candidates[0] if len(candidates) == 1 else None


def _match(sheet: Sheet, p: ImportPlan) -> None:
    fields = _by_name(db.session.scalars(select(Field)))
    agencies = _by_name(db.session.scalars(select(Agency).where(Agency.active.is_(True))))
    section_fields: dict[str, Field | None] = {}
    unknown_agencies: dict[str, int] = {}
    for row in sheet.rows:
        if row.section not in section_fields:
            section_fields[row.section] = _field_for(row.section, fields)
        planned = PlannedRow(row, section_fields[row.section], agencies.get(fold_words(row.agency)) if row.agency else None)
        if row.agency and planned.agency is None:
            unknown_agencies.setdefault(row.agency, row.row)
        if row.held_on is not None and row.place:
            planned.meeting_key = (row.held_on, fold_words(row.place))
            _find_meeting(planned.meeting_key, row, p)
        p.rows.append(planned)
    for section, matched in section_fields.items():
        if section and matched is None:
            p.notes.append(Problem("Mục “%(section)s” không khớp đúng một lĩnh vực trong danh mục: các kiến nghị "
                                   "của mục này để ở trạng thái Mới cập nhật để phân loại.", section=section))
    already = _existing_contents([r.content for r in sheet.rows])
    for row in sheet.rows:
        if row.content in already:
            p.notes.append(Problem("Dòng %(row)s: nội dung giống hệt kiến nghị %(code)s đã có; nếu trùng, hãy gộp sau khi "
                                   "nhập.", row=row.row, code=already[row.content]))
    for name, row in unknown_agencies.items():
        p.notes.append(Problem("Dòng %(row)s: không có cơ quan “%(agency)s” trong danh mục; các kiến nghị ghi "
                               "cơ quan này để ở trạng thái Mới cập nhật.", row=row, agency=name))


def _existing_contents(contents: list[str]) -> dict[str, str]:
    """Content -> code of recommendations already recorded word for word (in chunks: bind-parameter limits)."""
    found: dict[str, str] = {}
    for start in range(0, len(contents), 500):
        chunk = contents[start:start + 500]
        found.update(db.session.execute(select(Petition.content, Petition.code)
                                        .where(Petition.content.in_(chunk))).tuples().all())
    return found


def _find_meeting(key: MeetingKey, row: SheetRow, p: ImportPlan) -> None:
    if key in p.existing_meetings or key in p.new_meetings:
        return
    same_day = db.session.scalars(select(VoterMeeting).where(VoterMeeting.held_on == key[0]))
    existing = next((m for m in same_day if fold_words(m.place) == key[1]), None)
    if existing is not None:
        p.existing_meetings[key] = existing
    else:
        p.new_meetings[key] = row


def recent_imports(limit: int = 20) -> list[SheetImport]:
    return list(db.session.scalars(select(SheetImport).order_by(SheetImport.imported_at.desc()).limit(limit)))


def imported_items(done: SheetImport) -> list[Petition]:
    """The recommendations one import created, in the sheet's order."""
    rows = db.session.scalars(select(Petition).where(Petition.code.in_(done.codes))).all()
    order = {code: i for i, code in enumerate(done.codes)}
    return sorted(rows, key=lambda p: order[p.code])
