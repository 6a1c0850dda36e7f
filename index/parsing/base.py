"""What every format reader returns, and the signature a reader has.

A reader turns the bytes of one file into text plus whatever fields the format itself carries
(markdown front matter, an HTML `ArticleTitle` meta tag). It raises `CorruptDocument` when the bytes
are not what the suffix promises; it never guesses metadata from the text (`index.metadata` does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class RawDocument:
    text: str
    fields: dict[str, object] = field(default_factory=dict)


class Reader(Protocol):
    def __call__(self, data: bytes, source: str) -> RawDocument: ...
