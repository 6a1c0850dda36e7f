"""`QAService`: one question in, one grounded answer (or a hand-over) out.

    question ─ validate ─ session history ─ rewrite follow-up ─ embed
        ├─ FAQ entry close enough?  → the staff answer with its citations
        ├─ direct reference (社会保险法第五十八条)? → that passage first
        └─ hybrid search → re-rank → answerability ≥ threshold?  → extractive (or checked generative) answer
                                                                 no → "no reliable answer", ticket for staff
Every answer is recorded in the answer log; a session remembers the turn.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from config.settings import QASettings
from index.filters import SearchFilters
from index.lifecycle import IN_FORCE_STATUSES
from index.search import Searcher, SearchHit
from index.tokenize import tokenize
from service.qa.answer import ELDERLY, Composer, source_label, status_notes
from service.qa.answer_log import AnswerLog
from service.qa.confidence import ConfidenceModel
from service.qa.conversation import SessionStore, rewrite_followup
from service.qa.errors import GenerationRejected, InvalidQuestion
from service.qa.faq import FaqStore
from service.qa.features import features
from service.qa.generative import GenerativeAnswerer
from service.qa.models import Answer, Citation, Clock, FaqEntry, SourceRef, Turn, utc_now
from service.qa.retrieval import Prefetched, Retriever
from service.qa.sources import SourceResolver
from service.qa.text import normalize_question
from service.qa.tickets import TicketStore
from service.qa.validity import ValidityDesk

log = logging.getLogger(__name__)

NO_ANSWER = ("抱歉，知识库中暂时没有关于这个问题的可靠答案。为避免误导，您的问题已转交工作人员处理"
             "（工单号 {ticket}），答复后会收录到常见问题库。")
NO_ANSWER_ELDERLY = "暂时没有可靠答案，已转给工作人员，工单号 {ticket}。"
PREVIEW_HANDOFF = "（预览）置信度低于转人工阈值：提问者会收到“暂无可靠答案”的答复，问题转交工作人员。"


@dataclass
class Question:
    """What a client asks. `history` (chat API) replaces a stored session's turns."""

    text: str
    session_id: str | None = None
    new_session: bool = True
    filters: SearchFilters | None = None
    style: str = "default"
    history: list[Turn] | None = None
    channel: str = "ask"


class QuestionMasking(Protocol):
    """Personal data in questions masked before storage (`service.privacy.questions.QuestionPrivacy`)."""

    def mask(self, text: str) -> str: ...

    def keep_raw(self, answer_id: str, raw: str) -> None: ...


@dataclass
class QAParts:
    sessions: SessionStore
    faq: FaqStore
    tickets: TicketStore
    answers: AnswerLog
    resolver: SourceResolver
    composer: Composer
    confidence: ConfidenceModel
    retriever: Retriever
    generative: GenerativeAnswerer | None = None
    validity: ValidityDesk | None = None
    privacy: QuestionMasking | None = None


