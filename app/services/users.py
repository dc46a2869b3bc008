"""Staff accounts: creation, passwords, activation (administrators), and sign-in checks."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Agency, Committee, User
from app.services.errors import InvalidData, PermissionDenied
from workflows.vocabulary import AGENCY_ROLES, ROLES

MIN_PASSWORD_LENGTH = 10


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidData("Mật khẩu phải có ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH)
    if password.isdigit() or password.isalpha():
        raise InvalidData("Mật khẩu phải gồm cả chữ và số hoặc ký tự đặc biệt.")


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
    if actor is not None and actor.role != "admin":
        raise PermissionDenied("Chỉ quản trị hệ thống được tạo tài khoản.")
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


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user
