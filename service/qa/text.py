"""Text helpers for matching questions and picking sentences: normalisation, sentences, bigrams."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\u4e00-\u9fff]+")
# a sentence ends at 。！？；, or at a line end; an enumerated item （一）/(二)/1. starts a new one
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n+")
_ITEM_START = re.compile(r"(?=[（(][一二三四五六七八九十]+[)）])")
_NUMERALS = "一二三四五六七八九十百千零"
_LINE_END = re.compile(rf"[。！？；：:!?;）)]$|^第[{_NUMERALS}]+[章节](?:\s.{{0,20}})?$|^[{_NUMERALS}]+、.{{0,30}}$")
_LINE_START = re.compile(rf"[（(][{_NUMERALS}\d]+[)）]|\d+[.、．]|[{_NUMERALS}]+、|第[{_NUMERALS}]+[章节条]|[#*|>-]")
_FIGURE_ASK = re.compile(r"多少|几[个件次项期家人天年月条]?|多久|多长|多大|比例|金额|数量|多高|百分之|上限|最[高多少]")


def normalize_question(text: str) -> str:
    """Lower-cased NFKC text without spaces or punctuation: `公司不交社保，能辞职吗？` == `公司不交社保能辞职吗`."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def join_wrapped(text: str) -> str:
    """Undo line wraps of PDF-extracted text: a line that does not end a sentence, a clause or a heading
    continues on the next one, unless that one starts an item, an article or a heading."""
    lines = [line.strip() for line in text.split("\n")]
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1] and line and not _LINE_END.search(joined[-1]) and not _LINE_START.match(line):
            joined[-1] += line
        else:
            joined.append(line)
    return "\n".join(joined)


def split_sentences(text: str) -> list[str]:
    """Sentences and enumerated items of a passage (wrapped lines joined), stripped, in order."""
    pieces: list[str] = []
    for part in _SENTENCE_END.split(join_wrapped(text)):
        pieces.extend(p.strip() for p in _ITEM_START.split(part or ""))
    return [p for p in pieces if len(normalize_question(p)) >= 2]


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
