"""What a question asks for, what a passage holds, and the entities a question names."""

from __future__ import annotations

import pytest

from service.qa.slots import (
    AMOUNT,
    CONDITIONS,
    COUNT,
    DURATION,
    FIGURE,
    OTHER,
    PLACE,
    RATE,
    RULE,
    asked_slot,
    asked_subject,
    asked_unit,
    entities,
    filler,
    filler_weight,
)


@pytest.mark.parametrize(("question", "slot"), [
    ("奉化区2020年依申请公开办结了多少件", COUNT),
    ("申请身份证以后多久能拿到", DURATION),
    ("宁波市失业保险金每个月能领多少钱", AMOUNT),
    ("小规模纳税人增值税现在征收率是多少", RATE),
    ("法律援助被拒绝了，对决定不服去哪里提", PLACE),
    ("开个人独资企业需要什么条件", CONDITIONS),
    ("公司能以经营困难为由缓交社保吗", RULE),
    ("有限责任公司最多能有几个股东", COUNT),
    ("小区想换物业公司，需要多少业主同意", FIGURE),
    ("寿险受益人有好几个，没写份额怎么分", OTHER),  # 好几个 = several: says a number, asks none
    ("他去世了，我们几个子女都不想接手，企业怎么办", PLACE),  # 我们几个 = the few of us, not a question
    ("我们几个人合伙开店，利润按什么比例分", RATE),
    ("我爸生活不能自理，几个子女都说没空照顾，法律怎么要求", CONDITIONS),  # 几个子女都… = the several children all…
    ("公司要给我们交几个险种", COUNT),
])
def test_the_asked_slot(question: str, slot: str) -> None:
    assert asked_slot(question) == slot


@pytest.mark.parametrize(("question", "unit"), [
    ("奉化区2020年依申请公开办结了多少件", "件"),
    ("有限责任公司最多能有几个股东", ""),
    ("一年最多能评几次", "次"),
    ("好几家代理商投的都是同一个品牌的产品，怎么算", ""),  # 好几家 says a number, asks no count of 家
    ("我们几个人合伙开店，要交几次税", "次"),
    ("几家分公司都没交社保，一共要罚几次", "次"),
])
def test_the_asked_unit(question: str, unit: str) -> None:
    assert asked_unit(question) == unit


def test_a_filler_is_text_of_the_asked_kind() -> None:
    text = "依申请公开信息311件，办结率100%，平均用时5个工作日。"
    assert filler(COUNT, text) == "311件"
    assert filler(RATE, text) == "%"
    assert filler(DURATION, text) == "5个工作日"
    assert filler(AMOUNT, "最低工资的具体标准由省、自治区、直辖市人民政府规定") == ""
    assert filler(AMOUNT, "每满一年支付一个月工资的标准") == "一个月工资"


def test_a_time_limit_without_a_number_fills_the_slot_half() -> None:
    assert filler_weight(DURATION, "应当自用工之日起一个月内订立书面劳动合同。") == 1.0
    assert filler_weight(DURATION, "劳动关系自用工之日起建立。") == 0.5
    assert filler_weight(DURATION, "应当及时处理。") == 0.5
    assert filler_weight(COUNT, "全年共受理依申请公开93件。") == 1.0
    assert filler_weight(DURATION, "用人单位应当订立书面劳动合同。") == 0.0
    assert filler_weight(RULE, "不得超过六个月。") == 0.0  # a yes/no question has no filler to prefer


def test_places_years_and_titles_named_by_a_question() -> None:
    named = entities("宁波市鄞州区2023年《政务公开工作要点》有哪些")
    assert named.places == ("宁波", "鄞州") and named.years == ("2023",) and named.titles == ("政务公开工作要点",)
    assert entities("试用期最长多久") == entities("试用期最长几个月")


@pytest.mark.parametrize(("question", "subject"), [
    ("税小蜜回答准确率有多高", "准确率"),
    ("寿险受益人有好几个，没写份额怎么分", "份额"),
    ("单位一周至少要让员工休息几天", "休息"),
    ("公司能以经营困难为由缓交社保吗", ""),
    # a copula between the subject and the asking phrase is not the subject, and a one-character word the
    # tokenizer splits off joins the word before it
    ("政府采购中标结果公告的公告期是几个工作日", "公告期"),
    ("公示期为几天", "公示期"),
    ("年假有几天", "年假"),
])
def test_the_word_whose_value_is_asked(question: str, subject: str) -> None:
    assert asked_subject(question) == subject
