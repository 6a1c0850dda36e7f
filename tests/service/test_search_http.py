"""`/v1/search`, `/healthz` and the body limits over HTTP (fake embedder, sample corpus)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from service.container import Container


def test_health_reports_counts(client: TestClient, sample_container: Container) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["documents"] == 5
    assert body["chunks"] == body["indexed_vectors"] > 50


def test_search_returns_the_documented_fields(client: TestClient, sample_container: Container) -> None:
    response = client.post("/v1/search", json={"query": "依申请公开办结", "top_k": 3})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 3
    assert {"doc_id", "title", "doc_number", "issuer", "status", "section", "text", "score"} <= set(results[0])
    assert all(r["status"] == "现行有效" for r in results)


def test_repealed_documents_leave_results_at_once_and_return_on_request(
    client: TestClient, sample_container: Container, admin: dict[str, str]
) -> None:
    query = {"query": "奉政办发〔2018〕42号 政务公开工作要点及责任分工", "top_k": 10}
    hits = client.post("/v1/search", json=query).json()["results"]
    doc_id = next(r["doc_id"] for r in hits if r["doc_number"] == "奉政办发〔2018〕42号")
    assert client.patch(f"/v1/documents/{doc_id}", json={"status": "已废止"}, headers=admin).status_code == 200
    after = client.post("/v1/search", json=query).json()["results"]
    assert doc_id not in {r["doc_id"] for r in after}
    everything = client.post("/v1/search", json={**query, "filters": {"include_all_statuses": True}}).json()["results"]
    assert doc_id in {r["doc_id"] for r in everything}


def test_filters_by_issuer(client: TestClient, sample_container: Container) -> None:
    body = {"query": "政务公开", "top_k": 5, "filters": {"issuer": "拱墅"}}
    results = client.post("/v1/search", json=body).json()["results"]
    assert results and all("拱墅" in r["issuer"] for r in results)


def test_bad_queries_get_clear_4xx(client: TestClient, sample_container: Container) -> None:
    empty = client.post("/v1/search", json={"query": "   "})
    assert empty.status_code == 422 and "不能为空" in empty.json()["error"]["message"]
    long = client.post("/v1/search", json={"query": "政" * 600})
    assert long.status_code == 422 and "过长" in long.json()["error"]["message"]
    huge = client.post("/v1/search", json={"query": "政" * (10 * 1024 * 1024 // 3)})
    assert huge.status_code == 413 and "过大" in huge.json()["error"]["message"]
    malformed = client.post("/v1/search", content=b"{not json", headers={"content-type": "application/json"})
    assert malformed.status_code == 422
    assert client.post("/v1/search", json={"query": "x", "top_k": 0}).status_code == 422
    bad_status = client.post("/v1/search", json={"query": "x", "filters": {"status": ["作废"]}})
    assert bad_status.status_code == 422 and "有效性" in bad_status.json()["error"]["message"]
    assert client.get("/healthz").json()["documents"] == 5
