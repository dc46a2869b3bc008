"""Error pages and JSON errors: domain errors become clear messages with the right status; a 500 never loses a form."""
from __future__ import annotations

from contextlib import suppress

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.services.errors import DomainError

MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    403: _l("Bạn không có quyền truy cập trang này."),
    404: _l("Không tìm thấy trang hoặc dữ liệu được yêu cầu."),
    405: _l("Phương thức không được hỗ trợ."),
    409: _l("Thao tác không còn hợp lệ với trạng thái hiện tại."),
    413: _l("Tệp tải lên quá lớn."),
    429: _l("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại."),
    500: _l("Đã có lỗi hệ thống. Dữ liệu bạn nhập chưa được lưu; vui lòng thử lại."),
    503: _l("Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Dữ liệu bạn nhập chưa được lưu; "
            "vui lòng thử lại sau ít phút."),
}
# When even the error page cannot be drawn (its frame needs the database): the same words, untranslated.
UNAVAILABLE_TEXT = ("Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Dữ liệu bạn nhập chưa được lưu; "
                    "vui lòng thử lại sau ít phút.")
TITLES = {
    403: _l("Không được phép"),
    404: _l("Không tìm thấy"),
    500: _l("Lỗi hệ thống"),
    503: _l("Tạm thời gián đoạn"),
}
# Never echoed back: secrets and machinery. Matched as substrings of the field name.
_HIDDEN_FIELDS = ("password", "csrf", "token", "secret", "current", "repeat")


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def submitted_fields() -> list[tuple[str, str]]:
    """What the user typed in the failed POST (minus passwords and tokens), so they can copy it back."""
    if request.method != "POST":
        return []
    try:
        items = request.form.items(multi=True)
        return [(k, v) for k, v in items if v.strip() and not any(h in k.lower() for h in _HIDDEN_FIELDS)]
    except Exception:  # noqa: BLE001 - the error page must render even if the body cannot be parsed
        return []


def render_error(status: int, message: str | None = None, submitted: list[tuple[str, str]] | None = None):
    message = str(message or MESSAGES.get(status, _("Đã có lỗi xảy ra.")))
    if _wants_json():
        return jsonify({"error": message, "status": status}), status
    title = TITLES.get(status, _("Lỗi %(status)d", status=status))
    return render_template("errors/error.html", status=status, title=title, message=message,
                           submitted=submitted or []), status


def _propagates(app: Flask) -> bool:
    """Flask's own PROPAGATE_EXCEPTIONS (unset: on under test or debug). Our catch-all handlers take an exception
    before Flask would look at that setting, so they honour it themselves: raised to the caller, not a page."""
    setting = app.config["PROPAGATE_EXCEPTIONS"]
    return bool(app.testing or app.debug) if setting is None else bool(setting)


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def release_session(_exc: BaseException | None) -> None:
        """Hand the connection back even when the database died after the answer was ready (a committed write
        must not turn into gunicorn's bare 500). Runs before Flask-SQLAlchemy's own teardown, which then has
        nothing left to do; a failed close invalidated the connection, so the second one succeeds."""
        try:
            db.session.remove()
        except SQLAlchemyError as exc:
            app.logger.warning("Database connection lost while closing the request: %s", type(exc).__name__)
            with suppress(SQLAlchemyError):
                db.session.remove()
            db.session.registry.clear()

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        db.session.rollback()
        return render_error(exc.status, exc.message)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return render_error(exc.code or 500, MESSAGES.get(exc.code or 500, exc.description))

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(exc: Exception):
        """The database went away (a restart, a failover, the network): a 503 that says to retry, not a 500.
        The pool's pre-ping replaces the dead connections, so the retry after the outage succeeds."""
        with suppress(SQLAlchemyError):
            db.session.rollback()
        app.logger.warning("Database unavailable on %s %s: %s", request.method, request.path, type(exc).__name__)
        if _propagates(app):
            raise exc  # under a test or the debugger, "no such table" and friends are bugs to see, not outages
        try:
            response, status = render_error(503, submitted=submitted_fields())
        except SQLAlchemyError:  # the page's frame asks the database who is signed in: answer without it
            with suppress(SQLAlchemyError):
                db.session.rollback()
            response, status = UNAVAILABLE_TEXT, 503
        return response, status, {"Retry-After": "30"}

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if _propagates(app):
            raise exc
        return render_error(500, submitted=submitted_fields())
