"""The 政府信息公开 information table of a portal page, read into `Policy` fields.

Portals show it above the article as a table (or a list) of label/value pairs: 信息索引号,
发布机构, 成文日期, 文号, 有效性, 发布日期 …. Known labels become fields (see `_LABELS`); 发布日期 is
the issued date only when the table gives no 成文日期; the 索引号 is kept as `index_number`. The
table is removed from the page so it is not indexed as the article's first paragraph.
"""

from __future__ import annotations

import re

import lxml.html

from index.cn_dates import parse_date
from index.models import EXPIRED, IN_FORCE, REPEALED

_LABELS = {
    "标题": "title", "名称": "title", "文件名称": "title",
    "发布机构": "issuer", "发文机关": "issuer", "发文单位": "issuer", "发布单位": "issuer",
    "成文日期": "issued", "发文日期": "issued", "印发日期": "issued",
    "发布日期": "published", "发布时间": "published", "公开日期": "published",
    "文号": "doc_number", "发文字号": "doc_number",
    "有效性": "status", "时效性": "status", "效力状态": "status",
    "施行日期": "effective", "生效日期": "effective", "实施日期": "effective",
    "失效日期": "expires", "废止日期": "expires", "有效期至": "expires",
    "主题分类": "category", "信息索引号": "index_number", "索引号": "index_number",
}
_STATUS = {"有效": IN_FORCE, "现行有效": IN_FORCE, "失效": EXPIRED, "已失效": EXPIRED,
           "废止": REPEALED, "已废止": REPEALED}
_ANY_LABEL = "|".join(sorted(_LABELS, key=len, reverse=True))
_LABEL = re.compile(rf"^\s*({_ANY_LABEL})\s*[:：]?\s*$")
_INLINE = re.compile(rf"({_ANY_LABEL})\s*[:：]\s*(\S[^:：]*?)\s*(?=\S+\s*[:：]|$)")
_DATES = ("issued", "published", "effective", "expires")
_MIN_LABELS = 2  # a table with fewer known labels is part of the article, not the information table


def read_info_table(root: lxml.html.HtmlElement) -> dict[str, object]:
    """The fields the page's information table states; the table is removed from `root`."""
    for table in root.iter("table", "ul", "dl"):
        pairs = _pairs(table)
        if len({_LABELS[label] for label, _ in pairs}) >= _MIN_LABELS:
            table.drop_tree()
            return _fields(pairs)
    return {}


def _pairs(table: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if table.tag == "table":
        for row in table.iter("tr"):
            cells = [" ".join(cell.text_content().split()) for cell in row if cell.tag in ("td", "th")]
            for label, value in zip(cells, cells[1:], strict=False):
                if (match := _LABEL.match(label)) and value and not _LABEL.match(value):
                    pairs.append((match.group(1), value))
    else:
        for item in table:
            pairs += [(m.group(1), m.group(2)) for m in _INLINE.finditer(" ".join(item.text_content().split()))]
    return pairs


def _fields(pairs: list[tuple[str, str]]) -> dict[str, object]:
    fields: dict[str, object] = {}
    for label, value in pairs:
        name = _LABELS[label]
        if name == "status":
            if value.strip() in _STATUS:
                fields["status"] = _STATUS[value.strip()]
        elif name in _DATES:
            if (day := parse_date(value)) is not None:
                fields.setdefault(name, day)
        else:
            fields.setdefault(name, value.strip())
    published = fields.pop("published", None)
    if published and "issued" not in fields:
        fields["issued"] = published
    return fields
