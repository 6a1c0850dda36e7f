"""Per-person API tokens: `zhengce token create/list/revoke`, stored hashed, roles, every API write audited
with the token's owner; ZHENGCE_ADMIN_TOKEN keeps working. And `zhengce privacy scan` over stored documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from config import get_settings
from index.models import Policy
from service.cli import main
from service.container import Container
from tests.conftest import SAMPLES
from tests.index.privacy.samples import GONGSHI, ID_NUMBERS
from tests.service.test_documents_http import POLICY_MD, _upload


@pytest.fixture
def data_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ZHENGCE_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("ZHENGCE_EMBEDDER", "hashing")
    monkeypatch.setenv("ZHENGCE_INGEST_SAMPLES_ON_START", "false")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_token_commands_create_list_revoke_and_store_only_a_hash(data_env: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "create", "wang", "--role", "reviewer"]) == 0
    secret = capsys.readouterr().out.splitlines()[0]
    assert secret.startswith("zc_") and len(secret) > 40
    assert main(["token", "list"]) == 0
    listed = capsys.readouterr().out
    assert "wang\treviewer" in listed and "active" in listed and secret not in listed
    container = Container.build(get_settings())
    with container.engine.connect() as connection:
        rows = " ".join(repr(r) for r in connection.execute(text("SELECT * FROM api_tokens")))
    assert secret not in rows and secret[3:] not in rows
    assert container.tokens.resolve(secret) is not None
    assert main(["token", "revoke", "wang"]) == 0
    assert container.tokens.resolve(secret) is None
    assert main(["token", "create", "a/b", "--role", "admin"]) == 2
    container.close()


def test_roles_owners_in_the_audit_log_and_the_bootstrap_token(client: TestClient, container: Container,
                                                               admin: dict[str, str]) -> None:
    _, reviewer = container.tokens.create("li", "reviewer", "test")
    _, operator = container.tokens.create("push-bot", "push", "test")
    as_li, as_bot = {"Authorization": f"Bearer {reviewer}"}, {"Authorization": f"Bearer {operator}"}
    faq = client.post("/v1/faq", json={"question": "社保怎么交", "answer": "按月缴纳。"}, headers=as_li)
    assert faq.status_code == 201
    assert _upload(client, as_li, "m.md", POLICY_MD.encode()).status_code == 403  # a reviewer uploads nothing
    assert client.get("/v1/push/stats", headers=as_bot).status_code == 200
    assert client.delete("/v1/documents/x", headers=as_bot).status_code == 403
    assert _upload(client, admin, "m.md", POLICY_MD.encode()).status_code == 201  # the bootstrap token still works
    entries, _ = container.console.audit.list()
    writes = [(e.actor, e.action, e.target) for e in entries if e.action.startswith("api.")]
    assert ("api:li", "api.post", "/v1/faq") in writes
    assert ("api:bootstrap-admin", "api.post", "/v1/documents") in writes
    assert not [w for w in writes if w[0] == "api:push-bot"]  # refused writes are not writes


def test_privacy_scan_reports_stored_documents_and_masks_them(data_env: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    container = Container.build(get_settings())
    container.start(ingest_samples=False)
    container.ingestor.ingest_paths([SAMPLES])
    # stored before the check existed: put straight into the index
    container.index.put(Policy(id="old-gongshi", title="低保公示", text=GONGSHI),
                        container.ingestor.chunk(Policy(id="old-gongshi", title="低保公示", text=GONGSHI)))
    container.close()
    assert main(["privacy", "scan"]) == 1
    out = capsys.readouterr().out
    assert "old-gongshi" in out and "330283********0414" in out and ID_NUMBERS[0] not in out
    assert "1 个文档含有个人信息" in out
    assert main(["privacy", "scan", "--mask"]) == 0
    capsys.readouterr()
    container = Container.build(get_settings())
    stored = container.index.get_policy("old-gongshi").text
    assert ID_NUMBERS[0] not in stored and container.privacy.store.original("old-gongshi")[1] == GONGSHI
    container.close()
    assert main(["privacy", "scan"]) == 0
