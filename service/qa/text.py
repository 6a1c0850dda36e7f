"""Text helpers for matching questions and picking sentences: normalisation, sentences, bigrams."""

from __future__ import annotations

import re

from index.sentences import join_wrapped, normalize_question, split_sentences

__all__ = ["asks_for_figure", "bigrams", "has_figure", "join_wrapped", "normalize_question", "overlap",
           "split_sentences"]

_FIGURE_ASK = re.compile(r"多少|几[个件次项期家人天年月条]?|多久|多长|多大|比例|金额|数量|多高|百分之|上限|最[高多少]")


def bigrams(text: str) -> set[str]:
    plain = normalize_question(text)
    return {plain[i:i + 2] for i in range(len(plain) - 1)} or ({plain} if plain else set())


def overlap(question: str, sentence: str) -> float:
    """Share of the question's character bigrams that occur in the sentence (0..1)."""
    wanted = bigrams(question)
    return len(wanted & bigrams(sentence)) / len(wanted) if wanted else 0.0


def asks_for_figure(question: str) -> bool:
    return bool(_FIGURE_ASK.search(question))


def has_figure(sentence: str) -> bool:
    return bool(re.search(r"\d|[一二三四五六七八九十百千万]+[个件次项期家日天年月%]", sentence))
