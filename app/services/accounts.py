"""User administration (quản trị tài khoản) and a user's own account: activation, roles, passwords, language."""
from __future__ import annotations

import secrets
import string

from app.extensions import db
from app.models import Agency, Committee, User
from app.services.errors import InvalidData, PermissionDenied
from app.services.users import check_password_strength
from workflows.vocabulary import AGENCY_ROLES, ROLES

LANGUAGES = ("vi", "en")
# No look-alike characters: the admin reads the generated password to a colleague over the phone.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")


def _require_admin(actor: User) -> None:
    if actor is None or actor.role != "admin" or not actor.active:
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý tài khoản.")


def generate_password(length: int = 14) -> str:
    """A random password that passes check_password_strength (letters and digits)."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def update_user(actor: User, user: User, *, full_name: str, email: str | None, role: str,
                agency: Agency | None, committee: Committee | None) -> User:
    """Change a user's name, e-mail, role and agency (agency roles need an agency)."""
    _require_admin(actor)
    if role not in ROLES:
        raise InvalidData("Vai trò không hợp lệ.")
    if role in AGENCY_ROLES and agency is None:
        raise InvalidData("Tài khoản của cơ quan giải quyết phải gắn với một cơ quan.")
    if user.id == actor.id and role != "admin":
        # Otherwise the last administrator could lock everybody out of the admin pages.
        raise InvalidData("Bạn không thể tự bỏ quyền quản trị của chính mình.")
    user.full_name = full_name.strip() or user.username
    user.email = (email or "").strip() or None
    user.role = role
    user.agency = agency if role in AGENCY_ROLES else None
    user.committee = committee
    db.session.flush()
    return user


def set_active(actor: User, user: User, active: bool) -> User:
    """Deactivate (the account can no longer sign in; its history stays) or reactivate."""
    _require_admin(actor)
    if user.id == actor.id and not active:
        raise InvalidData("Bạn không thể tự khóa tài khoản của chính mình.")
    user.active = active
    db.session.flush()
    return user


def reset_password(actor: User, user: User) -> str:
    """Give the user a new random password; returned once so the admin can pass it on."""
    _require_admin(actor)
    password = generate_password()
    user.set_password(password)
    db.session.flush()
    return password


def change_own_password(user: User, current: str, new: str, repeat: str) -> None:
    """A signed-in user changes their password: the current one is required, the new one must be strong."""
    if not user.check_password(current):
        raise InvalidData("Mật khẩu hiện tại không đúng.")
    if new != repeat:
        raise InvalidData("Hai lần nhập mật khẩu mới không khớp.")
    if new == current:
        raise InvalidData("Mật khẩu mới phải khác mật khẩu hiện tại.")
    check_password_strength(new)
    user.set_password(new)
    db.session.flush()


def set_locale(user: User, locale: str) -> None:
    if locale not in LANGUAGES:
        raise InvalidData("Ngôn ngữ không được hỗ trợ.")
    user.locale = locale
    db.session.flush()
