"""Passwords: how strong a new one must be, generated ones for new accounts, a user changing their own."""
from __future__ import annotations

import secrets
import string

from app.extensions import db
from app.models import User
from app.services.errors import InvalidData

MIN_PASSWORD_LENGTH = 10
# No look-alike characters: the admin reads the generated password to a colleague over the phone.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")


class WrongCurrentPassword(InvalidData):
    """The current password was mistyped (the form shows this next to that field, not the new one)."""


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidData("Mật khẩu phải có ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH)
    if password.isdigit() or password.isalpha():
        raise InvalidData("Mật khẩu phải gồm cả chữ và số hoặc ký tự đặc biệt.")


def generate_password(length: int = 14) -> str:
    """A random password that passes check_password_strength (letters and digits)."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def change_own_password(user: User, current: str, new: str, repeat: str) -> None:
    """A signed-in user changes their password: the current one is required, the new one must be strong."""
    if not user.check_password(current):
        raise WrongCurrentPassword("Mật khẩu hiện tại không đúng.")
    if new != repeat:
        raise InvalidData("Hai lần nhập mật khẩu mới không khớp.")
    if new == current:
        raise InvalidData("Mật khẩu mới phải khác mật khẩu hiện tại.")
    check_password_strength(new)
    user.set_password(new)
    db.session.flush()


def set_password(user: User, password: str) -> None:
    """A new password set from the command line (the operator has the database; no current password asked)."""
    check_password_strength(password)
    user.set_password(password)
    db.session.flush()
