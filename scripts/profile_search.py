"""Where a `/v1/search` spends its time: per stage in process, then the whole request over HTTP.

Opens the data dir in process and times each call the searcher makes on the index (question embedding,
jieba tokens, faiss, BM25, the admission check, the database reads), the rest of `Searcher.search`
(fusion and building the hits), and the response's Pydantic serialisation; then starts a real
`zhengce serve` on the same data dir and times the same queries over HTTP. HTTP minus the in-process
total is the server's own share (uvicorn, middleware, routing, request parsing).

    ZHENGCE_EMBEDDING_BACKEND=onnx-int8 .venv/bin/python scripts/profile_search.py --data-dir /work/bench27k/int8

Not a test: it prints a table for the README. Runs against whatever `index/` is importable from the
current directory, so the same script profiles an older checkout.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, os.getcwd())
sys.path.insert(1, str(Path(__file__).resolve().parent))

from bench_common import ROOT, percentiles, running_server, timed_posts  # noqa: E402

import index.search as search_module  # noqa: E402
from config import get_settings  # noqa: E402
from service.container import Container  # noqa: E402
from service.routes.search import SearchOut  # noqa: E402
from service.schemas import HitOut  # noqa: E402

STAGES = {"embed_query": "embedding", "dense_search": "dense search (faiss)",
          "keyword_search": "keyword search (BM25)", "admitted": "admission (in memory)",
          "admitted_ids": "admission (in memory)", "fetch": "store (hydration)", "page": "store (hydration)",
          "catch_up": "store (hydration)"}


def _timed(spent: dict[str, float], stage: str, call: Callable) -> Callable:
    @functools.wraps(call)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            spent[stage] += time.perf_counter() - started
    return wrapper


def profile_in_process(queries: list[str], top_k: int) -> dict[str, float]:
    container = Container.build(get_settings())
    container.start(ingest_samples=False)
    print(f"{len(container.index)} chunks, backend {container.index.embedding_backend}")
    spent: dict[str, float] = defaultdict(float)
    for name, stage in STAGES.items():
        if hasattr(container.index, name):
            setattr(container.index, name, _timed(spent, stage, getattr(container.index, name)))
    search_module.tokenize = _timed(spent, "tokenize (jieba)", search_module.tokenize)  # type: ignore[assignment]
    for query in queries[:10]:
        container.searcher.search(query, top_k)
    spent.clear()
    totals, serialise = [], []
    for query in queries:
        started = time.perf_counter()
        hits = container.searcher.search(query, top_k)
        totals.append(time.perf_counter() - started)
        started = time.perf_counter()
        SearchOut(results=[HitOut.of(h) for h in hits]).model_dump_json()
        serialise.append(time.perf_counter() - started)
    container.close()
    n = len(queries)
    per_query = {stage: seconds / n * 1000 for stage, seconds in spent.items()}
    per_query["fusion and hits (rest of search)"] = statistics.mean(totals) * 1000 - sum(per_query.values())
    per_query["serialisation (Pydantic JSON)"] = statistics.mean(serialise) * 1000
    return per_query


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--top-k", type=int, default=5)
    args = parser.parse_args()
    os.environ.update(ZHENGCE_DATA_DIR=str(args.data_dir), ZHENGCE_INGEST_SAMPLES_ON_START="false",
                      ZHENGCE_RATE_LIMIT="")
    lines = (ROOT / "eval" / "qa_answerable.jsonl").read_text(encoding="utf-8").splitlines()
    queries = ([json.loads(line)["query"] for line in lines] * 2)[:args.queries]
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    stages = profile_in_process(queries, args.top_k)
    for stage, ms in stages.items():
        print(f"  {stage:<36} {ms:7.2f} ms")
    in_process = sum(stages.values())
    print(f"  {'in process, total':<36} {in_process:7.2f} ms")
    with running_server({}) as base:
        bodies = [{"query": q, "top_k": args.top_k} for q in queries]
        timed_posts(base, "/v1/search", bodies[:10])
        latencies = timed_posts(base, "/v1/search", bodies)
    print(f"  /v1/search over HTTP: {percentiles(latencies)}")
    print(f"  HTTP share (mean over HTTP − in process): {statistics.mean(latencies) - in_process:.2f} ms")
    print(f"load average {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
