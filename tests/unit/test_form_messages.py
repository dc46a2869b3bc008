"""Every form speaks Vietnamese: each form of the app (every BaseForm subclass, and the plain subforms a page
repeats) is posted empty, with odd values and with out-of-range numbers, and every message it shows must be
Vietnamese, never one of WTForms' English defaults. Whole numbers come only through app.web.forms.IntegerField and
ascii_number (ASCII, bounded)."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectFieldBase
from wtforms import IntegerField as WTFormsIntegerField
from wtforms.fields.core import UnboundField

from app.web.forms import WTFORMS_VI, BaseForm, IntegerField

VIETNAMESE = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def all_forms() -> list[type[Form]]:
    """Every form class of the app: the BaseForm pages, and the plain wtforms.Form subforms a page repeats
    (PetitionRow, in a FieldList: FlaskForm's CSRF cannot nest), which must speak Vietnamese just the same."""
    import app.blueprints  # noqa: F401 - the forms modules are imported with their rooms

    found, todo = [], [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                todo.append(sub)
    return [cls for cls in found if cls.__module__.startswith("app.") and cls is not BaseForm]


def test_the_repeated_row_forms_are_checked_too():
    from app.blueprints.intake.forms import PetitionRow

    assert PetitionRow in all_forms() and not issubclass(PetitionRow, BaseForm)


def field_names(cls) -> dict[str, UnboundField]:
    return {n: getattr(cls, n) for n in dir(cls) if isinstance(getattr(cls, n, None), UnboundField)}


def messages(form) -> list[str]:
    out = []

    def walk(errors):
        if isinstance(errors, dict):
            for value in errors.values():
                walk(value)
        elif isinstance(errors, list | tuple):
            for value in errors:
                walk(value)
        else:
            out.append(str(errors))

    walk(form.errors)
    return out


def bind(cls, data: dict):
    form = cls(formdata=MultiDict(data), meta={"csrf": False})
    if hasattr(form, "fill"):
        form.fill()
    for field in form:
        if isinstance(field, SelectFieldBase) and getattr(field, "choices", None) is None:
            field.choices = [(1, "một")] if field.coerce is not str else [("a", "một")]
    return form


POSTS = {
    "empty": lambda names: {},
    "odd": lambda names: {n: "²" + "x" * 20_001 for n in names} | {f"rows-0-{n}": "x" * 20_001 for n in
                                                                   ("content", "summary")},
    "numbers": lambda names: {n: "99999" for n in names},
    "negative": lambda names: {n: "-5" for n in names},
    "dates": lambda names: {n: "31/12/9999" for n in names},
}


@pytest.mark.parametrize("post", list(POSTS))
def test_every_form_message_is_vietnamese(db_app, build, post):
    english = set(WTFORMS_VI)
    shown: dict[str, set[str]] = {}
    with db_app.test_request_context("/", method="POST"):
        for cls in all_forms():
            form = bind(cls, POSTS[post](field_names(cls)))
            form.validate()
            for message in messages(form):
                shown.setdefault(message, set()).add(cls.__name__)
    assert shown, "no form showed any message: the test would prove nothing"
    not_vietnamese = {m: sorted(f) for m, f in shown.items() if m in english or not VIETNAMESE & set(m.lower())}
    assert not_vietnamese == {}


def test_english_readers_get_english_messages(db_app, build):
    from app.blueprints.intake.forms import MeetingForm

    with db_app.test_request_context("/?lang=en", method="POST"):
        form = bind(MeetingForm, {"held_on": "31/12/9999", "voters_count": "²"})
        form.validate()
        shown = " ".join(messages(form))
    assert "This field is required." in shown or "outside" in shown or "whole number" in shown.lower()
    assert not VIETNAMESE & set(shown.lower())


def test_whole_numbers_come_only_through_the_bounded_fields():
    offenders = []
    for cls in all_forms():
        for name, unbound in field_names(cls).items():
            if issubclass(unbound.field_class, WTFormsIntegerField) and not issubclass(unbound.field_class,
                                                                                       IntegerField):
                offenders.append(f"{cls.__name__}.{name}: wtforms IntegerField")
            if unbound.kwargs.get("coerce") is int:
                offenders.append(f"{cls.__name__}.{name}: coerce=int")
    assert offenders == []
