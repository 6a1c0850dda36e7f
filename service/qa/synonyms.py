"""Everyday words for the terms policy text uses (社保 → 社会保险, 房东 → 出租人), so that a question asked in one's
own words finds, re-ranks and quotes the passage written in the terms: the keyword search and the re-ranking's term
coverage read the question with the terms added (`expand`), direct references and FAQ matching read it with the
words replaced (`canonical`). The table is data, `everyday_terms.toml`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

_TABLE = Path(__file__).with_name("everyday_terms.toml")


def _load(path: Path) -> dict[str, tuple[str, ...]]:
    with path.open("rb") as file:
        table = tomllib.load(file)["terms"]
    return {term: tuple(variants) for term, variants in table.items()}


# the term in policy text: the words people use for it (`everyday_terms.toml`)
TERMS: dict[str, tuple[str, ...]] = _load(_TABLE)

_EXPANSIONS = [(variant, term) for term, variants in TERMS.items() for variant in variants]


def expand(question: str) -> str:
    """The question followed by the policy terms for the everyday words it uses. The longest everyday word wins:
    "不给交" (社保) is 未依法缴纳, not also "不给" (工资) 未及时足额支付."""
    lowered = question.lower()
    found: dict[str, None] = {}
    for variant, term in _BY_LENGTH:
        if variant in lowered:
            lowered = lowered.replace(variant, "\0")
            if term not in question.lower():
                found[term] = None
    return " ".join([question, *found])


def canonical(question: str) -> str:
    """The question with its everyday words replaced by the policy terms (公积金怎么取 → 住房公积金怎么取)."""
    for variant, term in _BY_LENGTH:
        if variant in question and term not in question:
            question = question.replace(variant, term)
    return question


_BY_LENGTH = sorted(_EXPANSIONS, key=lambda pair: -len(pair[0]))
