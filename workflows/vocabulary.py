"""Domain vocabularies shared by every room: roles, result categories, competence levels (with their Vietnamese labels)."""
from __future__ import annotations

# Each vocabulary maps the stored English code to (Vietnamese label, English label).
ROLES: dict[str, tuple[str, str]] = {
    "clerk": ("Chuyên viên Văn phòng", "Council office clerk"),
    "office_leader": ("Lãnh đạo Văn phòng", "Office leader"),
    "committee": ("Thường trực / Ban HĐND", "Standing committee / council committee"),
    "agency_officer": ("Chuyên viên cơ quan giải quyết", "Agency officer"),
    "agency_leader": ("Lãnh đạo cơ quan giải quyết", "Agency leader"),
    "admin": ("Quản trị hệ thống", "Administrator"),
}
AGENCY_ROLES = frozenset({"agency_officer", "agency_leader"})
OFFICE_ROLES = frozenset({"clerk", "office_leader"})

RESULT_CATEGORIES: dict[str, tuple[str, str]] = {
    "resolved": ("Đã giải quyết xong", "Resolved"),
    "in_progress": ("Đang giải quyết", "Being resolved"),
    "explained": ("Giải trình, cung cấp thông tin", "Explained / information given"),
    "cannot_resolve": ("Chưa thể giải quyết", "Cannot be resolved yet"),
}
# The results that end an item: "being resolved" keeps it open (on a roadmap), so it never closes one.
CLOSING_CATEGORIES = frozenset(RESULT_CATEGORIES) - {"in_progress"}

COMPETENCE_LEVELS: dict[str, tuple[str, str]] = {
    "central": ("Trung ương", "Central"),
    "province": ("Tỉnh, thành phố", "Province / city"),
    "commune": ("Xã, phường, đặc khu", "Commune / ward"),
    # Districts were abolished on 1 July 2025; the value survives only in older data.
    "district": ("Huyện (dữ liệu cũ)", "District (legacy)"),
}

CHANNELS: dict[str, tuple[str, str]] = {
    "meeting": ("Hội nghị tiếp xúc cử tri", "Voter meeting"),
    "letter": ("Đơn thư", "Letter"),
    "hotline": ("Đường dây nóng", "Hotline"),
    "delegate": ("Đại biểu chuyển đến", "Via a delegate"),
    "online": ("Cổng thông tin trực tuyến", "Online portal"),
}

MEETING_TYPES: dict[str, tuple[str, str]] = {
    "before_session": ("Trước kỳ họp", "Before a session"),
    "after_session": ("Sau kỳ họp", "After a session"),
    "thematic": ("Chuyên đề", "Thematic"),
    "voter_group": ("Theo nhóm cử tri", "With a voter group"),
    "online": ("Trực tuyến", "Online"),
}

SET_ASIDE_KINDS: dict[str, tuple[str, str]] = {
    "opinion": ("Ý kiến, không phải kiến nghị", "Opinion, not a recommendation"),
    "complaint": ("Khiếu nại (theo Luật Khiếu nại)", "Complaint"),
    "denunciation": ("Tố cáo (theo Luật Tố cáo)", "Denunciation"),
    "other": ("Lý do khác", "Other"),
}


# The account audit log (nhật ký tài khoản): what happened to a sign-in or an account, read by administrators.
ACCOUNT_EVENTS: dict[str, tuple[str, str]] = {
    "sign_in": ("Đăng nhập", "Signed in"),
    "sign_in_failed": ("Đăng nhập sai", "Failed sign-in"),
    "throttled": ("Bị tạm chặn đăng nhập", "Sign-in delayed after failures"),
    "sign_out": ("Đăng xuất", "Signed out"),
    "password_changed": ("Tự đổi mật khẩu", "Changed own password"),
    "password_reset": ("Được cấp lại mật khẩu", "Password reset by an administrator"),
    "password_set": ("Đặt mật khẩu từ dòng lệnh", "Password set from the command line"),
    "created": ("Tạo tài khoản", "Account created"),
    "deactivated": ("Khóa tài khoản", "Account deactivated"),
    "reactivated": ("Mở lại tài khoản", "Account reactivated"),
    "session_revoked": ("Đăng xuất một phiên", "One session signed out"),
    "sessions_revoked": ("Đăng xuất mọi phiên", "Every session signed out"),
}

def label(vocabulary: dict[str, tuple[str, str]], code: str | None, lang: str = "vi") -> str:
    """The label of a code in the given language; the code itself when unknown."""
    if code is None:
        return ""
    pair = vocabulary.get(code)
    if pair is None:
        return code
    return pair[0] if lang == "vi" else pair[1]
