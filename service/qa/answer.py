"""The extractive answer: quote the sentences of the best passages that bear on the question.

Nothing is written that is not in a cited passage: the composer only chooses sentences or enumerated
items （一）（二）…, puts the lead-in of a list in front of an item taken from it, and frames each quote
with 《title》section and a marker [n] pointing at `citations`. A cited document that is not in force
is said to be so. `style="elderly"` gives one plain key sentence without markers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.lifecycle import IN_FORCE_STATUSES
from index.search import SearchHit
from service.qa.models import Citation
from service.qa.synonyms import expand
from service.qa.text import asks_for_figure, has_figure, overlap, split_sentences

ELDERLY = "elderly"
_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_VALIDITY_ASK = re.compile(r"有效|失效|废止|作废|过期|还能用|还适用")
_TITLE = re.compile(r"《([^》]+)》")
_MARKUP = re.compile(r"[*#|`>\[\]]")
MIN_SECOND_OVERLAP = 0.3
FIGURE_BONUS = 0.3  # a question asking "how many" prefers a sentence with a number


@dataclass(frozen=True)
class ComposerConfig:
    max_citations: int = 3
    max_quote_chars: int = 240
    elderly_chars: int = 120
    # a further passage is quoted only when its cosine is this close to the best one's
    secondary_margin: float = 0.03


@dataclass
class Quote:
    hit: SearchHit
    sentences: list[str]
    score: float


@dataclass
class Composed:
    text: str
    citations: list[Citation]


class Composer:
    def __init__(self, link: Callable[[SearchHit], str], config: ComposerConfig | None = None) -> None:
        self.link = link
        self.config = config or ComposerConfig()

    def compose(self, question: str, hits: Sequence[SearchHit], style: str = "default") -> Composed:
        quotes = self.select(question, hits)
        citations = [self.citation(n, q.hit) for n, q in enumerate(quotes, 1)]
        if style == ELDERLY:
            return Composed(self.plain(quotes[0]), citations)
        lines = [self.line(n, q) for n, q in enumerate(quotes, 1)]
        lines += status_notes(question, citations)
        return Composed("\n".join(lines), citations)

    def select(self, question: str, hits: Sequence[SearchHit]) -> list[Quote]:
        """The best passage always; others only when about as close to the question and on point."""
        quotes: list[Quote] = []
        for hit in hits:
            if len(quotes) == self.config.max_citations:
                break
            quote = pick_sentences(question, hit)
            if not quotes or self._worth_adding(quote, quotes):
                quotes.append(quote)
        return quotes

    def _worth_adding(self, quote: Quote, quotes: list[Quote]) -> bool:
        best = quotes[0]
        close = quote.hit.dense_score >= best.hit.dense_score - self.config.secondary_margin
        repeated = any(s in q.sentences for q in quotes for s in quote.sentences)
        return close and not repeated and quote.score >= 0.8 * best.score

    def line(self, n: int, quote: Quote) -> str:
        lead = "根据" if n == 1 else "另据"
        text = "".join(quote.sentences)
        if quote.hit.section and text.startswith(quote.hit.section):  # "第八十五条：第八十五条 用人单位…"
            text = text.removeprefix(quote.hit.section).lstrip()
        return f"{lead}{source_label(quote.hit)}：{self._clip(text)}[{n}]"

    def plain(self, quote: Quote) -> str:
        key = "".join(_ITEM.sub("", s) for s in quote.sentences)
        text = f"根据《{quote.hit.title}》，{_MARKUP.sub('', key)}"
        limit = self.config.elderly_chars
        return text if len(text) <= limit else text[:limit].rstrip("，、；：") + "……"

    def citation(self, n: int, hit: SearchHit) -> Citation:
        return Citation(n=n, doc_id=hit.doc_id, title=hit.title, doc_number=hit.doc_number, issuer=hit.issuer,
                        status=hit.status, section=hit.section, text=hit.text, url=self.link(hit),
                        score=round(hit.dense_score, 4), chunk_id=hit.chunk_id)

    def _clip(self, text: str) -> str:
        limit = self.config.max_quote_chars
        return text if len(text) <= limit else text[:limit] + "……"


def pick_sentences(question: str, hit: SearchHit) -> Quote:
    """The sentence (or list item, with its lead-in) of `hit` that answers best, and a second one when it
    shares about as much of the question's wording."""
    sentences = split_sentences(hit.text)
    if not sentences:
        return Quote(hit, [hit.text.strip()], 0.0)
    wanted = expand(question)
    shared = [overlap(wanted, s) for s in sentences]
    figure = asks_for_figure(question)
    scores = [o + (FIGURE_BONUS if figure and has_figure(s) else 0.0) for o, s in zip(shared, sentences, strict=True)]
    order = sorted(range(len(sentences)), key=lambda i: -scores[i])
    best = _item_under(sentences, order[0], scores)
    runner_up = [i for i in order if i != best and not _is_lead_in(sentences[i])][:1]
    chosen = [best] + [i for i in runner_up if shared[i] >= max(0.8 * shared[best], MIN_SECOND_OVERLAP)]
    picked = [sentences[i] for i in sorted(chosen)]
    lead = _lead_in(sentences, min(chosen))
    return Quote(hit, ([lead] if lead and lead not in picked else []) + picked, scores[best])


def _is_lead_in(sentence: str) -> bool:
    return sentence.rstrip().endswith(("：", ":"))


def _item_under(sentences: list[str], index: int, scores: list[float]) -> int:
    """A list's lead-in ("有下列情形之一的：") says nothing alone: take its best item instead."""
    if not _is_lead_in(sentences[index]):
        return index
    items = []
    for i in range(index + 1, len(sentences)):
        if not _ITEM.match(sentences[i]):
            break
        items.append(i)
    return max(items, key=lambda i: scores[i]) if items else index


def _lead_in(sentences: list[str], index: int) -> str | None:
    """For an item （三）…, the sentence ending in a colon that introduces its list."""
    if not _ITEM.match(sentences[index]):
        return None
    for previous in reversed(sentences[:index]):
        if not _ITEM.match(previous):
            return previous if _is_lead_in(previous) else None
    return None


def source_label(hit: SearchHit) -> str:
    """《title》and the section, spelled out with its heading when the label is a bare marker (`一、`)."""
    section = hit.section if hit.section not in ("", "前言") else ""
    if section and hit.heading_path and hit.heading_path[-1].startswith(section):
        section = hit.heading_path[-1][:40]
    return f"《{hit.title}》{section}"


def status_notes(question: str, citations: Sequence[Citation]) -> list[str]:
    """Say when a cited document is not in force, and give its validity when the question asks for it."""
    notes: list[str] = []
    seen: set[str] = set()
    named_in_question = set(_TITLE.findall(question))
    for citation in citations:
        if citation.doc_id in seen:
            continue
        seen.add(citation.doc_id)
        if named_in_question and citation.title not in named_in_question and citation.status in IN_FORCE_STATUSES:
            continue
        named = f"《{citation.title}》" + (f"（{citation.doc_number}）" if citation.doc_number else "")
        if citation.status not in IN_FORCE_STATUSES:
            notes.append(f"注意：{named}目前为“{citation.status}”状态，不再现行有效，以上内容仅供参考。[{citation.n}]")
        elif _VALIDITY_ASK.search(question):
            notes.append(f"{named}目前为“{citation.status}”。[{citation.n}]")
    return notes
