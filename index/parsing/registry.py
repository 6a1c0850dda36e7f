"""Which reader reads which file suffix."""

from __future__ import annotations

from index.errors import UnsupportedFormat
from index.parsing import docx, html, markdown, ofd, pdf, text
from index.parsing.base import Reader

READERS: dict[str, Reader] = {
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".txt": text.read,
    ".docx": docx.read,
    ".pdf": pdf.read,
    ".html": html.read,
    ".htm": html.read,
    ".ofd": ofd.read,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def reader_for(suffix: str, source: str) -> Reader:
    try:
        return READERS[suffix.lower()]
    except KeyError:
        raise UnsupportedFormat(source, suffix, SUPPORTED_SUFFIXES) from None
