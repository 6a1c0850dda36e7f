"""Markdown reader (.md) with optional YAML front matter.

Front matter fields come back as they are; `index.parsing.fields` checks and converts them.
Markdown heading marks and emphasis are removed so that `## 第一章 总则` reads as the chunker
expects (`第一章 总则`).
"""

from __future__ import annotations

import re

import frontmatter
import yaml

from index.errors import CorruptDocument
from index.parsing.base import RawDocument
from index.parsing.text import decode_text

_HEADING_MARK = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_EMPHASIS = re.compile(r"\*\*|__")


def read(data: bytes, source: str) -> RawDocument:
    text = decode_text(data, source)
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        raise CorruptDocument(source, f"front matter 不是合法的 YAML：{exc}") from exc
    except (ValueError, TypeError) as exc:  # a YAML date that is no day, such as 2024-13-45 or 2024-02-30
        raise CorruptDocument(source, f"front matter（YAML）有无效的值（如不存在的日期）：{exc}") from exc
    if not isinstance(post.metadata, dict):
        raise CorruptDocument(source, "front matter 必须是“字段: 值”形式")
    body = _EMPHASIS.sub("", _HEADING_MARK.sub("", post.content))
    return RawDocument(body, dict(post.metadata))
