"""Importing an office's summary spreadsheet: all rows or none, every problem with its row and column.

`plan` reads and matches without writing: each row as it will land (field from its section or "Lĩnh vực" cell,
lead and coordinating agencies, meeting, suspected duplicates, notes). `run` (or `write`, given a plan) writes it
in bulk: the codes in one step, the items already in their state through `transitions.create_many` (the lifecycle
asked once per distinct case), items, events, coordinating agencies and search rows in bulk per table and chunk.
A row becomes a recommendation recorded from its voter meeting (found by date and place, or by date and
locality when the sheet gives no place, or created once for all its rows), with an "import" event naming
the file and the row; when its field and lead agency are known, the office's classification in the sheet is
applied through the lifecycle. An agency not in the catalogue is proposed: created, or one picked instead.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from datetime import date

from sqlalchemy import or_, select

from app import clock, permissions
from app.extensions import db
from app.models import (
    Agency,
    Constituency,
    DelegateGroup,
    Field,
    Petition,
    Session,
    SheetImport,
    Term,
    User,
    VoterMeeting,
)
from app.services.errors import Rejected
from app.services.imports import duplicates, mappings
from app.services.imports.matching import Catalogue, agency_key, guess_level
from app.services.imports.reader import Book, SheetRow, read
from app.services.petitions import attachments, meetings
from app.services.petitions.intake import next_codes
from app.services.search.duplicates import Draft
from app.services.text import clean, fold_words
from app.services.transitions import NewPetition, Step, create_many, flush
from workflows.messages import Problem

MeetingKey = tuple[date, str, str]  # (held_on, "place" or "locality", folded text)
NO_PLACE = "Chưa ghi địa điểm (cần bổ sung)"
NEW = "new"
# A meeting's locality, when the sheet gives only a place (up to 300 characters), is that place cut to fit.
_MEETING_LOCALITY = VoterMeeting.__table__.c.locality.type.length


@dataclass
class UnknownAgency:
    """An agency the sheet names that the catalogue lacks: created by the import, or `choice` picked instead."""

    name: str
    first_row: int
    suggestions: list[Agency]
    choice: Agency | None = None  # None: create it

    @property
    def key(self) -> str:
        return agency_key(self.name)


@dataclass
class PlannedRow:
    source: SheetRow
    field: Field | None = None
    agency: Agency | UnknownAgency | None = None
    coordinating: list[Agency | UnknownAgency] = default(default_factory=list)
    meeting_key: MeetingKey | None = None
    duplicates: list[str] = default(default_factory=list)  # "dòng 12" or a code
    notes: list[Problem] = default(default_factory=list)

    @property
    def classified(self) -> bool:
        return self.field is not None and self.agency is not None


@dataclass
class ImportPlan:
    filename: str
    sha256: str
    content_sha256: str
    session: Session
    timing: str
    book: Book
    rows: list[PlannedRow]
    existing_meetings: dict[MeetingKey, VoterMeeting] = default(default_factory=dict)
    new_meetings: dict[MeetingKey, SheetRow] = default(default_factory=dict)  # key -> first row at it
    unknown_agencies: dict[str, UnknownAgency] = default(default_factory=dict)
    notes: list[Problem] = default(default_factory=list)  # what the whole file needs said once

    @property
    def classified_count(self) -> int:
        return sum(r.classified for r in self.rows)


def fingerprint(rows: list[SheetRow]) -> str:
    """The rows' content, normalised (folded, spaces collapsed): the same for a copy saved again."""
    digest = hashlib.sha256()
    for r in rows:
        parts = (r.content, r.locality, r.held_on.isoformat() if r.held_on else "", r.place, r.agency,
                 ";".join(r.coordinating), r.section, r.field_name)
        digest.update(("\x1f".join(fold_words(p) for p in parts) + "\x1e").encode())
    return digest.hexdigest()


