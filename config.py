"""Every setting of the application, declared once here (SecureDrop's sdconfig): its environment variable, type,
default and meaning. Values are read from the environment when this module is imported and checked when an app
is created (`finalise`, `check`): a bad value stops the start with one line naming the setting. Nothing else in the code
reads os.environ; the README's configuration table lists the same settings (a test keeps the two in step)."""
from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

BASE_DIR = Path(__file__).resolve().parent
MIN_SECRET_KEY_BYTES = 32


class ConfigError(RuntimeError):
    """A setting is missing or wrong: the message is one line, meant for the operator."""


@dataclass(frozen=True)
class Declared:
    env: str
    default: Any
    meaning: str


DECLARED: dict[str, Declared] = {}  # environment variable -> declaration, for the README and the checks
_PROBLEMS: list[str] = []  # values that could not be read, reported by finalise()


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("cần true hoặc false")


def env(name: str, default: Any, meaning: str, parse: Callable[[str], Any] = str) -> Any:
    """Declare the setting `name` and return its value from the environment (or `default`)."""
    DECLARED[name] = Declared(name, default, meaning)
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return parse(raw)
    except ValueError as exc:
        _PROBLEMS.append(f"{name}={raw!r}: {exc}")
        return default


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and route them to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


INSTANCE_DIR = Path(env("INSTANCE_PATH", str(BASE_DIR / "instance"),
                        "folder for the SQLite database, uploads, report files and the development secret key"))
APP_ENV = env("APP_ENV", "development", "development or production")


