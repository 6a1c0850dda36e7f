"""Choose the FAQ/ticket paraphrase threshold from a curve over labelled question pairs.

    python scripts/eval_faq_pairs.py --out eval/faq_pairs_results.json

`eval/faq_pairs.jsonl`: `{"a", "b", "same", "split"}`, same-intent paraphrases (办理护照需要准备哪些材料 /
办护照要带什么材料) against same-topic questions of another intent (社保 vs 公积金 基数, 申请 vs 续签). For
each threshold the script counts, on each split, the pairs the matcher calls the same: cosine alone, and
cosine with `service.qa.paraphrase.intents_differ`. The threshold is the one with the best accuracy on dev
(ties: the higher one, fewer wrong merges); the test figures are what it gives on pairs it was not chosen on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from config import get_settings  # noqa: E402
from index.embedders import make_embedder  # noqa: E402
from service.qa.paraphrase import intents_differ  # noqa: E402

GRID = [round(0.80 + 0.005 * i, 3) for i in range(40)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "eval" / "faq_pairs.jsonl")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = make_embedder(get_settings())
    embedder.load()
    a = embedder.encode_queries([p["a"] for p in pairs])
    b = embedder.encode_queries([p["b"] for p in pairs])
    cosines = np.sum(a * b, axis=1)
    report: dict = {"pairs": len(pairs), "matchers": {}}
    for name, use_marks in (("cosine", False), ("cosine+marks", True)):
        differ = [use_marks and intents_differ(p["a"], p["b"]) for p in pairs]
        curve = {split: [_point(pairs, cosines, differ, t, split) for t in GRID] for split in ("dev", "test")}
        best = max(curve["dev"], key=lambda p: (p["accuracy"], p["threshold"]))
        test = next(p for p in curve["test"] if p["threshold"] == best["threshold"])
        report["matchers"][name] = {"threshold": best["threshold"], "dev": best, "test": test, "curve": curve}
    for name, m in report["matchers"].items():
        print(f"{name:<14} threshold {m['threshold']}: dev {_line(m['dev'])}  |  test {_line(m['test'])}")
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def _point(pairs: list[dict], cosines: np.ndarray, differ: list[bool], threshold: float, split: str) -> dict:
    rows = [(p["same"], bool(c >= threshold and not d)) for p, c, d in zip(pairs, cosines, differ, strict=True)
            if p["split"] == split]
    positives = sum(1 for same, _ in rows if same)
    negatives = len(rows) - positives
    found = sum(1 for same, said in rows if same and said)
    merged = sum(1 for same, said in rows if not same and said)
    return {"threshold": threshold, "accuracy": round(sum(1 for s, d in rows if s == d) / len(rows), 4),
            "paraphrases_found": round(found / max(positives, 1), 4),
            "different_intents_merged": round(merged / max(negatives, 1), 4)}


def _line(point: dict) -> str:
    return (f"accuracy {point['accuracy']:.3f}, paraphrases found {point['paraphrases_found']:.3f}, "
            f"different intents merged {point['different_intents_merged']:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