def plan(user: User, filename: str, data: bytes, *, session_id: int | None = None, timing: str | None = None,
         sheet: str | None = None, mapping: dict[str, str] | None = None,
         agency_choices: dict[str, str] | None = None) -> ImportPlan:
    """Read and check the file against the catalogue; writes nothing. Raises Rejected with every problem."""
    permissions.require(user, "import_sheet")
    name = attachments.display_name(filename) or "bang-tong-hop.xlsx"  # its extension kept when cut to fit
    if not name.lower().endswith(".xlsx"):
        raise Rejected("Không nhập được tệp “%(name)s”.", [Problem("Chỉ nhận bảng tính Excel (.xlsx).")], name=name)
    if len(data) > attachments.max_bytes():
        raise attachments.too_large()
    sha = hashlib.sha256(data).hexdigest()
    book = read(data, sheet=sheet, mapping=mapping, remembered=mappings.remembered())
    problems = list(book.problems)
    if problems:
        error = Rejected("Không nhập được tệp “%(name)s”: %(n)s lỗi, chưa có gì được ghi.", problems,
                         name=name, n=len(problems))
        error.book = book  # the mapping page shows the sheet's first rows
        raise error
    content_sha = fingerprint(book.rows)
    earlier = db.session.scalar(select(SheetImport).where(
        or_(SheetImport.sha256 == sha, SheetImport.content_sha256 == content_sha)))
    if earlier is not None:
        raise Rejected("Các dòng của tệp này đã được nhập ngày %(day)s từ tệp “%(file)s” (%(n)s kiến nghị); không "
                       "nhập lại.", [], day=f"{earlier.imported_at:%d/%m/%Y}", file=earlier.filename,
                       n=earlier.item_count)
    session = _session(book, session_id, problems)
    if problems:
        raise Rejected("Không nhập được tệp “%(name)s”: %(n)s lỗi, chưa có gì được ghi.", problems,
                       name=name, n=len(problems))
    chosen_timing = timing if timing in ("before", "after") else (book.timing() or "before")
    result = ImportPlan(name, sha, content_sha, session, chosen_timing, book, [])
    _match(user, book, result, agency_choices or {})
    return result


def _session(book: Book, session_id: int | None, problems: list[Problem]) -> Session | None:
    if session_id:
        session = db.session.get(Session, session_id)
        if session is None:
            problems.append(Problem("Kỳ họp đã chọn không tồn tại."))
        return session
    number = book.session_number()
    session = session_by_number(number) if number is not None else None
    if session is None:
        problems.append(Problem("Tệp không ghi kỳ họp nào có trong hệ thống: hãy chọn kỳ họp."))
    return session


def session_by_number(number: int) -> Session | None:
    """"Kỳ họp thứ N" of the latest council term that has one."""
    return db.session.scalar(select(Session).join(Term).where(Session.number == number)
                             .order_by(Term.start_year.desc()).limit(1))


def _agency(name: str, row: int, catalogue: Catalogue, p: ImportPlan, choices: dict[str, str]):
    found, suggestions = catalogue.agency_for(name)
    if found is not None:
        return found
    key = agency_key(name)
    if key not in p.unknown_agencies:
        unknown = UnknownAgency(name, row, suggestions)
        picked = choices.get(key, NEW)
        if picked != NEW:
            unknown.choice = db.session.get(Agency, int(picked)) if str(picked).isdigit() else None
        p.unknown_agencies[key] = unknown
    unknown = p.unknown_agencies[key]
    return unknown.choice or unknown


def _match(user: User, book: Book, p: ImportPlan, choices: dict[str, str]) -> None:
    catalogue = Catalogue()
    unmatched_sections: dict[str, list[Field]] = {}
    for row in book.rows:
        planned = PlannedRow(row)
        wording = row.field_name or row.section
        if wording:
            planned.field, close = catalogue.field_for(wording)
            if planned.field is None:
                unmatched_sections.setdefault(wording, close)
                planned.notes.append(Problem("Lĩnh vực “%(section)s” không khớp lĩnh vực nào trong danh mục.",
                                             section=wording))
        if row.agency:
            planned.agency = _agency(row.agency, row.row, catalogue, p, choices)
        planned.coordinating = [_agency(n, row.row, catalogue, p, choices) for n in row.coordinating]
        if planned.field is not None and planned.agency is None:
            planned.notes.append(Problem("Không ghi cơ quan chủ trì: để ở trạng thái Mới cập nhật."))
        if row.held_on is not None:
            planned.meeting_key = _meeting_key(row)
            if not row.place:
                planned.notes.append(Problem("Không ghi địa điểm: hội nghị ngày %(day)s tìm theo địa phương.",
                                             day=f"{row.held_on:%d/%m/%Y}"))
        p.rows.append(planned)
    for section, close in unmatched_sections.items():
        hint = ", ".join(f"“{f.name}”" for f in close) or "—"
        p.notes.append(Problem("Mục “%(section)s” không khớp đúng một lĩnh vực trong danh mục (gần nhất: %(hint)s): các "
                               "kiến nghị của mục này để ở trạng thái Mới cập nhật; quản trị viên có thể thêm tên "
                               "gọi khác cho lĩnh vực.", section=section, hint=hint))
    _find_meetings(p)
    _suspect_duplicates(p, user)


