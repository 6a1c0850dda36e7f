"""Printed lines back into paragraphs, for fixed-layout formats (PDF, OFD).

A printed paragraph wraps wherever the line is full, often inside a word or a number (补贴标 / 准,
20 / 24年). A line that reaches the right margin of the text block is taken as wrapped and joined to
the next one, with no space between Chinese characters or digits, unless the next line starts a new
paragraph: it is indented (首行缩进) while this line ends a sentence, or it opens a heading (第三条,
二、, （一）), an addressee line (各…：) or a date. Right-aligned and centred lines (落款, red header)
start far from the left margin and are never joined. A line that stops short of the margin ends its paragraph.

Page furniture (— 3 —, 第3页 共5页) is dropped. Tables arrive already cut out of the flow and are
written as the chunker reads tables: one tab-led line per cell, a blank line after each row, header
row first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PAGE_NUMBER = re.compile(r"^(?:[-—－–]\s*\d+\s*[-—－–]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_OPENS_BLOCK = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[编章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]"
    r"|附件|抄送|[（(]此件|[\u4e00-\u9fff]{1,12}[〔\[【(（]\d{4}[〕\]】)）]第?\d+号|各[^。]{1,60}[:：]$|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$)"
)
_SENTENCE_END = ("。", "：", ":", "；", "！", "？", "”")
_ASCII_WORD = re.compile(r"[A-Za-z]")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float  # the height of a character, the unit of the margins' tolerance


@dataclass
class TableBlock:
    top: float
    rows: list[list[str]] = field(default_factory=list)


def paragraphs(pages: list[list[Line | TableBlock]]) -> str:
    """The text of `pages` (items in reading order) with wrapped lines joined."""
    lines = [item for page in pages for item in page if isinstance(item, Line)]
    lines = [line for line in lines if line.text.strip() and not _PAGE_NUMBER.match(line.text.strip())]
    if not lines:
        return "\n".join(_table_text(item) for page in pages for item in page if isinstance(item, TableBlock))
    kept = {id(line) for line in lines}
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    size = sorted(line.size for line in lines)[len(lines) // 2]  # the body text's, not a red header's
    out: list[str] = []
    pending: Line | None = None
    for page in pages:
        for item in page:
            if isinstance(item, TableBlock):
                if pending:
                    out.append(pending.text.strip())
                    pending = None
                out.append(_table_text(item))
            elif id(item) in kept:
                pending = _merge(pending, item, (left, right, size), out)
    if pending:
        out.append(pending.text.strip())
    return "\n".join(out)


def _merge(pending: Line | None, line: Line, block: tuple[float, float, float], out: list[str]) -> Line:
    if pending is None:
        return line
    if _wraps_into(pending, line, *block):
        return Line(_join(pending.text, line.text), line.x0, line.x1, line.top, line.size)
    out.append(pending.text.strip())
    return line


def _wraps_into(line: Line, following: Line, left: float, right: float, size: float) -> bool:
    # Line breaking keeps a character with the punctuation after it, so a full line may stop two short.
    full = line.x1 >= right - 2.5 * size and line.x0 <= left + 2.5 * size
    text, next_text = line.text.rstrip(), following.text.strip()
    indented = following.x0 > left + 0.8 * size
    new_paragraph = (indented and text.endswith(_SENTENCE_END)) or bool(_OPENS_BLOCK.match(next_text))
    return full and not new_paragraph


def _join(first: str, second: str) -> str:
    first, second = first.rstrip(), second.strip()
    if first and second and _ASCII_WORD.match(first[-1]) and _ASCII_WORD.match(second[0]):
        return f"{first} {second}"
    return first + second


def _table_text(table: TableBlock) -> str:
    rows = ["\n".join("\t" + " ".join(cell.split()) for cell in row) for row in table.rows]
    return "\n" + "\n\n".join(rows) + "\n"
