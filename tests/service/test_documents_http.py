"""`/v1/documents`: admin token, upload, bad files, delete — and nothing stored is lost."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from service.container import Container

POLICY_MD = """---
id: fh-2023-07
title: 奉化区支持小微企业吸纳高校毕业生就业的若干措施
doc_number: 奉政发〔2023〕7号
issuer: 宁波市奉化区人民政府
issued: 2023-03-01
audience: [小微企业, 高校毕业生]
来源栏目: 政策文件
---
第一条 为鼓励小微企业吸纳高校毕业生就业，制定本措施。
第二条 小微企业招用毕业两年内高校毕业生，签订一年以上劳动合同并缴纳社会保险的，给予每人3000元一次性补贴。
"""


def _upload(client: TestClient, headers: dict[str, str], name: str, data: bytes, meta: dict | None = None):  # type: ignore[no-untyped-def]
    files = {"file": (name, data)}
    form = {"metadata": json.dumps(meta, ensure_ascii=False)} if meta else None
    return client.post("/v1/documents", files=files, data=form, headers=headers)


def test_admin_endpoints_need_the_token(client: TestClient) -> None:
    assert _upload(client, {}, "a.md", POLICY_MD.encode()).status_code == 401
    wrong = _upload(client, {"Authorization": "Bearer nope"}, "a.md", POLICY_MD.encode())
    assert wrong.status_code == 401 and "令牌" in wrong.json()["error"]["message"]
    assert client.delete("/v1/documents/x").status_code == 401


def test_without_a_configured_token_admin_is_refused(container: Container) -> None:
    from service.app import create_app

    container.settings.admin_token = None
    with TestClient(create_app(container=container)) as bare:
        response = _upload(bare, {"Authorization": "Bearer "}, "a.md", POLICY_MD.encode())
    assert response.status_code == 403 and "ZHENGCE_ADMIN_TOKEN" in response.json()["error"]["message"]


def test_upload_then_read_search_and_delete(client: TestClient, admin: dict[str, str]) -> None:
    created = _upload(client, admin, "m.md", POLICY_MD.encode())
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["id"] == "fh-2023-07" and body["doc_number"] == "奉政发〔2023〕7号"
    assert body["extra"] == {"来源栏目": "政策文件"} and body["audience"] == ["小微企业", "高校毕业生"]
    one = client.get("/v1/documents/fh-2023-07").json()
    assert [c["section"] for c in one["chunks"]] == ["第一条", "第二条"]
    hits = client.post("/v1/search", json={"query": "招高校毕业生的补贴", "top_k": 1}).json()["results"]
    assert hits[0]["doc_id"] == "fh-2023-07" and hits[0]["section"] == "第二条"
    assert client.delete("/v1/documents/fh-2023-07", headers=admin).status_code == 204
    assert client.get("/v1/documents/fh-2023-07").status_code == 404
    assert client.post("/v1/search", json={"query": "招高校毕业生的补贴"}).json()["results"] == []


def test_metadata_form_field_overrides_the_file(client: TestClient, admin: dict[str, str]) -> None:
    response = _upload(client, admin, "m.md", POLICY_MD.encode(), {"status": "已废止", "id": "custom"})
    assert response.status_code == 201
    assert response.json()["id"] == "custom" and response.json()["status"] == "已废止"
    bad = _upload(client, admin, "m.md", POLICY_MD.encode(), {"status": "作废"})
    assert bad.status_code == 422


def test_bad_files_are_refused_and_the_index_stays(client: TestClient, admin: dict[str, str]) -> None:
    assert _upload(client, admin, "m.md", POLICY_MD.encode()).status_code == 201
    cases = {
        "virus.exe": b"MZ\x90\x00",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "broken.docx": b"PK\x03\x04 not really a zip",
        "broken.pdf": b"%PDF-1.4 garbage",
    }
    for name, data in cases.items():
        response = _upload(client, admin, name, data)
        assert response.status_code == 422, (name, response.text)
        assert response.json()["error"]["message"], name
    assert client.get("/v1/documents").json()["total"] == 1
    hits = client.post("/v1/search", json={"query": "小微企业吸纳高校毕业生"}).json()["results"]
    assert hits and hits[0]["doc_id"] == "fh-2023-07"


def test_oversized_upload_gets_413(client: TestClient, admin: dict[str, str], container: Container) -> None:
    limit = container.settings.max_upload_bytes
    response = _upload(client, admin, "big.txt", "政".encode() * (limit // 3 + 200_000))
    assert response.status_code == 413


def test_unknown_document_and_bad_patch(client: TestClient, admin: dict[str, str]) -> None:
    missing = client.get("/v1/documents/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]["message"]
    _upload(client, admin, "m.md", POLICY_MD.encode())
    assert client.patch("/v1/documents/fh-2023-07", json={"text": "x"}, headers=admin).status_code == 422
    assert client.patch("/v1/documents/fh-2023-07", json={"status": "作废"}, headers=admin).status_code == 422
    assert client.get("/v1/documents/fh-2023-07").json()["status"] == "现行有效"
