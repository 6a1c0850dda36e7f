"""End to end: a 公示 with personal data is blocked by default, and published masked when so configured,
through every public endpoint that can read it; the original is for admins only, decisions are audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.container import Container
from tests.conftest import make_settings
from tests.index.privacy.samples import ADDRESSES, GONGSHI, ID_NUMBERS, MOBILES, NAMES

DOC_ID = "yl-dibao-2024q3"
SECRETS = (*ID_NUMBERS, *MOBILES, *NAMES, *ADDRESSES, "13857412345", "1390574")


def _client(tmp_path: Path, **privacy: object) -> Iterator[tuple[TestClient, Container]]:
    settings = make_settings(tmp_path, privacy=privacy, qa={"handoff_threshold": 0.0})
    container = Container.build(settings)
    container.start()
    with TestClient(create_app(container=container)) as client:
        yield client, container
    container.close()


@pytest.fixture
def blocking(tmp_path: Path) -> Iterator[tuple[TestClient, Container]]:
    yield from _client(tmp_path)


@pytest.fixture
def masking(tmp_path: Path) -> Iterator[tuple[TestClient, Container]]:
    yield from _client(tmp_path, publish="mask")


def _upload(client: TestClient, admin: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.post("/v1/documents", files={"file": ("gongshi.md", GONGSHI.encode())},
                       data={"metadata": json.dumps({"id": DOC_ID})}, headers=admin)


def _public_reads(client: TestClient) -> list[str]:
    """What every public endpoint that can show the document returns, as text."""
    question = {"question": "岳林街道新增低保对象有几户", "filters": {"doc_ids": [DOC_ID]}}
    return [
        client.post("/v1/ask", json=question).text,
        client.post("/v1/chat/completions",
                    json={"messages": [{"role": "user", "content": question["question"]}]}).text,
        client.post("/v1/search", json={"query": "新增低保对象 户主 联系电话", "top_k": 10}).text,
        client.get(f"/v1/documents/{DOC_ID}").text,
        client.get("/v1/documents").text,
        client.get(f"/policies/{DOC_ID}").text,
    ]


def test_blocked_by_default_with_what_and_where(blocking: tuple[TestClient, Container], admin: dict[str, str]) -> None:
    client, _ = blocking
    response = _upload(client, admin)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "personal_data_found"
    assert "第7行" in error["message"] and "330283********0414" in error["message"]
    kinds = {d["kind"] for d in error["details"]}
    assert kinds == {"cn_id", "mobile", "person_name", "address"}
    assert all(secret not in response.text for secret in SECRETS)
    assert client.get(f"/v1/documents/{DOC_ID}").status_code == 404
    for body in _public_reads(client):
        assert all(secret not in body for secret in SECRETS)


def test_blocked_findings_listed_for_staff_and_decided(blocking: tuple[TestClient, Container],
                                                       admin: dict[str, str]) -> None:
    client, container = blocking
    _upload(client, admin)
    docs = client.get("/v1/privacy/documents", headers=admin).json()
    assert docs[0]["doc_id"] == DOC_ID and docs[0]["undecided"] == 8 and docs[0]["states"] == ["blocked"]
    findings = client.get(f"/v1/privacy/documents/{DOC_ID}/findings", headers=admin).json()
    for finding in findings:
        decided = client.put(f"/v1/privacy/findings/{finding['id']}/decision", json={"decision": "mask"},
                             headers=admin)
        assert decided.status_code == 200 and decided.json()["decided_by"] == "api:bootstrap-admin"
    assert _upload(client, admin).status_code == 201  # every finding decided "mask": published masked
    assert all(secret not in body for body in _public_reads(client) for secret in SECRETS)
    entries, _ = container.console.audit.list(action="privacy.decide")
    assert len(entries) == 8 and entries[0].actor == "api:bootstrap-admin"


def test_published_masked_when_configured(masking: tuple[TestClient, Container], admin: dict[str, str]) -> None:
    client, container = masking
    created = _upload(client, admin)
    assert created.status_code == 201, created.text
    reads = _public_reads(client)
    for body in reads:
        assert all(secret not in body for secret in SECRETS), body[:400]
    ask, search, document = reads[0], reads[2], reads[3]
    assert "330283********0414" in document and "138****2345" in document and "张**" in document
    assert "330283********" in search or "138****" in search
    assert json.loads(ask)["citations"], ask
    assert "联系人：王老师，联系电话：0574-88581234" in document  # the office's line stays


def test_the_original_is_for_admins_only_and_each_reveal_is_audited(
        masking: tuple[TestClient, Container], admin: dict[str, str]) -> None:
    client, container = masking
    _upload(client, admin)
    assert client.get(f"/v1/privacy/documents/{DOC_ID}/original").status_code == 401
    original = client.get(f"/v1/privacy/documents/{DOC_ID}/original", headers=admin)
    assert original.status_code == 200 and ID_NUMBERS[0] in original.json()["text"]
    entries, _ = container.console.audit.list(action="privacy.reveal")
    assert [e.target for e in entries] == [DOC_ID]


def test_allowing_a_finding_publishes_that_value(masking: tuple[TestClient, Container],
                                                 admin: dict[str, str]) -> None:
    client, _ = masking
    _upload(client, admin)
    findings = client.get(f"/v1/privacy/documents/{DOC_ID}/findings", headers=admin).json()
    name = next(f for f in findings if f["masked"] == "张**")
    client.put(f"/v1/privacy/findings/{name['id']}/decision", json={"decision": "allow"}, headers=admin)
    text = client.get(f"/v1/documents/{DOC_ID}").json()["text"]
    assert "张秀英" in text and ID_NUMBERS[0] not in text


def test_deleting_the_document_leaves_no_original_or_findings(masking: tuple[TestClient, Container],
                                                              admin: dict[str, str]) -> None:
    client, container = masking
    _upload(client, admin)
    assert client.delete(f"/v1/documents/{DOC_ID}", headers=admin).status_code == 204
    assert container.privacy.store.findings(DOC_ID) == [] and not container.privacy.store.has_original(DOC_ID)


CLEAN = "# 关于岳林街道2024年第三季度低保工作的通知\n\n各社区：\n\n一、低保标准按月发放。\n"


def _upload_clean(client: TestClient, admin: dict[str, str]) -> None:
    created = client.post("/v1/documents", files={"file": ("notice.md", CLEAN.encode())},
                          data={"metadata": json.dumps({"id": DOC_ID})}, headers=admin)
    assert created.status_code == 201, created.text


def test_a_new_title_with_personal_data_is_blocked_and_the_stored_title_kept(
        blocking: tuple[TestClient, Container], admin: dict[str, str]) -> None:
    client, _ = blocking
    _upload_clean(client, admin)
    before = client.get(f"/v1/documents/{DOC_ID}").json()["title"]
    renamed = client.patch(f"/v1/documents/{DOC_ID}", json={"title": f"低保对象公示（户主身份证号{ID_NUMBERS[1]}）"},
                           headers=admin)
    assert renamed.status_code == 422, renamed.text
    assert renamed.json()["error"]["code"] == "personal_data_found"
    assert ID_NUMBERS[1] not in renamed.text and "330283********3529" in renamed.json()["error"]["message"]
    assert client.get(f"/v1/documents/{DOC_ID}").json()["title"] == before
    assert all(ID_NUMBERS[1] not in body for body in _public_reads(client))


def test_a_new_title_is_published_masked_and_its_original_kept_for_admins(
        masking: tuple[TestClient, Container], admin: dict[str, str]) -> None:
    client, container = masking
    _upload(client, admin)  # the 公示 itself is published masked: its text's original is kept
    title = f"低保对象公示（联系电话{MOBILES[0]}，身份证{ID_NUMBERS[1]}）"
    renamed = client.patch(f"/v1/documents/{DOC_ID}", json={"title": title}, headers=admin)
    assert renamed.status_code == 200, renamed.text
    assert "138****2345" in renamed.json()["title"]
    assert all(MOBILES[0] not in body and ID_NUMBERS[1] not in body for body in _public_reads(client))
    original_title, original_text = container.privacy.store.original(DOC_ID)
    assert original_title == title and ID_NUMBERS[0] in original_text  # the text's original survives the rename
    fields = {f["field"] for f in client.get(f"/v1/privacy/documents/{DOC_ID}/findings", headers=admin).json()}
    assert fields == {"title", "text"}


def test_a_clean_new_title_passes_unchanged(blocking: tuple[TestClient, Container], admin: dict[str, str]) -> None:
    client, _ = blocking
    _upload_clean(client, admin)
    renamed = client.patch(f"/v1/documents/{DOC_ID}", json={"title": "岳林街道低保工作通知"}, headers=admin)
    assert renamed.status_code == 200 and renamed.json()["title"] == "岳林街道低保工作通知"
