"""HTML reader (.html/.htm): the article of a saved government portal page, and what the page states.

Portal pages wrap the article in site chrome: banner (欢迎访问…门户网站！无障碍浏览), menus, breadcrumb
(首页 > 政务公开 > 政策文件), share buttons, related links, a footer (主办单位, ICP备案号), and often a
hidden copy of the article for printing. The reader

1. reads what the page states about the document (`portal_info`): `<meta name="ArticleTitle">` and
   the 政府信息公开 table (信息索引号, 发布机构, 成文日期, 文号, 有效性 …), then removes that table;
2. removes hidden elements (display:none, `hidden`: the print copy) and obvious chrome (nav, header,
   footer, and elements whose class or id says banner, breadcrumb, share, footer …); a visible
   second copy is left to `index.parsing.cleaning`, which drops a doubled text;
3. extracts the main content with trafilatura, keeping paragraphs, headings, lists and tables (rows of
   tab-led cells, as the chunker reads tables); a page too small for trafilatura is read whole;
4. puts the article's title (ArticleTitle, else the table's 标题, else the page's `<h1>`) first.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree
from lxml.etree import ParserError

from index.errors import CorruptDocument
from index.parsing.base import RawDocument
from index.parsing.portal_info import read_info_table
from index.parsing.text import decode_text

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# GB2312 and GBK pages often hold characters only their superset GB18030 decodes.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}

_INVISIBLE = ("script", "style", "noscript", "template", "head")
_CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "button", "input", "select")
_CHROME_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|banner|topbar|top-bar|header|breadcrumbs?|crumbs?|position|location|"
    r"share|bdshare|footer|foot|copyright|related|tools?|sidebar|search|skip|wza|accessib\w*)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article")
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-—]\s*[^_|｜\-—]*(?:网站|门户|政府|人民政府|网)\s*$")


def read(data: bytes, source: str) -> RawDocument:
    try:
        root = lxml.html.document_fromstring(_decode(data, source))
    except (ParserError, ValueError) as exc:
        raise CorruptDocument(source, f"不是有效的 HTML 文件：{exc}") from exc
    stated = read_info_table(root)
    title = _meta_title(root) or stated.pop("title", None) or _page_title(root)
    for element in list(root.iter(*_INVISIBLE)):
        element.drop_tree()
    _drop_hidden_and_chrome(root)
    body = _main_content(root)
    if title:
        stated["title"] = title
        if not body.lstrip().startswith(str(title)):
            body = f"{title}\n{body}"
    return RawDocument(body, stated=stated)


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


def _meta_title(root: lxml.html.HtmlElement) -> str | None:
    titles = root.xpath('//meta[@name="ArticleTitle"]/@content')
    return titles[0].strip() if titles and titles[0].strip() else None


def _page_title(root: lxml.html.HtmlElement) -> str | None:
    """The article's `<h1>` (or `<h2>` when there is none), else `<title>` without the site's name."""
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            if not _is_chrome(heading) and (text := " ".join(heading.text_content().split())):
                return text
    page = root.findtext(".//title")
    return _SITE_SUFFIX.sub("", page).strip() or None if page else None


def _drop_hidden_and_chrome(root: lxml.html.HtmlElement) -> None:
    doomed = [element for element in root.iter() if isinstance(element.tag, str) and element is not root
              and element.tag != "body" and (_is_hidden(element) or _is_chrome(element))]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style", "")))


def _is_chrome(element: lxml.html.HtmlElement) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return element.tag in _CHROME_TAGS or bool(_CHROME_NAMES.search(names))


def _main_content(root: lxml.html.HtmlElement) -> str:
    extracted = trafilatura.extract(
        lxml.html.tostring(root, encoding="unicode"), output_format="xml", include_tables=True,
        include_comments=False, favor_recall=True, deduplicate=False,
    )
    if extracted:
        lines = _xml_lines(etree.fromstring(extracted.encode("utf-8")))
        if lines:
            return "\n".join(lines)
    _mark_layout(root)
    return root.text_content()


def _xml_lines(document: etree._Element) -> list[str]:
    main = document.find("main")
    lines: list[str] = []
    for element in (main if main is not None else document).iter("p", "head", "item", "row"):
        if element.tag == "row":
            lines += ["\t" + " ".join("".join(cell.itertext()).split()) for cell in element.iter("cell")] + [""]
        elif (element.tag == "item" or not _inside(element, ("row", "item"))) and (
            text := "".join(element.itertext()).strip()
        ):
            lines.append(text)
    return lines


def _inside(element: etree._Element, tags: tuple[str, ...]) -> bool:
    return any(ancestor.tag in tags for ancestor in element.iterancestors())


def _mark_layout(root: lxml.html.HtmlElement) -> None:
    """Add the line breaks and tabs that the rendered page shows by layout."""
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    for cell in root.iter("td", "th"):
        cell.text = "\t" + (cell.text or "")
        cell.tail = "\n" + (cell.tail or "")
    for row in root.iter("tr"):
        row.tail = "\n\n" + (row.tail or "")
