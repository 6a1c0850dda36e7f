"""Latency of `POST /v1/ask` over HTTP: a real uvicorn server, N sequential requests with httpx, p50/p99.

    .venv/bin/python scripts/bench_ask.py                      # the sample corpus, indexed into a temp dir
    .venv/bin/python scripts/bench_ask.py --data-dir /tmp/evaldata -n 300

Questions rotate over a fixed list (answered ones and ones that are handed over). The rate limit is
off for the run. The first request of each question text is a cold one; all are counted.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import Settings  # noqa: E402
from service.app import create_app  # noqa: E402
from service.container import Container  # noqa: E402

QUESTIONS = [
    "奉化区2020年通过一键通平台兑现了多少惠企资金",
    "镇海区2020年受理了多少件政府信息公开申请",
    "拱墅区行政规范性文件公开时要包含哪些要素",
    "鄞州区项目预算公开试点什么时候完成、谁负责",
    "公司一直不给我交社保，我能直接辞职吗",
    "试用期最长能约定多久",
    "明天杭州天气怎么样",
    "政府采购中小企业预留份额是多少",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="number of requests")
    parser.add_argument("--data-dir", type=Path, help="an ingested data dir (default: samples in a temp dir)")
    parser.add_argument("--model-path", type=Path, default=Path("data/models/e5-small"))
    parser.add_argument("--warmup", type=int, default=5, help="requests sent before timing")
    return parser.parse_args()


def build_container(args: argparse.Namespace, scratch: Path) -> Container:
    settings = Settings(data_dir=args.data_dir or scratch, model_path=args.model_path.resolve(), rate_limit="",
                        ingest_samples_on_start=args.data_dir is None)
    container = Container.build(settings)
    container.start()
    return container


def serve(container: Container) -> tuple[uvicorn.Server, threading.Thread, str]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    server = uvicorn.Server(uvicorn.Config(create_app(container=container), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{listener.getsockname()[1]}"


def timed_requests(url: str, n: int, warmup: int) -> list[float]:
    latencies = []
    with httpx.Client(base_url=url, timeout=120) as client:
        for i in range(warmup + n):
            started = time.perf_counter()
            response = client.post("/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            if i >= warmup:
                latencies.append(elapsed * 1000)
    return latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="zhengce-bench-") as scratch:
        container = build_container(args, Path(scratch))
        chunks = container.store.count()[1]
        server, thread, url = serve(container)
        try:
            latencies = timed_requests(url, args.n, args.warmup)
        finally:
            server.should_exit = True
            thread.join(timeout=30)
            container.close()
    print(f"POST /v1/ask  {args.n} sequential requests over HTTP, {chunks} chunks indexed")
    print(f"p50 {percentile(latencies, 50):.1f} ms   p99 {percentile(latencies, 99):.1f} ms   "
          f"mean {statistics.mean(latencies):.1f} ms   max {max(latencies):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
