"""Token counts for the chat API's `usage` and `max_tokens`, in the tokens of the service's model.

The model's `tokenizer.json` (the built e5-small has one) is read with `tokenizers`, once, on first use.
A model folder without one (the hashing embedder of the tests) falls back to counting each CJK character,
each run of letters or digits and each other symbol as one token, which is close to what a multilingual
subword tokenizer gives for Chinese text.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenizers import Tokenizer

_FALLBACK_TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]+|\d+|[^\sA-Za-z\d\u4e00-\u9fff]")


class TokenCounter:
    def __init__(self, model_path: Path | None) -> None:
        self.model_path = model_path
        self._tokenizer: Tokenizer | None = None
        self._loaded = False
        self._lock = threading.Lock()

    def count(self, text: str) -> int:
        return len(self.pieces(text))

    def truncate(self, text: str, max_tokens: int) -> tuple[str, bool]:
        """The longest prefix of `text` within `max_tokens` tokens, and whether anything was cut."""
        spans = self.pieces(text)
        if len(spans) <= max_tokens:
            return text, False
        end = spans[max_tokens - 1][1] if max_tokens > 0 else 0
        return text[:end], True

    def pieces(self, text: str) -> list[tuple[int, int]]:
        """(start, end) character offsets of each token."""
        tokenizer = self._load()
        if tokenizer is None:
            return [m.span() for m in _FALLBACK_TOKEN.finditer(text)]
        encoding = tokenizer.encode(text, add_special_tokens=False)
        return [(start, end) for start, end in encoding.offsets if end > start]

    def _load(self) -> Tokenizer | None:
        with self._lock:
            if not self._loaded:
                path = self.model_path / "tokenizer.json" if self.model_path else None
                if path is not None and path.is_file():
                    from tokenizers import Tokenizer  # imported on first use: the service may never need it

                    self._tokenizer = Tokenizer.from_file(str(path))
                self._loaded = True
            return self._tokenizer
