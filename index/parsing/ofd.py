"""OFD reader (.ofd, GB/T 33190): the text layer of the fixed-layout format 公文 systems export.

An OFD file is a zip package: `OFD.xml` names each document's root (`DocBody/DocRoot`), the
document's `Document.xml` lists its pages (`Pages/Page/@BaseLoc`), and each page's `Content.xml`
holds `TextObject`s, each placed by its `Boundary` ("x y width height", millimetres) with `TextCode`
runs offset by X/Y inside it. Text runs are grouped into printed lines by their baseline, read left to
right, and `index.parsing.layout` joins lines that wrap at the right margin, as for PDF.

The PyPI package easyofd converts OFD to PDF and images and pulls in PyMuPDF (AGPL), reportlab, fontTools
and loguru; the text layer is all the index needs, so this reader parses the XML itself (entities and
network access off).
Unpacked size is checked before (`index.parsing.limits`).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections import defaultdict

from lxml import etree

from index.errors import CorruptDocument
from index.parsing.base import RawDocument
from index.parsing.layout import Line, TableBlock, paragraphs

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_BASELINE_TOLERANCE = 1.0  # mm: runs whose baselines differ less than this share a line


def read(data: bytes, source: str) -> RawDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            pages = [_page_lines(_xml(package, path)) for path in _page_paths(package)]
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise CorruptDocument(source, f"不是有效的 OFD 文件：{exc}") from exc
    if not pages:
        raise CorruptDocument(source, "OFD 文件中没有页面")
    return RawDocument(paragraphs([list[Line | TableBlock](page) for page in pages]))


def _xml(package: zipfile.ZipFile, path: str) -> etree._Element:
    return etree.fromstring(package.read(path.lstrip("/")), _PARSER)


def _local(element: etree._Element, name: str) -> list[etree._Element]:
    return element.xpath(f".//*[local-name()='{name}']")


def _page_paths(package: zipfile.ZipFile) -> list[str]:
    roots = [node.text.strip() for node in _local(_xml(package, "OFD.xml"), "DocRoot") if node.text]
    if not roots:
        raise ValueError("OFD.xml 没有 DocRoot")
    paths: list[str] = []
    for root in roots:
        base = posixpath.dirname(root.lstrip("/"))
        for page in _local(_xml(package, root), "Page"):
            location = page.get("BaseLoc")
            if location:
                paths.append(location.lstrip("/") if location.startswith("/") else posixpath.join(base, location))
    return paths


def _page_lines(page: etree._Element) -> list[Line]:
    rows: dict[float, list[tuple[float, float, str, float]]] = defaultdict(list)
    for text_object in _local(page, "TextObject"):
        x, y, width, height = (float(v) for v in text_object.get("Boundary", "0 0 0 0").split()[:4])
        size = float(text_object.get("Size", height) or height)
        for code in _local(text_object, "TextCode"):
            text = "".join(code.itertext())
            baseline = y + float(code.get("Y", 0) or 0)
            key = next((k for k in rows if abs(k - baseline) < _BASELINE_TOLERANCE), baseline)
            rows[key].append((x + float(code.get("X", 0) or 0), x + width, text, size))
    lines = []
    for baseline in sorted(rows):
        runs = sorted(rows[baseline])
        lines.append(Line("".join(run[2] for run in runs), runs[0][0], max(run[1] for run in runs),
                          baseline, max(run[3] for run in runs)))
    return lines
