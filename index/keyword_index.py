"""`KeywordIndex`: the lexical half of search, BM25 (bm25s) over jieba tokens.

bm25s has no incremental update; tokens are kept per chunk in the store, so rebuilding the
sparse matrix after a change costs a second or two even for tens of thousands of chunks.
"""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np


class KeywordIndex:
    def __init__(self) -> None:
        self._ids = np.zeros(0, dtype=np.int64)
        self._tokens: list[list[str]] = []
        self._bm25: bm25s.BM25 | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def rebuild(self, ids: np.ndarray, tokens: list[list[str]]) -> None:
        self._ids = np.asarray(ids, dtype=np.int64)
        self._tokens = tokens
        self._bm25 = None
        if len(ids):
            self._bm25 = bm25s.BM25()
            self._bm25.index([t or ["∅"] for t in tokens], show_progress=False)

    def search(self, query_tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Up to k chunk ids with positive BM25 score, best first."""
        if self._bm25 is None or not query_tokens or k <= 0:
            return []
        vocab = self._bm25.vocab_dict
        known = [t for t in query_tokens if t in vocab]
        if not known:
            return []
        mask = None if allowed is None else np.isin(self._ids, allowed).astype(np.float32)
        docs, scores = self._bm25.retrieve([known], k=min(k, len(self._ids)), show_progress=False, weight_mask=mask)
        return [(int(self._ids[d]), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "ids.npy", self._ids)
        (folder / "tokens.json").write_text(json.dumps(self._tokens, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        index = cls()
        tokens = json.loads((folder / "tokens.json").read_text(encoding="utf-8"))
        index.rebuild(np.load(folder / "ids.npy"), tokens)
        return index
