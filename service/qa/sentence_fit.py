"""How well each sentence of a passage answers a question: the one score that both chooses the quote and, as
the passage's best, helps re-rank the candidates.

A sentence scores its share of the question's wording (character bigrams, everyday words expanded to the policy
terms: 社保 → 社会保险), plus a bonus for holding what the question asks for: a filler of the asked slot (an amount
for 多少钱, a time limit with its number for 多久), a figure in the asked unit (多少件: a count of 件) and the
subject the value is asked of (准确率有多高: the sentence with 准确率). A list item is scored as a quote reads it, with
its list's lead-in in front (`lists.as_quoted`): "（一）发生一般事故的，处三十万元…" answers 一般事故罚多少 through the
lead-in's 生产安全事故…罚款 (its own wording and figure stay its own). The question's side is worked out once per
question and each sentence's bigrams once per sentence (both cached), so scoring the 40 candidates of an answer
costs about a millisecond.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from service.qa.lists import as_quoted
from service.qa.slots import asked_slot, asked_subject, asked_unit, filler_weight, has_unit
from service.qa.synonyms import expand
from service.qa.text import bigrams, split_sentences

FILLER_BONUS = 0.3  # a sentence holding a filler of the asked slot (a count for 多少件) is preferred
SUBJECT_BONUS = 0.3  # and one naming what the value is asked of (准确率有多高: the sentence with 准确率)


@dataclass(frozen=True)
class Asked:
    """The question's side of the score."""

    wanted: frozenset[str]  # bigrams of the question with its everyday words expanded
    slot: str
    unit: str
    subject: str


@lru_cache(maxsize=2048)
def asked(question: str) -> Asked:
    return Asked(frozenset(bigrams(expand(question))), asked_slot(question), asked_unit(question),
                 asked_subject(question))


@lru_cache(maxsize=65536)
def _bigrams(sentence: str) -> frozenset[str]:
    return frozenset(bigrams(sentence))


@lru_cache(maxsize=16384)
def _as_quoted(sentences: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(as_quoted(sentences))


@lru_cache(maxsize=16384)
def passage_sentences(text: str) -> tuple[str, ...]:
    return tuple(split_sentences(text))


def sentence_scores(question: str, sentences: Sequence[str]) -> tuple[list[float], list[float]]:
    """Each sentence's share of the question's wording, and its score: that share plus the bonuses for holding
    the asked slot's filler (`filler_weight`), the asked unit (多少件: a count) and the asked subject."""
    ask = asked(question)
    size = len(ask.wanted)
    shared = [len(ask.wanted & _bigrams(s)) / size if size else 0.0 for s in sentences]
    units = _as_quoted(tuple(sentences))
    scores = [len(ask.wanted & _bigrams(u)) / size if size else 0.0 for u in units]
    scores = [o + FILLER_BONUS * filler_weight(ask.slot, s) + (FILLER_BONUS if has_unit(ask.unit, s) else 0.0)
              + (SUBJECT_BONUS if ask.subject and ask.subject in u else 0.0)
              for o, s, u in zip(scores, sentences, units, strict=True)]
    return shared, scores


def best_sentence_score(question: str, text: str) -> float:
    """The score of the passage's sentence that answers best (0 for a passage without sentences)."""
    sentences = passage_sentences(text)
    return max(sentence_scores(question, sentences)[1]) if sentences else 0.0
