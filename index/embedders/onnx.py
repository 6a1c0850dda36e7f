"""The ONNX embedder: the exported e5-small run by onnxruntime, fp32 (`onnx`) or int8 (`onnx-int8`).

It computes what the sentence-transformers folder computes: the model's prompt (`query: ` /
`passage: `) before the text, the folder's own `tokenizers` tokenizer truncating at the model's
token limit, mean pooling over the attention mask, L2 normalisation. Texts are sorted by length
before batching, as sentence-transformers does, so a batch carries little padding.

Two sessions over the same file, because a question and a batch of passages want the CPU differently.
Questions run one at a time between faiss, BM25 and the database: their session keeps no spinning thread
pool (onnxruntime's idle workers spin after each run and, on two cores, slowed the faiss search that
follows from 1.2 to 3.1 ms), and int8 runs them on one thread (3.9 ms against 4.9 ms on two). Passages
run in bulk: their session, opened at the first batch, uses every core and lets its workers spin.

`load()` checks the file against the sha256 that `zhengce model build` recorded, and fails with a
message naming the file and the command that rebuilds it; nothing half-loaded is kept.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import ModelError
from index.model_onnx import FILES, REBUILD_COMMAND, onnx_file, verify_file


class OnnxEmbedder:
    def __init__(self, path: Path, *, backend: str = "onnx-int8", name: str | None = None,
                 batch_size: int = 8, threads: int = 0, query_threads: int = 0) -> None:
        if backend not in FILES:
            raise ModelError(f"未知的嵌入后端：{backend}（可选 {'、'.join(FILES)}）")
        self.path = Path(path)
        self.backend = backend
        self.name = name or self.path.name
        self.batch_size = batch_size
        self.threads = threads or (os.cpu_count() or 1)
        # one thread beats two for a single int8 question; fp32 still gains from the second core
        self.query_threads = query_threads or (1 if backend == "onnx-int8" else self.threads)
        self.dimension = 0
        self._file: Path | None = None
        self._session: Any = None          # questions
        self._bulk_session: Any = None     # passages, opened at the first batch
        self._tokenizer: Any = None
        self._prompts: dict[str, str] = {}

    def load(self) -> None:
        if self._session is not None:
            return
        file, sha256 = onnx_file(self.path, self.backend)
        verify_file(file, sha256)
        session = self._open_session(file, self.query_threads, spinning=False)
        tokenizer, prompts, max_length = self._read_tokenizer()
        self.dimension = int(session.get_outputs()[0].shape[-1])
        tokenizer.enable_truncation(max_length)
        self._tokenizer, self._prompts, self._file, self._session = tokenizer, prompts, file, session

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "passage")

    def _encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        self.load()
        session = self._session if prompt == "query" else self._bulk()
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        prefix = self._prompts.get(prompt, "")
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            out[rows] = self._run(session, [prefix + texts[i] for i in rows])
        return out

    def _bulk(self) -> Any:
        if self._bulk_session is None:
            assert self._file is not None
            self._bulk_session = self._open_session(self._file, self.threads, spinning=True)
        return self._bulk_session

    def _run(self, session: Any, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _read_tokenizer(self) -> tuple[Any, dict[str, str], int]:
        from tokenizers import Tokenizer

        try:
            tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
            config = json.loads((self.path / "tokenizer_config.json").read_text(encoding="utf-8"))
            st_config = json.loads((self.path / "config_sentence_transformers.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ModelError(f"模型目录不完整：{self.path}（{error}；运行 `zhengce model build --force`）") from error
        pad = config.get("pad_token", "<pad>")
        tokenizer.enable_padding(pad_id=tokenizer.token_to_id(pad) or 0, pad_token=pad)
        max_length = int(config.get("model_max_length") or 512)
        return tokenizer, dict(st_config.get("prompts") or {}), min(max_length, 512)

    def _open_session(self, file: Path, threads: int, *, spinning: bool) -> Any:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            return onnxruntime.InferenceSession(str(file), options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises its own untyped errors for unreadable graphs
            message = f"ONNX 模型无法加载：{file}（{error}；运行 `{REBUILD_COMMAND} --force` 重新构建）"
            raise ModelError(message) from error
