"""Server-side SVG charts for the statistics page: no JavaScript, no external asset.

Each function returns `Markup` ready for a template; every label is escaped. Colours come from CSS
classes (`service/static/console.css`), so the charts follow the page's palette. The view box is about
the size the chart is shown at, so 11-px text stays 11 px on screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 44


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css: str


def axis_top(value: float) -> float:
    """An axis maximum at or above `value` whose quarter is a whole, round number (counts read as counts)."""
    quarter = value / 4
    if quarter <= 0:
        return 4.0
    magnitude = 10 ** math.floor(math.log10(quarter))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= quarter)
    return float(max(step, 1) * 4)


def _svg(body: list[str], title: str, width: int = WIDTH, height: int = HEIGHT) -> Markup:
    head = (f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>')
    return Markup(head + "".join(body) + "</svg>")


def _plot_height() -> float:
    return HEIGHT - TOP - BOTTOM


def _axis(top: float, percent: bool) -> list[str]:
    lines = []
    for i in range(5):
        y = HEIGHT - BOTTOM - _plot_height() * i / 4
        text = f"{top * i / 4:.0%}" if percent else f"{top * i / 4:g}"
        lines.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{text}</text>')
    return lines


def _x_labels(labels: Sequence[str], slot: float) -> list[str]:
    every = max(1, math.ceil(len(labels) / 8))  # at most 8 labels, so dates never overlap
    return [f'<text class="tick" x="{LEFT + slot * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{escape(label)}</text>'
            for i, label in enumerate(labels) if (len(labels) - 1 - i) % every == 0]


def _legend(series: Sequence[Series]) -> list[str]:
    items, x = [], float(LEFT)
    for s in series:
        items.append(f'<rect class="{s.css}" x="{x}" y="{HEIGHT - 13}" width="10" height="10"/>'
                     f'<text class="legend" x="{x + 14}" y="{HEIGHT - 4}">{escape(s.name)}</text>')
        x += 28 + 12 * len(s.name)
    return items


def stacked_bars(labels: Sequence[str], series: Sequence[Series], title: str) -> Markup:
    """One bar per label, the series stacked bottom to top (e.g. answered / handed over per day)."""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = axis_top(max(totals, default=0))
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    body = _axis(top, percent=False)
    for i, label in enumerate(labels):
        base = float(HEIGHT - BOTTOM)
        for s in series:
            h = s.values[i] * _plot_height() / top
            body.append(f'<rect class="{s.css}" x="{LEFT + slot * (i + 0.15):.1f}" y="{base - h:.1f}" '
                        f'width="{slot * 0.7:.1f}" height="{h:.1f}"><title>{escape(label)} '
                        f'{escape(s.name)}：{s.values[i]:g}</title></rect>')
            base -= h
    return _svg(body + _x_labels(labels, slot) + _legend(series), title)


def line_chart(labels: Sequence[str], values: Sequence[float], title: str, *, percent: bool = True) -> Markup:
    """A line with its points marked, e.g. precision@5 per day; the y axis runs 0..1 when `percent`."""
    top = 1.0 if percent else axis_top(max(values, default=0))
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    points = [(LEFT + slot * (i + 0.5), HEIGHT - BOTTOM - v * _plot_height() / top) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    body = _axis(top, percent) + [f'<polyline class="line" points="{path}"/>']
    for (x, y), label, value in zip(points, labels, values, strict=True):
        shown = f"{value:.0%}" if percent else f"{value:g}"
        body.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4"><title>{escape(label)}：{shown}'
                    f'</title></circle>')
    return _svg(body + _x_labels(labels, slot), title)


def horizontal_bars(labels: Sequence[str], values: Sequence[float], title: str, *, percent: bool = False,
                    width: int = WIDTH) -> Markup:
    """One labelled bar per row, e.g. click-through rate per policy."""
    row, longest = 26, max((min(len(label), 24) for label in labels), default=2)
    label_width = 12 * longest + 12
    top = 1.0 if percent else axis_top(max(values, default=0))
    span = width - label_width - RIGHT - 52
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y, length = TOP + row * i, span * value / top
        short = label if len(label) <= 24 else label[:23] + "…"
        body.append(f'<text class="tick" x="{label_width - 8}" y="{y + 14}" text-anchor="end">'
                    f'<title>{escape(label)}</title>{escape(short)}</text>'
                    f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{length:.1f}" height="16"/>'
                    f'<text class="value" x="{label_width + length + 6:.1f}" y="{y + 15}">'
                    f'{f"{value:.1%}" if percent else f"{value:g}"}</text>')
    return _svg(body, title, width, TOP + row * max(len(labels), 1) + 8)
