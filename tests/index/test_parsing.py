"""Reading policy files: the sample corpus, front matter, every format, and files that must be refused."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest

from index.errors import CorruptDocument, DocumentError, UnsupportedFormat
from index.models import IN_FORCE, REPEALED
from index.parsing import SUPPORTED_SUFFIXES, read_policy

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def sample(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# --- the sample corpus -------------------------------------------------------------------------


def test_work_plan_004_reads_its_header_and_signature():
    policy = read_policy(sample("004"))
    assert policy.doc_number == "奉政办发〔2018〕42号"
    assert policy.issuer == "宁波市奉化区人民政府办公室"
    assert policy.issued == date(2018, 7, 31)
    assert "2018年宁波市奉化区政务公开工作要点及责任分工" in policy.title
    assert policy.region == "浙江省宁波市奉化区"
    assert policy.status == IN_FORCE


def test_web_page_002_keeps_one_copy_of_its_doubled_text():
    raw = sample("002").read_text(encoding="utf-8")
    policy = read_policy(sample("002"))
    assert raw.count("以公开促质量") == 2
    assert policy.text.count("以公开促质量") == 1
    assert policy.text.count("(三)强化监督考核") == 1
    assert "政府信息公开制度" not in policy.text  # site menu between the two copies
    assert policy.issuer == "杭州市拱墅区人民政府办公室"
    assert policy.issued == date(2020, 7, 29)


def test_annual_report_000_title_issuer_and_table_cells():
    policy = read_policy(sample("000"))
    assert "2020年政府信息公开工作年度报告" in policy.title
    assert policy.issuer in ("奉化区人民政府", "宁波市奉化区人民政府")
    assert "\n\t规范性文件\n\t27\n" in policy.text  # tabs and line structure survive cleaning
    assert "[bookmark" not in policy.text


def test_task_table_003_region_comes_from_its_title():
    policy = read_policy(sample("003"))
    assert policy.title == "2022年鄞州区政务公开工作任务分解"
    assert policy.region == "浙江省宁波市鄞州区"


def test_derived_id_is_stable_and_follows_the_doc_number():
    data = sample("004").read_bytes()
    first = read_policy(sample("004"))
    assert read_policy(sample("004")).id == first.id
    assert read_policy(Path("upload/renamed.txt"), data=data).id == first.id


def test_derived_id_without_doc_number_uses_title_and_file_name():
    data = sample("000").read_bytes()
    assert read_policy(Path("a/report.txt"), data=data).id == read_policy(Path("b/report.txt"), data=data).id
    assert read_policy(Path("report.txt"), data=data).id != read_policy(Path("other.txt"), data=data).id


# --- front matter ------------------------------------------------------------------------------

LAW = """---
id: law-gov-info
title: 中华人民共和国政府信息公开条例
doc_number: 国务院令第711号
issued: 2019-04-03
effective: 2019年5月15日
status: 现行有效
audience: 公民、法人, 其他组织
interprets: ""
collection: 国家法律法规数据库
tags: [公开, 条例]
---
## 第一章 总则
第一条 为了保障公民、法人和其他组织依法获取政府信息，制定本条例。
"""


def test_front_matter_fields_win_and_unknown_ones_go_to_extra(tmp_path):
    policy = read_policy(write(tmp_path, "law.md", LAW))
    assert policy.id == "law-gov-info"
    assert policy.title == "中华人民共和国政府信息公开条例"
    assert policy.doc_number == "国务院令第711号"
    assert (policy.issued, policy.effective) == (date(2019, 4, 3), date(2019, 5, 15))
    assert policy.audience == ["公民", "法人", "其他组织"]
    assert policy.interprets is None
    assert policy.extra == {"collection": "国家法律法规数据库", "tags": ["公开", "条例"]}
    assert policy.text.startswith("第一章 总则\n第一条 为了")


def test_front_matter_status_is_checked(tmp_path):
    repealed = read_policy(write(tmp_path, "old.md", "---\nstatus: 已废止\n---\n正文内容。"))
    assert repealed.status == REPEALED
    with pytest.raises(DocumentError) as raised:
        read_policy(write(tmp_path, "bad.md", "---\nstatus: 作废\n---\n正文内容。"))
    assert "作废" in str(raised.value) and "现行有效、已废止、已修改、历史版本" in str(raised.value)


def test_front_matter_bad_date_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="issued"):
        read_policy(write(tmp_path, "bad.md", "---\nissued: 去年春天\n---\n正文内容。"))


def test_markdown_without_front_matter_falls_back_to_file_name(tmp_path):
    policy = read_policy(write(tmp_path, "规定.md", "第一章 总则\n第一条 本规定适用于全区。"))
    assert policy.title == "规定"
    assert policy.id.startswith("doc-")


# --- other formats -----------------------------------------------------------------------------


def test_docx_paragraphs_and_table_rows_are_read(tmp_path):
    document = docx.Document()
    document.add_paragraph("宁波市奉化区人民政府办公室")
    document.add_paragraph("一、工作任务")
    table = document.add_table(rows=2, cols=3)
    texts = ["任务内容", "完成时限", "责任单位", "1.开展预算公开试点", "12月底前", "区财政局"]
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, texts, strict=True):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    policy = read_policy(write(tmp_path, "plan.docx", buffer.getvalue()))
    assert "一、工作任务" in policy.text
    assert "\t1.开展预算公开试点\n\t12月底前\n\t区财政局" in policy.text


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with `text` in Helvetica, its xref offsets computed."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_text_layer_is_read(tmp_path):
    policy = read_policy(write(tmp_path, "notice.pdf", minimal_pdf("Subsidy for small firms")))
    assert "Subsidy for small firms" in policy.text


def test_html_visible_text_tables_and_article_title(tmp_path):
    page = """<html><head><meta name="ArticleTitle" content="关于印发工作要点的通知">
    <script>var x = "不可见";</script></head><body><p>一、总体要求</p>
    <table><tr><td>任务</td><td>责任单位</td></tr></table></body></html>"""
    policy = read_policy(write(tmp_path, "page.html", page))
    assert policy.title == "关于印发工作要点的通知"
    assert "一、总体要求" in policy.text and "\t任务\n\t责任单位" in policy.text
    assert "不可见" not in policy.text


def test_html_declared_gb2312_charset_is_honoured(tmp_path):
    page = '<html><head><meta charset="gb2312"></head><body><p>关于印发工作要点的通知</p></body></html>'
    policy = read_policy(write(tmp_path, "page.htm", page.encode("gb18030")))
    assert policy.title == "关于印发工作要点的通知"


def test_gb18030_text_is_decoded(tmp_path):
    policy = read_policy(write(tmp_path, "old.txt", "奉化区人民政府\n关于某事的通知".encode("gb18030")))
    assert policy.issuer == "奉化区人民政府"


def test_upload_bytes_need_no_file(tmp_path):
    policy = read_policy(tmp_path / "never-written.txt", data="一、总则\n内容。".encode())
    assert "内容。" in policy.text


# --- refused files -----------------------------------------------------------------------------


@pytest.mark.parametrize("name, content", [
    ("image.txt", PNG_BYTES),
    ("random.txt", bytes(range(256)) * 4),
    ("broken.docx", b"PK\x03\x04 this is not a zip archive"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog"),
    ("image.md", PNG_BYTES),
])
def test_bytes_that_are_not_the_promised_format_are_corrupt(tmp_path, name, content):
    with pytest.raises(CorruptDocument):
        read_policy(write(tmp_path, name, content))


@pytest.mark.parametrize("name, content", [
    ("blank.txt", " \n\t\n\u3000\n"),
    ("empty.md", "---\ntitle: 空\n---\n"),
])
def test_document_without_text_is_corrupt(tmp_path, name, content):
    with pytest.raises(CorruptDocument, match="文档没有可读的文字"):
        read_policy(write(tmp_path, name, content))


def test_unsupported_suffix_names_the_supported_ones(tmp_path):
    with pytest.raises(UnsupportedFormat) as raised:
        read_policy(write(tmp_path, "setup.exe", b"MZ\x90\x00"))
    assert raised.value.suffix == ".exe"
    assert all(suffix in str(raised.value) for suffix in SUPPORTED_SUFFIXES)


def test_missing_file_is_a_document_error(tmp_path):
    with pytest.raises(DocumentError):
        read_policy(tmp_path / "missing.txt")
