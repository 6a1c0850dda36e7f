"""Direct references: a question that names a document and an article or item gets that passage.

    社会保险法第五十八条规定了什么          → 《中华人民共和国社会保险法》第五十八条
    《劳动合同法》第八十二条第二款          → its second paragraph
    甬政办发〔2021〕12号 二、（三）          → that item of the document with that 文号

A document is named by its full title in 《》 or bare, by its title without "中华人民共和国" (社会保险法),
or by its 文号; everyday words in the name are read as the terms of policy text (社保法 → 社会保险法).
The catalogue of documents is read through the index's public listing once per index generation (any write
moves it), and serves both this resolver and the validity desk.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from index.filters import SearchFilters
from index.lifecycle import IN_FORCE_STATUSES, REPEALS
from index.models import Policy
from index.search import Searcher, SearchHit
from index.tokenize import tokenize
from service.qa.synonyms import canonical

_DIGITS = "零一二三四五六七八九"
_ARTICLE = re.compile(r"第([零一二两三四五六七八九十百千\d]+)条(?:之([一二三四五六七八九十]+))?"
                      r"(?:第([一二三四五六七八九十\d]+)款)?")
_ITEM = re.compile(r"([一二三四五六七八九十]+)、\s*[（(]([一二三四五六七八九十]+)[)）]")
_NATIONAL = "中华人民共和国"
_BRACKETS = re.compile(r"[《》\s]")


@dataclass(frozen=True)
class Reference:
    doc_id: str
    section: str           # 第五十八条, 第八条之一, 二、（三）
    paragraph: int | None  # 款, 1-based


def chinese_number(n: int) -> str:
    """58 → 五十八, 110 → 一百一十, 1165 → 一千一百六十五 (the way article numbers are written)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(_DIGITS[digit] + unit)
            zero = False
        else:
            zero = bool(parts)
    return "".join(parts)


def _number(text: str) -> str:
    return chinese_number(int(text)) if text.isdigit() else text.replace("两", "二")


def _paragraph(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    return _DIGITS.index(text) if len(text) == 1 and text in _DIGITS else ({"十": 10}.get(text))


class DocumentCatalogue:
    """Every document of the index (any status), and the names by which a question may refer to one → its id.
    Longest name wins. Read again only when the index generation moves."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._policies: list[Policy] = []
        self._names: list[tuple[str, str]] = []
        self._all_in_force = False
        self._interpreting: dict[str, list[Policy]] = {}  # an id or 文号 → the 政策解读 naming it
        self._numbers: dict[str, str | None] = {}  # id → 文号
        self._generation: int | None = None  # the index generation the catalogue was read at
        self._lock = threading.Lock()

    def find(self, question: str) -> str | None:
        """The document the question names; an everyday word in the name counts as its term (社保法 → 社会保险法)."""
        plain = _BRACKETS.sub("", question)
        names = self._catalogue()[1]
        return next((doc_id for text in dict.fromkeys((plain, canonical(plain)))
                     for name, doc_id in names if name in text), None)

    def policies(self) -> list[Policy]:
        """The documents as of the current index generation (metadata as listed, any status)."""
        return self._catalogue()[0]

    def all_in_force(self) -> bool:
        """Whether every document is in force and stays so until the next write: none is out of force, none has an
        end of term (有效期至), and no document repeals another (a repeal may take effect on a later day)."""
        self._catalogue()
        return self._all_in_force

    def interpretations_for(self, doc_ids: Sequence[str]) -> dict[str, list[Policy]]:
        """The 政策解读 of each of these policies (naming it by id or 文号), as `PolicyIndex.interpretations_for`
        reads them from the database, here from the catalogue of the current index generation."""
        self._catalogue()
        with self._lock:
            interpreting, numbers = self._interpreting, self._numbers
        found: dict[str, list[Policy]] = {}
        for doc_id in doc_ids:
            keys = (doc_id, numbers[doc_id]) if doc_id in numbers else ()
            found[doc_id] = sorted((p for key in dict.fromkeys(keys) if key for p in interpreting.get(key, [])),
                                   key=lambda p: p.id)
        return found

    def _catalogue(self) -> tuple[list[Policy], list[tuple[str, str]]]:
        index = self.searcher.index
        generation = index.generation  # any write (a retitled document included) moves it
        with self._lock:
            if generation != self._generation:
                policies, _ = index.list_policies(SearchFilters(statuses=None), 0, max(index.counts()[0], 1))
                self._policies = policies
                self._all_in_force = (all(p.status in IN_FORCE_STATUSES and p.expires is None for p in policies)
                                      and not any(r.kind == REPEALS for r in index.relations()))
                self._names = sorted(_names(policies), key=lambda pair: -len(pair[0]))
                self._numbers = {p.id: p.doc_number for p in policies}
                self._interpreting = {}
                for policy in policies:
                    if policy.interprets:
                        self._interpreting.setdefault(policy.interprets, []).append(policy)
                self._generation = generation
            return self._policies, self._names


def _names(policies: list[Policy]) -> list[tuple[str, str]]:
    """In-force documents first, so that a short name shared with a repealed version finds the current one."""
    names: dict[str, str] = {}
    for policy in sorted(policies, key=lambda p: p.status != "现行有效"):
        title = _BRACKETS.sub("", policy.title)
        for name in (title, title.removeprefix(_NATIONAL), policy.doc_number or ""):
            if len(name) >= 4 and name not in names:
                names[name] = policy.id
    return list(names.items())


def parse_section(question: str) -> tuple[str, int | None] | None:
    """The article (第X条, 第X条之一, with 第Y款) or item (二、（三）) a question names."""
    article = _ARTICLE.search(question)
    if article:
        label = f"第{_number(article.group(1))}条" + (f"之{article.group(2)}" if article.group(2) else "")
        return label, _paragraph(article.group(3))
    item = _ITEM.search(question)
    if item:
        return f"{item.group(1)}、（{item.group(2)}）", None
    return None


class ReferenceResolver:
    def __init__(self, searcher: Searcher, catalogue: DocumentCatalogue | None = None) -> None:
        self.searcher = searcher
        self.catalogue = catalogue or DocumentCatalogue(searcher)

    def parse(self, question: str) -> Reference | None:
        section = parse_section(question)
        if section is None:
            return None
        doc_id = self.catalogue.find(question)
        return Reference(doc_id, *section) if doc_id else None

    def resolve(self, question: str, vector: np.ndarray) -> SearchHit | None:
        """The passage the question names, or None when it names none (or one this corpus lacks)."""
        reference = self.parse(question)
        if reference is None:
            return None
        filters = SearchFilters(statuses=None, doc_ids=(reference.doc_id,))
        hits = self.searcher.search_vector(vector, tokenize(reference.section), 50, filters)
        hit = next((h for h in hits if _same_section(h.section, reference.section)), None)
        if hit is None or reference.paragraph is None:
            return hit
        return _paragraph_of(hit, reference.paragraph)


def _same_section(section: str, wanted: str) -> bool:
    normal = section.replace("(", "（").replace(")", "）").replace(" ", "")
    return normal == wanted or normal.startswith(wanted + "、") or normal.startswith(wanted + " ")


def _paragraph_of(hit: SearchHit, paragraph: int) -> SearchHit:
    paragraphs = [p.strip() for p in hit.text.split("\n") if p.strip()]
    if not 1 <= paragraph <= len(paragraphs):
        return hit
    return replace(hit, text=paragraphs[paragraph - 1], section=f"{hit.section}第{chinese_number(paragraph)}款")
