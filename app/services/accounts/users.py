"""Staff accounts (tài khoản): created, changed, deactivated and given new passwords by administrators;
the command line creates accounts as a trusted actor (None). A user's own language choice lives here too.

User names are plain ASCII after NFKC (full-width "ａｄｍｉｎ" is "admin"; "admın" with a dotless i is refused),
and one that reads like an existing name ("adm1n", "nguyen_van_a" beside "nguyen.van.a") is refused too."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select

from app import permissions
from app.extensions import db
from app.models import Agency, Committee, User
from app.services.accounts import account_log, sessions
from app.services.accounts.passwords import check_password_strength, generate_password
from app.services.errors import InvalidData
from app.services.text import clean
from workflows.vocabulary import AGENCY_ROLES, ROLES

LANGUAGES = ("vi", "en")
USERNAME = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?")
# Characters a reader takes for one another in a user name (after lower case).
_LOOK_ALIKE = str.maketrans({"0": "o", "1": "l", "i": "l", "_": ".", "-": "."})


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFKC", username or "").strip().lower()


def _skeleton(username: str) -> str:
    return username.replace("rn", "m").replace("vv", "w").translate(_LOOK_ALIKE)


def check_username(username: str) -> str:
    """The normalised user name, or InvalidData saying why it cannot be one."""
    name = normalise_username(username)
    if not name.isascii() or not USERNAME.fullmatch(name):
        raise InvalidData("Tên đăng nhập chỉ gồm chữ cái không dấu (a-z), chữ số, dấu chấm, gạch dưới, gạch ngang; "
                          "bắt đầu và kết thúc bằng chữ hoặc số; tối đa 80 ký tự.")
    if db.session.scalar(select(func.count()).select_from(User).where(User.username == name)):
        raise InvalidData("Tên đăng nhập “%(username)s” đã tồn tại.", username=name)
    skeleton = _skeleton(name)
    for existing in db.session.scalars(select(User.username)):
        if _skeleton(existing) == skeleton:
            raise InvalidData("Tên đăng nhập “%(username)s” dễ nhầm với tài khoản “%(other)s” đã có.",
                              username=name, other=existing)
    return name


def _display_name(full_name: str, fallback: str) -> str:
    """A person's name without control or direction-override characters (U+202E would reverse it on screen)."""
    return clean(full_name)[:120] or fallback


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
    username = check_username(username)
    if role not in ROLES:
        raise InvalidData("Vai trò không hợp lệ.")
    if role in AGENCY_ROLES and agency is None:
        raise InvalidData("Tài khoản của cơ quan giải quyết phải gắn với một cơ quan.")
    check_password_strength(password, username, full_name)
    user = User(
        username=username,
        full_name=_display_name(full_name, username),
        email=clean(email)[:200] or None,
        role=role,
        agency=agency if role in AGENCY_ROLES else None,
        committee=committee,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    account_log.record("created", user=user, actor=actor)
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
    user.full_name = _display_name(full_name, user.username)
    user.email = clean(email)[:200] or None
    if role != user.role:
        # A sign-in made under the old role ends: one remembered for a month as a clerk must not become an
        # administrator's (never remembered), and whoever held the account must sign in again to get the new
        # role's rights. (An administrator cannot change their own role, so the actor is never signed out.)
        count = sessions.revoke_all(user, "role_changed")
        account_log.record("sessions_revoked", user=user, actor=actor, detail=f"{count} · {user.role} → {role}")
    user.role = role
    user.agency = agency if role in AGENCY_ROLES else None
    user.committee = committee
    db.session.flush()
    return user


def set_active(actor: User, user: User, active: bool) -> User:
    """Deactivate (every sign-in ends at once; the account can no longer sign in; its history stays) or
    reactivate."""
    permissions.require(actor, "manage_accounts")
    if user.id == actor.id and not active:
        raise InvalidData("Bạn không thể tự khóa tài khoản của chính mình.")
    if user.active != active:
        user.active = active
        if not active:
            sessions.revoke_all(user, "deactivated")
        account_log.record("reactivated" if active else "deactivated", user=user, actor=actor)
    db.session.flush()
    return user


def reset_password(actor: User, user: User) -> str:
    """Give the user a new random password (every sign-in of theirs ends); returned once so the admin
    can pass it on."""
    permissions.require(actor, "manage_accounts")
    password = generate_password()
    user.set_password(password)
    sessions.revoke_all(user, "password_reset", keep=sessions.current(actor) if actor.id == user.id else None)
    account_log.record("password_reset", user=user, actor=actor)
    db.session.flush()
    return password


def set_locale(user: User, locale: str) -> None:
    if locale not in LANGUAGES:
        raise InvalidData("Ngôn ngữ không được hỗ trợ.")
    user.locale = locale
    db.session.flush()
