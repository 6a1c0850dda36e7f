"""Latency of `POST /v1/ask` over HTTP: a real `zhengce serve`, N sequential requests with httpx, p50/p99,
next to `POST /v1/search` with the same questions on the same server (the ask/search p50 ratio).

    .venv/bin/python scripts/bench_ask.py                                # the sample corpus, in a temp data dir
    .venv/bin/python scripts/bench_ask.py --data-dir /tmp/zhengce-bench -n 300

Questions rotate over a fixed list (answered ones and ones that are handed over). The rate limit is
off for the run. Asks and searches alternate in blocks (`--rounds`), so that a drift of the machine's
speed between minutes falls on both alike. Not a test: it prints figures for the README.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import ROOT, percentiles, running_server, timed_posts  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="number of timed requests")
    parser.add_argument("--data-dir", type=Path, help="an ingested data dir (default: the samples in a temp dir)")
    parser.add_argument("--model-path", type=Path, default=ROOT / "data" / "models" / "e5-small")
    parser.add_argument("--rounds", type=int, default=5, help="alternating blocks of asks and searches")
    args = parser.parse_args()
    bodies = [{"question": QUESTIONS[i % len(QUESTIONS)]} for i in range(args.n)]
    with tempfile.TemporaryDirectory(prefix="zhengce-bench-") as scratch:
        env = {"ZHENGCE_DATA_DIR": str(args.data_dir or scratch), "ZHENGCE_MODEL_PATH": str(args.model_path),
               "ZHENGCE_RATE_LIMIT": "", "ZHENGCE_INGEST_SAMPLES_ON_START": str(args.data_dir is None).lower()}
        with running_server(env) as base:
            searches = [{"query": body["question"], "top_k": 5} for body in bodies]
            timed_posts(base, "/v1/ask", bodies[: len(QUESTIONS)])  # warm-up
            timed_posts(base, "/v1/search", searches[: len(QUESTIONS)])
            asked: list[float] = []
            searched: list[float] = []
            for block in np.array_split(np.arange(args.n), args.rounds):
                asked += timed_posts(base, "/v1/ask", [bodies[i] for i in block])
                searched += timed_posts(base, "/v1/search", [searches[i] for i in block])
            print("/v1/ask over HTTP:", percentiles(asked))
            print("/v1/search over HTTP:", percentiles(searched))
            print(f"ask/search p50: {float(np.median(asked) / np.median(searched)):.2f}")


if __name__ == "__main__":
    main()
