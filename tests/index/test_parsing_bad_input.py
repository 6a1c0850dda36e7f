"""Files that cannot be read: each is refused with a message naming the problem, and a folder ingest
skips it and stores the rest."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from index.errors import ArchiveTooLarge, CorruptDocument
from index.parsing import read_policy
from index.parsing.registry import READERS
from service.container import Container

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
PRINTED_PDF = FIXTURES / "zh_zhufang_gongjijin.pdf"
OFD = FIXTURES / "fh_xiaofang_anquan.ofd"


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(PRINTED_PDF))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(buffer, "PDF")
    return buffer.getvalue()


def rezipped(source: Path, replace: dict[str, bytes | None]) -> bytes:
    """The archive at `source` with members replaced (or removed, for None)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename not in replace:
                new.writestr(item, old.read(item))
        for name, data in replace.items():
            if data is not None:
                new.writestr(name, data)
    return buffer.getvalue()


def test_encrypted_pdf_is_refused_as_encrypted():
    with pytest.raises(CorruptDocument, match="加密"):
        read_policy(Path("locked.pdf"), data=encrypted_pdf())


def test_scanned_pdf_without_text_layer_asks_for_ocr():
    with pytest.raises(CorruptDocument, match="OCR"):
        read_policy(Path("scan.pdf"), data=scanned_pdf())


@pytest.mark.parametrize("data, problem", [
    (b"not a zip at all", "zip"),
    (rezipped(OFD, {"OFD.xml": None}), "OFD"),
    (rezipped(OFD, {"OFD.xml": b"<ofd:OFD><unclosed"}), "OFD"),
    (rezipped(OFD, {"Doc_0/Pages/Page_0/Content.xml": None}), "OFD"),
])
def test_malformed_ofd_is_refused(data, problem):
    with pytest.raises(CorruptDocument, match=problem):
        read_policy(Path("bad.ofd"), data=data)


def test_ofd_xml_entities_are_not_expanded():
    evil = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
            '<ofd:TextObject Boundary="20 20 100 7" Size="5"><ofd:TextCode X="0" Y="5">&x;正文</ofd:TextCode>'
            "</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>").encode()
    policy = read_policy(Path("evil.ofd"), data=rezipped(OFD, {"Doc_0/Pages/Page_0/Content.xml": evil}))
    assert "root:" not in policy.text


def test_docx_that_unpacks_past_the_limit_is_refused_unopened():
    bomb = rezipped(FIXTURES / "fh_jiuye_butie.docx", {"word/media/padding.bin": bytes(3 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(ArchiveTooLarge, match="max_unpacked_bytes"):
        read_policy(Path("bomb.docx"), data=bomb, max_unpacked_bytes=2 * 1024 * 1024)
    assert read_policy(Path("bomb.docx"), data=bomb, max_unpacked_bytes=8 * 1024 * 1024).doc_number


@pytest.mark.parametrize("front_matter", ["issued: 2024-02-30", "issued: 去年春天", "title: [unclosed"])
def test_folder_ingest_skips_a_bad_file_and_stores_the_rest(container: Container, tmp_path: Path, front_matter):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "bad.md").write_text(f"---\n{front_matter}\n---\n正文内容。\n", encoding="utf-8")
    (folder / "locked.pdf").write_bytes(encrypted_pdf())
    for name in ("fh_jiuye_butie.docx", "fh_portal_zhengwu.html", "fh_xiaofang_anquan.ofd"):
        shutil.copy(FIXTURES / name, folder / name)
    report = container.ingestor.ingest_paths([folder])
    assert sorted(Path(path).name for path in report.failed) == ["bad.md", "locked.pdf"]
    assert "加密" in report.failed[str(folder / "locked.pdf")]
    assert len(report.added) == 3 and container.index.counts()[0] == 3


def test_a_reader_bug_on_one_file_is_reported_and_the_rest_stored(container: Container, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch):
    def broken_reader(data: bytes, source: str) -> object:
        raise RuntimeError("reader bug")

    monkeypatch.setitem(READERS, ".txt", broken_reader)
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a.txt").write_text("关于某事的通知\n正文。", encoding="utf-8")
    shutil.copy(FIXTURES / "fh_jiuye_butie.docx", folder / "b.docx")
    report = container.ingestor.ingest_paths([folder])
    assert "RuntimeError" in report.failed[str(folder / "a.txt")] and len(report.added) == 1
