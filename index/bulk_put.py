"""`BulkPut`: a bulk ingest's stages overlapped: read and chunk | encode | tokenize and write.

The caller reads and chunks documents and submits batches; an encoder thread embeds each batch and hands it
to a writer thread, which tokenizes (jieba) and stores it, one transaction per policy. The queues are
bounded, so at most `depth` batches wait before each stage: the encoder never waits for a write unless the
writer is that many batches behind, and the caller never runs far ahead of the model. The model call and the
database driver release the GIL, so parsing, tokenizing and writing run while the model computes.

Batches are written in the order they were submitted. When a stage fails, batches it already passed on are
still written, later ones are dropped, and `close()` raises the first error. `PolicyIndex.bulk_put()` makes
one; what it writes is served after `PolicyIndex.commit()`.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from index.models import Chunk, Policy

Items = Sequence[tuple[Policy, Sequence[Chunk]]]
Vectors = TypeVar("Vectors")  # what the encoder hands the writer (`index.passage_encoding.Encoded`)
_DONE = None


class BulkPut(Generic[Vectors]):
    def __init__(self, encode: Callable[[Items], Vectors], write: Callable[[Items, Vectors], None], *,
                 depth: int = 2) -> None:
        self._encode, self._write = encode, write
        self.written: list[tuple[str, int]] = []  # (policy id, chunks) of each policy stored, in order
        self._error: BaseException | None = None
        self._closed = False
        self._to_encode: queue.Queue[Items | None] = queue.Queue(maxsize=depth)
        self._to_write: queue.Queue[tuple[Items, Vectors] | None] = queue.Queue(maxsize=depth)
        self._threads = [threading.Thread(target=self._encode_loop, name="ingest-encode", daemon=True),
                         threading.Thread(target=self._write_loop, name="ingest-write", daemon=True)]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> BulkPut[Vectors]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()  # after close() nothing to do; after an error, lets the threads end

    def submit(self, items: Items) -> None:
        """Queue a batch (blocks while `depth` batches wait); raises at once if a stage has failed."""
        self._raise_if_failed()
        self._to_encode.put(list(items))

    def close(self) -> int:
        """Wait for every submitted batch; the number of chunks written, or the first error raised."""
        self.stop()
        self._raise_if_failed()
        return sum(chunks for _, chunks in self.written)

    def stop(self) -> None:
        """Let the threads finish what was submitted and end; errors are kept for `close()`."""
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
                self._to_write.put((items, self._encode(items)))
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
                self._write(items, vectors)
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
