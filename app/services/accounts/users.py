"""Staff accounts (tài khoản): created, changed, deactivated and given new passwords by administrators;
the command line creates accounts as a trusted actor (None). A user's own language choice lives here too."""
from __future__ import annotations

from sqlalchemy import func, select

from app import permissions
from app.extensions import db
from app.models import Agency, Committee, User
from app.services.accounts.passwords import check_password_strength, generate_password
from app.services.errors import InvalidData
from workflows.vocabulary import AGENCY_ROLES, ROLES

LANGUAGES = ("vi", "en")


def create_user(
    actor: User | None,
    *,
    username: str,
    full_name: str,
    password: str,
    role: str,
    email: str | None = None,
    agency: Agency | None = None,
    committee: Committee | None = None,
) -> User:
    """Create an account. `actor` None means the command line, which is trusted (it has the database)."""
    if actor is not None:
        permissions.require(actor, "manage_accounts")
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise InvalidData("Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch dưới, gạch ngang.")
    if db.session.scalar(select(func.count()).select_from(User).where(User.username == username)):
        raise InvalidData("Tên đăng nhập “%(username)s” đã tồn tại.", username=username)
    if role not in ROLES:
        raise InvalidData("Vai trò không hợp lệ.")
    if role in AGENCY_ROLES and agency is None:
        raise InvalidData("Tài khoản của cơ quan giải quyết phải gắn với một cơ quan.")
    check_password_strength(password)
    user = User(
        username=username,
        full_name=full_name.strip() or username,
        email=(email or "").strip() or None,
        role=role,
        agency=agency if role in AGENCY_ROLES else None,
        committee=committee,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(actor: User, user: User, *, full_name: str, email: str | None, role: str,
                agency: Agency | None, committee: Committee | None) -> User:
    """Change a user's name, e-mail, role and agency (agency roles need an agency)."""
    permissions.require(actor, "manage_accounts")
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
    permissions.require(actor, "manage_accounts")
    if user.id == actor.id and not active:
        raise InvalidData("Bạn không thể tự khóa tài khoản của chính mình.")
    user.active = active
    db.session.flush()
    return user


def reset_password(actor: User, user: User) -> str:
    """Give the user a new random password; returned once so the admin can pass it on."""
    permissions.require(actor, "manage_accounts")
    password = generate_password()
    user.set_password(password)
    db.session.flush()
    return password


def set_locale(user: User, locale: str) -> None:
    if locale not in LANGUAGES:
        raise InvalidData("Ngôn ngữ không được hỗ trợ.")
    user.locale = locale
    db.session.flush()
