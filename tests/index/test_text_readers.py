"""Dates, terms, relations and kinds read from a document's own words, near misses included."""

from __future__ import annotations

from datetime import date

import pytest

from index.cn_dates import parse_count, parse_date, term_end
from index.doc_types import doc_type_of
from index.metadata import extract_metadata
from index.parsing.layout import Line, TableBlock, paragraphs
from index.text_relations import find_amends, find_interprets, find_repeals
from index.text_terms import find_effective, find_expires

ISSUED = date(2024, 3, 5)


@pytest.mark.parametrize("text, expected", [
    ("二〇二四年三月五日", date(2024, 3, 5)),
    ("二零二四年十二月三十一日", date(2024, 12, 31)),
    ("二〇二四年 三月 二十五日", date(2024, 3, 25)),
    ("2024 年 3 月 5 日", date(2024, 3, 5)),
    ("２０２４年３月５日", date(2024, 3, 5)),
    ("2024.3.5", date(2024, 3, 5)),
    ("2024年2月30日", None),
    ("电话 0574-88512345", None),
])
def test_chinese_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("numeral, expected", [("3", 3), ("三", 3), ("十", 10), ("十二", 12), ("二十五", 25),
                                               ("两", 2), ("二〇二四", 2024), ("多", None)])
def test_counts(numeral, expected):
    assert parse_count(numeral) == expected


@pytest.mark.parametrize("start, years, months, end", [
    (date(2024, 1, 1), 3, 0, date(2026, 12, 31)),
    (date(2024, 4, 1), 3, 0, date(2027, 3, 31)),
    (date(2024, 2, 29), 3, 0, date(2027, 2, 27)),
    (date(2024, 7, 1), 0, 18, date(2025, 12, 31)),
])
def test_term_end_is_the_day_before_the_anniversary(start, years, months, end):
    assert term_end(start, years=years, months=months) == end


@pytest.mark.parametrize("text, expected", [
    ("本办法自2024年4月1日起施行。", date(2024, 4, 1)),
    ("本通知自印发之日起施行。", ISSUED),
    ("本决定自公布之日起施行。", ISSUED),
    ("本办法自印发之日起30日后施行。", date(2024, 4, 4)),
    ("第二十条 自二〇二四年五月一日起实施，有效期5年。", date(2024, 5, 1)),
    ("施行日期：2024年6月1日", date(2024, 6, 1)),
    # near misses: a subsidy paid from a date, a licence's term
    ("补贴自2024年1月1日起发放。", None),
    ("企业自取得许可证之日起施行备案制度的，按规定办理。", None),
])
def test_effective(text, expected):
    assert find_effective(text, ISSUED) == expected


@pytest.mark.parametrize("text, effective, expected", [
    ("本办法自2024年4月1日起施行，有效期至2026年3月31日。", date(2024, 4, 1), date(2026, 3, 31)),
    ("本办法自2024年4月1日起施行，有效期3年。", date(2024, 4, 1), date(2027, 3, 31)),
    ("本细则有效期为两年。", date(2024, 7, 1), date(2026, 6, 30)),
    ("本方案有效期18个月。", date(2024, 7, 1), date(2025, 12, 31)),
    ("本政策有效期自2024年1月1日起至2025年12月31日止。", None, date(2025, 12, 31)),
    ("第三十条 本办法自2024年1月1日起施行，有效期5年", date(2024, 1, 1), date(2028, 12, 31)),
    # near misses: a certificate's term, another document's extended term
    ("职业技能等级证书有效期3年。", date(2024, 1, 1), None),
    ("《某办法》（镇政发〔2021〕6号）有效期延长至2026年12月31日。", date(2024, 1, 1), None),
])
def test_expires(text, effective, expected):
    assert find_expires(text, effective, ISSUED) == expected


def test_expires_counts_from_issued_when_no_effective_date():
    assert find_expires("本通知有效期2年。", None, ISSUED) == date(2026, 3, 4)


def test_repeals_with_numbers_titles_and_near_misses():
    text = ("本办法自2024年1月1日起施行。原《某区就业补贴暂行办法》（某政办发〔2019〕21号）同时废止。"
            "2016年印发的《某区创业扶持办法》一并废止。根据《中华人民共和国就业促进法》制定本办法。")
    assert [r["target"] for r in find_repeals(text)] == ["某政办发〔2019〕21号", "某区创业扶持办法"]
    assert find_repeals("已废止的文件不再适用。依据《某条例》废止的事项另行公告") == []


