"""Administration of time: deadline rules, local days off and swapped working days, and the lifecycle diagram."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.blueprints.admin import bp
from app.blueprints.admin.forms import CalendarDayForm, ConfirmForm, RuleForm
from app.blueprints.admin.pages import save_or_render
from app.models import DeadlineRule
from app.services import catalogue
from app.services.admin import deadlines as deadline_admin
from app.services.admin import diagram
from app.services.deadlines import rules as deadlines
from app.web.edge import commit_or_flash, get_or_404
from app.web.i18n import lang
from app.web.inputs import arg_int
from workflows import calendar as wcal
from workflows.vocabulary import COMPETENCE_LEVELS, label


@bp.get("/deadline-rules")
def rules():
    rows = deadline_admin.rules()
    return render_template("admin/rules.html", rules=rows, fallback=deadlines.FALLBACK_RULES)


@bp.route("/deadline-rules/new", methods=["GET", "POST"], defaults={"rule_id": None})
@bp.route("/deadline-rules/<int:rule_id>", methods=["GET", "POST"])
def rule_edit(rule_id: int | None):
    rule = get_or_404(DeadlineRule, rule_id, optional=True)
    form = RuleForm(obj=rule) if rule is not None and request.method == "GET" else RuleForm()
    form.competence_level.choices = [("", _("Mọi thẩm quyền"))] + [
        (c, label(COMPETENCE_LEVELS, c, lang())) for c in COMPETENCE_LEVELS]
    form.agency.choices = [(0, _("Mọi cơ quan"))] + [
        (a.id, a.name) for a in catalogue.agency_rows()]
    if rule is not None and request.method == "GET":
        form.competence_level.data = rule.competence_level or ""
        form.agency.data = rule.agency_id or 0

    def done(result):
        saved, moved = result
        return (_("Đã lưu quy tắc “%(name)s”; %(n)d kiến nghị đang mở được tính lại hạn trả lời.",
                  name=saved.name, n=moved), url_for("admin.rules"))

    return save_or_render(
        form,
        lambda: deadline_admin.save_rule(current_user, name=form.name.data, kind=form.kind.data, days=form.days.data,
                                    very_overdue_days=form.very_overdue_days.data, purpose=form.purpose.data,
                                    competence_level=form.competence_level.data or None,
                                    agency=catalogue.agency(form.agency.data), rule=rule,
                                    active=form.active.data),
        done, "admin/form.html", title=_("Sửa quy tắc thời hạn") if rule else _("Thêm quy tắc thời hạn"),
        back=url_for("admin.rules"),
        note=_("Khi lưu, hạn trả lời của mọi kiến nghị đang ở cơ quan giải quyết được tính lại theo quy tắc mới."),
    )


def _year() -> int:
    return arg_int("year", clock.today().year, 1990, 2100)


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():
    year = _year()
    form = CalendarDayForm()

    def done(result):
        row, moved = result
        return (_("Đã lưu ngày %(day)s; %(n)d kiến nghị đang mở được tính lại hạn trả lời.",
                  day=row.day.strftime("%d/%m/%Y"), n=moved), url_for("admin.calendar", year=row.day.year))

    national = wcal.WorkingCalendar().holidays_in(date(year, 1, 1), date(year, 12, 31))
    overrides = deadline_admin.calendar_overrides()
    return save_or_render(
        form,
        lambda: deadline_admin.set_calendar_day(current_user, form.day.data, form.kind.data, form.name.data),
        done, "admin/calendar.html", year=year, national=national, overrides=overrides, confirm=ConfirmForm(),
    )


@bp.post("/calendar/<day>/remove")
def calendar_remove(day: str):
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if ConfirmForm().validate_on_submit():
        commit_or_flash(lambda: deadline_admin.remove_calendar_day(current_user, parsed),
                        lambda moved: _("Đã bỏ điều chỉnh ngày %(day)s; %(n)d kiến nghị đang mở được tính lại "
                                        "hạn trả lời.", day=parsed.strftime("%d/%m/%Y"), n=moved))
    return redirect(url_for("admin.calendar", year=parsed.year))


@bp.get("/lifecycle")
def lifecycle():
    return render_template("admin/lifecycle.html", rendered_by=diagram.renderer())


@bp.get("/lifecycle.svg")
def lifecycle_svg():
    return Response(diagram.lifecycle_svg(lang()), mimetype="image/svg+xml")