def _development_secret_key() -> str:
    """Keep one generated key in instance/ so sessions survive restarts without a key in the repo."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    APP_NAME = "Theo dõi kiến nghị cử tri"
    # --- The council ---------------------------------------------------------------------------------
    COUNCIL_NAME = env("COUNCIL_NAME", "HĐND THÀNH PHỐ HÀ NỘI", "issuing body printed on reports")
    COUNCIL_PLACE = env("COUNCIL_PLACE", "Hà Nội", "place in the reports' date line")
    APP_TIMEZONE = env("APP_TIMEZONE", "Asia/Ho_Chi_Minh", "the council's time zone; due dates are judged in it")
    CLOCK_FROZEN_AT = env("CLOCK_FROZEN_AT", None,
                          "stop the clock at an ISO datetime in APP_TIMEZONE (demos, training); unset in production")
    # --- Storage -------------------------------------------------------------------------------------
    SQLALCHEMY_DATABASE_URI = normalise_database_url(env(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'kien_nghi.db'}", "e.g. postgresql://user@host/db (psycopg 3)"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # The lifecycle's one switch: an agency officer's return as not competent goes through the agency leader
    # (like an answer) unless the council's regulation lets officers return items themselves.
    AGENCY_OFFICER_MAY_RETURN = env("AGENCY_OFFICER_MAY_RETURN", False,
                                    "agency officers return items as not competent without their leader", _bool)
    SECRET_KEY = env("SECRET_KEY", None, "signs sessions; required in production, generated into instance/ "
                                         "in development")
    UPLOAD_DIR = env("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"), "where attachments and checked sheets are kept")
    # The per-file limit is checked by the form, which re-renders with everything typed kept; the request
    # body limit (a bare 413, before any form is parsed) sits well above it so it only stops absurd bodies.
    MAX_UPLOAD_MB = env("MAX_UPLOAD_MB", 20, "largest file accepted, in MB", int)
    MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
    MAX_CONTENT_LENGTH = 2 * MAX_UPLOAD_BYTES + 1024 * 1024
    # A sheet is measured from its zip directory before anything parses it (a 158 KiB file once unpacked to
    # 150 MiB): what it would unpack to, its most compressed part, and the cells its sheets declare.
    IMPORT_MAX_UNPACKED_MB = env("IMPORT_MAX_UNPACKED_MB", 100, "largest size a sheet may unpack to, in MB", int)
    IMPORT_MAX_RATIO = env("IMPORT_MAX_RATIO", 100, "highest compression ratio of a sheet's part", int)
    IMPORT_MAX_CELLS = env("IMPORT_MAX_CELLS", 1_000_000, "most cells a sheet to import may declare", int)
    # Then every XML part is read as a stream (imports/scan.py): the cells really there, and the text of any one
    # cell (Excel itself holds at most 32,767 characters in a cell) and of all of them together.
    IMPORT_MAX_CELL_CHARS = env("IMPORT_MAX_CELL_CHARS", 32_767, "most characters in one cell of a sheet", int)
    IMPORT_MAX_TEXT_CHARS = env("IMPORT_MAX_TEXT_CHARS", 20_000_000, "most characters in all cells of a sheet", int)
    IMPORT_INLINE_MAX_ROWS = env("IMPORT_INLINE_MAX_ROWS", 2000,
                                 "sheets declaring more rows are imported by the job process, with a progress page", int)
    # --- Reports -------------------------------------------------------------------------------------
    REPORT_DIR = env("REPORT_DIR", str(INSTANCE_DIR / "reports"), "where reports built in the background are kept")
    REPORT_INLINE_MAX_ROWS = env("REPORT_INLINE_MAX_ROWS", 3000,
                                 "reports with more rows are built by the job process, with a progress page", int)
    REPORT_SIGNER = env("REPORT_SIGNER", "", "name printed in the reports' signature block")
    REPORT_SIGNER_TITLE = env("REPORT_SIGNER_TITLE", "CHỦ TỊCH",
                              "the signer's title under \"TM. THƯỜNG TRỰC HĐND\" (e.g. PHÓ CHỦ TỊCH)")
    REPORT_RECIPIENTS = env("REPORT_RECIPIENTS", "",
                            "the reports' \"Nơi nhận\" list, separated by \";\" (empty: the standing committee, "
                            "the council's committees, the people's committee, the delegates, the archive)")
    # --- Language and sessions -----------------------------------------------------------------------
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = APP_TIMEZONE
    LANGUAGES = ("vi", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Every sign-in is a row (user_session) that logout, a password change or reset, deactivation and
    # "sign out everywhere" revoke; the session cookie and the remember-me cookie both carry its token.
    REMEMBER_DAYS = env("REMEMBER_DAYS", 14, "how long a \"remember me\" sign-in lasts, in days (at most 30; "
                                            "administrators are never remembered)", int)
    SESSION_IDLE_MINUTES = env("SESSION_IDLE_MINUTES", 480,
                               "a sign-in without \"remember me\" ends after this many minutes without a request", int)
    # --- Signing in: failures slow down further attempts (per account, per account and address, per address)
    LOGIN_FREE_FAILURES = env("LOGIN_FREE_FAILURES", 5, "failed sign-ins to one account from one address "
                                                        "before each further attempt must wait", int)
    LOGIN_ACCOUNT_FREE_FAILURES = env("LOGIN_ACCOUNT_FREE_FAILURES", 10, "failed sign-ins to one account from "
                                                                        "any address before attempts must wait", int)
    LOGIN_ADDRESS_FREE_FAILURES = env("LOGIN_ADDRESS_FREE_FAILURES", 100, "failed sign-ins from one address "
                                      "(any accounts) before its wrong passwords must wait; never a correct one",
                                      int)
    LOGIN_MAX_DELAY_SECONDS = env("LOGIN_MAX_DELAY_SECONDS", 900, "longest wait between two attempts once "
                                                                  "the failures above are reached (it doubles)", int)
    TRUSTED_PROXIES = env("TRUSTED_PROXIES", 0, "number of reverse proxies in front of the app whose "
                                                "X-Forwarded-For/-Proto are believed (0: the connection's address)",
                          int)
    # --- Plausible dates: what a form or a sheet may carry (a year-1 letter made every board say "739905 days late")
    DATE_EARLIEST = env("DATE_EARLIEST", "2000-01-01", "earliest date accepted anywhere (ISO)")
    DATE_YEARS_AHEAD = env("DATE_YEARS_AHEAD", 10, "how many years after today a date (deadline, session) "
                                                   "may lie", int)
    HSTS_SECONDS = 0  # production sends Strict-Transport-Security
    BOOTSTRAP_SERVE_LOCAL = True
    WTF_CSRF_TIME_LIMIT = None
    PASSWORD_HASH_METHOD = "scrypt"
    # --- E-mail --------------------------------------------------------------------------------------
    PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "http://127.0.0.1:5000", "the address used in e-mail links")
    PETITION_URL_PATH = env("PETITION_URL_PATH", "/petitions/{id}",
                            "path of an item's page under PUBLIC_BASE_URL, in e-mails ({id} is replaced)")
    MAIL_SERVER = env("MAIL_SERVER", "localhost", "SMTP host for notices")
    MAIL_PORT = env("MAIL_PORT", 25, "SMTP port", int)
    MAIL_USE_TLS = env("MAIL_USE_TLS", False, "STARTTLS", _bool)
    MAIL_USE_SSL = env("MAIL_USE_SSL", False, "SMTP over TLS", _bool)
    MAIL_USERNAME = env("MAIL_USERNAME", None, "SMTP user")
    MAIL_PASSWORD = env("MAIL_PASSWORD", None, "SMTP password")
    MAIL_DEFAULT_SENDER = env("MAIL_DEFAULT_SENDER", "kien-nghi@hdnd.example.vn", "From: address of notices")
    # --- The job process (flask scheduler) -----------------------------------------------------------
    SCHEDULE_REMINDERS = env("SCHEDULE_REMINDERS", "30 7 * * *", "crontab line of the reminder run, in APP_TIMEZONE")
    SCHEDULE_DIGEST = env("SCHEDULE_DIGEST", "0 7 * * mon", "crontab line of the weekly digest, in APP_TIMEZONE")
    SCHEDULE_SEARCH_TERMS = env("SCHEDULE_SEARCH_TERMS", "15 2 * * *",
                                "crontab line of the nightly recount of the search index's words, in APP_TIMEZONE")
    SCHEDULE_NOTIFICATIONS_SECONDS = env("SCHEDULE_NOTIFICATIONS_SECONDS", 60, "how often the outbox is sent", int)
    SCHEDULE_DASHBOARDS_SECONDS = env("SCHEDULE_DASHBOARDS_SECONDS", 300,
                                      "how often the job process recomputes the dashboards' figures", int)
    SCHEDULE_REPORTS_SECONDS = env("SCHEDULE_REPORTS_SECONDS", 3,
                                   "how often (s) the job process looks for queued large reports", int)
    SCHEDULER_MISFIRE_GRACE = env("SCHEDULER_MISFIRE_GRACE", 6 * 3600,
                                  "how late (seconds) a missed scheduled run may still start", int)
    # A standby job process takes over when the holder has not renewed the lease for this long (at most about
    # 1.5 times it after a crash): short enough to take over within a minute, long enough to ride out a blip.
    SCHEDULER_LEASE_SECONDS = env("SCHEDULER_LEASE_SECONDS", 30,
                                  "lease (s) of the job process that runs the jobs; a standby takes over after it", int)
    # --- Serving (make serve, gunicorn.conf.py) and logs ---------------------------------------------
    WEB_BIND = env("WEB_BIND", "127.0.0.1:8000", "address gunicorn listens on (host:port or unix:/path)")
    WEB_WORKERS = env("WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 9), "gunicorn worker processes", int)
    WEB_THREADS = env("WEB_THREADS", 4, "threads per gunicorn worker (gthread above 1)", int)
    WEB_TIMEOUT = env("WEB_TIMEOUT", 60, "seconds before gunicorn restarts a stuck worker", int)
    # Per process: servers x workers x (size + overflow) + the job process must stay under max_connections.
    DB_POOL_SIZE = env("DB_POOL_SIZE", 5, "PostgreSQL connections kept open per process", int)
    DB_MAX_OVERFLOW = env("DB_MAX_OVERFLOW", 5, "extra PostgreSQL connections a process may open at a peak", int)
    LOG_FORMAT = env("LOG_FORMAT", "json", "log lines as json (one object a line) or text (key=value)")
    LOG_LEVEL = env("LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING or ERROR")
    TESTING = False

    @classmethod
    def finalise(cls, settings: dict) -> None:
        """Fill what must be derived at app creation (never at import); `check` then tests every value."""
        if not settings.get("SECRET_KEY"):
            settings["SECRET_KEY"] = _development_secret_key()
        _engine_options(settings)


def current(name: str) -> Any:
    """The setting `name` of the running app, or, outside one (a script, a unit test without an app), the value
    declared above: code that may run either way asks here rather than keep a default of its own."""
    from flask import current_app, has_app_context

    return current_app.config[name] if has_app_context() else getattr(Config, name)


def _engine_options(settings: dict) -> None:
    """Pool sizes and a connect timeout for PostgreSQL (SQLite's pools take neither): during an outage a request
    fails within seconds instead of hanging, and pre-ping replaces connections the restart closed."""
    if str(settings.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **settings["SQLALCHEMY_ENGINE_OPTIONS"], "pool_size": settings["DB_POOL_SIZE"],
            "max_overflow": settings["DB_MAX_OVERFLOW"], "connect_args": {"connect_timeout": 5}}


def check(settings: dict) -> None:
    """Raise ConfigError (one line) when a setting cannot work, before the app serves anything."""
    problems = list(_PROBLEMS)
    try:
        ZoneInfo(settings["APP_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"APP_TIMEZONE={settings['APP_TIMEZONE']!r}: không phải múi giờ (ví dụ Asia/Ho_Chi_Minh)")
    from apscheduler.triggers.cron import CronTrigger

    for name in ("SCHEDULE_REMINDERS", "SCHEDULE_DIGEST", "SCHEDULE_SEARCH_TERMS"):
        try:
            CronTrigger.from_crontab(settings[name])
        except ValueError as exc:
            problems.append(f"{name}={settings[name]!r}: không phải dòng crontab ({exc})")
    for name in ("SCHEDULE_NOTIFICATIONS_SECONDS", "SCHEDULE_REPORTS_SECONDS", "SCHEDULE_DASHBOARDS_SECONDS",
                 "SCHEDULER_MISFIRE_GRACE", "MAX_UPLOAD_MB", "IMPORT_MAX_UNPACKED_MB", "IMPORT_MAX_RATIO",
                 "IMPORT_MAX_CELLS", "WEB_WORKERS", "WEB_THREADS", "WEB_TIMEOUT", "DB_POOL_SIZE",
                 "IMPORT_MAX_CELL_CHARS", "IMPORT_MAX_TEXT_CHARS"):
        if not isinstance(settings[name], int) or settings[name] <= 0:
            problems.append(f"{name}={settings[name]!r}: phải là số nguyên dương")
    if not isinstance(settings["DB_MAX_OVERFLOW"], int) or settings["DB_MAX_OVERFLOW"] < 0:
        problems.append(f"DB_MAX_OVERFLOW={settings['DB_MAX_OVERFLOW']!r}: phải là số nguyên từ 0")
    if not isinstance(settings["SCHEDULER_LEASE_SECONDS"], int) or not 3 <= settings["SCHEDULER_LEASE_SECONDS"] <= 40:
        problems.append(f"SCHEDULER_LEASE_SECONDS={settings['SCHEDULER_LEASE_SECONDS']!r}: phải từ 3 đến 40 "
                        "(tiến trình dự phòng tiếp quản trong vòng một phút)")
    if settings["LOG_FORMAT"] not in ("json", "text"):
        problems.append(f"LOG_FORMAT={settings['LOG_FORMAT']!r}: phải là json hoặc text")
    if str(settings["LOG_LEVEL"]).upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        problems.append(f"LOG_LEVEL={settings['LOG_LEVEL']!r}: phải là DEBUG, INFO, WARNING hoặc ERROR")
    if ":" not in settings["WEB_BIND"]:
        problems.append(f"WEB_BIND={settings['WEB_BIND']!r}: cần dạng máy:cổng, ví dụ 127.0.0.1:8000")
    for name in ("REPORT_INLINE_MAX_ROWS", "IMPORT_INLINE_MAX_ROWS"):
        if not isinstance(settings[name], int) or settings[name] < 0:
            problems.append(f"{name}={settings[name]!r}: phải là số nguyên từ 0")
    for name in ("SESSION_IDLE_MINUTES", "LOGIN_FREE_FAILURES", "LOGIN_ACCOUNT_FREE_FAILURES",
                 "LOGIN_ADDRESS_FREE_FAILURES", "LOGIN_MAX_DELAY_SECONDS", "DATE_YEARS_AHEAD"):
        if not isinstance(settings[name], int) or settings[name] <= 0:
            problems.append(f"{name}={settings[name]!r}: phải là số nguyên dương")
    if not isinstance(settings["REMEMBER_DAYS"], int) or not 1 <= settings["REMEMBER_DAYS"] <= 30:
        problems.append(f"REMEMBER_DAYS={settings['REMEMBER_DAYS']!r}: phải từ 1 đến 30 ngày")
    if not isinstance(settings["TRUSTED_PROXIES"], int) or not 0 <= settings["TRUSTED_PROXIES"] <= 5:
        problems.append(f"TRUSTED_PROXIES={settings['TRUSTED_PROXIES']!r}: phải là số nguyên từ 0 đến 5")
    try:
        earliest = date.fromisoformat(str(settings["DATE_EARLIEST"]))
        if earliest.year < 1900:
            raise ValueError
    except ValueError:
        problems.append(f"DATE_EARLIEST={settings['DATE_EARLIEST']!r}: cần một ngày dạng YYYY-MM-DD từ năm 1900")
    if "{id}" not in settings["PETITION_URL_PATH"]:
        problems.append(f"PETITION_URL_PATH={settings['PETITION_URL_PATH']!r}: phải chứa {{id}}")
    problems += _clock_and_mail_problems(settings)
    if problems:
        raise ConfigError("Cấu hình không hợp lệ: " + "; ".join(problems))


def _clock_and_mail_problems(settings: dict) -> list[str]:
    """The frozen clock, the SMTP connection and the links in e-mails: each wrong one would only show later, as
    a traceback at start-up, a job that never connects, or links nobody can open."""
    problems = []
    frozen = settings.get("CLOCK_FROZEN_AT")
    if frozen:
        try:
            datetime.fromisoformat(str(frozen))
        except ValueError:
            problems.append(f"CLOCK_FROZEN_AT={frozen!r}: cần ngày giờ ISO, ví dụ 2026-11-22T10:00")
    if not isinstance(settings["MAIL_PORT"], int) or not 1 <= settings["MAIL_PORT"] <= 65535:
        problems.append(f"MAIL_PORT={settings['MAIL_PORT']!r}: phải là cổng từ 1 đến 65535")
    if settings["MAIL_USE_TLS"] and settings["MAIL_USE_SSL"]:
        # STARTTLS upgrades a plain connection; SSL starts encrypted: one server speaks only one of them.
        problems.append("MAIL_USE_TLS và MAIL_USE_SSL: chỉ bật một trong hai (STARTTLS, thường cổng 587; "
                        "hoặc SSL, thường cổng 465)")
    url = urlsplit(str(settings["PUBLIC_BASE_URL"]))
    if url.scheme not in ("http", "https") or not url.netloc:
        problems.append(f"PUBLIC_BASE_URL={settings['PUBLIC_BASE_URL']!r}: cần địa chỉ đầy đủ, ví dụ "
                        "https://kiennghi.hanoi.gov.vn")
    return problems


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    # Never DATABASE_URL: a test run must not touch the database a developer works with.
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        env("TEST_DATABASE_URL", "sqlite:///:memory:", "database of the test suite (make test-postgres sets it)"))
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 8025


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS_SECONDS = 365 * 24 * 3600

    @classmethod
    def finalise(cls, settings: dict) -> None:
        # Every server must sign sessions with the same key, so production never generates one.
        if not settings.get("SECRET_KEY"):
            raise ConfigError("Cần đặt SECRET_KEY khi chạy thật (APP_ENV=production).")
        if len(str(settings["SECRET_KEY"]).encode()) < MIN_SECRET_KEY_BYTES:
            # A short key can be guessed offline from one signed cookie, and then any session forged.
            raise ConfigError(f"SECRET_KEY quá ngắn: cần ít nhất {MIN_SECRET_KEY_BYTES} byte ngẫu nhiên khi chạy "
                              "thật (ví dụ: python -c 'import secrets; print(secrets.token_hex(32))').")
        _engine_options(settings)


# What APP_ENV may name. Not TestingConfig: it turns CSRF off and signs with a fixed, public key, so only the test
# suite uses it, by passing the class to create_app (tests/conftest.py), never through the environment.
CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig}


def config_for(name: str | None = None) -> type[Config]:
    chosen = name or APP_ENV
    if chosen == "testing":
        raise ConfigError("APP_ENV='testing': cấu hình kiểm thử (tắt CSRF, khóa cố định) chỉ dành cho bộ kiểm thử; "
                          "hãy dùng development hoặc production.")
    if chosen not in CONFIGS:
        raise ConfigError(f"APP_ENV={chosen!r}: phải là một trong {', '.join(CONFIGS)}.")
    return CONFIGS[chosen]
