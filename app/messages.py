"""Messages written as plain strings elsewhere (services, Flask-Login), listed so pybabel extracts them.

Services raise DomainError with a Vietnamese message; views pass it through gettext, so a message listed
here is shown in English to English users, and any other message falls back to Vietnamese.
"""
from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the conventional name pybabel looks for
    return message


MESSAGES = (
    N_("Vui lòng đăng nhập để tiếp tục."),
    N_("Theo dõi kiến nghị cử tri"),
    N_("Mật khẩu hiện tại không đúng."),
    N_("Hai lần nhập mật khẩu mới không khớp."),
    N_("Mật khẩu mới phải khác mật khẩu hiện tại."),
    N_("Mật khẩu phải có ít nhất 10 ký tự."),
    N_("Mật khẩu phải gồm cả chữ và số hoặc ký tự đặc biệt."),
    N_("Tài khoản của cơ quan giải quyết phải gắn với một cơ quan."),
    N_("Bạn không thể tự bỏ quyền quản trị của chính mình."),
    N_("Bạn không thể tự khóa tài khoản của chính mình."),
    N_("Chỉ quản trị hệ thống được quản lý tài khoản."),
    N_("Chỉ quản trị hệ thống được thay đổi danh mục."),
    N_("Chỉ quản trị hệ thống được thay đổi quy tắc thời hạn và lịch làm việc."),
    N_("Cơ quan cấp trên không thể là chính cơ quan này hoặc một cơ quan cấp dưới của nó."),
    N_("Cần nhập mã."),
    N_("Cần nhập tên."),
    N_("Năm kết thúc nhiệm kỳ phải sau năm bắt đầu."),
    N_("Ngày bế mạc phải sau ngày khai mạc."),
    N_("Vai trò không hợp lệ."),
    N_("Thẩm quyền không hợp lệ."),
    N_("Ngôn ngữ không được hỗ trợ."),
)
