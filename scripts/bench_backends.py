"""Benchmark the embedding backends end to end in one run, with PyTorch fp32 as the reference.

Prints, per backend: its query-embedding p50 next to PyTorch fp32's; ingest chunks/s of a bounded corpus
next to the raw encode rate of the same backend on the same passages (batched as ingest batches them);
the service's RSS after start on the sample corpus and on the large corpus; `/v1/search` and `/v1/ask`
p50/p99 over HTTP against a real `zhengce serve` on the large corpus. Then the goals: search p50 over
HTTP at most the PyTorch fp32 query-embedding p50, search p99 at most 100 ms.

The large corpus is a data dir ingested once (`--large`, e.g. china-law `--only-in-force` + zcyclaw + the
samples). Each backend serves its own copy of the database (`--work-dir/serve-<backend>`); a copy whose
vectors came from another backend is good for timing only (the index is built from the stored vectors on
its first start), so the script says which backend embedded the corpus.

    .venv/bin/python scripts/bench_backends.py --large /work/bench27k/int8 --work-dir /work/bench27k/bench \\
        --ingest-corpus /work/bench27k/corpus/zcyclaw examples/policies

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

sys.path.insert(0, os.getcwd())
sys.path.insert(1, str(Path(__file__).resolve().parent))

from bench_ask import QUESTIONS  # noqa: E402
from bench_common import ROOT, rss_mib, running_server, timed_posts  # noqa: E402

from config import Settings  # noqa: E402
from index.embedders import Embedder, make_embedder  # noqa: E402
from index.ingest import BATCH_CHUNKS  # noqa: E402
from service.container import Container  # noqa: E402

BACKENDS = ("torch", "onnx", "onnx-int8")
BASELINE_INGEST = 28.0  # chunks/s with torch before issue 14 (its text: "Ingest runs at ≈ 28 chunks/s")
INGEST_GOAL = 1.4 * BASELINE_INGEST
EVAL_QUERIES = [json.loads(line)["query"] for line in (ROOT / "eval" / "qa_answerable.jsonl").open(encoding="utf-8")]


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def embedder_for(backend: str, model_path: Path) -> Embedder:
    """The embedder the service would make for this backend (its batch size and threads included)."""
    embedder = make_embedder(Settings(model_path=model_path, embedding_backend=backend))  # type: ignore[arg-type]
    embedder.load()
    return embedder


def query_p50(embedder: Embedder, n: int) -> float:
    for query in EVAL_QUERIES[:5]:
        embedder.encode_queries([query])
    samples = []
    for query in (EVAL_QUERIES * 2)[:n]:
        started = time.perf_counter()
        embedder.encode_queries([query])
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bench_ingest(backend: str, model_path: Path, corpus: list[Path], embedder: Embedder) -> tuple[float, float]:
    """(ingest chunks/s, raw encode passages/s) on the same passages."""
    with tempfile.TemporaryDirectory(prefix="zhengce-ingest-") as scratch:
        settings = Settings(data_dir=Path(scratch), ingest_samples_on_start=False, model_path=model_path,
                            embedding_backend=backend)  # type: ignore[arg-type]
        container = Container.build(settings)
        container.start(ingest_samples=False)
        started = time.perf_counter()
        report = container.ingestor.ingest_paths(corpus)
        elapsed = time.perf_counter() - started
        texts = [c.embed_text for doc_id in container.index.policy_ids() for c in container.index.chunks_of(doc_id)]
        container.close()
    started = time.perf_counter()
    for start in range(0, len(texts), BATCH_CHUNKS):
        embedder.encode_passages(texts[start:start + BATCH_CHUNKS])
    raw = len(texts) / (time.perf_counter() - started)
    rate = report.chunks / elapsed
    print(f"  ingest: {len(report.added)} documents, {report.chunks} chunks in {elapsed:.1f} s = {rate:.1f} chunks/s; "
          f"raw encode of the same {len(texts)} passages {raw:.1f}/s (ingest = {rate / raw:.0%} of raw)")
    return rate, raw


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def interleaved(base: str, bodies: list[dict], reference: Embedder) -> tuple[list[float], list[float]]:
    """Each search request right after one PyTorch fp32 embedding of its question in this process (the server
    idle meanwhile): both are timed at the same moments, so a drift of the shared machine's speed moves both."""
    embeddings: list[float] = []

    def embed(body: dict) -> None:
        started = time.perf_counter()
        reference.encode_queries([body["query"]])
        embeddings.append((time.perf_counter() - started) * 1000)

    return timed_posts(base, "/v1/search", bodies, before=embed), embeddings


