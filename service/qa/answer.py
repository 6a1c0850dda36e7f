"""The extractive answer: quote the sentences of the best passages that bear on the question.

Nothing is written that is not in a cited passage: the composer only chooses sentences or enumerated
items （一）（二）…, puts the lead-in of a list in front of an item taken from it, and frames each quote
with 《title》section and a marker [n] pointing at `citations`. The sentence chosen is the one holding
what the question asks for (a "多少件" question quotes the sentence with a count); a question about
conditions or materials gets the whole list, up to a cap, and is told how many more items there are.
Quotes are cut only between clauses. A cited document that is not in force is said to be so.
`style="elderly"` gives one plain key sentence without markers, with the asked fact and a short title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.lifecycle import IN_FORCE_STATUSES
from index.search import SearchHit
from service.qa.lists import is_item, is_lead_in, items_after, lead_in, whole_sentence
from service.qa.models import Citation
from service.qa.sentence_fit import passage_sentences, sentence_scores
from service.qa.slots import (
    CONDITIONS,
    OTHER,
    PLACE,
    RULE,
    asked_slot,
    asked_unit,
    filler,
    has_unit,
)

ELDERLY = "elderly"
_ANY_ITEM = re.compile(r"[（(][一二三四五六七八九十]+[)）]")
_VALIDITY_ASK = re.compile(r"有效|失效|废止|作废|过期|还能用|还适用")
_TITLE = re.compile(r"《([^》]+)》")
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百千零〇\d]+条")
_MARKUP = re.compile(r"[*#|`>\[\]]")
_CLAUSE_END = "，；。、：！？,;"
MIN_SECOND_OVERLAP = 0.3
MAX_LIST_ITEMS = 6  # a conditions/materials answer quotes the list up to this many items
SHORT_TITLE = 16    # 大字版: longer titles lose 中华人民共和国, then are shortened
SHORT_ARTICLE = 240  # a passage no longer than one quote (ComposerConfig.max_quote_chars) is quoted whole


@dataclass(frozen=True)
class ComposerConfig:
    max_citations: int = 3
    max_quote_chars: int = 240
    elderly_chars: int = 120
    # a further passage is quoted only when its cosine is this close to the best one's
    secondary_margin: float = 0.03
    # and when its quote shares at least this part of the best quote's score (wording, asked fact)
    secondary_share: float = 0.8


@dataclass
class Quote:
    hit: SearchHit
    sentences: list[str]
    score: float
    key: str = ""   # the sentence that answers (without a list's lead-in)
    fact: str = ""  # the filler of the asked slot in it, if any
    more_items: int = 0  # items of the quoted list left out


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
        repeated = any(s in q.sentences for q in quotes for s in quote.sentences)
        close = quote.hit.dense_score >= best.hit.dense_score - self.config.secondary_margin
        return close and not repeated and quote.score >= self.config.secondary_share * best.score

    def line(self, n: int, quote: Quote) -> str:
        lead = "根据" if n == 1 else "另据"
        text = "".join(quote.sentences)
        if quote.hit.section and text.startswith(quote.hit.section):  # "第八十五条：第八十五条 用人单位…"
            text = text.removeprefix(quote.hit.section).lstrip()
        more = f"（该条另有{quote.more_items}项，见原文）" if quote.more_items else ""
        limit = self.config.max_quote_chars * (3 if len(quote.sentences) > 2 else 1)
        return f"{lead}{source_label(quote.hit)}：{clip_clauses(text, limit, keep=quote.fact or quote.key)}{more}[{n}]"

    def plain(self, quote: Quote) -> str:
        """One key sentence: the one holding the asked fact, cut between clauses around that fact."""
        key = quote.key or quote.sentences[-1]
        lead = _opening_lead_in(quote.sentences)
        if lead and not key.startswith(lead) and key not in lead:
            key = lead + key
        key = _MARKUP.sub("", _ANY_ITEM.sub("", key))
        lead = f"根据《{short_title(quote.hit.title)}》，"
        return lead + clip_clauses(key, self.config.elderly_chars - len(lead), keep=quote.fact)

    def citation(self, n: int, hit: SearchHit) -> Citation:
        return Citation(n=n, doc_id=hit.doc_id, title=hit.title, doc_number=hit.doc_number, issuer=hit.issuer,
                        status=hit.status, section=hit.section, text=hit.text, url=self.link(hit),
                        score=round(hit.dense_score, 4), chunk_id=hit.chunk_id)


def clip_clauses(text: str, limit: int, *, keep: str = "") -> str:
    """At most `limit` characters, cut after a clause (never inside one); with `keep`, the clauses
    holding it survive even when they stand past the limit."""
    if len(text) <= limit:
        return text
    clauses = re.findall(rf"[^{_CLAUSE_END}]*[{_CLAUSE_END}]?", text)
    clauses = [c for c in clauses if c]
    start = 0
    if keep and keep in text and text.index(keep) + len(keep) > limit:
        at = text.index(keep)
        length = 0
        for n, clause in enumerate(clauses):
            if length + len(clause) > at:
                start = n
                break
            length += len(clause)
    out = ""
    for clause in clauses[start:]:
        if out and len(out) + len(clause) > limit:
            break
        out += clause
    out = out if len(out) <= limit or not out else out[:limit]
    prefix = "……" if start else ""
    return prefix + out.rstrip(_CLAUSE_END) + ("……" if len(out) < len(text) else "")


def short_title(title: str) -> str:
    if len(title) <= SHORT_TITLE:
        return title
    title = title.removeprefix("中华人民共和国")
    return title if len(title) <= SHORT_TITLE else title[: SHORT_TITLE - 1] + "…"


def pick_sentences(question: str, hit: SearchHit) -> Quote:
    """The sentence (or list item, with its lead-in) of `hit` that answers best, and a second one when it
    shares about as much of the question's wording. A conditions/materials question gets the whole list."""
    sentences = list(passage_sentences(hit.text))
    if not sentences:
        return Quote(hit, [hit.text.strip()], 0.0, hit.text.strip())
    if _names(question, hit):
        return _named_article(question, hit, sentences)
    if asked_slot(question) in (RULE, OTHER, PLACE, CONDITIONS) and _reads_whole(sentences):
        return _whole_article(question, hit, sentences)
    slot, unit = asked_slot(question), asked_unit(question)
    shared, scores = sentence_scores(question, sentences)
    states_rule = _states_rule(hit, sentences)
    # a later sentence that answers as well as an article's opening one is the one to quote: it narrows the rule
    # (未被通知参加股东会会议的股东自知道…之日起六十日内), and the opening one goes in front of it anyway
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], states_rule and i == 0, i))
    if slot == CONDITIONS:
        whole = _whole_list(hit, sentences, order[0], scores)
        if whole is not None:
            return whole
    best = _item_under(sentences, order[0], scores)
    # a "多少件" question gets a second sentence only if that one has a count too, never a neighbouring figure
    runner_up = [i for i in order if i != best and not is_lead_in(sentences[i])
                 and (not unit or has_unit(unit, sentences[i]))][:1]
    chosen = [best] + [i for i in runner_up if shared[i] >= max(0.8 * shared[best], MIN_SECOND_OVERLAP)]
    opening = whole_sentence(sentences, 0)  # the rule, with the cases a "；" joins to it
    if states_rule and (not unit or has_unit(unit, "".join(sentences[i] for i in opening))):
        chosen.append(0)
    chosen = sorted({j for i in chosen for j in whole_sentence(sentences, i)})
    lead = [i for i in lead_in(sentences, best) if i not in chosen]
    at = chosen.index(best)
    chosen[at:at] = lead
    return Quote(hit, [sentences[i] for i in chosen], scores[best], sentences[best], filler(slot, sentences[best]))


