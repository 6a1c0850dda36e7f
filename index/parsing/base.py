"""What every format reader returns, and the signature a reader has.

A reader turns the bytes of one file into text plus whatever fields the format itself carries
(`fields`: markdown front matter, set by whoever prepared the file; `stated`: what the published
form itself states, such as an HTML `ArticleTitle` meta tag or a portal's 信息公开 table).
It raises `CorruptDocument` when the bytes
are not what the suffix promises; it never guesses metadata from the text (`index.metadata` does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class RawDocument:
    text: str
    fields: dict[str, object] = field(default_factory=dict)
    stated: dict[str, object] = field(default_factory=dict)


class Reader(Protocol):
    def __call__(self, data: bytes, source: str) -> RawDocument: ...
