"""Matching with the real e5-small model and the default thresholds (not the hashing fake)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.embedders import SentenceTransformerEmbedder
from service.container import Container
from tests.conftest import make_settings
from tests.push.conftest import ingest_local, profile

pytestmark = pytest.mark.model


@pytest.fixture
def real_push(tmp_path: Path, real_embedder: SentenceTransformerEmbedder) -> Iterator[Container]:
    settings = make_settings(tmp_path, embedder="sentence-transformers", model_path=real_embedder.path)
    container = Container.build(settings, embedder=real_embedder)
    container.start(ingest_samples=False)
    ingest_local(container, "fenghua-sme-support", "zhenhai-graduates", "fenghua-elderly-care")
    push = container.push
    push.subscribers.put("factory", profile())
    push.subscribers.put("graduate", profile(kind="citizen", name="陈同学", scale=None, industry=None,
                                             region="宁波市镇海区", tags=["高校毕业生"],
                                             description="2024届本科毕业生，刚在镇海一家企业入职",
                                             interests="租房补贴"))
    push.subscribers.put("grandma", profile(kind="citizen", name="孙奶奶", scale=None, industry=None,
                                            region="奉化区", tags=["老年人"], description="82岁独居老人",
                                            interests="居家养老服务、高龄津贴"))
    yield container
    container.close()


def _selected(container: Container, doc_id: str) -> set[str]:
    candidates, _ = container.push.candidates(doc_id)
    return {c.subscriber_id for c in candidates if c.selected}


def test_each_local_policy_reaches_exactly_the_people_it_is_for(real_push: Container) -> None:
    assert _selected(real_push, "synth-fenghua-sme-2024") == {"factory"}
    assert _selected(real_push, "synth-zhenhai-graduates-2024") == {"graduate"}
    assert _selected(real_push, "synth-fenghua-elderly-2024") == {"grandma"}


def test_the_matched_passage_is_about_the_subscriber(real_push: Container) -> None:
    candidates, _ = real_push.push.candidates("synth-fenghua-elderly-2024")
    grandma = next(c for c in candidates if c.subscriber_id == "grandma")
    passage = grandma.reasons[-1]
    assert passage.startswith("相关条文：") and any(word in passage for word in ("老年人", "养老", "高龄"))


def test_recommendations_put_the_fitting_policy_first(real_push: Container) -> None:
    [first, *_] = real_push.push.recommendations("factory")
    assert first.doc_id == "synth-fenghua-sme-2024" and first.selected
