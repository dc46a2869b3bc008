"""Administration of staff accounts: list, create, edit role and agency, deactivate, reset the password."""
from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.blueprints.admin import bp, save_or_render
from app.blueprints.admin.forms import ConfirmForm, UserForm
from app.extensions import db
from app.i18n import lang
from app.models import Agency, Committee, User
from app.services import accounts, user_search
from app.services.errors import DomainError
from app.services.users import create_user
from workflows.vocabulary import ROLES, label


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user) if user is not None and request.method == "GET" else UserForm()
    form.role.choices = [(code, label(ROLES, code, lang())) for code in ROLES]
    agencies = db.session.scalars(select(Agency).order_by(Agency.name)).all()
    form.agency.choices = [(0, "—")] + [(a.id, a.name + ("" if a.active else _(" (ngừng hoạt động)")))
                                         for a in agencies]
    committees = db.session.scalars(select(Committee).order_by(Committee.name)).all()
    form.committee.choices = [(0, "—")] + [(c.id, c.name) for c in committees]
    if user is not None and request.method == "GET":
        form.agency.data = user.agency_id or 0
        form.committee.data = user.committee_id or 0
    return form


def _no_store(response):
    # A page showing a password must not stay in the browser cache or history.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/users")
def users():
    """Filters live in the URL (q, role, agency, status, page), like every list."""
    args = {"q": request.args.get("q", "").strip()[:100], "role": request.args.get("role", ""),
            "agency": request.args.get("agency", type=int, default=0) or 0,
            "status": request.args.get("status", "")}
    if args["role"] not in ROLES:
        args["role"] = ""
    found = user_search.search(args["q"], args["role"], args["agency"], args["status"],
                               page=request.args.get("page", type=int, default=1) or 1)
    agencies = db.session.scalars(select(Agency).order_by(Agency.name)).all()
    roles = [(code, label(ROLES, code, lang())) for code in ROLES]
    return render_template("admin/users.html", found=found, users=found.users, args=args, roles=roles,
                           agencies=agencies, confirm=ConfirmForm())


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = _user_form()
    if form.validate_on_submit():
        password = accounts.generate_password()
        try:
            user = create_user(current_user, username=form.username.data, full_name=form.full_name.data,
                               password=password, role=form.role.data, email=form.email.data,
                               agency=db.session.get(Agency, form.agency.data or 0),
                               committee=db.session.get(Committee, form.committee.data or 0))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            db.session.commit()
            return _no_store(make_response(render_template("admin/password_shown.html", user=user,
                                                           password=password, created=True)))
    elif form.is_submitted():
        flash(_("Vui lòng sửa các ô được đánh dấu bên dưới."), "danger")
    status = 400 if form.is_submitted() else 200
    return render_template("admin/form.html", form=form, title=_("Tạo tài khoản"),
                           back=url_for("admin.users"),
                           note=_("Mật khẩu ban đầu được tạo ngẫu nhiên và chỉ hiện một lần sau khi lưu.")), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    form.username.render_kw = {"readonly": True}
    if request.method == "POST":
        form.username.data = user.username  # the username is the sign-in name: never changed here
    return save_or_render(
        form,
        lambda: accounts.update_user(current_user, user, full_name=form.full_name.data, email=form.email.data,
                                     role=form.role.data, agency=db.session.get(Agency, form.agency.data or 0),
                                     committee=db.session.get(Committee, form.committee.data or 0)),
        lambda u: (_("Đã lưu tài khoản %(name)s.", name=u.username), url_for("admin.users")),
        "admin/form.html", title=_("Sửa tài khoản %(name)s", name=user.username), back=url_for("admin.users"),
    )


@bp.post("/users/<int:user_id>/active")
def user_active(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        active = request.form.get("active") == "1"
        try:
            accounts.set_active(current_user, user, active)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            db.session.commit()
            flash(_("Đã mở lại tài khoản %(name)s.", name=user.username) if active
                  else _("Đã khóa tài khoản %(name)s.", name=user.username), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reset-password")
def user_reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn; vui lòng thử lại."), "danger")
        return redirect(url_for("admin.users"))
    password = accounts.reset_password(current_user, user)
    db.session.commit()
    return _no_store(make_response(render_template("admin/password_shown.html", user=user,
                                                   password=password, created=False)))
