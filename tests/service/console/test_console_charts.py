"""Server-side SVG charts: escaped labels, one shape per value, heights in proportion."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from service.console import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))  # well-formed XML, or this raises


def test_stacked_bars_draw_each_series_in_proportion() -> None:
    svg = _parse(charts.stacked_bars(["05-01", "05-02"], [
        charts.Series("已回答", [3, 1], "answered"), charts.Series("转人工", [1, 0], "handed-over")], "每日提问量"))
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "answered" and r.find(f"{SVG}title") is not None]
    heights = [float(r.get("height", 0)) for r in bars]
    assert len(bars) == 2 and heights[1] > 0 and heights[0] == pytest.approx(3 * heights[1], abs=0.2)


def test_labels_are_escaped() -> None:
    markup = str(charts.horizontal_bars(["<script>alert(1)</script>"], [0.5], "点击率", percent=True))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    _parse(markup)


def test_line_chart_marks_every_point_and_keeps_percent_axis() -> None:
    svg = _parse(charts.line_chart(["05-01", "05-02", "05-03"], [0.5, 1.0, 0.25], "precision@5"))
    assert len(list(svg.iter(f"{SVG}circle"))) == 3
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.endswith("%")]
    assert ticks[0] == "0%" and ticks[-1] == "100%"


def test_an_empty_chart_is_still_valid_svg() -> None:
    svg = _parse(charts.stacked_bars([], [charts.Series("已回答", [], "answered")], "空"))
    assert svg.tag == f"{SVG}svg"
    assert re.search(r"viewBox", str(charts.line_chart([], [], "空")))
