"""Chunking along the structure of official and legal texts, checked on the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.chunking import chunk_policy
from index.models import Chunk, Policy
from index.outline import Table, blocks, heading_of
from index.parsing import read_policy

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"


def sample_chunks(prefix: str, **options: int) -> list[Chunk]:
    return chunk_policy(read_policy(next(SAMPLES.glob(f"{prefix}_*.txt"))), **options)


def holding(chunks: list[Chunk], phrase: str) -> list[Chunk]:
    found = [chunk for chunk in chunks if phrase in chunk.text]
    assert found, f"no chunk holds {phrase!r}"
    return found


LAW = """---
id: law-gov-info
title: 中华人民共和国政府信息公开条例
---
第一章 总则
第一条 为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，制定本条例。
第二条 本条例所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息。
第四章 依申请公开
第三十六条 对政府信息公开申请，行政机关根据下列情况分别作出答复：
（一）所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径；
（二）所申请公开信息可以公开的，向申请人提供该政府信息；
第三十八条 行政机关向申请人提供的信息，应当是已制作或者获取的政府信息。\
除依照本条例第三十七条的规定能够作区分处理的外，\
需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供。
"""


@pytest.fixture
def law(tmp_path: Path) -> list[Chunk]:
    path = tmp_path / "law.md"
    path.write_text(LAW, encoding="utf-8")
    return chunk_policy(read_policy(path))


# --- laws --------------------------------------------------------------------------------------


def test_law_articles_are_labelled_under_their_chapter(law):
    assert [chunk.section for chunk in law] == ["第一条", "第二条", "第三十六条", "第三十八条"]
    assert law[0].heading_path == ["第一章 总则"]
    assert law[3].heading_path == ["第四章 依申请公开"]


def test_law_article_keeps_its_heading_with_its_body(law):
    article = law[3]
    assert article.text.startswith("第三十八条 行政机关向申请人提供的信息")
    assert article.text.endswith("行政机关可以不予提供。")


def test_items_inside_an_article_stay_in_it(law):
    article = law[2]
    assert article.section == "第三十六条"
    assert "（一）所申请公开信息已经主动公开的" in article.text
    assert "（二）所申请公开信息可以公开的" in article.text


def test_long_article_splits_with_overlap_and_keeps_its_label(law, tmp_path):
    path = tmp_path / "long.md"
    body = "".join(f"行政机关应当在{n}日内公开第{n}类政府信息，并接受社会监督。" for n in range(10, 30))
    path.write_text(f"第一章 总则\n第九条 {body}", encoding="utf-8")
    chunks = chunk_policy(read_policy(path), max_chars=100, overlap=40)
    assert len(chunks) > 3
    assert {chunk.section for chunk in chunks} == {"第九条"}
    assert all(len(chunk.text) <= 100 for chunk in chunks)
    for before, after in zip(chunks, chunks[1:], strict=False):
        shared = max(n for n in range(41) if before.text.endswith(after.text[:n]))
        assert shared >= 10  # each piece starts with the previous one's tail...
        assert before.text[-shared - 1] in "，。"  # ...from the start of a clause


def test_embed_text_puts_title_and_headings_first(law):
    assert law[0].embed_text == f"《中华人民共和国政府信息公开条例》 第一章 总则\n{law[0].text}"
    assert [chunk.ordinal for chunk in law] == [0, 1, 2, 3]
    assert {chunk.doc_id for chunk in law} == {"law-gov-info"}


# --- annual report 000 -------------------------------------------------------------------------


def test_report_passage_with_its_section_label():
    [chunk] = holding(sample_chunks("000"), "依法处理办结依申请公开信息311件")
    assert chunk.section == "一、"
    assert chunk.heading_path == ["一、总体情况"]
    assert chunk.embed_text.startswith("《奉化区人民政府2020年政府信息公开工作年度报告》 一、总体情况\n")


def test_report_yi_shi_er_shi_paragraphs_are_units_of_their_own():
    [chunk] = holding(sample_chunks("000"), "依法处理办结依申请公开信息311件")
    assert chunk.text.startswith("二是依申请公开情况")
    assert "一是主动公开情况" not in chunk.text and "三是" not in chunk.text


def test_report_yi_shi_er_shi_paragraphs_stay_in_their_section():
    chunks = sample_chunks("000")
    for phrase in ("一是主动公开情况", "三是政府信息管理情况", "五是监督保障情况"):
        assert {chunk.section for chunk in holding(chunks, phrase)} == {"一、"}


def test_report_statistics_table_is_grouped_into_readable_rows():
    chunks = sample_chunks("000")
    [table] = holding(chunks, "规章 | 0 | 0 | 0")
    assert "规范性文件 | 27 | 27 | 253" in table.text
    assert table.section == "六、"
    assert all(not chunk.text.strip().lstrip("-").isdigit() for chunk in chunks)


def test_report_table_row_labels_are_not_headings():
    chunks = sample_chunks("000")
    [row] = holding(chunks, "一、本年新收政府信息公开申请数量")
    assert row.section == "七、"


def test_every_chunk_of_a_structured_document_has_a_section():
    for prefix in ("000", "001", "002", "003", "004"):
        assert all(chunk.section for chunk in sample_chunks(prefix)), prefix


# --- work plans 002 and 004, task table 003 ----------------------------------------------------


def test_task_row_keeps_its_deadline_and_responsible_units():
    [task] = holding(sample_chunks("003"), "3.开展项目预算公开试点")
    assert "完成时限：12月底前" in task.text and "责任单位：区财政局" in task.text
    assert task.section == "一、（一）3."
    assert task.heading_path[0] == "一、围绕省市区党委政府中心工作，提升重点领域信息公开质量"


def test_task_table_gives_one_chunk_per_task():
    tasks = [chunk for chunk in sample_chunks("003") if "完成时限：" in chunk.text]
    assert len(tasks) == 55
    assert all(chunk.text.count("完成时限：") == 1 for chunk in tasks)


def test_work_plan_outline_labels_use_standard_brackets():
    chunks = sample_chunks("004")
    [item] = holding(chunks, "2.结合政府机构改革和职能优化")
    assert item.section == "一、（一）2."
    [half_width] = holding(chunks, "1.深入推进财政预决算信息公开")
    assert half_width.section == "一、（二）1."  # the source writes (二)
    # issue 9: the 版记 (抄送, 印发 line) is kept out of the indexed body
    assert not [chunk for chunk in chunks if "抄送：区委各部门" in chunk.text or chunk.section == "版记"]


def test_deduplicated_web_page_is_chunked_once():
    [last] = holding(sample_chunks("002"), "强化监督考核")
    assert last.section == "五、（三）"


def test_small_max_chars_still_respects_the_limit():
    chunks = sample_chunks("000", max_chars=120, overlap=20)
    assert all(len(chunk.text) <= 120 for chunk in chunks)
    assert all("依法处理办结" not in c.text or c.section == "一、" for c in chunks)


# --- edge cases and the outline reader ---------------------------------------------------------


def test_text_without_structure_has_no_sections():
    policy = Policy(id="p1", title="说明", text="这是一段说明。\n没有任何标题。")
    [chunk] = chunk_policy(policy)
    assert chunk.section == "" and chunk.heading_path == []


def test_overlap_must_be_below_max_chars():
    with pytest.raises(ValueError):
        chunk_policy(Policy(id="p1", title="t", text="正文"), max_chars=50, overlap=50)


@pytest.mark.parametrize("line, marker", [
    ("第三十八条 行政机关向申请人提供的信息", "第三十八条"),
    ("第一章 总则", "第一章"),
    ("(二)围绕重点领域", "（二）"),
    ("2．抓好重大建设项目", "2."),
    ("（1） 加强组织领导", "（1）"),
])
def test_headings_are_recognised(line, marker):
    heading = heading_of(line)
    assert heading is not None and heading.marker == marker


@pytest.mark.parametrize("line", ["第二十条第（一）项", "第三条规定的", "2.0平台上线", "一是主动公开情况"])
def test_references_and_prose_are_not_headings(line):
    assert heading_of(line) is None


def test_wrapped_table_cell_joins_its_row():
    [table] = list(blocks("\t信息内容\n\t本年新\n制作数量\n\t总数量\n\n\t规章\n\t0\n"))
    assert isinstance(table, Table)
    assert table.rows == [["信息内容", "本年新制作数量", "总数量"], ["规章", "0"]]


def test_task_table_columns_follow_its_header():
    text = (
        "一、总则\n\t任务内容\n\t责任单位\n\t完成时限\n\t备注\n\n"
        "\t1.做好公开\n\t区府办\n\t\n\t无\n\n\t（二）小标题\n\t2.第二项任务\n\t区财政局\n\t全年\n\t\n"
    )
    chunks = chunk_policy(Policy(id="p1", title="任务分解", text=text))
    assert [(c.section, c.text) for c in chunks] == [
        ("一、1.", "1.做好公开 责任单位：区府办 备注：无"),
        ("一、（二）2.", "2.第二项任务 责任单位：区财政局 完成时限：全年"),
    ]
