"""Embedders and the one factory that picks an implementation from settings."""

from __future__ import annotations

from config import Settings
from index.embedders.base import Embedder
from index.embedders.hashing import HashingEmbedder
from index.embedders.onnx import OnnxEmbedder
from index.embedders.sentence_transformer import SentenceTransformerEmbedder


def make_embedder(settings: Settings) -> Embedder:
    """`embedder = "hashing"` selects the test fake; otherwise the model folder, run by `embedding_backend`."""
    if settings.embedder == "hashing":
        return HashingEmbedder()
    assert settings.model_path is not None
    if settings.embedding_backend == "torch":
        return SentenceTransformerEmbedder(
            settings.model_path, name=settings.model_name, batch_size=settings.embed_batch_size
        )
    return OnnxEmbedder(settings.model_path, backend=settings.embedding_backend, name=settings.model_name,
                        batch_size=settings.embed_batch_size)


__all__ = ["Embedder", "HashingEmbedder", "OnnxEmbedder", "SentenceTransformerEmbedder", "make_embedder"]
