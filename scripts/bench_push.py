"""Benchmark push: matching throughput and delivery throughput.

    python scripts/bench_push.py                                  # 100,000 subscribers × 50 policies; 2,000 messages
    python scripts/bench_push.py --subscribers 20000 --messages 500 --concurrency 32

Matching: synthetic subscribers (random unit vectors of the e5-small dimension, regions, kinds, scales,
qualifications, industries in everyday words, legal forms, head counts, revenue, ownership, birth years)
are written to SQLite as the service stores them, loaded into a `SubscriberMatrix` (timed: the per-run load),
and scored against 50 synthetic policies of 20 passages each, every policy with 3-6 eligibility conditions
(who, size, industry, qualification, ownership, revenue, an exclusion) checked for every subscriber
(timed: pairs per second). Delivery: messages written to the outbox are sent by the
real dispatcher and webhook channel to a uvicorn receiver on 127.0.0.1 (messages per second).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import socket
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.db import create_all, make_engine  # noqa: E402
from index.models import Policy  # noqa: E402
from push.audience import PolicyAudience  # noqa: E402
from push.conditions import Condition  # noqa: E402
from push.dispatch import Dispatcher  # noqa: E402
from push.eligibility import evaluate, passes  # noqa: E402
from push.features import Passage, load_matrix, policy_features  # noqa: E402
from push.industries import SYNONYMS  # noqa: E402
from push.matching import MatchConfig, score_policies  # noqa: E402
from push.outbox import Outbox  # noqa: E402
from push.tables import DeliveryRow, RunRow, SubscriberRow  # noqa: E402
from push.vocabulary import INDUSTRIES, KINDS, QUALIFICATIONS  # noqa: E402
from push.webhook import WebhookChannel  # noqa: E402
from service.schema import import_all_tables  # noqa: E402

DIM = 384
REGIONS = ["浙江省宁波市奉化区", "浙江省宁波市镇海区", "浙江省宁波市鄞州区", "浙江省杭州市拱墅区", "浙江省杭州市西湖区",
           "浙江省温州市鹿城区", "江苏省苏州市", "北京市朝阳区", "上海市浦东新区", "广东省深圳市南山区"]
JURISDICTIONS = ["全国", "浙江省", "浙江省宁波市", "浙江省宁波市奉化区", "浙江省杭州市拱墅区", None]


class EmbedderStub:
    """Profiles are written with vectors already; nothing is re-embedded."""

    model_name, dimension = "bench", DIM


def unit_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    rows = rng.standard_normal((n, DIM), dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def write_subscribers(engine, n: int, rng: np.random.Generator) -> None:  # type: ignore[no-untyped-def]
    vectors, quals, now = unit_rows(rng, n), list(QUALIFICATIONS), datetime.now(UTC)
    words = [phrases[0] for phrases in SYNONYMS.values()] + list(INDUSTRIES)
    forms = ("company", "partnership", "sole_proprietorship", "individual_business", "cooperative")
    rows = []
    for i in range(n):
        kind = KINDS[int(rng.integers(2))]
        citizen = kind == "citizen"
        facts = ({"birth_year": int(rng.integers(1940, 2006)), "gender": ("female", "male")[i % 2],
                  "employment": "employed"} if citizen else
                 {"org_form": forms[i % len(forms)], "employees": int(rng.integers(1, 3000)),
                  "revenue": float(rng.integers(10, 100_000)), "ownership": ("state", "private", "foreign")[i % 3]})
        if i % 7 == 0:
            facts.pop("revenue", None)
        rows.append({
            "id": f"s{i:06d}", "kind": kind, "name": f"订阅者{i}", "region": REGIONS[int(rng.integers(len(REGIONS)))],
            "industry": words[int(rng.integers(len(words)))] if not citizen else None, "facts": facts,
            "scale": None,
            "tags": [quals[int(j)] for j in rng.choice(len(quals), size=2, replace=False)],
            "established": date(2000 + int(rng.integers(24)), 1, 1), "description": "", "interests": "",
            "channel_type": "webhook", "channel_url": "http://127.0.0.1:9/x", "channel_secret": "s" * 24,
            "active": True, "unsubscribe_token": secrets.token_urlsafe(12), "vector": vectors[i].tobytes(),
            "vector_model": "bench", "created_at": now, "updated_at": now,
        })
    with engine.begin() as connection:
        for lo in range(0, n, 10_000):
            connection.execute(SubscriberRow.__table__.insert(), rows[lo:lo + 10_000])


CONDITIONS = [
    [Condition("who", ["company", "partnership", "sole_proprietorship"]),
     Condition("size", ["micro", "small", "medium"]),
     Condition("industry", ["C", "I65", "F5292"]), Condition("not_ownership", ["state"])],
    [Condition("who", ["individual_business", "company"]), Condition("industry", ["H"]),
     Condition("qualification", ["高新技术企业"], required=False), Condition("not_industry", ["K", "J"])],
    [Condition("who", ["company"]), Condition("revenue", low=2000), Condition("industry", ["B", "C", "D"]),
     Condition("ownership", ["private"]), Condition("qualification", ["专精特新", "高新技术企业"])],
    [Condition("who", ["elderly", "disabled"]), Condition("age", low=60)],
    [Condition("who", ["graduate", "worker"]), Condition("age", low=16, high=35), Condition("enterprise_age", low=1),
     Condition("size", ["micro", "small"]), Condition("not_who", ["partnership"]), Condition("employees", high=300)],
]


def synthetic_policies(count: int, passages: int, rng: np.random.Generator) -> list:  # type: ignore[type-arg]
    quals, industries, found = list(QUALIFICATIONS), list(INDUSTRIES), []
    for i in range(count):
        audience = PolicyAudience(
            f"p{i}", list(KINDS),
            [quals[int(j)] for j in rng.choice(len(quals), size=2, replace=False)],
            JURISDICTIONS[i % len(JURISDICTIONS)], [industries[int(rng.integers(len(industries)))]],
            [], [], conditions=[c.as_dict() for c in CONDITIONS[i % len(CONDITIONS)]])
        chunks = [(Passage(f"第{j + 1}条", "……"), v.tobytes()) for j, v in enumerate(unit_rows(rng, passages))]
        found.append(policy_features(Policy(id=f"p{i}", title=f"政策{i}", text=""), audience, chunks))
    return found


def bench_matching(args: argparse.Namespace, engine) -> dict:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    write_subscribers(engine, args.subscribers, rng)
    started = time.perf_counter()
    matrix = load_matrix(engine, EmbedderStub(), date(2024, 6, 1))  # type: ignore[arg-type]
    loaded = time.perf_counter() - started
    policies = synthetic_policies(args.policies, args.passages, rng)
    config = MatchConfig(similarity_floor=0.0, similarity_ceiling=0.3)
    score_policies(matrix, policies[:1], config)  # warm up BLAS
    started = time.perf_counter()
    scores = score_policies(matrix, policies, config)
    scored = time.perf_counter() - started
    pairs = len(matrix) * len(policies)
    started = time.perf_counter()
    for policy in policies:
        passes(evaluate(matrix.facts, policy.conditions), len(matrix))
    checked = time.perf_counter() - started
    return {"subscribers": len(matrix), "policies": len(policies), "passages_per_policy": args.passages,
            "load_matrix_s": round(loaded, 2), "score_s": round(scored, 3), "pairs_per_s": round(pairs / scored),
            "conditions_only_s": round(checked, 3), "condition_pairs_per_s": round(pairs / checked),
            "selected_pairs": int(sum(s.selected.sum() for s in scores))}


def start_receiver() -> tuple[str, list[int], object]:
    import uvicorn

    received = [0]

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        received[0] += 1
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}/hook", received, server


def queue_messages(engine, url: str, n: int) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    payload = {"type": "policy.digest", "policies": [{"doc_id": "p1", "title": "关于支持小微企业的若干意见" * 3,
                                                      "reasons": ["地区：奉化区 ✓", "适用对象：小微企业 ✓"] * 3}]}
    with engine.begin() as connection:
        connection.execute(SubscriberRow.__table__.update().values(channel_url=url))
        connection.execute(RunRow.__table__.insert(), [{"id": "bench", "trigger": "manual", "window_start": now,
                                                        "window_end": now, "created_at": now}])
        connection.execute(DeliveryRow.__table__.insert(), [
            {"id": f"msg_{i:08d}", "run_id": "bench", "subscriber_id": f"s{i:06d}", "status": "pending",
             "attempts": 0, "next_attempt_at": now, "payload": payload, "created_at": now} for i in range(n)])


def bench_delivery(args: argparse.Namespace, engine) -> dict:  # type: ignore[no-untyped-def]
    url, received, server = start_receiver()
    queue_messages(engine, url, args.messages)

    async def send() -> None:
        channel = WebhookChannel(timeout=10)
        try:
            await Dispatcher(Outbox(engine), {"webhook": channel}, lambda: datetime.now(UTC),
                             concurrency=args.concurrency).drain()
        finally:
            await channel.aclose()

    started = time.perf_counter()
    asyncio.run(send())
    elapsed = time.perf_counter() - started
    server.should_exit = True  # type: ignore[attr-defined]
    counts = Outbox(engine).counts()
    return {"messages": args.messages, "concurrency": args.concurrency, "seconds": round(elapsed, 2),
            "messages_per_s": round(args.messages / elapsed), "received": received[0], "outbox": counts}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--policies", type=int, default=50)
    parser.add_argument("--passages", type=int, default=20)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--matching-only", action="store_true", help="skip the delivery benchmark")
    args = parser.parse_args(argv)
    args.messages = min(args.messages, args.subscribers)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        import_all_tables()
        create_all(engine)
        print("matching:", bench_matching(args, engine))
        if not args.matching_only:
            print("delivery:", bench_delivery(args, engine))
        engine.dispose()


if __name__ == "__main__":
    main()
