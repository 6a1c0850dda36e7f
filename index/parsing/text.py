"""Plain-text reader (.txt): UTF-8, or GB18030 as older Chinese government files are encoded."""

from __future__ import annotations

from index.errors import CorruptDocument
from index.parsing.base import RawDocument

_ENCODINGS = ("utf-8-sig", "gb18030")
# Decoded text with more control characters than this is binary that happened to decode.
_MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = set("\t\n\r\f")


def read(data: bytes, source: str) -> RawDocument:
    return RawDocument(decode_text(data, source))


def decode_text(data: bytes, source: str) -> str:
    """Decode text bytes, refusing binary content (images, archives) that was given a text suffix."""
    if b"\x00" in data:
        raise CorruptDocument(source, "文件含有二进制数据，不是文本文件")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_share(text) <= _MAX_CONTROL_SHARE:
            return text
    raise CorruptDocument(source, "无法识别文本编码（支持 UTF-8 与 GB18030）")


def _control_share(text: str) -> float:
    controls = sum(1 for c in text if c < " " and c not in _ALLOWED_CONTROLS)
    return controls / max(len(text), 1)
