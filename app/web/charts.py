"""Small server-side SVG charts (no JavaScript, no CDN): horizontal bars with a title and description for screen readers."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from xml.sax.saxutils import escape

from markupsafe import Markup

ROW_H, LABEL_W, BAR_W, VALUE_W, PAD = 26, 250, 280, 110, 8
_ids = count(1)
_QUOTE = {'"': "&quot;"}


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
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" aria-labelledby="chart{uid}-t chart{uid}-d" preserveAspectRatio="xMinYMin meet" '
           # Sized by static/css/app.css (svg.chart): a style attribute would break the Content-Security-Policy.
           f'width="{width}" font-family="system-ui, sans-serif" font-size="12">',
           f'<title id="chart{uid}-t">{escape(title)}</title><desc id="chart{uid}-d">{escape(desc)}</desc>']
    for i, bar in enumerate(bars):
        y = PAD + i * ROW_H
        length = 0 if bar.value <= 0 else max(2, round(BAR_W * bar.value / top))
        row = (f'<g><title>{escape(bar.label)}: {escape(bar.text or str(bar.value))}</title>'
               f'<text x="{LABEL_W - 8}" y="{y + 17}" text-anchor="end" fill="#212529">{escape(_short(bar.label))}</text>'
               f'<rect x="{LABEL_W}" y="{y + 4}" width="{length}" height="{ROW_H - 8}" rx="3" fill="{bar.color}"/>'
               f'<text x="{LABEL_W + length + 6}" y="{y + 17}" fill="#212529">{escape(bar.text or str(bar.value))}'
               f'</text></g>')
        out.append(f'<a href="{escape(bar.href, _QUOTE)}">{row}</a>' if bar.href else row)
    out.append("</svg>")
    # Every text put into the SVG above went through escape(): the markup is ours, the data is escaped.
    return Markup("".join(out))  # nosec B704
