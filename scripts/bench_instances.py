"""Benchmark: how fast a change reaches the other instances, and what following the change log costs.

    PYTHONPATH=. .venv/bin/python scripts/bench_instances.py [--uploads 50] [--chunks 27000] [--skip-processes]

1. Apply cost on a large index, in process: a SQLite database is filled with `--chunks` synthetic chunks
   (random unit vectors of dimension 384 stored in the database, tokens drawn from a fixed vocabulary,
   so no model runs), a `PolicyIndex` opens it, and another writes one 30-chunk document at a time; the
   time of the reader's `catch_up()` for that document is the apply cost (faiss add/remove by id,
   BM25 delta). Also printed: opening the index cold, and one background BM25 compaction.
2. Two real `zhengce serve` processes on a fresh PostgreSQL database (hashing embedder, default 0.5 s
   poll): `--uploads` uploads through A; for each, the time from A's 201 answer (the commit is before
   it) to the first search through B that finds the document, polled every 10 ms.
3. `/v1/search` latency through B, measured while those uploads stream in through A.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import numpy as np

from index.db import make_engine
from index.embedders import HashingEmbedder
from index.models import Chunk, Policy
from index.policy_index import PolicyIndex
from index.store import PolicyStore
from service.migrate import upgrade

DIMENSION = 384
WORDS = [f"词{n}" for n in range(5000)] + ["补贴", "社会保险", "企业", "申请", "高校毕业生", "奉化区", "办法"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _synthetic(doc_id: str, n: int, rng: np.random.Generator) -> tuple[Policy, list[Chunk], list[str], np.ndarray]:
    policy = Policy(id=doc_id, title=f"合成文件{doc_id}", text=f"合成文件{doc_id}")
    chunks = [Chunk(doc_id, i, f"第{i + 1}条 合成内容", f"第{i + 1}条", [], f"第{i + 1}条 合成内容") for i in range(n)]
    tokens = [" ".join(rng.choice(WORDS, size=40)) for _ in range(n)]
    vectors = rng.standard_normal((n, DIMENSION)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return policy, chunks, tokens, vectors


def bench_apply(chunks: int, repeats: int = 20) -> None:
    folder = Path(tempfile.mkdtemp(prefix="zhengce-bench-apply-"))
    engine = make_engine(f"sqlite:///{folder}/bench.db")
    upgrade(engine)
    store = PolicyStore(engine)
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    for n in range(chunks // 30):
        store.replace_policy(*_synthetic(f"d{n}", 30, rng))
    print(f"synthesised {store.count()[1]} chunks with stored random unit vectors in "
          f"{time.perf_counter() - started:.1f} s")

    reader = PolicyIndex(store, HashingEmbedder(DIMENSION), folder / "index-reader")
    started = time.perf_counter()
    reader.open()
    elapsed = time.perf_counter() - started
    print(f"open a {len(reader)}-vector index from the database (no saved index): {elapsed:.2f} s")
    started = time.perf_counter()
    reader.save()
    print(f"save it (faiss + tokens + manifest): {time.perf_counter() - started:.2f} s")

    applies = []
    for n in range(repeats):
        store.replace_policy(*_synthetic(f"new{n}", 30, rng))  # another process's write, as far as reader knows
        started = time.perf_counter()
        assert reader.catch_up() == 1
        applies.append(time.perf_counter() - started)
    replace = []
    for n in range(repeats):
        store.replace_policy(*_synthetic(f"d{n}", 30, rng))  # a changed document: 30 removed, 30 added
        started = time.perf_counter()
        reader.catch_up()
        replace.append(time.perf_counter() - started)
    print(f"apply one new 30-chunk document to the {len(reader)}-chunk index: "
          f"p50 {1000 * statistics.median(applies):.1f} ms, max {1000 * max(applies):.1f} ms ({repeats} documents)")
    print(f"apply one replaced 30-chunk document (30 removed, 30 added): "
          f"p50 {1000 * statistics.median(replace):.1f} ms, max {1000 * max(replace):.1f} ms")
    keywords = reader._keywords  # noqa: SLF001 - measuring the background compaction on its own
    started = time.perf_counter()
    keywords.compacted()
    print(f"one BM25 compaction (background rebuild of {len(keywords)} chunks): {time.perf_counter() - started:.2f} s")
    engine.dispose()


def bench_processes(uploads: int) -> None:
    from sqlalchemy import create_engine, text

    from tests.service.processes import ADMIN, Server, environment, write_policy

    admin_url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    name = f"zhengce_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    folder = Path(tempfile.mkdtemp(prefix="zhengce-bench-instances-"))
    servers = [Server(environment(folder / label, url, index_poll_seconds="0.5"), folder / f"{label}.log")
               for label in ("a", "b")]
    try:
        a, b = (server.start() for server in servers)
        for label, server in zip("ab", servers, strict=True):
            print(f"instance {label} ready on {server.url}")
        visible, searches, done = [], [], threading.Event()

        def search_load() -> None:
            while not done.is_set():
                started = time.perf_counter()
                assert b.http.post("/v1/search", json={"query": "企业申请补贴", "top_k": 5}).status_code == 200
                searches.append(time.perf_counter() - started)

        load = threading.Thread(target=search_load)
        load.start()
        rng = random.Random(0)
        for n in range(uploads):
            topic = "".join(rng.choice("补贴社保就业创业税收减免人才住房科技研发") for _ in range(8)) + f"{n}号"
            path = write_policy(folder / "docs", f"u{n}", topic)
            response = a.http.post("/v1/documents", headers=ADMIN,
                                   files={"file": (path.name, path.read_bytes(), "text/markdown")})
            assert response.status_code == 201, response.text
            committed = time.perf_counter()
            while not b.finds(topic, f"u{n}"):
                time.sleep(0.01)
            visible.append(time.perf_counter() - committed)
        done.set()
        load.join()
        print(f"commit on A -> searchable on B, {uploads} uploads: p50 {1000 * percentile(visible, 50):.0f} ms, "
              f"p99 {1000 * percentile(visible, 99):.0f} ms, max {1000 * max(visible):.0f} ms")
        print(f"/v1/search on B while they streamed in, {len(searches)} requests: "
              f"p50 {1000 * percentile(searches, 50):.1f} ms, p99 {1000 * percentile(searches, 99):.1f} ms")
        health = b.health()
        print(f"B at the end: {health['indexed_vectors']} vectors for {health['chunks']} chunks, {health['status']}")
    finally:
        for server in servers:
            server.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--chunks", type=int, default=27_000)
    parser.add_argument("--skip-processes", action="store_true")
    parser.add_argument("--skip-apply", action="store_true")
    args = parser.parse_args()
    if not args.skip_apply:
        bench_apply(args.chunks)
    if not args.skip_processes:
        bench_processes(args.uploads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