def _meeting_key(row: SheetRow) -> MeetingKey:
    if row.place:
        return (row.held_on, "place", fold_words(row.place))
    return (row.held_on, "locality", fold_words(row.locality))


def _find_meetings(p: ImportPlan) -> None:
    """Each row's meeting: an existing one of that day with the same place (or locality), else one to create.
    The meetings of all the sheet's days are read in one query, not one per row."""
    days = sorted({r.meeting_key[0] for r in p.rows if r.meeting_key})
    known: dict[MeetingKey, VoterMeeting] = {}
    for start in range(0, len(days), 500):
        for m in db.session.scalars(select(VoterMeeting).where(VoterMeeting.held_on.in_(days[start:start + 500]))
                                    .order_by(VoterMeeting.id)):
            known.setdefault((m.held_on, "place", fold_words(m.place)), m)
            known.setdefault((m.held_on, "locality", fold_words(m.locality)), m)
    for planned in p.rows:
        key = planned.meeting_key
        if key is None or key in p.existing_meetings or key in p.new_meetings:
            continue
        if key in known:
            p.existing_meetings[key] = known[key]
        else:
            p.new_meetings[key] = planned.source


def _suspect_duplicates(p: ImportPlan, user: User) -> None:
    """Each row's likely twins: items already recorded (from the search index) and other rows of the sheet."""
    rows = [Draft(r.source.content, r.source.locality, r.field.id if r.field is not None else None) for r in p.rows]
    found = duplicates.suspects(rows, user)
    for planned, twins in zip(p.rows, found, strict=True):
        planned.duplicates = [f"dòng {p.rows[int(t[1:])].source.row}" if t.startswith("#") else t for t in twins]


def run(user: User, filename: str, data: bytes, *, on_progress: Callable[[str, int], None] | None = None,
        **options) -> SheetImport:
    """Plan, then create agencies, meetings and recommendations in bulk; flushes, the caller commits (all or
    nothing). `on_progress(phase, rows)` hears "checked" once the plan is made, then "written" after each chunk."""
    p = plan(user, filename, data, **options)
    if on_progress is not None:
        on_progress("checked", 0)
    return write(user, p, on_progress)


def write(user: User, p: ImportPlan, on_progress: Callable[[str, int], None] | None = None) -> SheetImport:
    """Write a plan: agencies and meetings first (one flush each), the codes in one step, then the items already
    classified, their events, coordinating agencies and search rows through transitions.create_many (in bulk per
    table and chunk: COPY on PostgreSQL, executemany on SQLite; no flush per row)."""
    permissions.require(user, "record")
    created = _create_agencies(p)
    meeting_of = _create_meetings(user, p)
    codes = next_codes(clock.today().year, len(p.rows))
    now = clock.utcnow()
    items = [_new_item(user, p, planned, code, meeting_of, now) for planned, code in zip(p.rows, codes, strict=True)]
    create_many(user, items, on_chunk=(lambda n: on_progress("written", n)) if on_progress else None)
    batch = SheetImport(filename=p.filename, sha256=p.sha256, content_sha256=p.content_sha256, user_id=user.id,
                        session_id=p.session.id, timing=p.timing, item_count=len(codes),
                        classified_count=p.classified_count, meeting_count=len(p.new_meetings), codes=codes,
                        created_agencies=created)
    db.session.add(batch)
    flush()
    return batch


def _new_item(user: User, p: ImportPlan, planned: PlannedRow, code: str, meeting_of: dict[MeetingKey, VoterMeeting],
              now) -> NewPetition:
    """The row as a new recommendation: recorded, noted as imported (file, row), and classified through the
    lifecycle when its field and lead agency are known."""
    row = planned.source
    meeting = meeting_of.get(planned.meeting_key) if planned.meeting_key else None
    content = clean(row.content)
    values = {"code": code, "content": content, "summary": content[:200], "channel": "meeting",
              "locality": clean(row.locality) or (meeting.locality if meeting else ""),
              "meeting_id": meeting.id if meeting else None, "session_id": p.session.id, "timing": p.timing,
              "urgent": False, "created_by_id": user.id, "created_at": now, "updated_at": now,
              "field_id": None, "competence_level": None, "lead_agency_id": None}
    steps = [Step("import", reason=_provenance(p, row), moves=False, event_data={
        "file": p.filename, "sha256": p.sha256, "sheet": row.sheet, "row": row.row, "section": row.section,
        "agency": row.agency, "coordinating": row.coordinating, "delegate_group": row.delegate_group,
        "note": row.note, "duplicates": planned.duplicates})]
    coordinating = _coordinating(planned)
    if planned.classified:
        lead = _resolved(planned.agency)
        values.update(field_id=planned.field.id, competence_level=lead.competence_level, lead_agency_id=lead.id)
        steps.append(Step("classify", guard=(("field_id", planned.field.id), ("competence_level", lead.competence_level)),
                          event_data={"field": planned.field.name, "competence_level": lead.competence_level,
                                      "lead_agency": lead.name, "coordinating": [a.name for a in coordinating]}))
    return NewPetition(values, steps, coordinating=[a.id for a in coordinating])


