"""Metadata read from the text of a policy: 文号, title, issuer, dates, validity and region."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from index.metadata import extract_metadata, parse_date, region_of
from index.models import AMENDED, EXPIRED, REPEALED
from index.parsing.cleaning import clean_text

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"


def sample_text(prefix: str) -> str:
    return clean_text(next(SAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))


NOTICE = """浙政办发[2020]5号
浙江省人民政府办公厅
关于加强政务公开工作的通知
各市、县（市、区）人民政府：
认真落实《国务院办公厅关于印发政府网站发展指引的通知》（国办发〔2017〕47号）。
浙江省人民政府办公厅
2020年3月2日
"""


def test_own_doc_number_stands_alone_in_the_header():
    meta = extract_metadata(NOTICE)
    assert meta.doc_number == "浙政办发〔2020〕5号"
    assert meta.title == "浙江省人民政府办公厅关于加强政务公开工作的通知"
    assert meta.issuer == "浙江省人民政府办公厅"
    assert meta.issued == date(2020, 3, 2)
    assert meta.region == "浙江省"


def test_doc_number_cited_in_the_body_is_not_the_documents_own():
    body_only = "关于政务公开的通知\n认真落实《通知》（国办发〔2017〕47号）。\n国办发〔2017〕47号要求。"
    assert extract_metadata(body_only).doc_number is None


@pytest.mark.parametrize("line, expected", [
    ("国办发〔2017〕47号", "国办发〔2017〕47号"),
    ("甬政发(2019)12号", "甬政发〔2019〕12号"),
    ("奉政办发（2018） 42号  签发人：张三", "奉政办发〔2018〕42号"),
])
def test_doc_number_brackets_are_normalised(line, expected):
    assert extract_metadata(f"{line}\n关于某事的通知\n正文。").doc_number == expected


def test_samples_issuer_title_and_dates():
    report = extract_metadata(sample_text("000"))
    assert report.title == "奉化区人民政府2020年政府信息公开工作年度报告"
    assert report.issuer == "奉化区人民政府"
    assert report.region == "浙江省宁波市奉化区"
    assert report.issued is None and report.doc_number is None
    assert extract_metadata(sample_text("001")).issuer == "宁波市镇海区人民政府"
    plan = extract_metadata(sample_text("002"))
    assert (plan.issuer, plan.issued) == ("杭州市拱墅区人民政府办公室", date(2020, 7, 29))
    assert plan.region == "浙江省杭州市拱墅区"


def test_sample_004_signature_not_the_printing_line():
    meta = extract_metadata(sample_text("004"))
    assert meta.issuer == "宁波市奉化区人民政府办公室"
    assert meta.issued == date(2018, 7, 31)
    assert meta.doc_number == "奉政办发〔2018〕42号"


def test_published_date_label_when_unsigned():
    assert extract_metadata("某区通知\n发布日期: 2021-11-05 09:00\n正文。").issued == date(2021, 11, 5)


@pytest.mark.parametrize("text, expected", [
    ("2018年7月31日", date(2018, 7, 31)),
    ("2020-07-29 10:31:46", date(2020, 7, 29)),
    ("2020/7/9", date(2020, 7, 9)),
    ("二〇一八年七月三十一日", date(2018, 7, 31)),
    ("二〇二〇年十二月十日", date(2020, 12, 10)),
    ("2020年13月1日", None),
    ("去年春天", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("【已废止】关于某事的通知\n正文。", REPEALED),
    ("关于某事的通知\n有效性：已失效\n正文。", EXPIRED),
    ("关于某事的通知\n有效性：失效\n正文。", EXPIRED),
    ("关于某事的通知\n正文。\n（已修改）", AMENDED),
    ("关于某办法的通知\n本办法施行后，《旧办法》同时废止，已失效的条款不再执行。", None),
])
def test_validity_marks(text, expected):
    assert extract_metadata(text).status == expected


@pytest.mark.parametrize("name, expected", [
    ("奉化区人民政府", "浙江省宁波市奉化区"),
    ("宁波市奉化区人民政府办公室", "浙江省宁波市奉化区"),
    ("杭州市拱墅区人民政府办公室", "浙江省杭州市拱墅区"),
    ("2022年鄞州区政务公开工作任务分解", "浙江省宁波市鄞州区"),
    ("宁波市人民政府", "浙江省宁波市"),
    ("江苏省南京市玄武区人民政府", "江苏省南京市玄武区"),
    ("国务院办公厅", None),
])
def test_region_of(name, expected):
    assert region_of(name) == expected
