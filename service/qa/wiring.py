"""`QA`: the question-answering part of the container, built from settings in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from config import Settings
from index.policy_index import PolicyIndex
from index.search import Searcher
from service.qa.answer import Composer, ComposerConfig
from service.qa.answer_log import AnswerLog
from service.qa.confidence import ConfidenceModel
from service.qa.conversation import SessionStore
from service.qa.faq import FaqStore
from service.qa.feedback import FeedbackStore
from service.qa.generative import GenerativeAnswerer
from service.qa.models import Clock, utc_now
from service.qa.references import DocumentCatalogue, ReferenceResolver
from service.qa.retrieval import RerankWeights, Retriever
from service.qa.service import QAParts, QAService, QuestionMasking
from service.qa.sources import Links, SourceResolver
from service.qa.tickets import TicketStore
from service.qa.tokens import TokenCounter
from service.qa.validity import ValidityDesk


@dataclass
class QA:
    service: QAService
    sessions: SessionStore
    faq: FaqStore
    tickets: TicketStore
    feedback: FeedbackStore
    answers: AnswerLog
    tokens: TokenCounter

    @classmethod
    def build(cls, settings: Settings, engine: Engine, index: PolicyIndex, searcher: Searcher,
              *, clock: Clock = utc_now, privacy: QuestionMasking | None = None) -> QA:
        qa = settings.qa
        links = Links(settings.public_url)
        confidence = confidence_model(settings)
        catalogue = DocumentCatalogue(searcher)  # one read per index generation, shared by references, validity
        resolver = SourceResolver(index, links, catalogue)  # and the interpretations of cited policies
        parts = QAParts(
            sessions=SessionStore(engine, timedelta(minutes=qa.session_ttl_minutes), max_turns=qa.session_max_turns,
                                  clock=clock),
            faq=FaqStore(engine, clock=clock, model=searcher.index.model_name),
            tickets=TicketStore(engine, resolver, min_similarity=qa.faq_min_similarity, clock=clock,
                                model=searcher.index.model_name),
            answers=AnswerLog(engine), resolver=resolver,
            composer=Composer(links.of_hit, ComposerConfig(max_citations=qa.max_citations)),
            confidence=confidence,
            retriever=answer_retriever(searcher, settings, confidence.rerank, ReferenceResolver(searcher, catalogue)),
            generative=generative_answerer(settings), privacy=privacy,
        )
        parts.validity = ValidityDesk(searcher, parts.composer, catalogue)
        return cls(QAService(qa, searcher, parts, clock=clock), parts.sessions, parts.faq, parts.tickets,
                   FeedbackStore(engine, clock=clock), parts.answers, TokenCounter(settings.model_path))


def confidence_model(settings: Settings) -> ConfidenceModel:
    return ConfidenceModel.load(settings.qa.answerability_model)


def answer_retriever(searcher: Searcher, settings: Settings, weights: RerankWeights,
                     references: ReferenceResolver | None = None) -> Retriever:
    """The retrieval answers use (candidate depth, candidates by sentence) with these re-ranking weights: the
    service's, and the evaluation's, which compares weights on the same candidates."""
    return Retriever(searcher, weights, depth=settings.qa.candidates, by_sentence=settings.qa.sentence_candidates,
                     references=references)


def generative_answerer(settings: Settings) -> GenerativeAnswerer | None:
    """An LLM client only when an endpoint is configured: no network call otherwise."""
    qa = settings.qa
    if not qa.llm_base_url:
        return None
    key = qa.llm_api_key.get_secret_value() if qa.llm_api_key else None
    return GenerativeAnswerer(qa.llm_base_url, qa.llm_model, key, timeout=qa.llm_timeout_s)
