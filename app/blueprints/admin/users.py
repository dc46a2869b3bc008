"""Administration of staff accounts: list, create, edit role and agency, deactivate, reset the password, sign
every browser of an account out, and the account audit log (sign-ins, failures, delays, password changes)."""
from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.admin import bp
from app.blueprints.admin.forms import ActiveForm, ConfirmForm, UserForm
from app.blueprints.admin.pages import save_or_render
from app.models import User
from app.services import catalogue
from app.services.accounts import account_log, passwords, search, sessions, users
from app.web.edge import DANGER, commit_or_flash, flash_invalid, get_or_404
from app.web.i18n import lang
from app.web.inputs import arg_int
from workflows.vocabulary import ACCOUNT_EVENTS, ROLES, label


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user) if user is not None and request.method == "GET" else UserForm()
    form.role.choices = [(code, label(ROLES, code, lang())) for code in ROLES]
    form.agency.choices = [(0, "—")] + [(a.id, a.name + ("" if a.active else _(" (ngừng hoạt động)")))
                                         for a in catalogue.agency_rows()]
    form.committee.choices = [(0, "—"), *catalogue.committees()]
    if user is not None and request.method == "GET":
        form.agency.data = user.agency_id or 0
        form.committee.data = user.committee_id or 0
    return form


def _no_store(response):
    # A page showing a password must not stay in the browser cache or history.
    response.headers["Cache-Control"] = "no-store"
    return response


def _password_page(user: User, password: str, created: bool):
    return _no_store(make_response(render_template("admin/password_shown.html", user=user, password=password,
                                                   created=created)))


@bp.get("/users", endpoint="users")
def users_list():
    """Filters live in the URL (q, role, agency, status, page), like every list."""
    args = {"q": request.args.get("q", "").strip()[:100], "role": request.args.get("role", ""),
            "agency": arg_int("agency", 0, 0), "status": request.args.get("status", "")}
    if args["role"] not in ROLES:
        args["role"] = ""
    found = search.search(args["q"], args["role"], args["agency"], args["status"],
                          page=arg_int("page", 1, 1, search.MAX_PAGE))
    roles = [(code, label(ROLES, code, lang())) for code in ROLES]
    return render_template("admin/users.html", found=found, users=found.users, args=args, roles=roles,
                           agencies=catalogue.agency_rows(), confirm=ConfirmForm())


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = _user_form()
    if form.validate_on_submit():
        password = passwords.generate_password()
        outcome = commit_or_flash(lambda: users.create_user(
            current_user, username=form.username.data, full_name=form.full_name.data, password=password,
            role=form.role.data, email=form.email.data, agency=catalogue.agency(form.agency.data),
            committee=catalogue.committee(form.committee.data)))
        if outcome.ok:
            return _password_page(outcome.value, password, created=True)
    elif form.is_submitted():
        flash_invalid()
    status = 400 if form.is_submitted() else 200
    return render_template("admin/form.html", form=form, title=_("Tạo tài khoản"),
                           back=url_for("admin.users"),
                           note=_("Mật khẩu ban đầu được tạo ngẫu nhiên và chỉ hiện một lần sau khi lưu.")), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = get_or_404(User, user_id)
    form = _user_form(user)
    form.username.render_kw = {"readonly": True}
    if request.method == "POST":
        form.username.data = user.username  # the username is the sign-in name: never changed here
    return save_or_render(
        form,
        lambda: users.update_user(current_user, user, full_name=form.full_name.data, email=form.email.data,
                                  role=form.role.data, agency=catalogue.agency(form.agency.data),
                                  committee=catalogue.committee(form.committee.data)),
        lambda u: (_("Đã lưu tài khoản %(name)s.", name=u.username), url_for("admin.users")),
        "admin/form.html", title=_("Sửa tài khoản %(name)s", name=user.username), back=url_for("admin.users"),
    )


@bp.post("/users/<int:user_id>/active")
def user_active(user_id: int):
    user = get_or_404(User, user_id)
    form = ActiveForm()
    if form.validate_on_submit():
        active = form.active.data == "1"
        commit_or_flash(lambda: users.set_active(current_user, user, active),
                        _("Đã mở lại tài khoản %(name)s.", name=user.username) if active
                        else _("Đã khóa tài khoản %(name)s; mọi phiên đăng nhập của tài khoản đã kết thúc.",
                               name=user.username))
    else:
        flash_invalid()
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/sign-out")
def user_sign_out(user_id: int):
    """Đăng xuất mọi nơi: every browser signed in as this account must sign in again."""
    user = get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        commit_or_flash(lambda: sessions.sign_out_everywhere(current_user, user),
                        lambda n: _("Đã đăng xuất %(n)d phiên của tài khoản %(name)s.", n=n, name=user.username))
    return redirect(url_for("admin.users"))


@bp.get("/account-log")
def account_log_page():
    """Nhật ký tài khoản: newest first, filtered by a user name or address and a kind; filters in the URL."""
    args = {"q": request.args.get("q", "").strip()[:80], "kind": request.args.get("kind", "")}
    if args["kind"] not in ACCOUNT_EVENTS:
        args["kind"] = ""
    found = account_log.read(current_user, args["q"], args["kind"], arg_int("page", 1, 1, search.MAX_PAGE))
    kinds = [(code, label(ACCOUNT_EVENTS, code, lang())) for code in ACCOUNT_EVENTS]
    return render_template("admin/account_log.html", found=found, args=args, kinds=kinds)


@bp.post("/users/<int:user_id>/reset-password")
def user_reset_password(user_id: int):
    user = get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn; vui lòng thử lại."), DANGER)
        return redirect(url_for("admin.users"))
    outcome = commit_or_flash(lambda: users.reset_password(current_user, user))
    if not outcome.ok:
        return redirect(url_for("admin.users"))
    return _password_page(user, outcome.value, created=False)
