"""Benchmark one embedding backend end to end, with the PyTorch model as the reference, in one run.

Prints: the PyTorch fp32 query-embedding p50 (the reference) and the configured backend's; ingest
chunks/s of a bounded corpus next to the raw encode rate of the same backend on the same chunk texts;
the service's RSS after start on the sample corpus and on the large corpus; `/v1/search` and
`/v1/ask` p50/p99 over HTTP against a real `zhengce serve` on the large corpus (at least 27k chunks).

The large corpus is made once per backend from an ingested data dir (`--scale-from`, e.g. the
eval corpus embedded with that backend): its policies and chunks are copied under new ids, vectors
and all, until `--chunks` is reached, and the index is built and saved; later runs reuse it.

    .venv/bin/python scripts/bench_backends.py --backend onnx-int8 --scale-from /work/cache/onnx-eval/int8 \\
        --work-dir /work/cache/onnx-eval/bench-int8 --model-path data/models/e5-small

Not a test: it prints figures for the README. On a shared machine note the load beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ask import QUESTIONS  # noqa: E402
from bench_common import ROOT, percentiles, rss_mib, running_server, timed_posts  # noqa: E402

from config import Settings  # noqa: E402
from index.embedders import Embedder, OnnxEmbedder, SentenceTransformerEmbedder, make_embedder  # noqa: E402
from index.store import PolicyStore  # noqa: E402
from service.container import Container  # noqa: E402

EVAL_QUERIES = [json.loads(line)["query"] for line in (ROOT / "eval" / "qa_answerable.jsonl").open(encoding="utf-8")]


def embedder_for(backend: str, model_path: Path) -> Embedder:
    if backend == "torch":
        return SentenceTransformerEmbedder(model_path)
    return OnnxEmbedder(model_path, backend=backend)


def query_p50(embedder: Embedder, n: int) -> float:
    embedder.load()
    for query in EVAL_QUERIES[:5]:
        embedder.encode_queries([query])
    samples = []
    for query in (EVAL_QUERIES * 2)[:n]:
        started = time.perf_counter()
        embedder.encode_queries([query])
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bench_ingest(backend: str, model_path: Path, corpus: list[Path]) -> None:
    with tempfile.TemporaryDirectory(prefix="zhengce-ingest-") as scratch:
        settings = Settings(data_dir=Path(scratch), ingest_samples_on_start=False, model_path=model_path,
                            embedding_backend=backend, model_name="e5-small")  # type: ignore[arg-type]
        container = Container.build(settings)
        container.start(ingest_samples=False)
        started = time.perf_counter()
        report = container.ingestor.ingest_paths(corpus)
        elapsed = time.perf_counter() - started
        ids, _ = PolicyStore(container.engine).all_tokens()
        texts = [s.chunk.embed_text for s in container.index.fetch([int(i) for i in ids]).values()]
        embedder = make_embedder(settings)
        embedder.load()
        started = time.perf_counter()
        embedder.encode_passages(texts)
        raw = time.perf_counter() - started
        container.close()
    print(f"ingest ({backend}): {len(report.added)} documents, {report.chunks} chunks in {elapsed:.1f} s = "
          f"{report.chunks / elapsed:.1f} chunks/s; raw encode of the same {len(texts)} texts "
          f"{len(texts) / raw:.1f} texts/s (ingest = {raw / elapsed:.0%} of raw)")


def scale_corpus(source: Path, target: Path, chunks: int, settings: Settings) -> None:
    """Copy `source`'s database to `target` and repeat its policies under new ids until `chunks` are there."""
    from sqlalchemy import text

    from index.db import make_engine
    from index.tables import ChunkRow, PolicyRow

    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "zhengce.db", target / "zhengce.db")
    engine = make_engine(f"sqlite:///{target / 'zhengce.db'}")
    policy_columns = [c.name for c in PolicyRow.__table__.columns]
    chunk_columns = [c.name for c in ChunkRow.__table__.columns if c.name != "id"]
    with engine.begin() as db:
        have = db.execute(text("select count(*) from chunks")).scalar_one()
        copies = -(-chunks // have)
        for n in range(1, copies):
            pcols = ", ".join(f"id || '~{n}'" if c == "id" else c for c in policy_columns)
            ccols = ", ".join(f"doc_id || '~{n}'" if c == "doc_id" else c for c in chunk_columns)
            db.execute(text(f"insert into policies ({', '.join(policy_columns)}) select {pcols} from policies "
                            "where id not like '%~%'"))
            db.execute(text(f"insert into chunks ({', '.join(chunk_columns)}) select {ccols} from chunks "
                            "where doc_id not like '%~%'"))
    engine.dispose()
    container = Container.build(settings)
    container.start(ingest_samples=False)  # no saved index: built from the stored vectors and saved
    print(f"large corpus: {container.index.counts()[1]} chunks ({copies} copies of {source})")
    container.close()


def serve_and_measure(env: dict[str, str], label: str, requests: int) -> None:
    def report_rss(process):  # type: ignore[no-untyped-def]
        print(f"RSS after start, {label}: {rss_mib(process.pid):.0f} MiB")

    with running_server(env, on_ready=report_rss) as base:
        if requests <= 0:
            return
        searches = [{"query": random.Random(i).choice(EVAL_QUERIES), "top_k": 5} for i in range(requests)]
        asks = [{"question": QUESTIONS[i % len(QUESTIONS)]} for i in range(requests)]
        timed_posts(base, "/v1/search", searches[:10])
        print(f"/v1/search over HTTP, {label}:", percentiles(timed_posts(base, "/v1/search", searches)))
        timed_posts(base, "/v1/ask", asks[: len(QUESTIONS)])
        print(f"/v1/ask over HTTP, {label}:", percentiles(timed_posts(base, "/v1/ask", asks)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="onnx-int8", choices=["torch", "onnx", "onnx-int8"])
    parser.add_argument("--model-path", type=Path, default=ROOT / "data" / "models" / "e5-small")
    parser.add_argument("--work-dir", type=Path, required=True, help="keeps the large corpus between runs")
    parser.add_argument("--scale-from", type=Path, help="a data dir ingested with --backend (for the large corpus)")
    parser.add_argument("--chunks", type=int, default=27000)
    parser.add_argument("--ingest-corpus", type=Path, nargs="*", default=[ROOT / "examples" / "policies"])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ["ZHENGCE_EMBEDDING_BACKEND"] = args.backend
    print(f"backend {args.backend}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    reference = query_p50(embedder_for("torch", args.model_path), args.queries)
    print(f"query embedding p50, torch fp32 (reference): {reference:.1f} ms")
    if args.backend != "torch":
        print(f"query embedding p50, {args.backend}: "
              f"{query_p50(embedder_for(args.backend, args.model_path), args.queries):.1f} ms")
    bench_ingest(args.backend, args.model_path, args.ingest_corpus)

    env = {"ZHENGCE_MODEL_PATH": str(args.model_path), "ZHENGCE_MODEL_NAME": "e5-small", "ZHENGCE_RATE_LIMIT": "",
           "ZHENGCE_EMBEDDING_BACKEND": args.backend}
    with tempfile.TemporaryDirectory(prefix="zhengce-samples-") as scratch:
        serve_and_measure({**env, "ZHENGCE_DATA_DIR": scratch, "ZHENGCE_INGEST_SAMPLES_ON_START": "true"},
                          "sample corpus", 0)
    large = args.work_dir / "large"
    if not (large / "index" / "current").exists():
        if args.scale_from is None:
            parser.error("--scale-from is needed to build the large corpus the first time")
        settings = Settings(data_dir=large, ingest_samples_on_start=False, model_path=args.model_path,
                            embedding_backend=args.backend, model_name="e5-small")  # type: ignore[arg-type]
        scale_corpus(args.scale_from, large, args.chunks, settings)
    serve_and_measure({**env, "ZHENGCE_DATA_DIR": str(large), "ZHENGCE_INGEST_SAMPLES_ON_START": "false"},
                      "large corpus", args.requests)


if __name__ == "__main__":
    main()
