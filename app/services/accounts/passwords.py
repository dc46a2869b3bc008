"""Passwords: how strong a new one must be (at least 10 characters, not containing the user name, not among
the commonly used or easily guessed ones, not the previous one), generated ones for new accounts, a user
changing their own (which signs every other browser out).

"Common" is judged by zxcvbn (Dropbox's estimator, pinned in requirements.txt): its 30,000 most used
passwords, English words and names, keyboard patterns, dates and repeats, plus the user's own name and a few
Vietnamese words everyone tries first; a password it scores below MIN_SCORE is refused."""
from __future__ import annotations

import secrets
import string

from zxcvbn import zxcvbn

from app.extensions import db
from app.models import User, UserSession
from app.services.accounts import account_log, sessions
from app.services.errors import InvalidData
from app.services.text import fold

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
MIN_SCORE = 3  # of 4: "safely unguessable" in zxcvbn's words
# zxcvbn's cost grows with length; the first characters decide whether a password is guessable.
SCORED_PREFIX = 64
# What a Vietnamese office tries first; zxcvbn knows English, not these.
LOCAL_WORDS = ("matkhau", "mat-khau", "mat khau", "hdnd", "ubnd", "kiennghi", "cutri", "hanoi", "vietnam",
               "quantri", "admin", "vanphong", "thuongtruc")
# No look-alike characters: the admin reads the generated password to a colleague over the phone.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")


class WrongCurrentPassword(InvalidData):
    """The current password was mistyped (the form shows this next to that field, not the new one)."""


def _squeezed(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


def check_password_strength(password: str, username: str = "", full_name: str = "") -> None:
    """InvalidData, with what to do instead, unless `password` may be used by this account."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidData("Mật khẩu phải có ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidData("Mật khẩu không được dài quá %(n)s ký tự.", n=MAX_PASSWORD_LENGTH)
    name = _squeezed(username)
    if len(name) >= 3 and name in _squeezed(password):
        raise InvalidData("Mật khẩu không được chứa tên đăng nhập.")
    words = [w for w in [username, *fold(full_name).split(), *LOCAL_WORDS] if w]
    if zxcvbn(password[:SCORED_PREFIX], user_inputs=words)["score"] < MIN_SCORE:
        raise InvalidData("Mật khẩu quá dễ đoán (mật khẩu phổ biến, dãy phím, ngày tháng hoặc một từ kèm vài chữ "
                          "số). Hãy dùng một cụm nhiều từ, ví dụ “mua-thu-ha-noi-2026”.")


def generate_password(length: int = 14) -> str:
    """A random password that passes check_password_strength (letters and digits)."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def _check_new(user: User, new: str) -> None:
    if user.check_password(new) or user.was_previous_password(new):
        raise InvalidData("Mật khẩu mới phải khác mật khẩu hiện tại và mật khẩu trước đó.")
    check_password_strength(new, user.username, user.full_name)


def change_own_password(user: User, current: str, new: str, repeat: str) -> UserSession:
    """A signed-in user changes their password: the current one is required, the new one must be strong.
    Every sign-in of the account ends, this browser's included; it gets a new one (the returned row), so a
    cookie copied before the change is useless after it."""
    if not user.check_password(current):
        raise WrongCurrentPassword("Mật khẩu hiện tại không đúng.")
    if new != repeat:
        raise InvalidData("Hai lần nhập mật khẩu mới không khớp.")
    _check_new(user, new)
    user.set_password(new)
    this = sessions.current(user)
    sessions.revoke_all(user, "password_changed")
    account_log.record("password_changed", user=user)
    return sessions.start(user, remember=bool(this and this.remember))


def set_password(user: User, password: str) -> None:
    """A new password set from the command line (the operator has the database; no current password asked)."""
    _check_new(user, password)
    user.set_password(password)
    sessions.revoke_all(user, "password_set")
    account_log.record("password_set", user=user)
    db.session.flush()
