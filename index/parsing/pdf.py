"""PDF reader (.pdf): the text layer of each page, via pypdf.

Scanned PDFs have no text layer; they come out empty and `read_policy` refuses them as unreadable.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from index.errors import CorruptDocument
from index.parsing.base import RawDocument

# pypdf reports some broken files with plain Python errors rather than its own.
_BROKEN = (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError)


def read(data: bytes, source: str) -> RawDocument:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorruptDocument(source, "PDF 已加密，无法读取")
        return RawDocument("\n".join(page.extract_text() or "" for page in reader.pages))
    except _BROKEN as exc:
        raise CorruptDocument(source, f"不是有效的 PDF 文件：{exc}") from exc
