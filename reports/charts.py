"""Charts drawn with ReportLab graphics in the Vietnamese font (vector, and their labels stay searchable)."""
from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from reports import fonts

PALETTE = [colors.HexColor(c) for c in ("#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6a1b9a", "#546e7a")]
PAGE_BARS = 28  # bars of one chart that fit a portrait page (22.4 pt each, under the title)
LANDSCAPE_BARS = 19  # and a landscape page


def bar_chart(title: str, labels: list[str], values: list[float], width: float, unit: str = "",
              value_max: float | None = None) -> Drawing:
    """A horizontal bar chart: one bar per label, the value printed at its end."""
    fonts.register()
    bar_h = 16
    height = 40 + bar_h * max(len(labels), 1) * 1.4
    drawing = Drawing(width, height)
    # Without this the renderer starts in Times-Roman, which cannot print Vietnamese.
    drawing.initialFontName = fonts.FAMILY
    drawing.add(String(width / 2, height - 14, title, fontName=fonts.FAMILY + "-Bold", fontSize=11,
                       textAnchor="middle"))
    chart = HorizontalBarChart()
    label_w = min(width * 0.45, 8 + 5.2 * max((len(lb) for lb in labels), default=10))
    chart.x, chart.y = label_w, 10
    chart.width, chart.height = width - label_w - 40, height - 40
    # ReportLab draws the first category at the bottom: reverse so the list reads top-down.
    chart.data = [list(reversed(values)) or [0]]
    chart.categoryAxis.categoryNames = list(reversed(labels)) or [""]
    chart.categoryAxis.labels.fontName = fonts.FAMILY
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = fonts.FAMILY
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = value_max if value_max is not None else max(values or [1])
    chart.valueAxis.valueMax = max(top, 1)
    if not unit:  # counts: whole-number ticks, never 0.5 of a recommendation
        chart.valueAxis.valueStep = max(1, -(-int(max(top, 1)) // 5))
    chart.bars[0].fillColor = PALETTE[1]
    for i, _ in enumerate(values):
        chart.bars[(0, i)].fillColor = PALETTE[(len(values) - 1 - i) % len(PALETTE)]
    chart.barLabels.fontName = fonts.FAMILY
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelFormat = "%d" if not unit else "%.0f" + unit.replace("%", "%%")
    drawing.add(chart)
    return drawing


def bar_charts(title: str, labels: list[str], values: list[float], width: float, per_chart: int = PAGE_BARS,
               **options) -> list[Drawing]:
    """One bar per label, in charts of at most `per_chart` bars: a chart is one drawing, which ReportLab cannot
    split across pages, so 300 agencies in one chart stopped the whole report (LayoutError). The charts after the
    first are titled "(tiếp theo)", continued."""
    return [bar_chart(title if start == 0 else f"{title} (tiếp theo)", labels[start:start + per_chart],
                      values[start:start + per_chart], width, **options)
            for start in range(0, max(len(labels), 1), per_chart)]
