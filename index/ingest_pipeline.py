"""Overlap the stages of a bulk ingest: read and chunk | encode | tokenize and write.

The caller reads and chunks documents and submits batches; an encoder thread embeds each batch and
hands it to a writer thread, which tokenizes (jieba) and stores it, one transaction per policy. The
queues are bounded, so at most `depth` batches wait at each step, and the encoder never waits for a
write unless the writer is that many batches behind. The model call and the database driver release
the GIL, so parsing, tokenizing and writing run while the model computes.

Order is kept: batches are written in the order they were submitted. When a stage fails, batches it
already passed on are still written, later ones are dropped, and `close()` raises the first error.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence

import numpy as np

from index.models import Chunk, Policy
from index.policy_index import PolicyIndex

Items = Sequence[tuple[Policy, Sequence[Chunk]]]
_DONE = None


class IngestPipeline:
    def __init__(self, index: PolicyIndex, *, depth: int = 2) -> None:
        self.index = index
        self.written: list[tuple[str, int]] = []  # (doc id, chunks) of each policy stored
        self._error: BaseException | None = None
        self._closed = False
        self._to_encode: queue.Queue[Items | None] = queue.Queue(maxsize=depth)
        self._to_write: queue.Queue[tuple[Items, np.ndarray] | None] = queue.Queue(maxsize=depth)
        self._threads = [
            threading.Thread(target=self._encode_loop, name="ingest-encode", daemon=True),
            threading.Thread(target=self._write_loop, name="ingest-write", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, items: Items) -> None:
        """Queue a batch (blocks while `depth` batches wait); raises at once if a stage has failed."""
        self._raise_if_failed()
        self._to_encode.put(list(items))

    def close(self) -> int:
        """Wait for every submitted batch; returns the number of chunks written, or raises the first error."""
        self.abort()
        self._raise_if_failed()
        return sum(chunks for _, chunks in self.written)

    def abort(self) -> None:
        """Let the threads finish what was submitted and stop; errors are kept for `close()`. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._to_encode.put(_DONE)
        for thread in self._threads:
            thread.join()

    def _encode_loop(self) -> None:
        while (items := self._to_encode.get()) is not _DONE:
            if self._error is not None:
                continue  # drain, so a blocked submit() returns and sees the error
            try:
                self._to_write.put((items, self.index.encode_many(items)))
            except BaseException as error:  # noqa: BLE001 - handed to the caller by close()
                self._fail(error)
        self._to_write.put(_DONE)

    def _write_loop(self) -> None:
        failed = False  # after a failed write nothing more is written; after a failed encode, what came is
        while (batch := self._to_write.get()) is not _DONE:
            if failed:
                continue
            items, vectors = batch
            try:
                self.index.write_many(items, vectors, save=False)
                self.written.extend((policy.id, len(chunks)) for policy, chunks in items)
            except BaseException as error:  # noqa: BLE001 - handed to the caller by close()
                failed = True
                self._fail(error)

    def _fail(self, error: BaseException) -> None:
        if self._error is None:
            self._error = error

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._error
