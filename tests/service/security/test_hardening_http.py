"""Bad input is a 4xx with a message, never a 500: what a fuzzer found, one case each."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient

from index.models import Policy
from service.container import Container
from tests.service.test_documents_http import POLICY_MD, _upload


def test_lone_surrogates_are_refused(client: TestClient, admin: dict[str, str]) -> None:
    raw = b'{"question": "\\ud800\\u793e\\u4fdd"}'
    for path in ("/v1/ask", "/v1/search"):
        response = client.post(path, content=raw.replace(b"question", b"query" if "search" in path else b"question"),
                               headers={"content-type": "application/json"})
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_text", path
    meta = client.post("/v1/documents", files={"file": ("m.md", POLICY_MD.encode())},
                       data={"metadata": '{"title": "\\udc80"}'}, headers=admin)
    assert meta.status_code == 422


@pytest.mark.parametrize("path", [
    "/v1/documents?offset=18446744073709551616", "/v1/documents?limit=100000", "/v1/documents?offset=-1",
    "/v1/faq?offset=99999999999999999999999", "/v1/subscribers?limit=0",
    "/v1/subscribers/x/recommendations?limit=100000",
])
def test_paging_out_of_bounds_is_422(client: TestClient, admin: dict[str, str], path: str) -> None:
    assert client.get(path, headers=admin).status_code == 422


def test_ids_past_64_bits_and_unknown_ids(client: TestClient, admin: dict[str, str]) -> None:
    assert client.delete("/v1/faq/18446744073709551616", headers=admin).status_code == 422
    assert client.delete("/v1/faq/424242", headers=admin).status_code == 404
    assert client.get("/v1/subscribers/nobody/recommendations", headers=admin).status_code == 404
    assert client.put("/v1/privacy/findings/9223372036854775808/decision", json={"decision": "mask"},
                      headers=admin).status_code == 422


def test_front_matter_of_any_yaml_type(client: TestClient, admin: dict[str, str]) -> None:
    odd = POLICY_MD.replace("来源栏目: 政策文件",
                            "来源栏目: 2024-01-02\n附件: !!binary aGVsbG8=\n权重: .nan\n标签: {a: [1, 2024-05-06]}")
    created = _upload(client, admin, "odd.md", odd.encode())
    assert created.status_code == 201, created.text
    assert created.json()["extra"] == {"来源栏目": "2024-01-02", "附件": "b'hello'", "权重": "nan",
                                       "标签": {"a": [1, "2024-05-06"]}}
    bad_date = _upload(client, admin, "bad.md", POLICY_MD.replace("issued: 2023-03-01", "issued: 2024-13-45").encode())
    assert bad_date.status_code == 422 and "YAML" in bad_date.json()["error"]["message"]


def test_null_for_a_required_field_is_422(client: TestClient, admin: dict[str, str]) -> None:
    _upload(client, admin, "m.md", POLICY_MD.encode())
    response = client.patch("/v1/documents/fh-2023-07", json={"title": None}, headers=admin)
    assert response.status_code == 422 and "title" in response.json()["error"]["message"]
    assert client.get("/v1/documents/fh-2023-07").json()["title"].startswith("奉化区")


def test_push_paths_without_subscribers(client: TestClient, admin: dict[str, str]) -> None:
    _upload(client, admin, "m.md", POLICY_MD.encode())
    candidates = client.get("/v1/policies/fh-2023-07/candidates", headers=admin)
    assert candidates.status_code == 200 and candidates.json()["candidates"] == []
    run = client.post("/v1/push/run", headers=admin)
    assert run.status_code == 202 and run.json()["messages"] == 0


def _docx_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * (100 * 1024 * 1024) + "</w:document>")
    return buffer.getvalue()


def test_a_docx_that_expands_too_far_is_refused(client: TestClient, admin: dict[str, str]) -> None:
    bomb = _docx_bomb()
    assert len(bomb) < 1024 * 1024
    response = _upload(client, admin, "bomb.docx", bomb)
    assert response.status_code == 422 and "压缩炸弹" in response.json()["error"]["message"]


def test_only_web_urls(client: TestClient, admin: dict[str, str], container: Container) -> None:
    bad = _upload(client, admin, "m.md", POLICY_MD.encode(), {"url": "javascript:alert(1)"})
    assert bad.status_code == 422
    scripted = POLICY_MD.replace("来源栏目", "url: 'javascript:alert(1)'\n来源栏目")
    front = _upload(client, admin, "m.md", scripted.encode())
    assert front.status_code == 422
    # a document stored before the check: the page and the answers never link it
    container.ingestor.ingest_policy(Policy(id="old", title="旧文件", text="第一条 内容。", url="javascript:alert(1)"))
    assert "javascript:" not in client.get("/policies/old").text


def test_unsafe_ids_are_refused_at_creation(client: TestClient, admin: dict[str, str]) -> None:
    for doc_id in ("a/b", "..", "x?y", "a b"):
        response = _upload(client, admin, "m.md", POLICY_MD.encode(), {"id": doc_id})
        assert response.status_code == 422, doc_id
    assert _upload(client, admin, "m.md", POLICY_MD.encode(), {"id": "奉政发〔2023〕7号"}).status_code == 201


def test_every_html_page_has_csp_and_security_headers(client: TestClient, container: Container) -> None:
    container.ingestor.ingest_policy(Policy(id="p1", title="通知", text="第一条 内容。"))
    for path in ("/policies/p1", "/policies/missing", "/unsubscribe/nope", "/console/login", "/docs"):
        response = client.get(path)
        assert response.headers["content-type"].startswith("text/html"), path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["x-frame-options"] == "DENY", path
    assert "'unsafe-inline'" not in client.get("/policies/p1").headers["content-security-policy"]


def test_405_names_the_allowed_methods(client: TestClient) -> None:
    response = client.put("/v1/search", json={})
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert response.json()["error"]["message"] == "不支持该请求方法"


def test_openapi_describes_errors_per_route_and_the_bearer_scheme(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    bearer = schema["components"]["securitySchemes"]["bearer"]
    assert bearer["type"] == "http" and bearer["scheme"] == "bearer"
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    delete = schema["paths"]["/v1/documents/{doc_id}"]["delete"]
    assert delete["security"] == [{"bearer": []}]
    assert {"401", "403", "404", "422"} <= set(delete["responses"])
    error_schema = delete["responses"]["404"]["content"]["application/json"]["schema"]
    assert error_schema == {"$ref": "#/components/schemas/ErrorBody"}
    ask = schema["paths"]["/v1/ask"]["post"]
    assert "security" not in ask and {"400", "413", "422", "429"} <= set(ask["responses"])
    assert json.dumps(schema, ensure_ascii=False).count("ErrorBody") > 50
