"""The 申报中 / 即将到期 console page on the lifecycle fixture set, and staff confirming a relation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.lifecycle import APPLIED, REVIEW
from index.models import IN_FORCE, REPEALED
from index.store import SearchFilters
from push.timeutil import FrozenClock
from service.app import create_app
from service.container import Container
from tests.conftest import make_settings
from tests.index.test_lifecycle_corpus import FIXTURES, ids
from tests.service.console.conftest import ADMIN, login, post_form, with_staff


@pytest.fixture
def container(tmp_path: Path) -> Iterator[Container]:
    clock = FrozenClock(datetime(2026, 4, 10, 2, 0, tzinfo=UTC))
    built = Container.build(make_settings(tmp_path, validity_as_of=None), clock=clock)
    built.start()
    built.ingestor.ingest_paths([FIXTURES])
    yield with_staff(built)
    built.close()


@pytest.fixture
def admin_web(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container), follow_redirects=False) as client:
        yield login(client, ADMIN)


def test_the_page_lists_open_windows_and_relations_waiting_for_staff(admin_web: TestClient) -> None:
    page = admin_web.get("/console/lifecycle")
    assert page.status_code == 200
    applying = page.text.split("<h2>申报中</h2>")[1].split("<h2>即将开始申报</h2>")[0]
    assert "关于开展2026年度专精特新中小企业认定申报工作的通知" in applying and "2026-04-30" in applying
    assert "奉化区科技创新券实施细则" not in applying  # its yearly window closed on 31 March
    assert "是它自己" in page.text and "对应多篇文件" in page.text  # self-repeal, ambiguous 文号
    assert "奉政办发〔2017〕99号" in page.text.split("等待所指文件入库")[1]


def test_staff_confirming_an_ambiguous_repeal_applies_it_and_is_audited(admin_web: TestClient,
                                                                       container: Container) -> None:
    source = ids()["a20_ambiguous_repeal.txt"]
    [relation] = container.index.relations(sources=[source])
    assert relation.state == REVIEW
    assert container.index.validity(["fh-2016-4-water"])["fh-2016-4-water"].status == IN_FORCE
    water = SearchFilters(doc_ids=("fh-2016-4-water",))
    assert container.searcher.search("水利", 3, water)
    response = post_form(admin_web, "/console/lifecycle", f"/console/lifecycle/relations/{relation.id}",
                         {"target_id": "fh-2016-4-water"})
    assert response.status_code == 303
    [relation] = container.index.relations(sources=[source])
    assert (relation.state, relation.target_id) == (APPLIED, "fh-2016-4-water")
    assert container.index.validity(["fh-2016-4-water"])["fh-2016-4-water"].status == REPEALED
    assert container.searcher.search("水利", 3, water) == []  # search follows the decision at once
    assert container.index.validity(["fh-2016-4-edu"])["fh-2016-4-edu"].status == IN_FORCE
    entries, _ = container.console.audit.list(action="documents.relation")
    assert entries[0].actor == ADMIN and entries[0].after == {"relation": relation.id, "target_id": "fh-2016-4-water",
                                                              "state": APPLIED}


def test_a_document_page_shows_its_status_of_the_day_and_its_relations_both_ways(admin_web: TestClient) -> None:
    by_id = ids()
    old = admin_web.get(f"/console/documents/{by_id['a04_old_housing.txt']}").text
    assert "已被《奉化区人才安居实施办法（修订）》（奉政办发〔2024〕7号）废止" in old
    assert f'href="/console/documents/{by_id["a05_new_housing.txt"]}"' in old
    new = admin_web.get(f"/console/documents/{by_id['a05_new_housing.txt']}").text
    assert f'href="/console/documents/{by_id["a04_old_housing.txt"]}"' in new and "已生效" in new
    contradictory = admin_web.get(f"/console/documents/{by_id['a16_contradictory.md']}").text
    assert "日期矛盾" in contradictory
