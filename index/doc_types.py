"""The kind of a document (doc_type), read from its title.

The kind is the form the title gives the document, its last word: 关于印发《某办法》的通知 is a 通知
(the 办法 is its attachment), 某办法（试行） a 办法, 某暂行办法 a 办法. Explanations come first: a title
with 解读 is a 解读, one with 图解 / 一图读懂 a 图解, whatever it ends with.
"""

from __future__ import annotations

import re

DOC_TYPES = (
    "解读", "图解", "年度报告", "工作要点", "公示", "公告", "通告", "决定", "通知", "办法", "意见", "细则",
    "规定", "方案", "规划", "计划", "条例", "规则", "批复", "报告", "指南", "指引", "措施", "函", "纪要", "命令",
)
_EXPLAINED = (("解读", re.compile(r"解读")), ("图解", re.compile(r"图解|一图读懂|一图看懂|图说")))
_TRAILING_NOTE = re.compile(r"[（(][^（）()]{1,8}[）)]$")
_ENDINGS = tuple(t for t in DOC_TYPES if t not in ("解读", "图解"))


def doc_type_of(title: str | None) -> str | None:
    if not title:
        return None
    for kind, pattern in _EXPLAINED:
        if pattern.search(title):
            return kind
    stem = _TRAILING_NOTE.sub("", title.strip().rstrip("》"))
    for kind in sorted(_ENDINGS, key=len, reverse=True):
        if stem.endswith(kind) or (kind == "措施" and stem.endswith("若干措施")):
            return kind
    if stem.endswith("年报"):
        return "年度报告"
    return None
