"""Embedders and the one factory that picks an implementation from settings."""

from __future__ import annotations

from config import Settings
from index.embedders.base import Embedder
from index.embedders.hashing import HashingEmbedder
from index.embedders.sentence_transformer import SentenceTransformerEmbedder


def make_embedder(settings: Settings) -> Embedder:
    """`embedder = "hashing"` in settings selects the test fake; anything else the model folder."""
    if settings.embedder == "hashing":
        return HashingEmbedder()
    assert settings.model_path is not None
    return SentenceTransformerEmbedder(
        settings.model_path, name=settings.model_name, batch_size=settings.embed_batch_size
    )


__all__ = ["Embedder", "HashingEmbedder", "SentenceTransformerEmbedder", "make_embedder"]
