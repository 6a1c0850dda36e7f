"""`KeywordIndex`: the lexical half of search, BM25 (bm25s) over jieba tokens.

bm25s has no incremental update, so a change does not rebuild the whole matrix: chunks added since
the last full build go to a small delta index (rebuilt per change, cheap because it is small), and
removed chunks of the base are masked out. A search asks both and merges them by score. Once the
delta has grown (`needs_compaction`), `compacted()` builds one base again; the owner does that in the
background and swaps it in. Instances are never changed in place: `changed()` returns a new one, so a
search running on the old one is never disturbed.
"""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np

COMPACT_AT = 2000  # delta chunks (or masked base chunks) that make a full rebuild worth its second


class _Part:
    """One bm25s index over (ids, tokens), with a mask of the ids still alive."""

    def __init__(self, ids: np.ndarray, tokens: list[list[str]]) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.tokens = tokens
        self.bm25: bm25s.BM25 | None = None
        if len(self.ids):
            self.bm25 = bm25s.BM25()
            self.bm25.index([t or ["∅"] for t in tokens], show_progress=False)

    def search(self, query_tokens: list[str], k: int, alive: np.ndarray | None,
               allowed: np.ndarray | None) -> list[tuple[int, float]]:
        if self.bm25 is None:
            return []
        known = [t for t in query_tokens if t in self.bm25.vocab_dict]
        if not known:
            return []
        mask = alive
        if allowed is not None:
            admitted = np.isin(self.ids, allowed).astype(np.float32)
            mask = admitted if mask is None else mask * admitted
        if mask is not None and not mask.any():
            return []
        docs, scores = self.bm25.retrieve([known], k=min(k, len(self.ids)), show_progress=False, weight_mask=mask)
        return [(int(self.ids[d]), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


class KeywordIndex:
    def __init__(self) -> None:
        self._base = _Part(np.zeros(0, dtype=np.int64), [])
        self._position: dict[int, int] = {}
        self._alive: np.ndarray | None = None  # None: every base chunk alive
        self._delta = _Part(np.zeros(0, dtype=np.int64), [])

    def __len__(self) -> int:
        alive = len(self._base.ids) if self._alive is None else int(self._alive.sum())
        return alive + len(self._delta.ids)

    @property
    def needs_compaction(self) -> bool:
        masked = 0 if self._alive is None else len(self._base.ids) - int(self._alive.sum())
        return len(self._delta.ids) + masked >= COMPACT_AT

    def rebuild(self, ids: np.ndarray, tokens: list[list[str]]) -> None:
        self._base = _Part(ids, tokens)
        self._position = {int(i): n for n, i in enumerate(self._base.ids)}
        self._alive = None
        self._delta = _Part(np.zeros(0, dtype=np.int64), [])

    def ids(self) -> np.ndarray:
        return self.items()[0]

    def items(self) -> tuple[np.ndarray, list[list[str]]]:
        """Every live chunk id with its tokens."""
        keep = range(len(self._base.ids)) if self._alive is None else np.flatnonzero(self._alive)
        ids = [int(self._base.ids[n]) for n in keep] + [int(i) for i in self._delta.ids]
        tokens = [self._base.tokens[n] for n in keep] + list(self._delta.tokens)
        return np.asarray(ids, dtype=np.int64), tokens

    def changed(self, added: np.ndarray, tokens: list[list[str]], removed: np.ndarray) -> KeywordIndex:
        """A new index with `removed` gone and `added` in the delta; this one is left as it was."""
        gone = {int(i) for i in removed}
        result = KeywordIndex()
        result._base, result._position = self._base, self._position
        result._alive = self._alive
        dead = [self._position[i] for i in gone if i in self._position]
        if dead:
            result._alive = (np.ones(len(self._base.ids), np.float32) if self._alive is None else self._alive.copy())
            result._alive[dead] = 0.0
        in_delta = {int(i) for i in self._delta.ids}
        delta = [(int(i), t) for i, t in zip(self._delta.ids, self._delta.tokens, strict=True) if int(i) not in gone]
        delta += [(int(i), t) for i, t in zip(added, tokens, strict=True)
                  if int(i) not in gone and int(i) not in in_delta and not self._in_base(int(i))]
        if len(delta) != len(self._delta.ids) or dead:
            result._delta = _Part(np.asarray([i for i, _ in delta], dtype=np.int64), [t for _, t in delta])
        else:
            result._delta = self._delta
        return result

    def _in_base(self, chunk_id: int) -> bool:
        position = self._position.get(chunk_id)
        return position is not None and (self._alive is None or bool(self._alive[position]))

    def compacted(self) -> KeywordIndex:
        result = KeywordIndex()
        result.rebuild(*self.items())
        return result

    def caught_up_with(self, current: KeywordIndex) -> KeywordIndex:
        """This index (a compaction of an earlier snapshot) with what `current` changed since: the chunks
        `current` holds that this one lacks added, those it lacks removed."""
        before, after = self.items(), current.items()
        have = {int(i) for i in before[0]}
        now = {int(i) for i, _ in zip(*after, strict=True)}
        added = [(i, t) for i, t in zip(*after, strict=True) if int(i) not in have]
        gone = np.fromiter(have - now, np.int64, len(have - now))
        return self.changed(np.asarray([i for i, _ in added], np.int64), [t for _, t in added], gone)

    def search(self, query_tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Up to k chunk ids with positive BM25 score, best first (base and delta merged by score)."""
        if not query_tokens or k <= 0:
            return []
        found = self._base.search(query_tokens, k, self._alive, allowed)
        found += self._delta.search(query_tokens, k, None, allowed)
        return sorted(found, key=lambda pair: -pair[1])[:k]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        ids, tokens = self.items()
        np.save(folder / "ids.npy", ids)
        (folder / "tokens.json").write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        index = cls()
        tokens = json.loads((folder / "tokens.json").read_text(encoding="utf-8"))
        index.rebuild(np.load(folder / "ids.npy"), tokens)
        return index
