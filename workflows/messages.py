"""User messages that carry their parameters, so each edge can show them in the reader's language.

A message is a Vietnamese template (the gettext msgid, with `%(name)s` placeholders) plus parameters.
A parameter that is itself a label is given as a (Vietnamese, English) pair, the shape the
vocabularies already use; `fill` picks the side for the language. Pure Python: no Flask here.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the conventional name pybabel looks for
    """Mark a message template for extraction where it is stored, not translated yet."""
    return message


def fill(template: str, params: Mapping[str, Any], language: str = "vi",
         translate: Callable[[str], str] | None = None) -> str:
    """The message in `language`; `translate` maps the template to that language (identity for vi)."""
    text = translate(template) if translate else template
    if not params:
        return text  # no formatting, so a template may contain a literal '%'
    side = 1 if language == "en" else 0
    values = {k: v[side] if isinstance(v, tuple) and len(v) == 2 else v for k, v in params.items()}
    return text % values


def join_labels(labels: list[tuple[str, str]], separator: str = ", ") -> tuple[str, str]:
    """Several (vi, en) labels as one (vi, en) pair, for a parameter listing them."""
    return separator.join(vi for vi, _ in labels), separator.join(en for _, en in labels)


class UserMessageError(Exception):
    """An error whose text is for the user: `message` is Vietnamese; `template` and `params` let an
    edge render it in another language."""

    def __init__(self, template: str, **params: Any):
        self.template = template
        self.params = params
        super().__init__(fill(template, params))

    @property
    def message(self) -> str:
        return fill(self.template, self.params)


class Problem:
    """One problem found in a user's input (e.g. a spreadsheet row), to be listed rather than raised."""

    def __init__(self, template: str, **params: Any):
        self.template = template
        self.params = params

    def render(self, language: str = "vi", translate: Callable[[str], str] | None = None) -> str:
        return fill(self.template, self.params, language, translate)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Problem({self.render()!r})"
