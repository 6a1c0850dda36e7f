"""Blind relevance judgments of the passages the system ranks above a question's first gold passage.

The labels name one article (sometimes two) per question; another article, often of another law, may state
the same rule (工会法 第二十二条 beside 劳动合同法 第四十三条: 单方解除劳动合同应当事先将理由通知工会). Judging the
passages the system puts first, as IR evaluations pool the top of each run, tells a wrong answer from an unlabelled
right one.

    ZHENGCE_DATA_DIR=D python scripts/judgment_pool.py pool eval/qa_answerable.jsonl OUT  # batch_N.jsonl, key.json
    # an assessor who sees nothing else writes OUT/out_N.jsonl: {"id", "relevant", "evidence"} per batch line
    python scripts/judgment_pool.py merge eval/qa_answerable.jsonl OUT eval/qa_judgments.jsonl

`pool` takes, for each answerable question whose first gold passage is not first among the answer's passages, the
passages ranked above it within the top 5 (all five when it is not there), plus controls that measure the
assessor: the gold passage of 60 questions answered first (should be judged relevant) and a passage ranked 7-10
below a gold passage in the top 3 of 60 others (should mostly not). Items are shuffled and dealt into batches
that carry only an id, the question, the document's title, the section and the passage: no rank, no label.
`merge` writes one line per item, `{"query", "doc", "article", "relevant", "evidence", "pool", "split"}`.
Not a test: it reads the configured data dir and writes files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from index.filters import SearchFilters  # noqa: E402
from service.commands.common import started_container  # noqa: E402
from service.qa import evaluation  # noqa: E402
from service.qa.evaluation import SAMPLE_PREFIX  # noqa: E402
from service.qa.wiring import answer_retriever, confidence_model  # noqa: E402

CONTROLS = 60
TOP = 5
POOLS = {"pool": "above_gold", "pos_control": "control_gold", "neg_control": "control_below"}


def pool(questions_path: Path, out: Path, batches: int, seed: int) -> None:
    questions = evaluation.load_questions(questions_path)
    container = started_container()
    settings = container.settings
    model = confidence_model(settings)
    retriever = answer_retriever(container.searcher, settings, model.rerank)
    first = evaluation.first_stage(retriever, questions, container.index.embed_queries([q.query for q in questions]),
                                   SearchFilters())
    outcomes = evaluation.second_stage(first, model.rerank, evaluation.GoldMatcher(container.index))
    rng = random.Random(seed)
    items = []
    for n, o in enumerate(outcomes):
        if o.rank != 1:
            items += [("pool", n, hit) for hit in o.hits[: min(o.rank - 1, TOP) if o.rank else TOP]]
    firsts = [n for n, o in enumerate(outcomes) if o.rank == 1]
    items += [("pos_control", n, outcomes[n].hits[0]) for n in rng.sample(firsts, min(CONTROLS, len(firsts)))]
    deep = [n for n, o in enumerate(outcomes) if o.rank and o.rank <= 3 and len(o.hits) >= 9]
    items += [("neg_control", n, outcomes[n].hits[rng.randint(6, len(outcomes[n].hits) - 1)])
              for n in rng.sample(deep, min(CONTROLS, len(deep)))]
    rng.shuffle(items)
    out.mkdir(parents=True, exist_ok=True)
    key, dealt = [], [[] for _ in range(batches)]
    for n, (kind, q, hit) in enumerate(items):
        question = outcomes[q].question
        doc = hit.doc_id
        if not doc.startswith(("cnlaw-", "zcy-")):  # a sample document: named by its file number, as labels name it
            doc = SAMPLE_PREFIX + Path(container.index.get_policy(doc).source or "").name.split("_")[0]
        item_id = hashlib.sha1(f"{q}-{hit.chunk_id}-{kind}".encode()).hexdigest()[:10]
        key.append({"id": item_id, "pool": POOLS[kind], "query": question.query, "split": question.split,
                    "doc": doc, "article": hit.section})
        dealt[n % batches].append({"id": item_id, "question": question.query, "document": hit.title,
                                   "section": hit.section, "passage": hit.text})
    for n, rows in enumerate(dealt, 1):
        _write(out / f"batch_{n}.jsonl", rows)
    (out / "key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(items)} items ({sum(1 for k in key if k['pool'] == 'above_gold')} pooled) in {batches} batches")


def merge(questions_path: Path, folder: Path, target: Path) -> None:
    order = {q.query: n for n, q in enumerate(evaluation.load_questions(questions_path))}
    key = {k["id"]: k for k in json.loads((folder / "key.json").read_text(encoding="utf-8"))}
    verdicts = {v["id"]: v for path in sorted(folder.glob("out_*.jsonl")) for v in _read(path)}
    missing = set(key) - set(verdicts)
    if missing:
        raise SystemExit(f"{len(missing)} items have no verdict, e.g. {sorted(missing)[0]}")
    rows = [{"query": k["query"], "doc": k["doc"], "article": k["article"], "relevant": bool(v["relevant"]),
             "evidence": v["evidence"] if v["relevant"] else "", "pool": k["pool"], "split": k["split"]}
            for k, v in ((key[i], verdicts[i]) for i in key)]
    rows.sort(key=lambda r: (order[r["query"]], r["pool"], r["doc"], r["article"]))
    _write(target, rows)
    print(f"{len(rows)} judgments, {sum(r['relevant'] for r in rows)} relevant -> {target}")


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("pool")
    p.add_argument("questions", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--batches", type=int, default=4)
    p.add_argument("--seed", type=int, default=7)
    m = commands.add_parser("merge")
    m.add_argument("questions", type=Path)
    m.add_argument("folder", type=Path)
    m.add_argument("target", type=Path)
    args = parser.parse_args()
    if args.command == "pool":
        pool(args.questions, args.out, args.batches, args.seed)
    else:
        merge(args.questions, args.folder, args.target)


if __name__ == "__main__":
    main()
