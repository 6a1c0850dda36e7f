"""HTML reader (.html/.htm): the visible text of a saved web page.

Block elements become lines, table cells the tab-led cell lines the chunker reads as a table.
Government sites (the 政府信息公开 pages) name the article in `<meta name="ArticleTitle">`.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import ParserError

from index.errors import CorruptDocument
from index.parsing.base import RawDocument
from index.parsing.text import decode_text

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# GB2312 and GBK pages often hold characters only their superset GB18030 decodes.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}

_INVISIBLE = ("script", "style", "noscript", "template", "head")
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article")


def read(data: bytes, source: str) -> RawDocument:
    try:
        root = lxml.html.document_fromstring(_decode(data, source))
    except (ParserError, ValueError) as exc:
        raise CorruptDocument(source, f"不是有效的 HTML 文件：{exc}") from exc
    fields = _meta_fields(root)
    for element in list(root.iter(*_INVISIBLE)):
        element.drop_tree()
    _mark_layout(root)
    return RawDocument(root.text_content(), fields)


def _decode(data: bytes, source: str) -> str:
    """Decode by the page's declared charset, else as UTF-8 or GB18030 text."""
    declared = _CHARSET.search(data[:4096])
    name = declared.group(1).decode("ascii").lower() if declared else ""
    try:
        text = data.decode(_SUPERSETS.get(name, name), errors="replace") if name else None
    except LookupError:
        text = None
    text = decode_text(data, source) if text is None else text
    if "\x00" in text:
        raise CorruptDocument(source, "文件含有二进制数据，不是 HTML 文件")
    return _XML_DECLARATION.sub("", text)


def _meta_fields(root: lxml.html.HtmlElement) -> dict[str, object]:
    titles = root.xpath('//meta[@name="ArticleTitle"]/@content')
    return {"title": titles[0].strip()} if titles and titles[0].strip() else {}


def _mark_layout(root: lxml.html.HtmlElement) -> None:
    """Add the line breaks and tabs that the rendered page shows by layout."""
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    for cell in root.iter("td", "th"):
        cell.text = "\t" + (cell.text or "")
        cell.tail = "\n" + (cell.tail or "")
    for row in root.iter("tr"):
        row.tail = "\n\n" + (row.tail or "")