def _coordinating(planned: PlannedRow) -> list[Agency]:
    """The row's coordinating agencies as resolved, without the lead agency, once each (classified rows only)."""
    if not planned.classified:
        return []
    lead = _resolved(planned.agency)
    return [a for a in dict.fromkeys(_resolved(c) for c in planned.coordinating) if a.id != lead.id]


def _resolved(agency: Agency | UnknownAgency) -> Agency:
    return agency.choice if isinstance(agency, UnknownAgency) else agency


def _create_agencies(p: ImportPlan) -> list[str]:
    """Create the unknown agencies the clerk did not map to existing ones; each UnknownAgency then points at its row."""
    created = []
    taken = set(db.session.scalars(select(Agency.code)))
    for unknown in p.unknown_agencies.values():
        if unknown.choice is not None:
            continue
        code, n = "NK-" + "".join(w[0] for w in fold_words(unknown.name).split()).upper()[:20], 1
        while f"{code}-{n}" in taken:
            n += 1
        taken.add(f"{code}-{n}")
        unknown.choice = Agency(code=f"{code}-{n}", name=clean(unknown.name)[:200],
                                competence_level=guess_level(unknown.name), active=True)
        db.session.add(unknown.choice)
        created.append(unknown.choice.name)
    flush()
    return created


def _create_meetings(user: User, p: ImportPlan) -> dict[MeetingKey, VoterMeeting]:
    meeting_of: dict[MeetingKey, VoterMeeting] = dict(p.existing_meetings)
    if not p.new_meetings:
        return meeting_of
    meeting_type = "before_session" if p.timing == "before" else "after_session"
    constituencies = {fold_words(c.name): c for c in db.session.scalars(select(Constituency))}
    groups = {fold_words(g.name): g for g in db.session.scalars(select(DelegateGroup))}
    details = []
    for first in p.new_meetings.values():
        group = groups.get(fold_words(first.delegate_group)) if first.delegate_group else None
        notes = f"Tạo khi nhập bảng tổng hợp “{p.filename}”."
        if not first.place:
            notes += " Bảng không ghi địa điểm: cần bổ sung."
        details.append({"held_on": first.held_on, "place": first.place or NO_PLACE,
                        "locality": (first.locality or first.place or NO_PLACE)[:_MEETING_LOCALITY],
                        "meeting_type": meeting_type,
                        "timing": p.timing, "session": p.session, "delegates": group.delegates if group else (),
                        "constituency": constituencies.get(fold_words(first.constituency)) if first.constituency
                        else None, "notes": notes})
    created = meetings.save_meetings(user, details)
    meeting_of.update(zip(p.new_meetings, created, strict=True))
    return meeting_of


def _provenance(p: ImportPlan, row: SheetRow) -> str:
    parts = [f"Nhập từ bảng tổng hợp “{p.filename}”, dòng {row.row}"]
    if len(p.book.sheets) > 1:
        parts.append(f"trang “{row.sheet}”")
    if row.section:
        parts.append(f"mục “{row.section}”")
    if row.agency:
        parts.append(f"cơ quan giải quyết ghi trong bảng: “{row.agency}”")
    if row.coordinating:
        parts.append("cơ quan phối hợp: " + ", ".join(f"“{n}”" for n in row.coordinating))
    if row.delegate_group:
        parts.append(f"tổ đại biểu: “{row.delegate_group}”")
    if row.note:
        parts.append(f"ghi chú: “{row.note}”")
    return "; ".join(parts) + "."


def recent_imports(limit: int = 20) -> list[SheetImport]:
    return list(db.session.scalars(select(SheetImport).order_by(SheetImport.imported_at.desc()).limit(limit)))


def imported_items(done: SheetImport) -> list[Petition]:
    """The recommendations one import created, in the sheet's order."""
    rows = db.session.scalars(select(Petition).where(Petition.code.in_(done.codes))).all()
    order = {code: i for i, code in enumerate(done.codes)}
    return sorted(rows, key=lambda p: order[p.code])
