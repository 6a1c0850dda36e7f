"""The object graph of a running service, built from settings in one place.

Constructors are cheap; `start()` does the heavy work (model load, index open, sample ingest) and
is called from the FastAPI lifespan or by a CLI command that needs the index.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from config import Settings
from config.settings import DEFAULT_MODEL_NAME
from index.db import make_engine
from index.embedders import Embedder, make_embedder
from index.follower import IndexFollower
from index.ingest import ChunkingConfig, Ingestor, IngestReport
from index.lifecycle import local_today
from index.policy_index import PolicyIndex
from index.search import SearchConfig, Searcher
from index.store import PolicyStore
from push.service import PushService
from push.timeutil import Clock, system_clock
from service.console.wiring import Console
from service.privacy.wiring import Privacy
from service.qa.wiring import QA
from service.ratelimit import RateLimiter, make_rate_limiter
from service.schema import create_schema
from service.security.tokens import TokenStore

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    engine: Engine
    index: PolicyIndex
    searcher: Searcher
    ingestor: Ingestor
    qa: QA
    rate_limiter: RateLimiter
    push: PushService
    console: Console
    privacy: Privacy
    tokens: TokenStore
    parts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: Settings, *, embedder: Embedder | None = None, clock: Clock = system_clock,
              monotonic: Callable[[], float] = time.monotonic) -> Container:
        """Wire every part from settings; tests may pass an already loaded `embedder`, a fixed `clock` (validity is
        computed for the clock's date, push and reminders run on it) and a `monotonic` clock for index staleness."""
        engine = make_engine(settings.database_url)
        pinned = settings.validity_as_of
        store = PolicyStore(engine, today=(lambda: pinned) if pinned else local_today(settings.timezone, clock))
        assert settings.index_dir is not None
        embedder = embedder or make_embedder(settings)
        index = PolicyIndex(store, embedder, settings.index_dir, settings.index_kind, clock=monotonic,
                            sentence_vectors=settings.sentence_vectors)
        follower = IndexFollower(index, settings.index_poll_seconds, settings.index_save_seconds,
                                 settings.index_change_retention_seconds)
        searcher = Searcher(index, SearchConfig(
            dense_weight=settings.fusion_dense_weight, keyword_weight=settings.fusion_keyword_weight,
            rrf_k=settings.fusion_rrf_k, max_query_chars=settings.max_query_chars, max_top_k=settings.max_top_k,
        ))
        privacy = Privacy.build(settings, engine)
        ingestor = Ingestor(index, ChunkingConfig(settings.chunk_max_chars, settings.chunk_overlap),
                            settings.max_unpacked_bytes, privacy.screen)
        push = PushService(settings.push, engine, index, public_url=settings.public_url, clock=clock)
        built = cls(settings, engine, index, searcher, ingestor,
                    qa=QA.build(settings, engine, index, searcher, privacy=privacy.questions),
                    rate_limiter=make_rate_limiter(settings), push=push,
                    console=Console.build(settings, engine), privacy=privacy,
                    tokens=TokenStore(engine))
        built.parts.setdefault("on_start", []).append(follower.start)
        built.parts.setdefault("on_stop", []).append(follower.stop)
        if settings.push.scheduler_in_service:
            built.parts.setdefault("on_start", []).append(push.scheduler.start)
            built.parts.setdefault("on_stop", []).append(push.scheduler.stop)
        return built

    def prepare_database(self) -> None:
        create_schema(self.engine)

    def start(self, *, ingest_samples: bool | None = None) -> None:
        self.prepare_database()
        self.ensure_model()
        self.index.open()
        wanted = self.settings.ingest_samples_on_start if ingest_samples is None else ingest_samples
        if wanted and self.index.counts()[0] == 0 and self.settings.sample_corpus:
            report = self.ingest_samples()
            log.info("indexed the sample corpus: %d documents, %d chunks", len(report.added), report.chunks)

    def ensure_model(self) -> None:
        """Build the bundled model on first start when the configured default folder is still empty.

        Its ONNX files are built with it when an ONNX backend is configured; a folder that exists
        without them is left alone, and the embedder refuses to load, naming the rebuild command.
        """
        settings = self.settings
        if settings.embedder != "sentence-transformers" or settings.model_name != DEFAULT_MODEL_NAME:
            return
        assert settings.model_path is not None
        from index.model_build import build_model, model_is_built

        if not model_is_built(settings.model_path):
            log.info("building the bundled embedding model into %s", settings.model_path)
            build_model(settings.model_path)
            if settings.embedding_backend != "torch":
                from index.model_onnx import build_onnx

                build_onnx(settings.model_path)

    def ingest_samples(self) -> IngestReport:
        assert self.settings.sample_corpus is not None
        return self.ingestor.ingest_paths([self.settings.sample_corpus])

    def close(self) -> None:
        self.engine.dispose()
