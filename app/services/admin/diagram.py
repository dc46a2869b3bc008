"""The lifecycle diagram as SVG: Graphviz `dot` when installed, else a simple layout drawn here; cached per language."""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import deque
from functools import cache
from xml.sax.saxutils import escape

from workflows import petition as workflow

BOX_W, BOX_H, COL_GAP, ROW_GAP, MARGIN = 190, 46, 90, 34, 20


def renderer() -> str:
    return "graphviz" if shutil.which("dot") else "builtin"


@cache
def lifecycle_svg(lang: str = "vi") -> str:
    """SVG text of the lifecycle (cached: the machine is code, so it only changes with a deploy)."""
    if renderer() == "graphviz":
        try:
            done = subprocess.run(["dot", "-Tsvg"], input=workflow.to_dot(lang).encode(), capture_output=True,
                                  timeout=30, check=True)
            # Keep only the <svg> element: the XML prolog and DOCTYPE are not wanted when inlined.
            return re.sub(r"^.*?(?=<svg)", "", done.stdout.decode("utf-8"), flags=re.S)
        except (OSError, subprocess.SubprocessError):
            pass  # a broken Graphviz must not leave the admin page without a picture
    return fallback_svg(lang)


def _ranks() -> dict[str, int]:
    """Column of each state: its distance from 'recorded' along the lifecycle (breadth first)."""
    edges: dict[str, list[str]] = {s: [] for s in workflow.STATES}
    for action in workflow.ACTIONS.values():
        if action.name == "withdraw":
            continue
        for source in action.sources:
            if action.dest and action.dest != source:
                edges[source].append(action.dest)
    rank = {"recorded": 0}
    queue = deque(["recorded"])
    while queue:
        state = queue.popleft()
        for nxt in edges[state]:
            if nxt not in rank:
                rank[nxt] = rank[state] + 1
                queue.append(nxt)
    last = max(rank.values()) + 1
    return {s: rank.get(s, last) for s in workflow.STATES}


def fallback_svg(lang: str = "vi") -> str:
    """A readable diagram without Graphviz: states in columns by distance from the start, arrows between."""
    ranks = _ranks()
    columns: dict[int, list[str]] = {}
    for state in workflow.STATES:
        columns.setdefault(ranks[state], []).append(state)
    pos: dict[str, tuple[int, int]] = {}
    for col, states in columns.items():
        for row, state in enumerate(states):
            pos[state] = (MARGIN + col * (BOX_W + COL_GAP), MARGIN + 30 + row * (BOX_H + ROW_GAP))
    width = MARGIN * 2 + len(columns) * (BOX_W + COL_GAP)
    height = MARGIN * 2 + 30 + max(len(c) for c in columns.values()) * (BOX_H + ROW_GAP) + 30
    title = "Vòng đời kiến nghị" if lang == "vi" else "Petition lifecycle"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-labelledby="lc-title" font-family="DejaVu Sans, sans-serif">',
           f'<title id="lc-title">{escape(title)}</title>',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
           f'<text x="{MARGIN}" y="{MARGIN + 8}" font-size="16" font-weight="bold">{escape(title)}</text>']
    for action in workflow.ACTIONS.values():
        if action.name == "withdraw" or action.dest is None:
            continue
        text = workflow.action_label(action.name, lang)
        for source in action.sources:
            (x1, y1), (x2, y2) = pos[source], pos[action.dest]
            forward = x2 > x1
            sx, ex = (x1 + BOX_W, x2) if forward else (x1, x2 + BOX_W)
            sy, ey = y1 + BOX_H // 2, y2 + BOX_H // 2
            bend = 0 if forward else -40
            mx, my = (sx + ex) // 2, (sy + ey) // 2 + bend
            # Action names only as tooltips: written on the arrows they collide in this simple layout,
            # and the admin page lists every action in a table under the picture.
            out.append(f'<path d="M{sx},{sy} Q{mx},{my} {ex},{ey}" fill="none" stroke="#777" '
                       f'marker-end="url(#arrow)"><title>{escape(text)}</title></path>')
    for state, (x, y) in pos.items():
        terminal = state in workflow.TERMINAL_STATES
        fill = "#e8e8e8" if terminal else "#eef4ff"
        out.append(f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="{fill}" '
                   f'stroke="#335" stroke-width="{2 if terminal else 1}"/>')
        out.append(f'<text x="{x + BOX_W // 2}" y="{y + BOX_H // 2 + 4}" font-size="11" text-anchor="middle">'
                   f'{escape(workflow.state_label(state, lang))}</text>')
    note = ("Rút / hủy: từ mọi trạng thái đang mở" if lang == "vi" else "Withdraw: from any open state")
    out.append(f'<text x="{MARGIN}" y="{height - MARGIN}" font-size="11" fill="#555">{escape(note)}</text>')
    out.append("</svg>")
    return "\n".join(out)
