"""PDF reader (.pdf): the text layer, lines joined into paragraphs, tables as rows.

pypdf checks encryption first (an encrypted file is refused with a message that says so); pdfplumber
then gives each printed line with its position, and `index.parsing.layout` joins the lines that wrap
at the right margin. Tables that pdfplumber finds are cut out of the running text and written as
rows of cells, header row first, where they stand on the page.

A scanned PDF has no text layer. It is refused with a message that it needs OCR first: no OCR
runs here (the packaged OCR engines bring large models and minutes of CPU per page on this service's
machines), so staff run OCR where they scan and upload the result.
"""

from __future__ import annotations

import io
import logging

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from index.errors import CorruptDocument
from index.parsing.base import RawDocument
from index.parsing.layout import Line, TableBlock, paragraphs

# pypdf and pdfminer report some broken files with plain Python errors rather than their own.
_BROKEN = (PyPdfError, PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError,
           IndexError, AttributeError)
NEEDS_OCR = "PDF 没有文字层（可能是扫描件），需先做文字识别（OCR）后再上传"


def read(data: bytes, source: str) -> RawDocument:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings on every page of printed PDFs
    try:
        _refuse_encrypted(data, source)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_items(page) for page in pdf.pages]
            has_images = any(page.images for page in pdf.pages)
    except _BROKEN as exc:
        raise CorruptDocument(source, f"不是有效的 PDF 文件：{exc}") from exc
    text = paragraphs(pages)
    if not text.strip() and has_images:
        raise CorruptDocument(source, NEEDS_OCR)
    return RawDocument(text)


def _refuse_encrypted(data: bytes, source: str) -> None:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise CorruptDocument(source, "PDF 已加密（需要密码），无法读取；请上传未加密的文件")


def _page_items(page: pdfplumber.page.Page) -> list[Line | TableBlock]:
    tables = [(table.bbox, table.extract()) for table in page.find_tables()]
    items: list[Line | TableBlock] = [
        TableBlock(top=bbox[1], rows=[[cell or "" for cell in row] for row in rows]) for bbox, rows in tables if rows
    ]
    for line in page.extract_text_lines(return_chars=False):
        middle = (line["top"] + line["bottom"]) / 2
        if any(bbox[1] <= middle <= bbox[3] and bbox[0] <= line["x0"] <= bbox[2] for bbox, _ in tables):
            continue
        items.append(Line(line["text"], line["x0"], line["x1"], line["top"], line["bottom"] - line["top"]))
    return sorted(items, key=lambda item: item.top)
