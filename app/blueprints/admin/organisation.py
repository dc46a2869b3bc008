"""Administration of reference data: agencies (hierarchy, competence, e-mail), committees, fields and the other names
by which offices' sheets call them, terms, sessions."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.blueprints.admin import bp
from app.blueprints.admin.forms import (
    AgencyForm,
    CommitteeForm,
    ConfirmForm,
    FieldForm,
    FieldSynonymForm,
    SessionForm,
    TermForm,
)
from app.blueprints.admin.pages import save_or_render
from app.models import Agency, Committee, Field, FieldSynonym, Session, Term
from app.services import catalogue
from app.services.admin import organisation
from app.services.imports import mappings
from app.web.edge import commit_or_flash, get_or_404
from app.web.i18n import lang
from workflows.vocabulary import COMPETENCE_LEVELS, label


def _form(cls, obj):
    # Pre-fill from the record only on GET: on POST the form keeps what the user typed.
    return cls(obj=obj) if obj is not None and request.method == "GET" else cls()


def _committee_choices():
    return [(0, "—"), *catalogue.committees()]


# --- Agencies --------------------------------------------------------------------------------------

@bp.get("/agencies")
def agencies():
    rows = organisation.agencies_by_level()
    return render_template("admin/agencies.html", agencies=rows)


@bp.route("/agencies/new", methods=["GET", "POST"], defaults={"agency_id": None})
@bp.route("/agencies/<int:agency_id>", methods=["GET", "POST"])
def agency_edit(agency_id: int | None):
    agency = get_or_404(Agency, agency_id, optional=True)
    form = _form(AgencyForm, agency)
    form.competence_level.choices = [(c, label(COMPETENCE_LEVELS, c, lang())) for c in COMPETENCE_LEVELS]
    form.parent.choices = [(0, "—")] + [(a.id, a.name) for a in catalogue.agency_rows() if a.id != agency_id]
    if agency is not None and request.method == "GET":
        form.parent.data = agency.parent_id or 0
    return save_or_render(
        form,
        lambda: organisation.save_agency(current_user, agency, code=form.code.data, name=form.name.data,
                                         competence_level=form.competence_level.data,
                                         parent=catalogue.agency(form.parent.data),
                                         email=form.email.data, active=form.active.data),
        lambda a: (_("Đã lưu cơ quan %(name)s.", name=a.name), url_for("admin.agencies")),
        "admin/form.html", title=_("Sửa cơ quan") if agency else _("Thêm cơ quan"), back=url_for("admin.agencies"),
    )


# --- Committees and fields -------------------------------------------------------------------------

@bp.get("/committees")
def committees():
    rows, fields = organisation.committees_and_fields()
    return render_template("admin/committees.html", committees=rows, fields=fields)


@bp.route("/committees/new", methods=["GET", "POST"], defaults={"committee_id": None})
@bp.route("/committees/<int:committee_id>", methods=["GET", "POST"])
def committee_edit(committee_id: int | None):
    committee = get_or_404(Committee, committee_id, optional=True)
    form = _form(CommitteeForm, committee)
    return save_or_render(
        form,
        lambda: organisation.save_committee(current_user, committee, code=form.code.data, name=form.name.data),
        lambda c: (_("Đã lưu %(name)s.", name=c.name), url_for("admin.committees")),
        "admin/form.html", title=_("Sửa Ban HĐND") if committee else _("Thêm Ban HĐND"),
        back=url_for("admin.committees"),
    )


@bp.route("/fields/new", methods=["GET", "POST"], defaults={"field_id": None})
@bp.route("/fields/<int:field_id>", methods=["GET", "POST"])
def field_edit(field_id: int | None):
    field = get_or_404(Field, field_id, optional=True)
    form = _form(FieldForm, field)
    form.committee.choices = _committee_choices()
    if field is not None and request.method == "GET":
        form.committee.data = field.committee_id or 0
    return save_or_render(
        form,
        lambda: organisation.save_field(current_user, field, code=form.code.data, name=form.name.data,
                                        committee=catalogue.committee(form.committee.data)),
        lambda f: (_("Đã lưu lĩnh vực %(name)s.", name=f.name), url_for("admin.committees")),
        "admin/form.html", title=_("Sửa lĩnh vực") if field else _("Thêm lĩnh vực"),
        back=url_for("admin.committees"),
    )


# --- Field synonyms (the import's other names of a field) ------------------------------------------

@bp.route("/field-synonyms", methods=["GET", "POST"])
def field_synonyms():
    """The names offices' sheets give fields ("Tài nguyên - Môi trường" for "Nông nghiệp và Môi trường"): the
    import classifies a section by them. Listed, added here; removed one by one below."""
    form = FieldSynonymForm()
    form.field.choices = [(0, "—"), *catalogue.fields()]
    return save_or_render(
        form,
        lambda: mappings.add_synonym(current_user, form.name.data, catalogue.field(form.field.data)),
        lambda s: (_("Đã thêm “%(name)s” là tên gọi khác của lĩnh vực %(field)s.", name=s.name, field=s.field.name),
                   url_for("admin.field_synonyms")),
        "admin/field_synonyms.html", synonyms=mappings.synonyms(), confirm=ConfirmForm(),
    )


@bp.post("/field-synonyms/<int:synonym_id>/delete")
def field_synonym_delete(synonym_id: int):
    synonym = get_or_404(FieldSynonym, synonym_id)
    if ConfirmForm().validate_on_submit():
        name = synonym.name
        commit_or_flash(lambda: mappings.remove_synonym(current_user, synonym),
                        lambda _r: _("Đã xóa tên gọi khác “%(name)s”.", name=name))
    return redirect(url_for("admin.field_synonyms"))


# --- Terms and sessions ----------------------------------------------------------------------------

@bp.get("/sessions")
def sessions():
    terms = organisation.terms()
    return render_template("admin/sessions.html", terms=terms)


@bp.route("/terms/new", methods=["GET", "POST"], defaults={"term_id": None})
@bp.route("/terms/<int:term_id>", methods=["GET", "POST"])
def term_edit(term_id: int | None):
    term = get_or_404(Term, term_id, optional=True)
    form = _form(TermForm, term)
    return save_or_render(
        form,
        lambda: organisation.save_term(current_user, term, name=form.name.data, number=form.number.data,
                                       start_year=form.start_year.data, end_year=form.end_year.data),
        lambda t: (_("Đã lưu nhiệm kỳ %(name)s.", name=t.name), url_for("admin.sessions")),
        "admin/form.html", title=_("Sửa nhiệm kỳ") if term else _("Thêm nhiệm kỳ"), back=url_for("admin.sessions"),
    )


@bp.route("/sessions/new", methods=["GET", "POST"], defaults={"session_id": None})
@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
def session_edit(session_id: int | None):
    session = get_or_404(Session, session_id, optional=True)
    form = _form(SessionForm, session)
    form.term.choices = [(t.id, f"{t.name} ({t.number})")
                         for t in organisation.terms()]
    if session is not None and request.method == "GET":
        form.term.data = session.term_id

    def done(result):
        saved, moved = result
        return (_("Đã lưu %(name)s; %(n)d kiến nghị đang mở được tính lại hạn.", name=saved.name, n=moved),
                url_for("admin.sessions"))

    return save_or_render(
        form,
        lambda: organisation.save_session(current_user, session, term=organisation.term(form.term.data),
                                          number=form.number.data, name=form.name.data,
                                          opening=form.opening.data, closing=form.closing.data),
        done, "admin/form.html", title=_("Sửa kỳ họp") if session else _("Thêm kỳ họp"),
        back=url_for("admin.sessions"),
    )
