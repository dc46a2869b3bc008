"""Attachments (tệp đính kèm): type and size checks, storage under UPLOAD_DIR by SHA-256, metadata rows."""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app import clock, permissions
from app.extensions import db
from app.models import Answer, Attachment, Petition, User, VoterMeeting
from app.services.errors import InvalidData, NotFound, PermissionDenied
from app.services.text import clean

# extension -> (content type, accepted leading bytes). Both must agree: a renamed .exe is refused.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
ALLOWED_TEXT = "PDF, DOCX, DOC, XLSX, XLS, JPG, PNG"


def max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_BYTES"])


def too_large() -> InvalidData:
    return InvalidData("Tệp quá lớn: dung lượng tối đa là %(mb)s MB.", mb=max_bytes() // (1024 * 1024))


MAX_NAME = 255  # the column's width


def display_name(filename: str | None) -> str:
    """The name a file is shown and downloaded under: its last path part, without control or direction-
    override characters (U+202E makes "gpj.exe" read as "exe.jpg"), cut to MAX_NAME with its extension kept."""
    name = clean((filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    if len(name) <= MAX_NAME:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        return name[:MAX_NAME]
    return stem[:MAX_NAME - len(ext) - 1].rstrip() + "." + ext


def check(filename: str, data: bytes) -> tuple[str, str]:
    """(extension, content type) of an acceptable upload; InvalidData with a Vietnamese message otherwise."""
    name = display_name(filename)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise InvalidData("Loại tệp “%(name)s” không được chấp nhận. Chỉ nhận: %(allowed)s.",
                          name=name or "?", allowed=ALLOWED_TEXT)
    if not data:
        raise InvalidData("Tệp “%(name)s” rỗng.", name=name)
    if len(data) > max_bytes():
        raise too_large()
    content_type, magics = ALLOWED[ext]
    if not any(data.startswith(m) for m in magics):
        raise InvalidData("Nội dung tệp “%(name)s” không đúng định dạng %(format)s.", name=name, format=ext.upper())
    return ext, content_type


def _store(data: bytes, ext: str) -> tuple[str, str]:
    digest = hashlib.sha256(data).hexdigest()
    stored = f"{digest}.{ext}"
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / stored
    if not target.exists():  # same bytes, same name: stored once
        target.write_bytes(data)
    return digest, stored


def attach(user: User, filename: str, data: bytes, *, petition: Petition | None = None,
           meeting: VoterMeeting | None = None, answer: Answer | None = None) -> Attachment:
    """Check and store one file for a petition (optionally its answer) or a meeting's minutes."""
    if petition is not None and not permissions.can_attach(user, petition):
        raise PermissionDenied("Bạn không được đính kèm tệp cho kiến nghị này.")
    if meeting is not None:
        permissions.require(user, "attach_minutes")
    ext, content_type = check(filename, data)
    digest, stored = _store(data, ext)
    row = Attachment(petition_id=petition.id if petition else None, meeting_id=meeting.id if meeting else None,
                     answer_id=answer.id if answer else None, filename=display_name(filename),
                     stored_name=stored, content_type=content_type, size=len(data), sha256=digest,
                     uploaded_by_id=user.id, uploaded_at=clock.utcnow())
    db.session.add(row)
    db.session.flush()
    return row


def of_petition(petition: Petition) -> list[Attachment]:
    return list(db.session.scalars(select(Attachment).where(Attachment.petition_id == petition.id)
                                   .order_by(Attachment.id)))


def of_meeting(meeting: VoterMeeting) -> list[Attachment]:
    return list(db.session.scalars(select(Attachment).where(Attachment.meeting_id == meeting.id)
                                   .order_by(Attachment.id)))


def visible_file(user: User, file_id: int) -> Attachment:
    """The file, if this user may download it; 404 otherwise (the same as a file that does not exist)."""
    row = db.session.get(Attachment, file_id)
    petition = db.session.get(Petition, row.petition_id) if row is not None and row.petition_id else None
    answer = db.session.get(Answer, row.answer_id) if row is not None and row.answer_id else None
    if row is None or not permissions.can_download(user, row, petition, answer):
        raise NotFound("Không tìm thấy tệp.")
    return row


def path_of(attachment: Attachment) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / attachment.stored_name