def _states_rule(hit: SearchHit, sentences: list[str]) -> bool:
    """An article (第X条) opens with its rule; what follows narrows it (六个月以上不满一年的…, 再次饮酒后…, 但是…).
    A quote of a later sentence keeps the opening one in front, unless that one only introduces a list (or, for a
    "多少件" question, holds no count: a neighbouring figure is never quoted)."""
    return bool(_ARTICLE.match(hit.section)) and not is_lead_in(sentences[0]) and not is_item(sentences[0])


def _names(question: str, hit: SearchHit) -> bool:
    """The question names this passage's article (社会保险法第四十五条规定了什么)."""
    return bool(_ARTICLE.match(hit.section)) and hit.section in question


def _reads_whole(sentences: list[str]) -> bool:
    """A short article of plain sentences, no list: a yes/no or open question is answered by all of it (the rule
    with its exceptions: 出租人出卖租赁房屋的…不影响租赁合同的效力)."""
    return len("".join(sentences)) <= SHORT_ARTICLE and not any(is_item(s) for s in sentences)


def _whole_article(question: str, hit: SearchHit, sentences: list[str]) -> Quote:
    """A short article read whole: its key sentence is still the one holding the asked fact."""
    scores = sentence_scores(question, sentences)[1]
    best = max(range(len(sentences)), key=lambda i: scores[i])
    return Quote(hit, sentences, scores[best], sentences[best], filler(asked_slot(question), sentences[best]))


def _named_article(question: str, hit: SearchHit, sentences: list[str]) -> Quote:
    """The article a question names, read whole: every sentence, each list capped at MAX_LIST_ITEMS items."""
    whole = _whole_article(question, hit, sentences)
    kept: list[str] = []
    listed = left_out = 0
    for sentence in sentences:
        listed = listed + 1 if is_item(sentence) else 0
        if listed > MAX_LIST_ITEMS:
            left_out += 1
        else:
            kept.append(sentence)
    return Quote(hit, kept, whole.score, whole.key, whole.fact, more_items=left_out)


def _whole_list(hit: SearchHit, sentences: list[str], index: int, scores: list[float]) -> Quote | None:
    """The list the best sentence introduces or belongs to, with its lead-in, capped at MAX_LIST_ITEMS."""
    introduced = lead_in(sentences, index)
    start = index if is_lead_in(sentences[index]) else (introduced[-1] if introduced else None)
    if start is None:
        return None
    items = [sentences[i] for i in items_after(sentences, start)]
    if not items:
        return None
    shown = items[:MAX_LIST_ITEMS]
    lead = [sentences[i] for i in whole_sentence(sentences, start)]
    return Quote(hit, [*lead, *shown], max(scores[start:start + len(items) + 1]),
                 "".join([*lead, *shown]), more_items=len(items) - len(shown))


def _item_under(sentences: list[str], index: int, scores: list[float]) -> int:
    """A list's lead-in ("有下列情形之一的：") says nothing alone: take its best item instead."""
    if not is_lead_in(sentences[index]):
        return index
    items = items_after(sentences, index)
    return max(items, key=lambda i: scores[i]) if items else index


def _opening_lead_in(sentences: list[str]) -> str:
    """The lead-in a quote opens with, its clauses joined ("…处以…罚款；构成犯罪的，依法追究刑事责任："), or ""."""
    for n, sentence in enumerate(sentences):
        if is_lead_in(sentence):
            return "".join(sentences[:n + 1])
        if is_item(sentence) or not sentence.rstrip().endswith(("；", ";")):
            return ""
    return ""


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
