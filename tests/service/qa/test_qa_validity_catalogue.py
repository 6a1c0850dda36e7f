"""The validity desk finds the document a question names from the cached catalogue: the listing is read once
per index generation, not once per question, and a document ingested since is found."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from index.models import Policy
from index.store import SearchFilters
from service.container import Container
from service.qa.answer import Composer
from service.qa.references import DocumentCatalogue
from service.qa.validity import ValidityDesk

NOTICE = Policy(id="notice-7", title="宁波市稳岗返还实施细则", doc_number="甬人社发〔2024〕7号", status="现行有效",
                category="规范性文件", text="一、稳岗返还按上年度实际缴纳失业保险费的百分之五十返还。")


def test_named_documents_come_from_the_catalogue_read_once_per_generation(
        sample_container: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    index = sample_container.index
    reads: list[int] = []
    listing = index.list_policies

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(index.generation)
        return listing(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "list_policies", counted)
    searcher = sample_container.searcher
    desk = ValidityDesk(searcher, Composer(lambda hit: ""), DocumentCatalogue(searcher))
    assert desk.named("甬人社发〔2024〕7号还有效吗") is None
    assert desk.named("《宁波市稳岗返还实施细则》还有效吗") is None
    assert len(reads) == 1

    sample_container.ingestor.ingest_policy(NOTICE)
    found = desk.named("甬人社发〔2024〕7号还有效吗")
    assert found is not None and found.title == "宁波市稳岗返还实施细则"
    assert desk.named("《宁波市稳岗返还实施细则》现在还有效吗").id == "notice-7"  # type: ignore[union-attr]
    assert len(reads) == 2


def test_the_out_of_force_route_is_skipped_only_while_every_document_stays_in_force(
        sample_container: Container) -> None:
    catalogue = DocumentCatalogue(sample_container.searcher)
    desk = ValidityDesk(sample_container.searcher, Composer(lambda hit: ""), catalogue)
    assert catalogue.all_in_force()
    vector = sample_container.index.embed_query("稳岗返还怎么申请")
    assert desk.route("稳岗返还怎么申请", vector, [], 5, SearchFilters()) is None

    sample_container.ingestor.ingest_policy(dataclasses.replace(NOTICE, id="notice-8", doc_number="甬人社发〔2023〕3号",
                                                                title="宁波市稳岗返还办法（2023）",
                                                                expires=date(2030, 12, 31)))
    assert not catalogue.all_in_force()  # it will expire without another write
