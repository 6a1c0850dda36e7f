"""The 版记 at the foot of a 公文, kept out of the indexed body.

A printed 公文 ends with its 版记: 抄送/抄报 lines and the printing line (某办公室 2024年3月5日印发),
often preceded by （此件公开发布）. None of it is policy content a citizen asks about, and a chunk of it
would be quoted as the document's last article. The 版记 is recognised only near the end of the
text, so a body sentence that mentions 抄送 stays.
"""

from __future__ import annotations

import re

_PUBLICATION_NOTE = re.compile(r"^[（(]此件(?:公开发布|主动公开|依申请公开|不予公开|不公开)[)）]$")
_COLOPHON_START = re.compile(r"^(?:抄送|抄报|主送|分送)\s*[:：]")
_PRINTING_LINE = re.compile(r".{2,40}?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
_TAIL_LINES = 12


def strip_colophon(text: str) -> str:
    """The text without its 版记 and publication note; unchanged when it has none."""
    lines = text.split("\n")
    first = len(lines)
    for index in range(len(lines) - 1, max(len(lines) - _TAIL_LINES, 0) - 1, -1):
        line = lines[index].strip()
        if _COLOPHON_START.match(line) or _PRINTING_LINE.fullmatch(line) or _PUBLICATION_NOTE.match(line):
            first = index
    if first == len(lines):
        return text
    return "\n".join(lines[:first]).rstrip("\n")
