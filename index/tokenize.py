"""Keyword tokens for Chinese policy text: jieba search-mode words, lower-cased, punctuation dropped.

Numbers are kept whole (`311`, `2020年` → `2020`, `年`) because citizens ask for figures.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

_WORD = re.compile(r"[\w\u4e00-\u9fff]")
_STOPWORDS = frozenset({
    "的", "了", "和", "与", "及", "或", "是", "在", "对", "等", "为", "以", "于", "将", "把", "被", "由", "从",
    "也", "都", "而", "并", "其", "之", "这", "那", "有", "个", "吗", "呢", "啊", "吧", "么", "什么", "怎么",
    "如何", "多少", "哪些", "我", "你", "他", "我们", "可以", "能", "要",
})


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    words = _jieba().lcut_for_search(text.lower())
    return [w for w in (w.strip() for w in words) if w and _WORD.search(w) and w not in _STOPWORDS]
