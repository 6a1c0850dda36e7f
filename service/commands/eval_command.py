"""`zhengce eval`: Recall@1/5/10, MRR@10 and the hand-over curve on labelled question files.

    zhengce eval eval/qa_answerable.jsonl --unanswerable eval/qa_unanswerable.jsonl
    zhengce eval eval/qa_answerable.jsonl --fusion 1.0/0 1.0/0.3 1.0/1.0     # compare fusion weights
    zhengce eval eval/qa_answerable.jsonl --unanswerable eval/qa_unanswerable.jsonl --fit   # refit confidence
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import numpy as np

from index.search import Searcher
from index.store import SearchFilters
from service.commands.common import CommandError, started_container
from service.container import Container
from service.qa import evaluation
from service.qa.wiring import confidence_model

THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("eval", help="score retrieval and hand-over on labelled questions")
    parser.add_argument("answerable", type=Path, help='JSON lines {"query", "gold": [{"doc", "article"}]}')
    parser.add_argument("--unanswerable", type=Path, help='JSON lines {"query"} the corpus cannot answer')
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--fusion", nargs="+", default=None, metavar="DENSE/KEYWORD",
                        help="fusion weights to compare, e.g. 1.0/0 1.0/0.3 1.0/1.0 (default: the configured ones)")
    parser.add_argument("--thresholds", type=float, nargs="+", default=list(THRESHOLDS))
    parser.add_argument("--fit", action="store_true", help="fit the confidence weights on these questions")
    parser.add_argument("--all-statuses", action="store_true", help="let repealed and amended documents answer")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=eval_command)


def eval_command(args: argparse.Namespace) -> int:
    sets = [_load(args.answerable), _load(args.unanswerable) if args.unanswerable else []]
    container = started_container()
    vectors = [container.index.embed_queries([q.query for q in qs]) if qs else None for qs in sets]
    report: dict = {"answerable": len(sets[0]), "unanswerable": len(sets[1]), "fusion": {}}
    first: list[list[evaluation.Outcome]] = []
    for label in args.fusion or [_label(container.searcher)]:
        searcher = _searcher(container.searcher, label)
        outcomes = [_run(container, searcher, qs, v, args) for qs, v in zip(sets, vectors, strict=True)]
        report["fusion"][label] = evaluation.retrieval_metrics(outcomes[0])
        first = first or outcomes
    answerable, unanswerable = first
    model = evaluation.fit_confidence(answerable, unanswerable) if args.fit else confidence_model(container.settings)
    for group in first:
        evaluation.score(model, group)
    report["confidence"] = dataclasses.asdict(model) | {"fitted": args.fit}
    curve = evaluation.handoff_curve(answerable, unanswerable, args.thresholds)
    report["curve"] = [dataclasses.asdict(p) for p in curve]
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else _text(report))
    return 0


def _run(container: Container, searcher: Searcher, questions: list[evaluation.Labelled], vectors: np.ndarray | None,
         args: argparse.Namespace) -> list[evaluation.Outcome]:
    if vectors is None:
        return []
    filters = SearchFilters(statuses=None) if args.all_statuses else SearchFilters()
    return evaluation.run(searcher, questions, vectors, top_k=args.top_k, answer_k=container.settings.qa.top_k,
                          filters=filters)


def _load(path: Path) -> list[evaluation.Labelled]:
    try:
        return evaluation.load_questions(path)
    except (OSError, ValueError) as error:
        raise CommandError(str(error)) from error


def _label(searcher: Searcher) -> str:
    return f"{searcher.config.dense_weight:g}/{searcher.config.keyword_weight:g}"


def _searcher(base: Searcher, label: str) -> Searcher:
    try:
        dense, keyword = (float(part) for part in label.split("/"))
    except ValueError as error:
        raise CommandError(f"--fusion 须形如 1.0/0.3，而不是 {label!r}") from error
    return Searcher(base.index, dataclasses.replace(base.config, dense_weight=dense, keyword_weight=keyword))


def _text(report: dict) -> str:
    n_ans, n_un = report["answerable"], report["unanswerable"]
    lines = [f"{n_ans} answerable, {n_un} unanswerable questions", "",
             f"{'fusion dense/keyword':<22}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'MRR@10':>8}"]
    for label, m in report["fusion"].items():
        lines.append(f"{label:<22}{m['recall@1']:>7.3f}{m['recall@5']:>7.3f}{m['recall@10']:>7.3f}{m['mrr@10']:>8.3f}")
    c = report["confidence"]
    lines += ["", f"confidence ({'fitted' if c['fitted'] else 'configured'}): bias={c['bias']} dense={c['dense']}",
              f"{'threshold':<11}{'answerable handed over':>24}{'unanswerable handed over':>26}"
              f"{'answered, no gold':>19}"]
    for p in report["curve"]:
        lines.append(f"{p['threshold']:<11.2f}{_share(p['answerable_handed_over'], n_ans):>24}"
                     f"{_share(p['unanswerable_handed_over'], n_un):>26}{_share(p['answered_wrong'], n_ans):>19}")
    return "\n".join(lines)


def _share(count: int, total: int) -> str:
    return f"{count}/{total} ({100 * count / max(total, 1):.1f}%)"
