"""`/v1/documents` with documents as offices publish them: fields, provenance, doc_type filter, bad files."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from service.container import Container
from tests.index.test_parsing_bad_input import FIXTURES, OFD, encrypted_pdf, rezipped, scanned_pdf


def _upload(client: TestClient, headers: dict[str, str], name: str, data: bytes, meta: dict | None = None):  # type: ignore[no-untyped-def]
    form = {"metadata": json.dumps(meta, ensure_ascii=False)} if meta else None
    return client.post("/v1/documents", files={"file": (name, data)}, data=form, headers=headers)


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_portal_page_fields_and_their_provenance(client: TestClient, admin: dict[str, str]) -> None:
    created = _upload(client, admin, "page.html", _fixture("yz_portal_zhufang.html"), {"category": "人才"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["doc_number"] == "鄞政办发〔2023〕56号" and body["doc_type"] == "通知"
    assert (body["effective"], body["expires"]) == ("2024-01-01", "2028-12-31")
    assert body["repeals"][0]["target"] == "鄞政办发〔2019〕88号" and "同时废止" in body["repeals"][0]["sentence"]
    assert body["provenance"]["expires"] == "text" and body["provenance"]["category"] == "staff"
    patched = client.patch(f"/v1/documents/{body['id']}", json={"expires": "2027-12-31"}, headers=admin).json()
    assert patched["expires"] == "2027-12-31" and patched["provenance"]["expires"] == "staff"


def test_doc_type_filters_the_list_and_search(client: TestClient, admin: dict[str, str]) -> None:
    for name in ("fh_jiuye_butie.docx", "fh_jiedu_jiuye.pdf", "fh_xiaofang_anquan.ofd"):
        assert _upload(client, admin, name, _fixture(name)).status_code == 201
    listed = client.get("/v1/documents", params={"doc_type": "解读"}).json()
    assert [item["title"] for item in listed["items"]] == ["关于《奉化区高校毕业生就业创业补贴实施办法》的政策解读"]
    assert listed["items"][0]["interprets"] == "奉政办发〔2024〕7号"
    hits = client.post("/v1/search", json={"query": "高校毕业生就业补贴", "top_k": 10,
                                           "filters": {"doc_type": "通知"}}).json()["results"]
    assert hits and {hit["doc_id"] for hit in hits} <= {
        item["id"] for item in client.get("/v1/documents", params={"doc_type": "通知"}).json()["items"]}


def test_unreadable_files_get_a_4xx_naming_the_problem_and_nothing_is_stored(
        client: TestClient, admin: dict[str, str], container: Container) -> None:
    container.ingestor.max_unpacked_bytes = 1024 * 1024
    bomb = rezipped(FIXTURES / "fh_jiuye_butie.docx", {"word/media/padding.bin": bytes(2 * 1024 * 1024)})
    cases = {
        "locked.pdf": (encrypted_pdf(), 422, "加密"),
        "scan.pdf": (scanned_pdf(), 422, "OCR"),
        "broken.ofd": (rezipped(OFD, {"OFD.xml": b"<unclosed"}), 422, "OFD"),
        "bomb.docx": (bomb, 413, "max_unpacked_bytes"),
    }
    for name, (data, status, problem) in cases.items():
        response = _upload(client, admin, name, data)
        assert response.status_code == status, (name, response.text)
        assert problem in response.json()["error"]["message"], name
    assert client.get("/v1/documents").json()["total"] == 0
