"""How well the re-ranking grid's choice holds on dev questions it was not chosen on: grids compared by 5-fold
cross-validation on the dev split (several shuffles), the fit (`service.qa.rerank_fit`) made on four folds and
MRR@10 counted on the fifth.

    ZHENGCE_DATA_DIR=/work/eval18 python scripts/cv_rerank_grid.py eval/qa_answerable.jsonl

A larger grid finds a higher MRR@10 on the questions it is fitted on and a lower one on the others: with some
four hundred questions, fine steps fit the questions, not the rule. The grid `rerank_fit.GRID` was chosen this way
(README, "Measured", eighth pass). Not a test: it prints figures. Only dev questions are read.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from index.filters import SearchFilters  # noqa: E402
from service.commands.common import started_container  # noqa: E402
from service.qa import evaluation, rerank_fit  # noqa: E402
from service.qa.wiring import answer_retriever, confidence_model  # noqa: E402

Grid = tuple[tuple[float, ...], ...]
# the grid of the seventh pass and before, and a finer one, beside the one in use
GRIDS: dict[str, Grid] = {
    "in use": rerank_fit.GRID,
    "seventh pass": ((0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3), (0.0, 0.01, 0.02, 0.04),
                     (0.0, 0.005, 0.01, 0.02), (0.0, 0.003, 0.005, 0.01), (0.0, 0.5, 1.0, 1.5, 2.0),
                     (0.0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12), (0.0, 0.01, 0.02, 0.05)),
    "finer": ((0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3), (0.0, 0.01, 0.02, 0.04),
              (0.0, 0.005, 0.01, 0.02), (0.0, 0.003, 0.005, 0.01, 0.02), (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0),
              (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12), (0.0, 0.01, 0.02, 0.05)),
}


def held_out(rr: np.ndarray, *, folds: int = 5, shuffles: int = 4, seed: int = 0) -> list[float]:
    """MRR@10 on held-out folds of the point chosen on the others (`rerank_fit.best_point`, as `fit_rerank`)."""
    rng = np.random.default_rng(seed)
    results = []
    for _ in range(shuffles):
        fold = np.empty(len(rr), dtype=int)
        fold[rng.permutation(len(rr))] = np.arange(len(rr)) % folds
        total = 0.0
        for k in range(folds):
            total += rr[fold == k, rerank_fit.best_point(rr[fold != k])].sum()
        results.append(total / len(rr))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("answerable", type=Path)
    parser.add_argument("--shuffles", type=int, default=4)
    args = parser.parse_args()
    questions = [q for q in evaluation.load_questions(args.answerable) if q.split == "dev"]
    container = started_container()
    settings = container.settings
    retriever = answer_retriever(container.searcher, settings, confidence_model(settings).rerank)
    vectors = container.index.embed_queries([q.query for q in questions])
    first = evaluation.first_stage(retriever, questions, vectors, SearchFilters())
    prepared = rerank_fit.prepare(first, evaluation.GoldMatcher(container.index))
    for name, grid in GRIDS.items():
        points = list(itertools.product(*grid))
        rr = rerank_fit.reciprocal_ranks(prepared, points)
        folds = held_out(rr, shuffles=args.shuffles)
        chosen = rerank_fit.best_point(rr)
        print(f"{name}: {len(points)} points, held-out MRR@10 {np.mean(folds):.4f} "
              f"({' / '.join(f'{f:.4f}' for f in folds)}), on all {len(questions)} dev {rr[:, chosen].mean():.4f} "
              f"at {points[chosen]}")


if __name__ == "__main__":
    main()
