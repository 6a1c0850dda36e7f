"""Sentences of a passage, and what the model sees of each one.

A passage's own vector blurs when it holds several sentences: a question about 试用期 matches the article
whose one sentence says "试用期最长不得超过六个月" less well than a neighbour that repeats 试用期 in three
weaker sentences. So each sentence of a passage with more than one is embedded on its own as well
(`sentence_texts`), and answers can weigh a passage by its best sentence. The sentence is embedded bare: the
passage's own vector already carries its title and headings (on the dev split, bare sentences ranked better
than sentences with the title and headings in front, and cost a third less model time).

The splitting is the one answers quote by (`service.qa.text` reads it from here): lines wrapped by PDF
extraction are joined first, then a sentence ends at 。！？； or a line end, and an enumerated item
（一）/(二) starts a new one.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\u4e00-\u9fff]+")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n+")
_ITEM_START = re.compile(r"(?=[（(][一二三四五六七八九十]+[)）])")
_NUMERALS = "一二三四五六七八九十百千零"
_LINE_END = re.compile(rf"[。！？；：:!?;）)]$|^第[{_NUMERALS}]+[章节](?:\s.{{0,20}})?$|^[{_NUMERALS}]+、.{{0,30}}$")
_LINE_START = re.compile(rf"[（(][{_NUMERALS}\d]+[)）]|\d+[.、．]|[{_NUMERALS}]+、|第[{_NUMERALS}]+[章节条]|[#*|>-]")


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


def sentence_texts(text: str) -> list[str]:
    """The sentences of a passage to embed, or none for a passage of one sentence (its own vector is that one's)."""
    sentences = split_sentences(text)
    return sentences if len(sentences) >= 2 else []
