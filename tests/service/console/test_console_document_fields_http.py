"""The console document page: fields read from published documents, where each came from, and editing
the fields issue 9 adds (有效期至, 文种, 废止/修改的文件)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from index.parsing import read_policy
from service.container import Container
from tests.index.test_parsing_bad_input import FIXTURES
from tests.service.console.conftest import post_form


def _ingest(container: Container, name: str) -> str:
    policy = read_policy(FIXTURES / name)
    container.ingestor.ingest_policy(policy)
    return policy.id


def test_document_page_shows_read_fields_with_their_source(admin_web: TestClient,
                                                           console_container: Container) -> None:
    doc_id = _ingest(console_container, "fh_jiuye_butie.docx")
    page = admin_web.get(f"/console/documents/{doc_id}").text
    assert 'name="expires" value="2027-03-31"' in page and 'name="doc_type" value="通知"' in page
    assert "奉政办发〔2019〕21号 | 原《奉化区大学生就业补贴暂行办法》（奉政办发〔2019〕21号）同时废止。" in page
    assert page.count("正文识别") >= 8 and "人工设置</span>" not in page


def test_staff_edit_of_new_fields_is_stored_and_marked(admin_web: TestClient, console_container: Container) -> None:
    doc_id = _ingest(console_container, "fh_jiuye_butie.docx")
    before = console_container.index.get_policy(doc_id)
    form = {"title": before.title, "status": before.status, "expires": "2026-12-31", "doc_type": "办法",
            "repeals": "奉政办发〔2019〕21号 | 原办法同时废止\n奉政办发〔2020〕3号", "amends": ""}
    response = post_form(admin_web, f"/console/documents/{doc_id}", f"/console/documents/{doc_id}", form)
    assert response.status_code == 303
    after = console_container.index.get_policy(doc_id)
    assert str(after.expires) == "2026-12-31" and after.doc_type == "办法"
    assert after.repeals == [{"target": "奉政办发〔2019〕21号", "sentence": "原办法同时废止"},
                             {"target": "奉政办发〔2020〕3号", "sentence": ""}]
    assert after.provenance["expires"] == after.provenance["repeals"] == "staff"
    assert after.provenance["doc_number"] == "text"
    assert "人工设置" in admin_web.get(f"/console/documents/{doc_id}").text


def test_documents_list_filters_by_doc_type(admin_web: TestClient, console_container: Container) -> None:
    _ingest(console_container, "fh_jiedu_jiuye.pdf")
    _ingest(console_container, "fh_jiuye_butie.docx")
    page = admin_web.get("/console/documents", params={"doc_type": "解读"}).text
    assert "的政策解读" in page and "就业创业补贴实施办法的通知" not in page


def test_saving_the_whole_form_marks_only_changed_fields(admin_web: TestClient, console_container: Container) -> None:
    doc_id = _ingest(console_container, "fh_portal_zhengwu.html")
    page = f"/console/documents/{doc_id}"
    policy = console_container.index.get_policy(doc_id)
    form = {"title": policy.title, "doc_number": policy.doc_number, "issuer": policy.issuer,
            "issued": str(policy.issued), "effective": str(policy.effective), "expires": "", "status": policy.status,
            "category": "", "region": policy.region, "audience": "", "url": "", "interprets": "",
            "doc_type": "通知", "repeals": "", "amends": ""}
    post_form(admin_web, page, page, {**form, "issuer": "宁波市奉化区人民政府"})
    provenance = console_container.index.get_policy(doc_id).provenance
    assert provenance["issuer"] == "staff"
    assert provenance["title"] == provenance["effective"] == provenance["doc_type"] == "text"
