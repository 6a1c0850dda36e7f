"""Validity in answers: questions about whether a named document is valid, and answers that must not
quote a rule out of force.

    "奉政办发〔2019〕12号还有效吗" / "《…》还有效吗"  → `direct`: about THAT document, with status, reason
                                                   and date, and where the current rules are
    best match out of force, with a successor        → `route`: answer from the successor, and say so
    best match out of force, no successor            → `route`: say so; do not answer from other documents
    a cited policy amended by another document       → `amendment_notes`: cite the amendment, quote its wording

Validity comes from `index` (`PolicyIndex.validity`, `relations`): computed for today, at read time.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import numpy as np

from index.filters import SearchFilters
from index.lifecycle import AMENDS, IN_FORCE_STATUSES, REPEALS, Validity
from index.models import AMENDED, IN_FORCE, Policy
from index.relations import normalise_ref
from index.search import Searcher, SearchHit
from service.qa.answer import Composer, pick_sentences
from service.qa.models import Citation
from service.qa.references import DocumentCatalogue

_ASKS_VALIDITY = re.compile(r"(还|是否|是不是|现在|目前)?(有效|失效|废止|作废|过期|还能用|还适用|还在执行|有效期)")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*第?\s*\d+\s*号")
_TITLE = re.compile(r"《([^》]{2,80})》")
_MIN_PARTIAL_TITLE = 6


@dataclass
class Direct:
    """A composed answer: its text and the passages it cites."""

    text: str
    citations: list[Citation] = field(default_factory=list)


class ValidityDesk:
    def __init__(self, searcher: Searcher, composer: Composer, catalogue: DocumentCatalogue | None = None) -> None:
        self.searcher = searcher
        self.index = searcher.index
        self.composer = composer
        self.catalogue = catalogue or DocumentCatalogue(searcher)

    # -- "…还有效吗" about a named document ---------------------------------------------------------

    def direct(self, question: str, vector: np.ndarray) -> Direct | None:
        """The answer to a validity question naming one document in the corpus; None otherwise."""
        if not _ASKS_VALIDITY.search(question):
            return None
        policy = self.named(question)
        if policy is None:
            return None
        validity = self.index.validity([policy.id])[policy.id]
        relations = self.index.relations(targets=[policy.id])
        citations = self._cite([policy.id], vector)
        lines = [_verdict(policy, validity) + "".join(f"[{c.n}]" for c in citations)]
        repealers = [r for r in relations if r.kind == REPEALS and r.source_id != policy.id
                     and r.state == "applied"]
        if validity.status not in IN_FORCE_STATUSES and repealers:
            more = self._cite([r.source_id for r in repealers], vector, start=len(citations) + 1)
            citations += more
            lines.append("现行规定见" + "、".join(r.source_label for r in repealers) + "".join(
                f"[{c.n}]" for c in more) + "。")
        return Direct("".join(lines), citations)

    def named(self, question: str) -> Policy | None:
        """The one document a question names by 文号, else by 《title》 (exact, else a unique partial match)."""
        numbers = {normalise_ref(n) for n in _DOC_NUMBER.findall(question)}
        titles = {normalise_ref(t) for t in _TITLE.findall(question)}
        if not numbers and not titles:
            return None
        policies = self.catalogue.policies()
        by_number = [p for p in policies if p.doc_number and normalise_ref(p.doc_number) in numbers]
        exact = [p for p in policies if normalise_ref(p.title) in titles]
        partial = [p for p in policies for t in titles
                   if len(t) >= _MIN_PARTIAL_TITLE and t in normalise_ref(p.title)]
        for found in (by_number, exact, partial):
            if len(found) == 1:
                return found[0]
        return None

    # -- the best match is out of force ----------------------------------------------------------------

    def route(self, query: str, vector: np.ndarray, tokens: list[str], top_k: int,
              filters: SearchFilters) -> tuple[str, list[SearchHit]] | None:
        """When the best passage for `query` among all documents is out of force: (a note, the hits to answer
        from) — the successor's passages, or only the old one when there is no successor. None when it is in
        force, when the asker chose statuses or documents themselves, or when every document is in force (no second
        search then)."""
        if filters.statuses != IN_FORCE_STATUSES or filters.doc_ids is not None or self.catalogue.all_in_force():
            return None
        every_status = dataclasses.replace(filters, statuses=None)
        best_id = self.searcher.best_id(vector, tokens, every_status)
        if best_id is None or self.index.admitted([best_id], filters):  # in force: nothing to read
            return None
        best = self.searcher.search_vector(vector, tokens, 1, every_status)
        if not best or best[0].status in IN_FORCE_STATUSES:
            return None
        old = best[0]
        named = f"《{old.title}》" + (f"（{old.doc_number}）" if old.doc_number else "")
        successors = [r for r in self.index.relations(targets=[old.doc_id])
                      if r.kind == REPEALS and r.state == "applied" and r.source_id != old.doc_id]
        if not successors:
            return (f"与您的问题最相关的{named}目前为“{old.status}”（{old.status_reason}），不再有效；"
                    "知识库中没有替代它的现行文件，为避免误导，不以其他文件作答。", [old])
        hits = self.searcher.search_vector(vector, tokens, top_k, dataclasses.replace(
            filters, doc_ids=tuple(r.source_id for r in successors)))
        if not hits:
            return None
        return (f"与您的问题最相关的{named}{old.status_reason}，以下依据现行的"
                + "、".join(r.source_label for r in successors) + "作答：", hits)

    # -- amended policies ---------------------------------------------------------------------------------

    def amendment_notes(self, query: str, vector: np.ndarray, citations: list[Citation]
                        ) -> tuple[list[str], list[Citation]]:
        """For each cited 已修改 policy: the amending document cited, with its wording closest to the question."""
        lines: list[str] = []
        more: list[Citation] = []
        amended = list(dict.fromkeys(c.doc_id for c in citations if c.status == AMENDED))
        if not amended:  # the common case: no query
            return lines, more
        for relation in self.index.relations(targets=amended):
            if relation.kind != AMENDS or relation.state != "applied":
                continue
            found = self.searcher.search_vector(vector, [], 1, SearchFilters(doc_ids=(relation.source_id,)))
            if not found:
                continue
            citation = self.composer.citation(len(citations) + len(more) + 1, found[0])
            more.append(citation)
            quote = "".join(pick_sentences(query, found[0]).sentences)
            lines.append(f"注意：《{relation.target_title}》已经{relation.source_label}修改，"
                         f"修改后的规定以其为准：{quote}[{citation.n}]")
        return lines, more

    def _cite(self, doc_ids: list[str], vector: np.ndarray, start: int = 1) -> list[Citation]:
        citations: list[Citation] = []
        for doc_id in doc_ids:
            found = self.searcher.search_vector(vector, [], 1, SearchFilters(statuses=None, doc_ids=(doc_id,)))
            if found:
                citations.append(self.composer.citation(start + len(citations), found[0]))
        return citations


def _verdict(policy: Policy, validity: Validity) -> str:
    named = f"《{policy.title}》" + (f"（{policy.doc_number}）" if policy.doc_number else "")
    status, reason = validity
    if status == IN_FORCE:
        return f"{named}目前为“{IN_FORCE}”" + (f"（{reason}）" if reason else "") + "。"
    if status == AMENDED:
        return f"{named}现行有效，但{reason.removesuffix('，修改后的规定现行有效')}，请以修改后的规定为准。"
    return f"{named}目前为“{status}”：{reason}，不再现行有效。" if status != "尚未生效" else f"{named}{reason}。"
