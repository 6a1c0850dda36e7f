"""`BulkPut` overlaps encoding with writing, keeps the order, and reports the first failure."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from index.bulk_put import BulkPut, Items
from index.models import Chunk, Policy


def _items(name: str) -> Items:
    return [(Policy(id=name, title=name, text="x"), [Chunk(doc_id=name, ordinal=0, text="x")])]


def test_encoding_goes_on_while_a_write_is_still_running() -> None:
    release, encoded_third = threading.Event(), threading.Event()
    encoded: list[str] = []
    written: list[str] = []

    def encode(items: Items) -> np.ndarray:
        encoded.append(items[0][0].id)
        if len(encoded) == 3:
            encoded_third.set()
        return np.zeros((1, 4))

    def write(items: Items, vectors: np.ndarray) -> None:
        release.wait(timeout=30)  # the first write holds until the encoder has moved two batches past it
        written.append(items[0][0].id)

    with BulkPut(encode, write) as bulk:
        for name in ("a", "b", "c"):
            bulk.submit(_items(name))
        assert encoded_third.wait(timeout=30) and written == []
        release.set()
        assert bulk.close() == 3
    assert written == ["a", "b", "c"] and [doc for doc, _ in bulk.written] == ["a", "b", "c"]


def test_a_failed_encode_keeps_what_was_written_and_raises_at_close() -> None:
    def encode(items: Items) -> np.ndarray:
        if items[0][0].id == "b":
            raise RuntimeError("model crashed")
        return np.zeros((1, 4))

    written: list[str] = []
    with BulkPut(encode, lambda items, vectors: written.append(items[0][0].id)) as bulk:
        bulk.submit(_items("a"))
        bulk.submit(_items("b"))
        with pytest.raises(RuntimeError, match="model crashed"):
            bulk.close()
    assert written == ["a"] and bulk.written == [("a", 1)]
