"""The real embedder: any sentence-transformers model folder, by default the e5-small build.

e5 models expect `query: ` / `passage: ` prefixes; they are read from the model's own prompts
(config_sentence_transformers.json), so a model without prompts (e.g. bge-m3) just works too.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import ModelError


class SentenceTransformerEmbedder:
    def __init__(self, path: Path, *, name: str | None = None, batch_size: int = 8) -> None:
        self.path = Path(path)
        self.name = name or self.path.name
        self.backend = "torch"
        self.batch_size = batch_size
        self.dimension = 0
        self.query_threads = os.cpu_count() or 1  # torch's intra-op pool spans every core
        self._model: Any = None

    def load(self) -> None:
        if self._model is not None:
            return
        if not (self.path / "modules.json").exists():
            raise ModelError(f"模型目录不存在或不完整：{self.path}（先运行 `zhengce model build`）")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer  # heavy import, kept out of module import

        self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        self.dimension = int(self._model.get_embedding_dimension() or 0)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "passage")

    def _encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        self.load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        prompt_name = prompt if prompt in (self._model.prompts or {}) else None
        vectors = self._model.encode(
            list(texts), prompt_name=prompt_name, batch_size=self.batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
