"""The structure of Chinese official and legal texts, recognised line by line.

Headings, outermost first (the level orders them; a heading closes every open one at its level
or deeper):

    0 第一编   1 第一章   2 第一节   3 第一条 (an article: heading and body in one unit)
    4 一、     5 （一）   6 1.       7 （1）

Half-width brackets and the full stop 1．are read as their standard forms, so `(二)` becomes the
marker `（二）`. `抄送：` opens the 版记 (the closing block of a 公文), which closes every heading.

A line starting with a tab is a table cell: converted documents flatten a table one cell per line,
each row ended by a blank line, a wrapped cell continuing on an untabbed line. `blocks` hands those
rows over as `Table`s so that a table row is never taken for a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_CN = "一二三四五六七八九十百千零〇"
END_MATTER = -1
ARTICLE = 3
_PATTERNS = (
    (0, re.compile(rf"^第[{_CN}\d]+编(?![的中之规所和、，。])")),
    (1, re.compile(rf"^第[{_CN}\d]+章(?![的中之规所和、，。])")),
    (2, re.compile(rf"^第[{_CN}\d]+节(?![的中之规所和、，。])")),
    (ARTICLE, re.compile(rf"^第[{_CN}\d]+条(?:之[{_CN}]+)?(?![的中规所和款项第、，。])")),
    (4, re.compile(rf"^(?P<n>[{_CN}]+)、")),
    (5, re.compile(rf"^[（(](?P<n>[{_CN}]+)[）)]")),
    (6, re.compile(r"^(?P<n>\d{1,3})[.．、](?!\d)")),
    (7, re.compile(r"^[（(](?P<n>\d{1,3})[）)]")),
    (END_MATTER, re.compile(r"^(?:抄送|抄报)[:：]")),
)
_MARKER_FORMS = {4: "{}、", 5: "（{}）", 6: "{}.", 7: "（{}）"}


@dataclass(frozen=True)
class Heading:
    level: int
    marker: str  # what a citation quotes: 第三十八条, 一、, （三）, 3.
    line: str  # the whole line the heading stands on


@dataclass
class Table:
    rows: list[list[str]]


def heading_of(line: str) -> Heading | None:
    for level, pattern in _PATTERNS:
        match = pattern.match(line)
        if match:
            return Heading(level, _marker(level, match), line)
    return None


def _marker(level: int, match: re.Match[str]) -> str:
    if level == END_MATTER:
        return "版记"
    form = _MARKER_FORMS.get(level)
    return form.format(match["n"]) if form else match.group()


def blocks(text: str) -> Iterator[str | Table]:
    """Yield each non-blank prose line (stripped) and each table."""
    rows: list[list[str]] = []
    row: list[str] = []
    in_cell = False  # the previous line was a cell or its wrapped continuation
    for raw in text.split("\n"):
        line = raw.strip(" \t\u3000")
        if raw.startswith("\t"):
            row.append(line)
            in_cell = True
        elif in_cell and line and row and heading_of(line) is None:
            row[-1] += line
        else:
            row = _end_row(rows, row)
            in_cell = False
            if line and rows:
                yield Table(rows)
                rows = []
            if line:
                yield line
    _end_row(rows, row)
    if rows:
        yield Table(rows)


def _end_row(rows: list[list[str]], row: list[str]) -> list[str]:
    """Close `row` into `rows` unless it is empty; return a fresh row."""
    if any(row):
        rows.append(row)
    return []
