"""The calibrated confidence: the best cosine of a result list through a fitted logistic curve."""

from __future__ import annotations

import numpy as np

from service.qa.confidence import ConfidenceModel, fit, top_cosine
from tests.service.qa.conftest import make_hit


def test_the_best_cosine_counts_whatever_its_fused_rank() -> None:
    assert top_cosine([make_hit("a", dense=0.84), make_hit("b", dense=0.86, chunk_id=2)]) == 0.86


def test_no_hits_means_no_confidence() -> None:
    assert ConfidenceModel(5.0, 1.0).score([]) == 0.0


def test_the_configured_curve_hands_over_below_the_measured_cosine() -> None:
    model = ConfidenceModel(-32.728, 36.819)
    assert model.score([make_hit("a", dense=0.863)]) < 0.45 < model.score([make_hit("a", dense=0.90)])


def test_the_fit_separates_grounded_from_ungrounded_results() -> None:
    rng = np.random.default_rng(7)
    cosines = np.concatenate([rng.normal(0.91, 0.015, 80), rng.normal(0.86, 0.015, 80)])
    model = fit(cosines, np.array([1.0] * 80 + [0.0] * 80))
    assert model.dense > 0
    assert model.probability(0.93) > 0.9 and model.probability(0.84) < 0.1
    assert abs(model.probability(0.885) - 0.5) < 0.15
