"""Small server-side SVG charts (no JavaScript, no CDN): horizontal bars with a title and description for screen readers."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from markupsafe import Markup

ROW_H, LABEL_W, BAR_W, VALUE_W, PAD = 26, 250, 280, 110, 8
_ids = count(1)
# The markup is ours and constant; Markup.format escapes every value put into it (quotes included, for attributes),
# so no text of the data can become markup.
_HEAD = Markup(
    '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
    'role="img" aria-labelledby="chart{uid}-t chart{uid}-d" preserveAspectRatio="xMinYMin meet" '
    # Sized by static/css/app.css (svg.chart): a style attribute would break the Content-Security-Policy.
    'width="{width}" font-family="system-ui, sans-serif" font-size="12">'
    '<title id="chart{uid}-t">{title}</title><desc id="chart{uid}-d">{desc}</desc>')
_ROW = Markup(
    '<g><title>{label}: {value}</title>'
    '<text x="{label_x}" y="{text_y}" text-anchor="end" fill="#212529">{short}</text>'
    '<rect x="{bar_x}" y="{bar_y}" width="{length}" height="{bar_h}" rx="3" fill="{color}"/>'
    '<text x="{value_x}" y="{text_y}" fill="#212529">{value}</text></g>')
_LINK = Markup('<a href="{href}">{row}</a>')


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # what is written after the bar (defaults to the value)
    href: str | None = None
    color: str = "#0d6efd"


def _short(text: str, limit: int = 30) -> str:
    # SVG text does not wrap: long Vietnamese names are cut here and given whole in <title> and the table.
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(bars: list[Bar], title: str, desc: str, max_value: float | None = None) -> Markup:
    """A horizontal bar chart as inline SVG; bars link to `href` when given."""
    uid = next(_ids)
    top = max([max_value or 0] + [b.value for b in bars]) or 1
    height = PAD * 2 + ROW_H * max(len(bars), 1)
    width = LABEL_W + BAR_W + VALUE_W
    out = [_HEAD.format(width=width, height=height, uid=uid, title=title, desc=desc)]
    for i, bar in enumerate(bars):
        y = PAD + i * ROW_H
        length = 0 if bar.value <= 0 else max(2, round(BAR_W * bar.value / top))
        row = _ROW.format(label=bar.label, short=_short(bar.label), value=bar.text or str(bar.value),
                          label_x=LABEL_W - 8, text_y=y + 17, bar_x=LABEL_W, bar_y=y + 4, length=length,
                          bar_h=ROW_H - 8, color=bar.color, value_x=LABEL_W + length + 6)
        out.append(_LINK.format(href=bar.href, row=row) if bar.href else row)
    out.append(Markup("</svg>"))
    return Markup("").join(out)
