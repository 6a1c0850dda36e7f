"""The evidence the answerability model weighs: does what was retrieved hold what the question asks?

Similarity alone cannot tell "劳动法第四十八条: 最低工资由省级政府规定" from an answer to "上海市最低工资是
多少": the cosine is high, the figure and the place are absent. So besides the retrieval scores each
question gets: whether the best passages contain a filler of the asked slot (in a sentence that holds the
question's words), whether they mention the places, years, documents and channels it names (any of them, and
the best passage itself), and how many of its terms they leave uncovered.
All features are cheap: a few regular expressions over at most three passages.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.search import SearchHit
from service.qa.retrieval import Retrieved, best_sentence, coverage, question_terms
from service.qa.sentence_fit import passage_sentences
from service.qa.slots import (
    AMOUNT,
    COUNT,
    DURATION,
    FIGURE,
    OTHER,
    RATE,
    RULE,
    asked_slot,
    entities,
    full_text,
    has_filler,
    holds_names,
    named_text,
    title_in,
)

FEATURES = ("cosine", "margin", "coverage", "uncovered", "slot_filled", "figure_missing", "place_missing",
            "year_missing", "title_missing", "direct", "named_missing_best", "figure_off_point", "sentence")
_FIGURES = (AMOUNT, COUNT, DURATION, RATE, FIGURE)
_LOOKED_AT = 3


def features(question: str, retrieved: Retrieved) -> dict[str, float]:
    hits = retrieved.hits[:_LOOKED_AT]
    if not hits:
        return dict.fromkeys(FEATURES, 0.0) | {"cosine": -8.5, "uncovered": 1.0, "figure_missing": 1.0}
    terms = question_terms(question)
    cosines = sorted((h.dense_score for h in retrieved.hits), reverse=True)
    slot = asked_slot(question)
    best = hits[0]
    found = {t for t in terms if any(t in full_text(h) for h in hits)}
    return {
        "cosine": (cosines[0] - 0.85) * 10,
        "margin": (cosines[0] - cosines[1]) * 10 if len(cosines) > 1 else 0.0,
        "coverage": coverage(terms, best),
        "uncovered": min(len(terms) - len(found), 4) / 4 if terms else 0.0,
        "slot_filled": 1.0 if slot in (OTHER, RULE) or has_filler(slot, best.text) else 0.0,
        "figure_missing": 1.0 if slot in _FIGURES and not any(has_filler(slot, h.text) for h in hits) else 0.0,
        "figure_off_point": 1.0 if slot in _FIGURES and not _figure_on_point(slot, terms, hits) else 0.0,
        **_entity_features(question, hits),
        "direct": 1.0 if retrieved.direct else 0.0,
        "sentence": (max(best_sentence(h) for h in hits) - 0.85) * 10,
    }


def _figure_on_point(slot: str, terms: Sequence[str], hits: Sequence[SearchHit]) -> bool:
    """Whether a sentence states a figure of the asked kind next to the question's words: "缴费比例是百分之几" is not
    answered by "按照国家规定的比例缴纳" nor by a percentage in a sentence about something else."""
    needed = min(2, len(terms))
    return any(has_filler(slot, sentence) and sum(1 for t in terms if t in sentence) >= needed
               for hit in hits for sentence in passage_sentences(hit.text))


def _entity_features(question: str, hits: Sequence[SearchHit]) -> dict[str, float]:
    named = entities(question)
    texts = [named_text(h) for h in hits]
    titles = " ".join(h.title for h in hits)
    return {
        "place_missing": 1.0 if named.places and not any(p in t for p in named.places for t in texts) else 0.0,
        "year_missing": 1.0 if named.years and not any(y in t for y in named.years for t in texts) else 0.0,
        "title_missing": 1.0 if named.titles and not any(title_in(n, titles) for n in named.titles) else 0.0,
        # the passage answered from must carry every place, year, title and channel the question names
        "named_missing_best": 0.0 if holds_names(named, texts[0], hits[0].title) else 1.0,
    }


