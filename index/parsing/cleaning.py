"""Text clean-up shared by every reader: whitespace normalisation and removal of a doubled page.

Line structure and leading tabs survive because the chunker reads them: a line that starts with a
tab is a table cell (the converted documents flatten tables one cell per line, rows separated by a
blank line). Other leading indentation, runs of spaces and conversion debris such as
`[bookmark: _GoBack]` are dropped.

Scraped web pages often hold the article twice (the page body and a print/share copy). When the
text after some point repeats the long lines before it, that second copy is dropped, together with
the page chrome (short lines such as menu entries) between the two copies.
"""

from __future__ import annotations

import re

_DEBRIS = re.compile(r"\[bookmark:[^\]]*\]|[\u200b\u200c\u200d\ufeff]")
_INNER_SPACE = re.compile(r"[ \u3000\xa0]+")
_LEADING_SPACE = re.compile(r"^[ \t\u3000\xa0]+")
_BLANK_RUN = re.compile(r"\n{3,}")

# A line this long is prose, specific enough that its repetition means the page is doubled.
_LONG_LINE = 15
# Share of the long lines after the cut that must already have appeared before it.
_REPEAT_SHARE = 0.9
_MIN_REPEATED = 3


def clean_text(text: str) -> str:
    """Normalise whitespace and drop a doubled copy of the text; returns '' when nothing is left."""
    return drop_repeated_copy(normalise(text)).strip("\n")


def normalise(text: str) -> str:
    text = _DEBRIS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_normalise_line(line) for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines))


def _normalise_line(line: str) -> str:
    indent = _LEADING_SPACE.match(line)
    body = _INNER_SPACE.sub(" ", line[indent.end() if indent else 0 :]).rstrip()
    is_cell = indent is not None and "\t" in indent.group()
    return "\t" + body.strip("\t ") if is_cell else body


def drop_repeated_copy(text: str) -> str:
    """Cut the text where a second copy of its long lines begins, if there is one."""
    lines = text.split("\n")
    long_rows = [i for i, line in enumerate(lines) if _is_long_prose(line)]
    keys = [lines[i].strip() for i in long_rows]
    for j in range(1, len(keys)):
        if keys[j] in keys[:j] and _is_copy(keys[:j], keys[j:]):
            return _cut(lines, long_rows[j - 1], long_rows[j])
    return text


def _is_long_prose(line: str) -> bool:
    # Table cells repeat by nature (the same 责任单位 on every row), so only prose counts.
    return not line.startswith("\t") and len(line.strip()) >= _LONG_LINE


def _is_copy(before: list[str], after: list[str]) -> bool:
    seen = set(before)
    repeated = sum(1 for key in after if key in seen)
    return repeated >= _MIN_REPEATED and repeated >= _REPEAT_SHARE * len(after)


def _cut(lines: list[str], last_kept: int, copy_start: int) -> str:
    """Keep lines up to the first copy's end; between-copy lines survive only if the copy has them."""
    copy = {line.strip() for line in lines[copy_start:]}
    between = [line for line in lines[last_kept + 1 : copy_start] if line.strip() in copy]
    return "\n".join(lines[: last_kept + 1] + between)