def serve_and_measure(env: dict[str, str], label: str, requests: int,
                      reference: Embedder | None = None) -> dict[str, float]:
    figures: dict[str, float] = {}

    def read_rss(process) -> None:  # type: ignore[no-untyped-def]
        figures["rss"] = rss_mib(process.pid)

    with running_server(env, on_ready=read_rss) as base:
        print(f"  RSS after start, {label}: {figures['rss']:.0f} MiB")
        if requests <= 0:
            return figures
        searches = [{"query": random.Random(i).choice(EVAL_QUERIES), "top_k": 5} for i in range(requests)]
        asks = [{"question": QUESTIONS[i % len(QUESTIONS)]} for i in range(requests)]
        timed_posts(base, "/v1/search", searches[:20])
        figures["search_p50"], figures["search_p99"] = summary(timed_posts(base, "/v1/search", searches))
        if reference is not None:
            found, embedded = interleaved(base, searches, reference)
            figures["paired_search_p50"], _ = summary(found)
            figures["paired_reference_p50"], _ = summary(embedded)
        timed_posts(base, "/v1/ask", asks[:len(QUESTIONS)])
        figures["ask_p50"], figures["ask_p99"] = summary(timed_posts(base, "/v1/ask", asks))
    print(f"  /v1/search over HTTP, {label}, {requests} requests: p50 {figures['search_p50']:.1f} ms, "
          f"p99 {figures['search_p99']:.1f} ms")
    print(f"  /v1/ask over HTTP, {label}, {requests} requests: p50 {figures['ask_p50']:.1f} ms, "
          f"p99 {figures['ask_p99']:.1f} ms")
    if reference is not None:
        print(f"  paired, {requests} times: PyTorch fp32 question embedding p50 "
              f"{figures['paired_reference_p50']:.1f} ms, then /v1/search over HTTP p50 "
              f"{figures['paired_search_p50']:.1f} ms")
    return figures


def large_copy(large: Path, work_dir: Path, env: dict[str, str]) -> Path:
    """The large corpus's database for a backend; the first time, one start builds and saves its index from the
    stored vectors, so that the measured start loads a saved index as a restart does."""
    target = work_dir / f"serve-{env['ZHENGCE_EMBEDDING_BACKEND']}"
    if not (target / "index").exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(large / "zhengce.db", target / "zhengce.db")
        started = time.perf_counter()
        with running_server({**env, "ZHENGCE_DATA_DIR": str(target), "ZHENGCE_INGEST_SAMPLES_ON_START": "false"}):
            pass
        print(f"  large corpus copied to {target}; index built from the stored vectors in "
              f"{time.perf_counter() - started:.0f} s")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS)
    parser.add_argument("--model-path", type=Path, default=ROOT / "data" / "models" / "e5-small")
    parser.add_argument("--large", type=Path, help="an ingested data dir of at least 27k chunks")
    parser.add_argument("--work-dir", type=Path, help="keeps each backend's copy of the large corpus between runs")
    parser.add_argument("--ingest-corpus", type=Path, nargs="+", default=[ROOT / "examples" / "policies"])
    parser.add_argument("--queries", type=int, default=100, help="query embeddings timed per backend")
    parser.add_argument("--requests", type=int, default=300, help="HTTP requests timed per endpoint")
    parser.add_argument("--only", choices=["embed", "ingest", "serve"], help="one part only")
    args = parser.parse_args()
    print(load())
    if args.large is not None:
        manifest = json.loads((args.large / "index" / "current" / "manifest.json").read_text(encoding="utf-8"))
        print(f"large corpus {args.large}: {manifest['chunks']} chunks, vectors embedded by {manifest['backend']}")
    torch_embedder = embedder_for("torch", args.model_path)
    reference = query_p50(torch_embedder, args.queries)
    print(f"query embedding p50, torch fp32 (reference): {reference:.1f} ms")
    env = {"ZHENGCE_MODEL_PATH": str(args.model_path), "ZHENGCE_RATE_LIMIT": ""}
    for backend in args.backends:
        print(f"backend {backend} ({load()})")
        embedder = embedder_for(backend, args.model_path)
        print(f"  query embedding p50, {backend}: {query_p50(embedder, args.queries):.1f} ms")
        if args.only in (None, "ingest"):
            rate, _ = bench_ingest(backend, args.model_path, args.ingest_corpus, embedder)
            print(f"  goal: ingest {rate:.1f} chunks/s ≥ 1.4 × {BASELINE_INGEST:g} = {INGEST_GOAL:.1f}: "
                  f"{'met' if rate >= INGEST_GOAL else 'not met'}")
        if args.only not in (None, "serve"):
            continue
        served = {**env, "ZHENGCE_EMBEDDING_BACKEND": backend}
        with tempfile.TemporaryDirectory(prefix="zhengce-samples-") as scratch:
            serve_and_measure({**served, "ZHENGCE_DATA_DIR": scratch, "ZHENGCE_INGEST_SAMPLES_ON_START": "true"},
                              "sample corpus", 0)
        if args.large is None or args.work_dir is None:
            continue
        data_dir = large_copy(args.large, args.work_dir, served)
        figures = serve_and_measure({**served, "ZHENGCE_DATA_DIR": str(data_dir),
                                     "ZHENGCE_INGEST_SAMPLES_ON_START": "false"}, "large corpus", args.requests,
                                    torch_embedder)
        print(f"  goals: search p50 {figures['search_p50']:.1f} ms ≤ torch query p50 {reference:.1f} ms: "
              f"{'met' if figures['search_p50'] <= reference else 'not met'}; paired: "
              f"{figures['paired_search_p50']:.1f} ms ≤ {figures['paired_reference_p50']:.1f} ms: "
              f"{'met' if figures['paired_search_p50'] <= figures['paired_reference_p50'] else 'not met'}; "
              f"search p99 {figures['search_p99']:.1f} ms ≤ 100 ms: "
              f"{'met' if figures['search_p99'] <= 100 else 'not met'}")
    print(f"done ({load()})")


if __name__ == "__main__":
    main()
