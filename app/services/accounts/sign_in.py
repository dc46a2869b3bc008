"""Signing in (đăng nhập): the password check, in the same time whether the account exists or not, and the
throttling of failures, which spreads guesses out in time instead of locking anyone out.

Three counters of failures in the last hour (Limits.window), each with its free allowance, after which every further attempt
waits twice as long as the one before (from 15 seconds up to LOGIN_MAX_DELAY_SECONDS):
- one account from one address (LOGIN_FREE_FAILURES): a person mistyping;
- one account from any address (LOGIN_ACCOUNT_FREE_FAILURES): guessing one account from many machines;
  both are checked before the password, so a guess made while waiting learns nothing;
- one address over any accounts (LOGIN_ADDRESS_FREE_FAILURES, far higher): an office behind one NAT address
  shares it, so it is applied only to wrong passwords, never to a correct one.
Failures are rows (login_failure), not process memory: every web worker and every server sharing the
database sees the same counts, and a restart does not reset an attacker's budget.

Attempts on one account take turns (take_turn): the check of its counters, the password and the record of a
failure happen under one lock held until the caller commits, so forty guesses sent at once to several
servers still get only the free allowance of passwords checked, not one each before any failure is written.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash

from app import clock
from app.extensions import db
from app.models import LoginFailure, User, UserSession
from app.models.user import hash_password
from app.services.accounts import account_log, sessions
from app.services.accounts.account_log import Origin
from app.services.accounts.users import normalise_username
from app.services.errors import DomainError
from workflows.messages import N_

# Failures older than this are forgotten (and deleted): an hour, or four longest waits if that is more, so a
# wait never shrinks because the failures that set it have aged out.
MIN_WINDOW = timedelta(hours=1)
FIRST_DELAY_SECONDS = 15
# The first number of every PostgreSQL advisory lock this module takes ("KN"): the second is the account's.
SIGN_IN_LOCKS = 0x4B4E


class TooManyAttempts(DomainError):
    status = 429

    def __init__(self, seconds: int):
        if seconds >= 120:
            super().__init__(N_("Đăng nhập sai nhiều lần. Vui lòng đợi %(n)d phút rồi thử lại."), n=-(-seconds // 60))
        else:
            super().__init__(N_("Đăng nhập sai nhiều lần. Vui lòng đợi %(n)d giây rồi thử lại."), n=seconds)
        self.seconds = seconds


@dataclass(frozen=True)
class Limits:
    pair_free: int
    account_free: int
    address_free: int
    max_delay: int

    @property
    def window(self) -> timedelta:
        return max(MIN_WINDOW, timedelta(seconds=4 * self.max_delay))

    @classmethod
    def from_config(cls) -> Limits:
        c = current_app.config
        return cls(c["LOGIN_FREE_FAILURES"], c["LOGIN_ACCOUNT_FREE_FAILURES"], c["LOGIN_ADDRESS_FREE_FAILURES"],
                   c["LOGIN_MAX_DELAY_SECONDS"])


def username_key(username: str | None) -> str:
    """The sign-in name as accounts store it (NFKC, lower case, trimmed), cut to the column's width."""
    return normalise_username(username or "")[:80]


def delay_after(failures: int, free: int, max_delay: int) -> int:
    """Seconds the next attempt must wait after `failures` recent failures: none within the free allowance,
    then 15 s, 30 s, 60 s, ... up to max_delay."""
    if failures < free:
        return 0
    return min(max_delay, FIRST_DELAY_SECONDS * 2 ** min(failures - free, 20))


def _wait(condition, free: int, limits: Limits, now: datetime) -> int:
    """Seconds still to wait under one counter (0: go ahead)."""
    count, last = db.session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(condition, LoginFailure.at >= now - limits.window)).one()
    delay = delay_after(count, free, limits.max_delay)
    if not delay or last is None:
        return 0
    return max(0, int(-(-(last + timedelta(seconds=delay) - now).total_seconds() // 1)))


def wait_before_password(key: str, ip: str, limits: Limits) -> int:
    """Seconds this account must wait, from this address, before a password is even looked at."""
    now = clock.utcnow()
    return max(_wait((LoginFailure.username == key) & (LoginFailure.ip == ip), limits.pair_free, limits, now),
               _wait(LoginFailure.username == key, limits.account_free, limits, now))


def wait_for_address(ip: str, limits: Limits) -> int:
    return _wait(LoginFailure.ip == ip, limits.address_free, limits, clock.utcnow())


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    return hash_password("không phải mật khẩu của ai")


def verify(user: User | None, password: str) -> bool:
    """The password check, costing the same for a missing account (a dummy hash of the same method), so
    the response time does not tell which user names exist."""
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return user.check_password(password)


def take_turn(key: str, limits: Limits) -> None:
    """Wait for the other attempts on account `key` to be committed, and hold it until this one is.
    PostgreSQL: an advisory lock on the account (per account, even one that does not exist, ended by the
    commit or rollback). SQLite has one writer at a time: the clean-up of old failures, written first,
    takes the database's write lock before anything is counted (counting first and writing later would
    let every racing attempt count the same failures)."""
    if db.session.get_bind().dialect.name == "postgresql":
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big", signed=True)
        db.session.execute(select(func.pg_advisory_xact_lock(SIGN_IN_LOCKS, number)))
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < clock.utcnow() - limits.window))


def _record_failure(key: str, ip: str) -> None:
    db.session.add(LoginFailure(username=key, ip=ip[:45], at=clock.utcnow()))
    db.session.flush()


def _clear_pair(key: str, ip: str) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == key, LoginFailure.ip == ip))
    db.session.flush()


@dataclass
class SignedIn:
    user: User
    session: UserSession
    remember_refused: bool  # asked for, but administrators are never remembered


def sign_in(username: str, password: str, remember: bool = False, origin: Origin | None = None) -> SignedIn | None:
    """A new sign-in (user_session) for these credentials, or None (the failure is recorded and logged).
    TooManyAttempts when this attempt must wait: before the password is checked for the account's own
    counters, after it (and only when it is wrong) for the address's. The caller commits either way, which
    ends this attempt's turn on the account."""
    origin = origin or account_log.current_origin()
    limits = Limits.from_config()
    key, ip = username_key(username), origin.ip or "?"
    take_turn(key, limits)
    user = db.session.scalar(select(User).where(User.username == key)) if key else None
    waiting = wait_before_password(key, ip, limits)
    if waiting:
        raise TooManyAttempts(waiting)
    correct = verify(user, password or "")
    if correct and user.active:
        _clear_pair(key, ip)
        row = sessions.start(user, remember=remember, origin=origin)
        refused = remember and not row.remember
        account_log.record("sign_in", user=user, origin=origin,
                           detail="ghi nhớ đăng nhập" if row.remember else "")
        return SignedIn(user, row, refused)
    _record_failure(key, ip)
    account_log.record("sign_in_failed", user=user, username=key, origin=origin,
                       detail="tài khoản đã khóa" if correct else "")
    now_waiting = max(wait_before_password(key, ip, limits), wait_for_address(ip, limits))
    if now_waiting:
        # The failure that starts (or lengthens) a wait is logged as such: the administrator sees guessing.
        account_log.record("throttled", user=user, username=key, origin=origin,
                           detail=f"{now_waiting} s")
        raise TooManyAttempts(now_waiting)
    return None
