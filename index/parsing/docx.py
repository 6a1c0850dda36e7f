"""Word reader (.docx): paragraphs and tables in document order.

Tables come out in the form the chunker reads as a table, the same form the sample corpus uses:
each cell on its own line behind a tab, a blank line after each row. A merged cell spans several
grid positions but is written once.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from index.errors import CorruptDocument
from index.parsing.base import RawDocument
from index.parsing.zipguard import check_archive

_BROKEN = (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError)


def read(data: bytes, source: str) -> RawDocument:
    check_archive(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        return RawDocument("\n".join(_lines(document)))
    except _BROKEN as exc:
        raise CorruptDocument(source, f"不是有效的 Word (.docx) 文件：{exc}") from exc


def _lines(document: Document) -> Iterator[str]:
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _table_lines(block)


def _table_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                yield "\t" + cell.text.replace("\n", " ")
        yield ""
