"""`zhengce eval`: retrieval, hand-over and answers on labelled question files, per dev/test split.

    zhengce eval eval/qa_answerable.jsonl --unanswerable eval/qa_unanswerable.jsonl
    zhengce eval eval/qa_answerable.jsonl --unanswerable eval/qa_unanswerable.jsonl --fit --save model.json
    zhengce eval eval/qa_answerable.jsonl --fusion 1.0/0 1.0/0.3      # compare fusion weights of plain search
    zhengce eval eval/qa_answerable.jsonl --judgments eval/qa_judgments.jsonl  # also with passages judged relevant

`--fit` fits the re-ranking weights, the answerability model and the hand-over threshold on the dev split
only, then reports both splits with them; without it the configured model and threshold are reported.
`--judgments` adds, under each split's "judged", Q&A retrieval and answers scored with the passages an assessor
judged relevant counted as gold too (and their evidence as evidence); the fit uses the gold as written.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from index.filters import SearchFilters
from index.search import Searcher, SearchHit
from service.commands.common import CommandError, started_container
from service.qa import evaluation
from service.qa.answer import Composer
from service.qa.evaluation import SPLITS, GoldMatcher, Labelled
from service.qa.rerank_fit import fit_rerank
from service.qa.wiring import answer_retriever, confidence_model

THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("eval", help="score retrieval, hand-over and answers on labelled questions")
    parser.add_argument("answerable", type=Path, help='JSON lines {"query", "gold", "evidence", "split"}')
    parser.add_argument("--unanswerable", type=Path,
                        help='JSON lines {"query", "kind", "split"} the corpus cannot answer')
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--fusion", nargs="+", default=None, metavar="DENSE/KEYWORD",
                        help="fusion weights of plain search to compare, e.g. 1.0/0 1.0/0.3")
    parser.add_argument("--thresholds", type=float, nargs="+", default=list(THRESHOLDS))
    parser.add_argument("--fit", action="store_true", help="fit re-ranking, answerability model and threshold on dev")
    parser.add_argument("--save", type=Path, help="with --fit: write the fitted model (JSON) here")
    parser.add_argument("--judgments", type=Path,
                        help='JSON lines {"query", "doc", "article", "relevant", "evidence"}: also score with these')
    parser.add_argument("--all-statuses", action="store_true", help="let repealed and amended documents answer")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=eval_command)


def eval_command(args: argparse.Namespace) -> int:
    if args.save and not args.fit:
        raise CommandError("--save 须与 --fit 一起使用")
    answerable = _load(args.answerable)
    judgments = _load_judgments(args.judgments) if args.judgments else None
    unanswerable = _load(args.unanswerable) if args.unanswerable else []
    container = started_container()
    encode = container.index.embed_queries
    filters = SearchFilters(statuses=None) if args.all_statuses else SearchFilters()
    vectors = {id(q): v for qs in (answerable, unanswerable) if qs
               for q, v in zip(qs, encode([q.query for q in qs]), strict=True)}
    model = confidence_model(container.settings)
    threshold = container.settings.qa.handoff_threshold
    matcher = GoldMatcher(container.index)
    retriever = answer_retriever(container.searcher, container.settings, model.rerank)
    first = {label: evaluation.first_stage(retriever, qs, _vectors(qs, vectors), filters)
             for label, qs in (("answerable", answerable), ("unanswerable", unanswerable))}
    report: dict = {"questions": {s: {"answerable": _count(answerable, s), "unanswerable": _count(unanswerable, s)}
                                  for s in SPLITS}}
    chosen: evaluation.HandoverFit | None = None  # L2 strength and dev hand-over target, when fitted here
    if args.fit:
        dev = [c for c in first["answerable"] if c.question.split == "dev"]
        weights = fit_rerank(dev, matcher)
        outcomes = {k: evaluation.second_stage(v, weights, matcher, top_k=args.top_k) for k, v in first.items()}
        dev_answerable = _split(outcomes["answerable"], "dev")
        dev_unanswerable = _split(outcomes["unanswerable"], "dev")
        chosen = evaluation.choose_handover_fit(dev_answerable, dev_unanswerable)
        model = evaluation.fit_confidence(dev_answerable, dev_unanswerable, weights, l2=chosen.l2)
        for group in outcomes.values():
            evaluation.score(model, group)
        threshold = evaluation.choose_threshold(dev_answerable, max_wrong_handover=chosen.target)
        if args.save:
            args.save.write_text(model.to_json(), encoding="utf-8")
    else:
        outcomes = {k: evaluation.second_stage(v, model.rerank, matcher, top_k=args.top_k) for k, v in first.items()}
        for group in outcomes.values():
            evaluation.score(model, group)
    report["model"] = {"fitted_on": "dev" if args.fit else "configured", "threshold": threshold,
                       "l2": chosen.l2 if chosen else None, "handover_target": chosen.target if chosen else None,
                       "bias": model.bias, "weights": model.weights, "rerank": dataclasses.asdict(model.rerank)}
    compose = evaluation.composer_text(Composer(lambda hit: ""))
    for split in SPLITS:
        ans, un = _split(outcomes["answerable"], split), _split(outcomes["unanswerable"], split)
        questions = [q for q in answerable if q.split == split]
        report[split] = {
            "search": {label: evaluation.retrieval_metrics(evaluation.plain_search(
                _searcher(container.searcher, label), questions, _vectors(questions, vectors), filters=filters))
                for label in args.fusion or [_label(container.searcher)]},
            "qa_retrieval": evaluation.retrieval_metrics([o.rank for o in ans]),
            "handoff": evaluation.handoff_rates(ans, un, threshold) if un else {},
            "answers": evaluation.evidence_rate(ans, threshold, compose),
            "curve": evaluation.curve(ans, un, args.thresholds) if un else [],
        }
        if judgments is not None:
            report[split]["judged"] = _judged(ans, judgments, matcher, threshold, compose)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else _text(report))
    return 0


def _judged(answerable: list[evaluation.Outcome], judgments: list[evaluation.Judgment], matcher: GoldMatcher,
            threshold: float, compose: Callable[[str, list[SearchHit]], str]) -> dict:
    """Q&A retrieval and answers of these outcomes with the passages judged relevant counted as gold too."""
    widened = evaluation.with_judged([o.question for o in answerable], judgments)
    judged = evaluation.judged_outcomes(answerable, widened, matcher)
    widened_count = sum(len(w.gold) > len(o.question.gold) for w, o in zip(widened, answerable, strict=True))
    return {"questions_with_judged": widened_count,
            "qa_retrieval": evaluation.retrieval_metrics([o.rank for o in judged]),
            "answers": evaluation.evidence_rate(judged, threshold, compose)}


def _load_judgments(path: Path) -> list[evaluation.Judgment]:
    try:
        return evaluation.load_judgments(path)
    except (OSError, ValueError) as error:
        raise CommandError(str(error)) from error


def _split(outcomes: list[evaluation.Outcome], split: str) -> list[evaluation.Outcome]:
    return [o for o in outcomes if o.question.split == split]


def _count(questions: list[Labelled], split: str) -> int:
    return sum(1 for q in questions if q.split == split)


def _vectors(questions: list[Labelled], vectors: dict[int, np.ndarray]) -> np.ndarray:
    return np.array([vectors[id(q)] for q in questions]) if questions else np.zeros((0, 1))


def _load(path: Path) -> list[Labelled]:
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
    m = report["model"]
    chosen = f", L2 {m['l2']}, dev hand-over target {m['handover_target']}" if m.get("l2") is not None else ""
    lines = [f"answerability model ({m['fitted_on']}): threshold {m['threshold']}{chosen}, rerank {m['rerank']}",
             "  weights: " + ", ".join(f"{k}={v:+.2f}" for k, v in m["weights"].items()) + f", bias={m['bias']:+.2f}"]
    for split in SPLITS:
        r, counts = report[split], report["questions"][split]
        lines += ["", f"== {split}: {counts['answerable']} answerable, {counts['unanswerable']} unanswerable",
                  f"{'':<24}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'MRR@10':>8}"]
        rows = [(f"search {label}", v) for label, v in r["search"].items()] + [("Q&A retrieval", r["qa_retrieval"])]
        if "judged" in r:
            rows.append(("Q&A, judged counted", r["judged"]["qa_retrieval"]))
        for label, v in rows:
            lines.append(f"{label:<24}{v['recall@1']:>7.3f}{v['recall@5']:>7.3f}{v['recall@10']:>7.3f}{v['mrr@10']:>8.3f}")
        lines += [f"{k}: {v}" for k, v in r["handoff"].items()]
        lines.append(f"answered (answerable): {r['answers']['answered']}, asked fact in the answer: "
                     f"{r['answers']['fact_in_answer']}")
        if "judged" in r:
            lines.append(f"with judged passages ({r['judged']['questions_with_judged']} questions): asked fact in the "
                         f"answer {r['judged']['answers']['fact_in_answer']}")
        for p in r["curve"]:
            lines.append(f"  t={p['threshold']:<5} answerable handed over {p['answerable_handed_over']:.3f}  "
                         f"unanswerable handed over {p['unanswerable_handed_over']:.3f}")
    return "\n".join(lines)