def test_amends_from_title_and_sentence():
    [from_title] = find_amends("某区人民政府关于修改《某区住房管理办法》的决定", "")
    assert from_title["target"] == "某区住房管理办法"
    [from_text] = find_amends("决定", "决定对《某办法》（某政发(2020)11号）作如下修改：")
    assert from_text["target"] == "某政发〔2020〕11号"
    assert find_amends("通知", "《某条例》（2019年修订）规定的事项。") == []


@pytest.mark.parametrize("title, text, expected", [
    ("关于《某区就业补贴办法》的政策解读", "区政府印发了《某区就业补贴办法》（某政办发〔2024〕7号）。",
     "某政办发〔2024〕7号"),
    ("《某区就业补贴办法》政策解读", "", "某区就业补贴办法"),
    ("图解：《某区就业补贴办法》", "", "某区就业补贴办法"),
    ("一图读懂《某区就业补贴办法》", "", "某区就业补贴办法"),
    ("某区人民政府关于印发《某区就业补贴办法》的通知", "", None),
])
def test_interprets(title, text, expected):
    assert find_interprets(title, text) == expected


@pytest.mark.parametrize("title, expected", [
    ("某区人民政府关于印发《某区就业补贴办法》的通知", "通知"),
    ("某区就业补贴暂行办法", "办法"),
    ("某区实施细则（试行）", "细则"),
    ("关于《某办法》的政策解读", "解读"),
    ("一图读懂《某办法》", "图解"),
    ("某区2023年政府信息公开工作年度报告", "年度报告"),
    ("2024年政务公开工作要点", "工作要点"),
    ("研发费用补助名单公示", "公示"),
    ("某区人民政府", None),
])
def test_doc_type(title, expected):
    assert doc_type_of(title) == expected


def test_interpretation_does_not_take_the_policys_issuer_dates_or_repeals():
    text = ("关于《宁波市奉化区人民政府办公室关于就业补贴的通知》的政策解读\n"
            "一、出台背景\n原《旧办法》（奉政办发〔2019〕21号）同时废止。本通知自2024年4月1日起施行，有效期3年。")
    meta = extract_metadata(text)
    assert meta.doc_type == "解读" and meta.issuer is None
    assert meta.repeals is None and meta.effective is None and meta.expires is None
    assert meta.interprets == "宁波市奉化区人民政府办公室关于就业补贴的通知"


def test_red_header_is_the_issuer_not_the_title():
    text = ("ZJBC01-2024-0012\n宁 波 市 奉 化 区 人 民 政 府 文 件\n\n奉政发〔2024〕3号\n\n"
            "《奉化区某办法》实施\n细则的通知\n\n各镇人民政府：\n正文。")
    meta = extract_metadata(text)
    assert meta.title == "《奉化区某办法》实施细则的通知"
    assert meta.issuer == "宁波市奉化区人民政府" and meta.doc_number == "奉政发〔2024〕3号"


def test_gazette_number_after_the_title():
    meta = extract_metadata("某区人民政府关于某事的通知\n（某政发〔2024〕3号）\n\n正文。")
    assert meta.title == "某区人民政府关于某事的通知" and meta.doc_number == "某政发〔2024〕3号"


def line(text: str, x0: float, x1: float, top: float) -> Line:
    return Line(text, x0, x1, top, 16)


def test_wrapped_lines_join_without_breaking_words_or_numbers():
    pages: list[list[Line | TableBlock]] = [[
        line("第一条 对在我区就业的高校毕业生，按每月20", 80, 500, 100),
        line("24年标准给予补贴。", 80, 240, 120),
        line("第二条 本办法自发布之日起施行。", 80, 350, 140),
        line("— 1 —", 280, 320, 800),
    ], [
        line("Subsidy for small busi", 80, 498, 100),
        line("ness owners.", 80, 200, 120),
    ]]
    assert paragraphs(pages) == ("第一条 对在我区就业的高校毕业生，按每月2024年标准给予补贴。\n"
                                 "第二条 本办法自发布之日起施行。\nSubsidy for small busi ness owners.")


def test_full_line_ending_a_sentence_before_an_indented_line_ends_the_paragraph():
    pages: list[list[Line | TableBlock]] = [[
        line("现将有关事项通知如下，请认真贯彻执行，确保落实到位。", 80, 500, 100),
        line("各单位要高度重视。", 112, 260, 120),
    ]]
    assert paragraphs(pages) == "现将有关事项通知如下，请认真贯彻执行，确保落实到位。\n各单位要高度重视。"