class QAService:
    def __init__(self, settings: QASettings, searcher: Searcher, parts: QAParts, *, clock: Clock = utc_now) -> None:
        self.settings = settings
        self.searcher = searcher
        self.parts = parts
        self.clock = clock

    def ask(self, question: Question) -> Answer:
        raw = self.validate(question.text)
        text = self._masked(raw)
        session_id, history, new_session = self._conversation(question)
        standalone = rewrite_followup(text, history)[: self.searcher.config.max_query_chars]
        keyword = self.parts.retriever.prefetch(standalone)  # BM25 on the other core while the question is embedded
        vector = self.searcher.index.embed_query(standalone)
        draft = Answer(uuid.uuid4().hex, text, standalone, "", [], [], 0.0, False, session_id, style=question.style)
        direct = self.parts.validity.direct(standalone, vector) if self.parts.validity else None
        faq = None if direct else self.parts.faq.match(standalone, vector, self.settings.faq_min_similarity)
        if direct:
            answer = replace(draft, text=direct.text, citations=direct.citations, confidence=1.0)
        else:
            answer = self._from_faq(draft, *faq) if faq else self._from_index(draft, vector, question, keyword)
        self._remember(answer, question.channel, history, new_session)
        if text != raw and self.parts.privacy is not None:
            self.parts.privacy.keep_raw(answer.answer_id, raw)
        return answer

    def preview(self, text: str) -> Answer:
        """The answer `ask` would give now, recording nothing: no answer log, session, ticket or FAQ hit."""
        text = self._masked(self.validate(text))
        standalone = rewrite_followup(text, [])[: self.searcher.config.max_query_chars]
        vector = self.searcher.index.embed_query(standalone)
        draft = Answer(uuid.uuid4().hex, text, standalone, "", [], [], 0.0, False)
        faq = self.parts.faq.match(standalone, vector, self.settings.faq_min_similarity)
        if faq:
            return self._from_faq(draft, *faq, count_hit=False)
        return self._from_index(draft, vector, Question(text), hand_over=False)

    def validate(self, text: str) -> str:
        text = (text or "").strip()
        if not text:
            raise InvalidQuestion("问题不能为空，请输入您想咨询的政策问题")
        if not normalize_question(text):
            raise InvalidQuestion("问题只有标点、表情或空白，请用文字描述您想咨询的政策问题")
        if len(text) > self.settings.max_question_chars:
            raise InvalidQuestion(f"问题过长：{len(text)} 字，上限 {self.settings.max_question_chars} 字，请精简后再试")
        return text

    def _masked(self, text: str) -> str:
        return self.parts.privacy.mask(text) if self.parts.privacy is not None else text

    def _conversation(self, question: Question) -> tuple[str | None, list[Turn], bool]:
        """(session id, earlier turns, whether the session is new: its row is written with the first turn)."""
        if question.history is not None:
            return None, question.history, False
        if question.session_id:
            return question.session_id, self.parts.sessions.history(question.session_id), False
        return (self.parts.sessions.new_id() if question.new_session else None), [], question.new_session

    def _from_faq(self, draft: Answer, entry: FaqEntry, similarity: float, *, count_hit: bool = True) -> Answer:
        if count_hit:
            self.parts.faq.record_hit(entry.id)
        markers = "".join(f"[{c.n}]" for c in entry.citations if f"[{c.n}]" not in entry.answer)
        text = re.sub(r"\[\d+\]", "", entry.answer) if draft.style == ELDERLY else entry.answer + markers
        return replace(draft, text=text, citations=entry.citations, confidence=round(similarity, 4),
                       faq_id=entry.id, interpretations=self.parts.resolver.interpretations(entry.citations))

    def _from_index(self, draft: Answer, vector: np.ndarray, question: Question, keyword: Prefetched | None = None,
                    *, hand_over: bool = True) -> Answer:
        filters = question.filters or SearchFilters()
        retrieved = self.parts.retriever.retrieve(draft.standalone, vector, self.settings.top_k, filters, keyword)
        route = (self.parts.validity.route(draft.standalone, vector, tokenize(draft.standalone), self.settings.top_k,
                                           filters) if self.parts.validity else None)
        if route:  # the best match is out of force: answer (and judge answerability) from its successor or itself
            scope = replace(filters, statuses=None, doc_ids=tuple({h.doc_id for h in route[1]}))
            retrieved = self.parts.retriever.retrieve(draft.standalone, vector, self.settings.top_k, scope)
        hits = retrieved.hits
        confidence = round(self.parts.confidence.probability(features(draft.standalone, retrieved)), 4) if hits else 0.0
        if confidence < self.settings.handoff_threshold and not hand_over:
            return replace(draft, text=PREVIEW_HANDOFF, confidence=confidence, handoff=True)
        if confidence < self.settings.handoff_threshold:
            return self._handoff(replace(draft, confidence=confidence), vector, hits)
        if route and route[1][0].status not in IN_FORCE_STATUSES:  # out of force, no successor: say only that
            citations = [self.parts.composer.citation(1, route[1][0])]
            return replace(draft, text=f"{route[0]}[1]", citations=citations, confidence=confidence)
        text, citations = self._compose(draft.standalone, hits, question.style)
        text, citations = self._with_explained_policies(text, citations, hits, vector)
        if self.parts.validity:
            notes, more = self.parts.validity.amendment_notes(draft.standalone, vector, citations)
            text, citations = "\n".join([route[0] if route else "", text, *notes]).strip(), citations + more
        return replace(draft, text=text, citations=citations, confidence=confidence,
                       interpretations=self.parts.resolver.interpretations(citations))

    def _compose(self, query: str, hits: list[SearchHit], style: str) -> tuple[str, list[Citation]]:
        composed = self.parts.composer.compose(query, hits, style)
        if self.parts.generative is None or style == ELDERLY:
            return composed.text, composed.citations
        passages = [self.parts.composer.citation(n, hit) for n, hit in enumerate(hits, 1)]
        try:
            text, cited = self.parts.generative.answer(query, passages)
        except GenerationRejected as error:
            log.warning("generative answer rejected, keeping the extractive one: %s", error)
            return composed.text, composed.citations
        return "\n".join([text, *status_notes(query, cited)]), cited

    def _with_explained_policies(self, text: str, citations: list[Citation], hits: list[SearchHit],
                                 vector: np.ndarray) -> tuple[str, list[Citation]]:
        """A cited 政策解读 brings the passage of the policy it explains that is closest to the question."""
        cited = {c.doc_id for c in citations}
        lines, more = [text], list(citations)
        explained = self.parts.resolver.explained_policies([h for h in hits if h.doc_id in cited], cited)
        for policy in explained:
            found = self.searcher.search_vector(vector, [], 1, SearchFilters(statuses=None, doc_ids=(policy.id,)))
            if found:
                more.append(self.parts.composer.citation(len(more) + 1, found[0]))
                lines.append(f"该解读所解读的政策文件：{source_label(found[0])}[{len(more)}]")
        return "\n".join(lines), more

    def _handoff(self, draft: Answer, vector: np.ndarray, hits: list[SearchHit]) -> Answer:
        retrieved = [{"chunk_id": h.chunk_id, "doc_id": h.doc_id, "title": h.title, "section": h.section,
                      "text": h.text[:300], "dense_score": round(h.dense_score, 4)} for h in hits]
        # the standalone query, so that staff read a follow-up ("那需要什么材料？") with its subject
        ticket = self.parts.tickets.open_or_attach(draft.standalone, vector, retrieved, draft.answer_id)
        template = NO_ANSWER_ELDERLY if draft.style == ELDERLY else NO_ANSWER
        return replace(draft, text=template.format(ticket=ticket.id), handoff=True, ticket_id=ticket.id)

    def _remember(self, answer: Answer, channel: str, history: list[Turn], new_session: bool) -> None:
        """The answer log row, and the session's turn, in one transaction."""
        now = self.clock()
        answer.created_at = now
        if not answer.session_id:
            self.parts.answers.record(answer, channel=channel, at=now)
            return
        topic = answer.citations[0].title if answer.citations else (history[-1].topic_title if history else None)
        self.parts.sessions.append(answer.session_id, Turn(answer.question, answer.standalone, topic),
                                   new=new_session, record=self.parts.answers.row(answer, channel=channel, at=now))

    def add_faq(self, question: str, answer: str, sources: list[SourceRef]) -> FaqEntry:
        """A staff-written FAQ entry, its question embedded with the search model."""
        text = self._masked(self.validate(question))
        citations = self.parts.resolver.citations(sources)
        vector = self.searcher.index.embed_query(text)
        return self.parts.faq.add(text, self._masked(answer), citations, vector)
