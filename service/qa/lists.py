"""The sentence structure of a passage that quotes follow: enumerated items （一）（二）…, the sentence ending in a
colon that introduces them ("有下列情形之一的，公民应当出示居民身份证证明身份："), and the clauses a "；" joins into
one sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence

_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")


def is_item(sentence: str) -> bool:
    return bool(_ITEM.match(sentence))


def is_lead_in(sentence: str) -> bool:
    return sentence.rstrip().endswith(("：", ":"))


def whole_sentence(sentences: Sequence[str], index: int) -> range:
    """The clauses a "；" joins into one sentence with `index` ("三个月以上不满一年的，…一个月；…三年以上的，
    …六个月。"): the asked case is read against its siblings. List items stand alone; a list's lead-in is the
    sentence that ends in its colon, clauses before included ("供应商有下列情形之一的，处以…罚款…；构成犯罪的，
    依法追究刑事责任：")."""
    if is_item(sentences[index]):
        return range(index, index + 1)
    start = index
    while start > 0 and _joins(sentences[start - 1], sentences[start]):
        start -= 1
    if is_lead_in(sentences[index]):
        return range(start, index + 1)
    end = index
    while end + 1 < len(sentences) and _joins(sentences[end], sentences[end + 1]):
        end += 1
    return range(start, end + 1)


def _joins(previous: str, following: str) -> bool:
    return previous.endswith(("；", ";")) and not is_item(previous) and not is_item(following)


def lead_in(sentences: Sequence[str], index: int) -> range:
    """For an item （三）…, the sentence ending in a colon that introduces its list (its clauses, by index)."""
    if not is_item(sentences[index]):
        return range(0)
    previous = next((i for i in range(index - 1, -1, -1) if not is_item(sentences[i])), None)
    if previous is None or not is_lead_in(sentences[previous]):
        return range(0)
    return whole_sentence(sentences, previous)


def items_after(sentences: Sequence[str], start: int) -> list[int]:
    """The items （一）（二）… that directly follow `start` (a list's lead-in), by index."""
    items = []
    for i in range(start + 1, len(sentences)):
        if not is_item(sentences[i]):
            break
        items.append(i)
    return items


def as_quoted(sentences: Sequence[str]) -> list[str]:
    """Each sentence as a quote reads it: an item with its list's lead-in in front ("…应当出示居民身份证证明身份：
    （三）婚姻登记、收养登记；"), any other sentence alone."""
    return ["".join(sentences[i] for i in lead_in(sentences, n)) + sentence for n, sentence in enumerate(sentences)]
