"""Signing in (đăng nhập): the password check and its throttling: too many failed sign-ins for one account from one address, or from one address overall, wait.

Failures are rows in a small table (not process memory) so every web worker sees the same count and a
restart does not reset an attacker's budget. A success clears that account+address pair only.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from app import clock
from app.extensions import db
from app.models import LoginFailure, User
from app.services.errors import DomainError

MAX_PER_ACCOUNT = 5  # failures per username + address within the window
MAX_PER_ADDRESS = 30  # failures from one address across usernames (guessing many accounts)
WINDOW = timedelta(minutes=15)


class TooManyAttempts(DomainError):
    status = 429

    def __init__(self, minutes: int):
        super().__init__("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(n)d phút.", n=minutes)
        self.minutes = minutes


def _key(username: str) -> str:
    return (username or "").strip().lower()[:80]


def check(username: str, ip: str) -> None:
    """Raise TooManyAttempts when this attempt must be refused before the password is even checked."""
    since = clock.utcnow() - WINDOW
    for condition, limit in (
        ((LoginFailure.username == _key(username)) & (LoginFailure.ip == ip), MAX_PER_ACCOUNT),
        (LoginFailure.ip == ip, MAX_PER_ADDRESS),
    ):
        count, oldest = db.session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(condition, LoginFailure.at >= since)
        ).one()
        if count >= limit:
            wait = oldest + WINDOW - clock.utcnow()
            raise TooManyAttempts(max(1, -(-int(wait.total_seconds()) // 60)))


def record_failure(username: str, ip: str) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < clock.utcnow() - WINDOW))
    db.session.add(LoginFailure(username=_key(username), ip=ip[:45], at=clock.utcnow()))
    db.session.flush()


def clear(username: str, ip: str) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == _key(username), LoginFailure.ip == ip))
    db.session.flush()


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def sign_in(username: str, password: str, ip: str) -> User | None:
    """The account for these credentials, or None (the failure is recorded); TooManyAttempts first when
    the limit is reached, before the password is even checked, so a guesser learns nothing more."""
    check(username, ip)
    user = authenticate(username, password)
    if user is None:
        record_failure(username, ip)
    else:
        clear(username, ip)
    return user
